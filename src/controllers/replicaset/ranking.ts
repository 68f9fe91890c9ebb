// Which pods a ReplicaSet deletes first when it has too many (upstream's getPodsToDelete with
// controller.ActivePodsWithRanks at v1.25, PodDeletionCost and LogarithmicScaleDown both on): the
// pods that cost least to lose go first.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodActive, isPodReady, podCondition } from '../common/pods.js';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

interface Ranked<P extends Pod = Pod> {
  pod: P;
  /** Active pods of the same owner family on this pod's node: more means more doubled up. */
  rank: number;
}

/**
 * The `diff` pods to delete from `pods`. `related` are the pods of every ReplicaSet under the same
 * controller (a Deployment's old and new sets), so pods doubled up on a node with siblings go first.
 */
export function podsToDelete<P extends Pod>(pods: P[], related: Pod[], diff: number, now: Date): P[] {
  if (diff >= pods.length) return pods.slice(0, diff);
  const onNode = new Map<string, number>();
  for (const p of related) if (isPodActive(p)) onNode.set(p.spec?.nodeName ?? '', (onNode.get(p.spec?.nodeName ?? '') ?? 0) + 1);
  const ranked: Ranked<P>[] = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => compareForDeletion(a, b, now));
  return ranked.slice(0, diff).map((r) => r.pod);
}

/** Negative when `a` should be deleted before `b` (ActivePodsWithRanks.Less). */
export function compareForDeletion(a: Ranked, b: Ranked, now: Date): number {
  const pa = a.pod;
  const pb = b.pod;
  // 1. Unassigned before assigned.
  const na = pa.spec?.nodeName ?? '';
  const nb = pb.spec?.nodeName ?? '';
  if (na !== nb && (!na || !nb)) return na ? 1 : -1;
  // 2. Pending before Unknown before Running (other phases rank with Pending, as a missing map entry is 0).
  const oa = PHASE_ORDER[pa.status?.phase ?? ''] ?? 0;
  const ob = PHASE_ORDER[pb.status?.phase ?? ''] ?? 0;
  if (oa !== ob) return oa - ob;
  // 3. Not ready before ready.
  const ra = isPodReady(pa);
  const rb = isPodReady(pb);
  if (ra !== rb) return ra ? 1 : -1;
  // 4. Lower pod-deletion-cost first.
  const ca = deletionCost(pa);
  const cb = deletionCost(pb);
  if (ca !== cb) return ca - cb;
  // 5. More doubled up first.
  if (a.rank !== b.rank) return b.rank - a.rank;
  // 6. Ready for less time first, compared on a log2 scale so pods of similar age tie.
  if (ra && rb) {
    const ta = readySince(pa);
    const tb = readySince(pb);
    if (ta !== tb) {
      const c = compareTimes(ta, tb, now);
      if (c !== 0) return c;
      return uidOrder(pa, pb);
    }
  }
  // 7. More container restarts first.
  const sa = maxRestarts(pa);
  const sb = maxRestarts(pb);
  if (sa !== sb) return sb - sa;
  // 8. Newer first, again on a log2 scale.
  const ka = timeOf(pa.metadata?.creationTimestamp);
  const kb = timeOf(pb.metadata?.creationTimestamp);
  if (ka !== kb) {
    const c = compareTimes(ka, kb, now);
    if (c !== 0) return c;
    return uidOrder(pa, pb);
  }
  return 0;
}

/** Later (or unknown, 0) first; with both known, by the bucket floor(log2(age in ns)), younger first. */
function compareTimes(ta: number, tb: number, now: Date): number {
  if (!ta || !tb) return ta ? 1 : -1; // afterOrZero: the zero time sorts first
  const diff = logBucket(now.getTime() - ta) - logBucket(now.getTime() - tb);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

function logBucket(ageMs: number): number {
  const ns = ageMs * 1e6;
  return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
}

function uidOrder(a: Pod, b: Pod): number {
  const ua = a.metadata?.uid ?? '';
  const ub = b.metadata?.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

const timeOf = (t: string | undefined) => (t ? Date.parse(t) || 0 : 0);

function readySince(pod: Pod): number {
  return timeOf(podCondition(pod, 'Ready')?.lastTransitionTime);
}

function maxRestarts(pod: Pod): number {
  let max = 0;
  for (const s of pod.status?.containerStatuses ?? []) max = Math.max(max, s.restartCount ?? 0);
  return max;
}

/** The annotation as an int32; anything unparsable counts as 0, as upstream ignores the error. */
function deletionCost(pod: Pod): number {
  const v = pod.metadata?.annotations?.[DELETION_COST];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}
