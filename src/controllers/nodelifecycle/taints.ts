// Taints and tolerations as the node lifecycle controller and the taint manager use them
// (pkg/util/taints, v1helper.GetMatchingTolerations, controller.SwapNodeControllerTaint).
import type { Node, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import { isConflict, type ResourceClient } from '../../client/rest.js';
import { rfc3339 } from '../common/pods.js';

export type NodeObject = Node & KObject;

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };
export const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };

/** Which condition status is tainted with which key (nodeConditionToTaintKeyStatusMap). */
export const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
/** Keys of the taints the controller owns (taintKeyToNodeConditionMap). */
export const CONDITION_TAINT_KEYS = new Set(Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)));

/** Taints are the same taint when key and effect match (value and timeAdded aside). */
export const sameTaint = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
export const taintExists = (taints: Taint[] | undefined, t: Taint) => (taints ?? []).some((x) => sameTaint(x, t));

/** ToleratesTaint: effect (empty tolerates all), key (empty with Exists tolerates all), then operator. */
export function toleratesTaint(tol: Toleration, taint: Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) return false;
  if (tol.key && tol.key !== taint.key) return false;
  switch (tol.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
      return (tol.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

/** GetMatchingTolerations: whether every taint is tolerated, and the tolerations used (one per taint). */
export function matchingTolerations(taints: Taint[], tolerations: Toleration[]): { all: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const tol = tolerations.find((t) => toleratesTaint(t, taint));
    if (!tol) return { all: false, used: [] };
    used.push(tol);
  }
  return { all: true, used };
}

/**
 * getMinTolerationTime in ms: 0 with no tolerations or any non-positive tolerationSeconds, the
 * smallest tolerationSeconds otherwise, and -1 (forever) when none sets it.
 */
export function minTolerationMs(used: Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}

/**
 * SwapNodeControllerTaint: add `add` (stamped with timeAdded) and remove `remove` from the node's
 * taints, as one patch guarded by the node's resourceVersion, re-reading the node on conflict.
 * Returns whether the node now has the wanted taints.
 */
export async function swapNodeTaints(nodes: ResourceClient<NodeObject>, node: NodeObject, add: Taint[], remove: Taint[], now: Date): Promise<boolean> {
  let cur = node;
  for (let attempt = 0; attempt < 5; attempt++) {
    const have = cur.spec?.taints ?? [];
    let next = have.filter((t) => !remove.some((r) => sameTaint(r, t)));
    for (const t of add) {
      next = next.filter((x) => !sameTaint(x, t));
      next.push({ ...t, timeAdded: rfc3339(now) });
    }
    const unchanged = next.length === have.length && add.every((t) => taintExists(have, t)) && !remove.some((r) => taintExists(have, r));
    if (unchanged) return true;
    try {
      await nodes.patch(cur.metadata.name!, { metadata: { resourceVersion: cur.metadata.resourceVersion }, spec: { taints: next } }, { type: 'merge' });
      return true;
    } catch (err) {
      if (!isConflict(err)) throw err;
      cur = await nodes.get(cur.metadata.name!);
    }
  }
  return false;
}
