// The DaemonSet controller's pod writes (syncNodes with controller.RealPodControl): pods are made from
// the template with the daemon tolerations, the revision hash label and a required node affinity
// naming their node (the default scheduler binds them); creations go in slow-start batches (1, 2,
// 4, …) that stop at the first failing batch; each write is expected before the next sync acts, and
// recorded as an event with upstream's reasons and texts.
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import type { EventRecorder } from '../../client/events.js';
import { isNotFound, type ResourceClient } from '../../client/rest.js';
import { StatusError } from '../../machinery/errors.js';
import { controllerRef, generateNamePrefix, podFromTemplate } from '../common/pods.js';
import { POD_REVISION_LABEL } from '../common/revisions.js';
import type { Expectations } from './expectations.js';
import { addDaemonPodTolerations, pinToNode, type DS } from './predicates.js';

export type PodObj = Pod & KObject;

/** kube-controller-manager's BurstReplicas for daemon sets: at most this many creations or deletions a sync. */
const BURST_REPLICAS = 250;
const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';
const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** CreatePodTemplate: the template plus daemon tolerations, the hash label and the deprecated generation label. */
export function daemonPodTemplate(ds: DS, hash: string): PodTemplateSpec {
  const t = structuredClone(ds.spec?.template ?? {});
  t.spec ??= { containers: [] };
  addDaemonPodTolerations(t.spec);
  const labels = { ...(t.metadata?.labels ?? {}) };
  const generation = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  if (generation !== undefined && /^-?\d+$/.test(generation)) labels[TEMPLATE_GENERATION_LABEL] = generation;
  if (hash) labels[POD_REVISION_LABEL] = hash;
  t.metadata = { ...t.metadata, labels };
  return t;
}

export class DaemonPodControl {
  constructor(
    private readonly pods: ResourceClient<PodObj>,
    private readonly recorder: EventRecorder,
    private readonly expectations: Expectations,
  ) {}

  /** syncNodes: delete `toDelete` (pod names) and create a pod for each of `nodes`, within the burst limit. */
  async sync(key: string, ds: DS, toDelete: string[], nodes: string[], hash: string): Promise<void> {
    const creates = nodes.slice(0, BURST_REPLICAS);
    const deletes = toDelete.slice(0, BURST_REPLICAS);
    this.expectations.set(key, creates.length, deletes.length);
    const errors: unknown[] = [];
    const template = daemonPodTemplate(ds, hash);
    const ref = controllerRef(ds, 'apps/v1', 'DaemonSet');
    const namespace = ds.metadata.namespace!;

    for (let pos = 0, batch = Math.min(1, creates.length); pos < creates.length; pos += batch, batch = Math.min(2 * batch, creates.length - pos)) {
      const results = await Promise.all(
        creates.slice(pos, pos + batch).map(async (node) => {
          const pod = podFromTemplate(template, namespace, generateNamePrefix(ds.metadata.name!), ref) as PodObj;
          pinToNode(pod.spec!, node);
          try {
            const created = await this.pods.create(pod, { namespace });
            void this.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
            return true;
          } catch (err) {
            this.expectations.creationObserved(key);
            // A namespace being torn down refuses every creation; that is not worth reporting.
            if (isNamespaceTerminating(err)) return true;
            void this.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${message(err)}`);
            errors.push(err);
            return false;
          }
        }),
      );
      if (results.includes(false)) {
        const skipped = creates.length - (pos + batch);
        if (skipped > 0) this.expectations.lower(key, skipped, 0);
        break;
      }
    }

    await Promise.all(
      deletes.map(async (name) => {
        try {
          await this.pods.delete(name, { namespace });
          void this.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
        } catch (err) {
          this.expectations.deletionObserved(key);
          if (isNotFound(err)) return;
          void this.recorder.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${message(err)}`);
          errors.push(err);
        }
      }),
    );
    if (errors.length) throw errors.length === 1 ? errors[0] : new Error(errors.map(message).join(', '));
  }
}

function isNamespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError && !!err.status.details?.causes?.some((c) => c.reason === 'NamespaceTerminating');
}
