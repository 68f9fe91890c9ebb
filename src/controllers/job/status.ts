// Pure pieces of the Job controller's sync: counting finished pods in both tracking modes, the
// failure limits, conditions, and which active pods to remove first.
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodReady, podCondition, rfc3339 } from '../common/pods.js';
import { isIndexedJob, validIndex } from './indexed.js';

/** Pod finalizer, and Job annotation, of tracking with finalizers (batch/v1 JobTrackingFinalizer). */
export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';

export const hasTrackingFinalizer = (pod: Pod) => !!pod.metadata?.finalizers?.includes(TRACKING_FINALIZER);

/**
 * JobTrackingWithFinalizers is beta and on in v1.25, and applies to Jobs that carry the annotation
 * (the API server adds it on create); other Jobs are tracked the legacy way, by counting pods.
 */
export const tracksWithFinalizers = (job: Job) => job.metadata?.annotations?.[TRACKING_FINALIZER] !== undefined;

/** Uncounted pod UIDs (status.uncountedTerminatedPods) as sets. */
export interface Uncounted {
  succeeded: Set<string>;
  failed: Set<string>;
}

/**
 * A failed pod. With finalizers, a pod being deleted before it succeeded counts as failed too:
 * an orphaned or evicted pod never gets the chance to reach the Failed phase.
 */
export function isPodFailed(pod: Pod, withFinalizers: boolean): boolean {
  if (pod.status?.phase === 'Failed') return true;
  return withFinalizers && !!pod.metadata?.deletionTimestamp && pod.status?.phase !== 'Succeeded';
}

/**
 * Succeeded and failed counts (getStatus). Legacy: every finished pod that exists. With finalizers:
 * the counters in status, plus the uncounted UIDs, plus finished pods still holding the finalizer
 * (not yet counted, not being uncounted, not already released by us).
 */
export function countFinished(job: Job, pods: Pod[], uncounted: Uncounted | undefined, releasing: Set<string>): { succeeded: number; failed: number } {
  const withFinalizers = uncounted !== undefined;
  let succeeded = withFinalizers ? (job.status?.succeeded ?? 0) + uncounted.succeeded.size : 0;
  let failed = withFinalizers ? (job.status?.failed ?? 0) + uncounted.failed.size : 0;
  for (const p of pods) {
    const uid = p.metadata!.uid!;
    if (withFinalizers && (!hasTrackingFinalizer(p) || uncounted.succeeded.has(uid) || uncounted.failed.has(uid) || releasing.has(uid))) continue;
    if (isIndexedJob(job) && !validIndex(job, p)) continue;
    if (p.status?.phase === 'Succeeded') succeeded++;
    else if (isPodFailed(p, withFinalizers)) failed++;
  }
  return { succeeded, failed };
}

/** For restartPolicy OnFailure: container restarts of running and pending pods reached backoffLimit. */
export function pastBackoffLimitOnFailure(job: Job, pods: Pod[]): boolean {
  if (job.spec?.template.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const s of [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])]) restarts += s.restartCount ?? 0;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

export const isSuspended = (job: Job) => job.spec?.suspend === true;

/** Milliseconds left before activeDeadlineSeconds runs out, or undefined when it does not apply. */
export function deadlineLeft(job: Job, now: Date): number | undefined {
  const ads = job.spec?.activeDeadlineSeconds;
  const start = job.status?.startTime;
  if (ads === undefined || ads === null || !start || isSuspended(job)) return undefined;
  return Date.parse(start) + ads * 1000 - now.getTime();
}

export function newCondition(type: string, status: 'True' | 'False', reason: string, message: string, now: Date): JobCondition {
  const t = rfc3339(now);
  return { type, status, lastProbeTime: t, lastTransitionTime: t, reason, message };
}

/**
 * ensureJobConditionStatus: set the condition when its status, reason or message differ; a missing
 * condition is not added as False. Returns whether the list changed.
 */
export function ensureCondition(job: Job, c: JobCondition): boolean {
  const status = (job.status ??= {});
  const list = (status.conditions ??= []);
  const i = list.findIndex((x) => x.type === c.type);
  if (i >= 0) {
    const cur = list[i]!;
    if (cur.status === c.status && (cur.reason ?? '') === (c.reason ?? '') && (cur.message ?? '') === (c.message ?? '')) return false;
    list[i] = c;
    return true;
  }
  if (c.status === 'False') return false;
  list.push(c);
  return true;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const restarts = (p: Pod) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
const time = (t: string | undefined) => (t ? Date.parse(t) : NaN);

/**
 * controller.ActivePods order, the pods to remove first: unscheduled before scheduled, pending
 * before running, not ready before ready, ready for less time first, more restarts first, newer first.
 */
export function removalOrder(a: Pod, b: Pod): number {
  const an = a.spec?.nodeName ?? '';
  const bn = b.spec?.nodeName ?? '';
  if (an !== bn && (an === '' || bn === '')) return an === '' ? -1 : 1;
  const ap = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0;
  const bp = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
  if (ap !== bp) return ap - bp;
  const ar = isPodReady(a);
  const br = isPodReady(b);
  if (ar !== br) return ar ? 1 : -1;
  if (ar && br) {
    const at = time(podCondition(a, 'Ready')?.lastTransitionTime);
    const bt = time(podCondition(b, 'Ready')?.lastTransitionTime);
    if (at !== bt && !Number.isNaN(at) && !Number.isNaN(bt)) return bt - at;
  }
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const ac = time(a.metadata?.creationTimestamp);
  const bc = time(b.metadata?.creationTimestamp);
  if (ac !== bc) {
    if (Number.isNaN(ac)) return -1;
    if (Number.isNaN(bc)) return 1;
    return bc - ac;
  }
  return 0;
}
