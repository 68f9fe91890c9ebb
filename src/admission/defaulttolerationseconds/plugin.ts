// DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds, on by default in v1.25):
// a pod that does not already tolerate the node controller's NoExecute taints for not-ready and
// unreachable nodes gets tolerations for them with tolerationSeconds 300, so its pods are evicted
// five minutes after their node fails rather than at once (the taint manager honours the seconds).
import type { Pod, Toleration } from 'kubernetes-types/core/v1.js';
import type { PluginFactory } from '../plugin.js';

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';

/** Upstream's --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds. */
export interface DefaultTolerationSecondsOptions {
  notReadySeconds?: number;
  unreachableSeconds?: number;
}

/** Whether some toleration covers `key`'s NoExecute taint: same or empty key, NoExecute or empty effect (as upstream checks). */
function covers(tolerations: Toleration[], key: string): boolean {
  return tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
}

export function defaultTolerationSecondsWith(opts: DefaultTolerationSecondsOptions = {}): PluginFactory {
  const notReady = opts.notReadySeconds ?? 300;
  const unreachable = opts.unreachableSeconds ?? 300;
  return () => ({
    name: 'DefaultTolerationSeconds',
    async admit(a) {
      if (a.group !== '' || a.resource !== 'pods' || a.subresource) return;
      if (a.operation !== 'CREATE' && a.operation !== 'UPDATE') return;
      const pod = a.object as Pod | undefined;
      if (!pod) return;
      const spec = ((pod as { spec?: Pod['spec'] }).spec ??= { containers: [] });
      const tolerations = [...(spec.tolerations ?? [])];
      if (!covers(tolerations, TAINT_NODE_NOT_READY)) tolerations.push({ key: TAINT_NODE_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: notReady });
      if (!covers(tolerations, TAINT_NODE_UNREACHABLE)) tolerations.push({ key: TAINT_NODE_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: unreachable });
      if (tolerations.length !== (spec.tolerations?.length ?? 0)) (spec as { tolerations?: Toleration[] }).tolerations = tolerations;
    },
  });
}

export const defaultTolerationSeconds: PluginFactory = defaultTolerationSecondsWith();
