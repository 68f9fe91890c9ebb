// Writes the node lifecycle controller makes besides node status (pkg/controller/util/node and the
// controller's node-update worker): pods of a failed node marked not ready, NoSchedule taints kept
// in step with node conditions, and the beta OS/arch labels kept in step with the stable ones.
import type { Taint } from 'kubernetes-types/core/v1.js';
import type { EventRecorder } from '../../client/events.js';
import { isNotFound, type ResourceClient } from '../../client/rest.js';
import { rfc3339 } from '../common/pods.js';
import type { PodObject } from './taintmanager.js';
import { CONDITION_TAINT_KEYS, CONDITION_TAINTS, sameTaint, swapNodeTaints, TAINT_UNSCHEDULABLE, type NodeObject } from './taints.js';

/**
 * MarkPodsNotReady: each pod on the node whose Ready condition is not already False gets it set to
 * False (a status write), then a Warning NodeNotReady event. Errors are collected and thrown after.
 */
export async function markPodsNotReady(pods: ResourceClient<PodObject>, events: EventRecorder, list: PodObject[], nodeName: string, now: Date): Promise<void> {
  const errors: string[] = [];
  for (const pod of list) {
    if (pod.spec?.nodeName !== nodeName) continue;
    const conditions = pod.status?.conditions ?? [];
    const i = conditions.findIndex((c) => c.type === 'Ready');
    if (i < 0 || conditions[i]!.status === 'False') continue;
    const next = conditions.map((c, j) => (j === i ? { ...c, status: 'False', lastTransitionTime: rfc3339(now) } : c));
    try {
      await pods.update({ ...pod, status: { ...pod.status, conditions: next } }, { subresource: 'status' });
    } catch (err) {
      if (isNotFound(err)) continue;
      errors.push(`${pod.metadata.namespace}/${pod.metadata.name}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    void events.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
  }
  if (errors.length) throw new Error(errors.join('; '));
}

/**
 * doNoScheduleTaintingPass: the NoSchedule taints the node's conditions call for (Ready False →
 * not-ready, Unknown → unreachable, pressure conditions True → theirs, unschedulable → its own),
 * added or removed to match; other taints are not touched.
 */
export async function noScheduleTaintingPass(nodes: ResourceClient<NodeObject>, node: NodeObject, now: Date): Promise<void> {
  const want: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) want.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) want.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  const have = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
  const add = want.filter((w) => !have.some((h) => sameTaint(h, w)));
  const remove = have.filter((h) => !want.some((w) => sameTaint(h, w)));
  if (!add.length && !remove.length) return;
  if (!(await swapNodeTaints(nodes, node, add, remove, now))) throw new Error(`failed to swap taints of node ${node.metadata.name}`);
}

/** labelReconcileInfo: the beta label follows the stable one, and is added when missing. */
const LABEL_PAIRS: [stable: string, beta: string][] = [
  ['kubernetes.io/os', 'beta.kubernetes.io/os'],
  ['kubernetes.io/arch', 'beta.kubernetes.io/arch'],
];

export async function reconcileNodeLabels(nodes: ResourceClient<NodeObject>, node: NodeObject): Promise<void> {
  const labels = (node.metadata.labels ?? {}) as Record<string, string>;
  const patch: Record<string, string> = {};
  for (const [stable, beta] of LABEL_PAIRS) {
    const v = labels[stable];
    if (v !== undefined && labels[beta] !== v) patch[beta] = v;
  }
  if (!Object.keys(patch).length) return;
  await nodes.patch(node.metadata.name!, { metadata: { labels: patch } }, { type: 'merge' });
}
