// Where a DaemonSet's pod belongs (NodeShouldRunDaemonPod, v1.25): the template's nodeName if set,
// its nodeSelector and required node affinity, and the node's NoSchedule/NoExecute taints against
// the pod's tolerations plus the ones every daemon pod gets (AddOrUpdateDaemonPodTolerations).
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, PodSpec, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';

export type DS = DaemonSet & KObject;
export type NodeObj = Node & KObject;

/** The tolerations the controller adds so node problems neither evict nor block daemon pods. */
export function addDaemonPodTolerations(spec: PodSpec): void {
  const add: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork) add.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  for (const t of add) addOrUpdateToleration(spec, t);
}

/** AddOrUpdateTolerationInPodSpec: replace one with the same key, operator, value and effect, else append. */
function addOrUpdateToleration(spec: PodSpec, t: Toleration): void {
  const list = [...(spec.tolerations ?? [])];
  const same = (o: Toleration) => (o.key ?? '') === (t.key ?? '') && (o.operator ?? '') === (t.operator ?? '') && (o.value ?? '') === (t.value ?? '') && (o.effect ?? '') === (t.effect ?? '');
  const i = list.findIndex(same);
  if (i >= 0) list[i] = t;
  else list.push(t);
  spec.tolerations = list;
}

/** Toleration.ToleratesTaint: an empty effect or key matches any; an empty operator means Equal. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator || 'Equal';
  if (op === 'Exists') return true;
  return op === 'Equal' && (t.value ?? '') === (taint.value ?? '');
}

function untolerated(taints: Taint[], tolerations: Toleration[], effects: string[]): Taint | undefined {
  return taints.find((taint) => effects.includes(taint.effect) && !tolerations.some((t) => tolerates(t, taint)));
}

function matchesRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const has = value !== undefined;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(value!);
    case 'NotIn':
      return !has || !values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1 || !/^-?\d+$/.test(value!) || !/^-?\d+$/.test(values[0]!)) return false;
      const [n, bound] = [Number(value), Number(values[0])];
      return r.operator === 'Gt' ? n > bound : n < bound;
    }
    default:
      return false;
  }
}

/** A node selector term: every expression on labels and every field (only metadata.name) must match; an empty term matches nothing. */
function matchesTerm(term: NodeSelectorTerm, node: NodeObj): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  const labels = (node.metadata.labels ?? {}) as Record<string, string>;
  if (!exprs.every((r) => matchesRequirement(r, labels[r.key]))) return false;
  return fields.every((r) => r.key === 'metadata.name' && matchesRequirement(r, node.metadata.name));
}

/** GetRequiredNodeAffinity(pod).Match: nodeSelector labels and, if present, one of the required terms. */
export function matchesNodeAffinity(pod: Pick<Pod, 'spec'>, node: NodeObj): boolean {
  const labels = (node.metadata.labels ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((t) => matchesTerm(t, node));
}

/**
 * NodeShouldRunDaemonPod: `shouldRun` — a new pod belongs on the node; `shouldContinueRunning` — a
 * pod already there may stay (a NoSchedule taint it does not tolerate keeps new pods away, but only
 * an untolerated NoExecute taint removes a running one).
 */
export function nodeShouldRunDaemonPod(node: NodeObj, ds: DS): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const spec = structuredClone(ds.spec?.template?.spec ?? { containers: [] });
  addDaemonPodTolerations(spec);
  const nodeName = spec.nodeName;
  if (nodeName && nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!matchesNodeAffinity({ spec }, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  const tolerations = spec.tolerations ?? [];
  if (untolerated(taints, tolerations, ['NoExecute', 'NoSchedule'])) {
    return { shouldRun: false, shouldContinueRunning: !untolerated(taints, tolerations, ['NoExecute']) };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes "metadata.name in [node]". */
export function pinToNode(spec: PodSpec, node: string): void {
  const terms: NodeSelectorTerm[] = [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }];
  const affinity = (spec.affinity ??= {});
  const nodeAffinity = (affinity.nodeAffinity ??= {});
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { ...nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution, nodeSelectorTerms: terms };
}

/** GetTargetNodeName: spec.nodeName once bound, else the node named in the pod's required affinity. */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In') return f.values?.length === 1 ? f.values[0] : undefined;
    }
  }
  return undefined;
}
