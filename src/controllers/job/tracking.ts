// Tracking with finalizers (trackJobStatusAndRemoveFinalizers): every pod of the Job carries the
// tracking finalizer until it has been counted. A finished (or terminating) pod is first written to
// status.uncountedTerminatedPods, then its finalizer is removed, then it moves from the uncounted
// lists into the succeeded/failed counters. Pods may thus be deleted at any time without the Job
// losing count of them, and the Job finishes only once nothing is left uncounted.
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { FinalizerExpectations } from './expectations.js';
import { completionIndex, Intervals, isIndexedJob, validIndex } from './indexed.js';
import { hasTrackingFinalizer, type Uncounted } from './status.js';

/** Upper bound on uncounted UIDs per sync, keeping status near 20 KB (MaxUncountedPods). */
const MAX_UNCOUNTED_PODS = 500;

export interface TrackingPorts {
  key: string;
  updateStatus(job: Job): Promise<Job>;
  removeFinalizer(pod: Pod): Promise<void>;
  finalizers: FinalizerExpectations;
  /** Adds the finished condition and records its events; false while pods are still uncounted. */
  enactFinished(job: Job, cond: JobCondition | undefined): boolean;
}

export async function trackStatusAndRemoveFinalizers(
  ports: TrackingPorts,
  job: Job,
  pods: Pod[],
  prevSucceeded: Intervals,
  uncounted: Uncounted,
  releasing: Set<string>,
  finishedCond: JobCondition | undefined,
  needsFlush: boolean,
): Promise<Job> {
  const indexed = isIndexedJob(job);
  const status = (job.status ??= {});
  const lists = (status.uncountedTerminatedPods ??= {});
  lists.succeeded ??= [];
  lists.failed ??= [];
  if (indexed) pods = [...pods].sort((a, b) => completionIndex(a) - completionIndex(b));
  const withFinalizer = new Set(pods.filter((p) => hasTrackingFinalizer(p) && !releasing.has(p.metadata!.uid!)).map((p) => p.metadata!.uid!));
  if (countReleased(job, withFinalizer)) needsFlush = true;

  const toRelease: Pod[] = [];
  const newIndexes: number[] = [];
  for (const pod of pods) {
    const uid = pod.metadata!.uid!;
    if (!hasTrackingFinalizer(pod) || releasing.has(uid)) continue;
    const phase = pod.status?.phase;
    // Active pods are deleted when the Job fails: they count as failures too.
    const terminating = !!pod.metadata!.deletionTimestamp || finishedCond !== undefined;
    if (phase === 'Succeeded' || phase === 'Failed' || terminating || job.metadata!.deletionTimestamp) toRelease.push(pod);
    if (phase === 'Succeeded') {
      if (indexed) {
        // The index is enough to avoid counting a success twice.
        const ix = completionIndex(pod);
        if (validIndex(job, pod) && !prevSucceeded.has(ix)) {
          newIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!uncounted.succeeded.has(uid)) {
        lists.succeeded.push(uid);
        needsFlush = true;
      }
    } else if (phase === 'Failed' || terminating) {
      if (!uncounted.failed.has(uid) && (!indexed || validIndex(job, pod))) {
        lists.failed.push(uid);
        needsFlush = true;
      }
    }
    if (newIndexes.length + lists.succeeded.length + lists.failed.length >= MAX_UNCOUNTED_PODS) break;
  }
  if (newIndexes.length > 0) {
    const all = prevSucceeded.with([...newIndexes].sort((a, b) => a - b));
    status.succeeded = all.total();
    status.completedIndexes = all.toString();
  }

  // Flush the new uncounted UIDs before releasing the pods: once released they could vanish.
  if (needsFlush) {
    job = await ports.updateStatus(job);
    needsFlush = false;
  }
  let releaseError: unknown;
  if (toRelease.length > 0) {
    ports.finalizers.expectRemoved(ports.key, toRelease.map((p) => p.metadata!.uid!));
    const results = await Promise.allSettled(toRelease.map((p) => ports.removeFinalizer(p)));
    results.forEach((r, i) => {
      const uid = toRelease[i]!.metadata!.uid!;
      if (r.status === 'fulfilled') withFinalizer.delete(uid);
      else {
        ports.finalizers.observed(ports.key, uid);
        releaseError ??= r.reason;
      }
    });
  }
  if (countReleased(job, withFinalizer)) needsFlush = true;
  if (releaseError !== undefined) {
    // Keep what was counted, then let the sync be retried.
    if (needsFlush) await ports.updateStatus(job);
    throw releaseError;
  }
  if (ports.enactFinished(job, finishedCond)) needsFlush = true;
  if (needsFlush) job = await ports.updateStatus(job);
  return job;
}

/**
 * cleanUncountedPodsWithoutFinalizers: uncounted UIDs whose pods no longer hold the finalizer have
 * been released, so they move into the counters. Returns whether the status changed.
 */
function countReleased(job: Job, withFinalizer: Set<string>): boolean {
  const status = job.status!;
  const lists = status.uncountedTerminatedPods!;
  let changed = false;
  const keepS = (lists.succeeded ?? []).filter((u) => withFinalizer.has(u));
  if (keepS.length !== (lists.succeeded ?? []).length) {
    status.succeeded = (status.succeeded ?? 0) + (lists.succeeded!.length - keepS.length);
    lists.succeeded = keepS;
    changed = true;
  }
  const keepF = (lists.failed ?? []).filter((u) => withFinalizer.has(u));
  if (keepF.length !== (lists.failed ?? []).length) {
    status.failed = (status.failed ?? 0) + (lists.failed!.length - keepF.length);
    lists.failed = keepF;
    changed = true;
  }
  return changed;
}
