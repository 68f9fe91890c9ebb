// manageJob: the Job controller's pod creations and deletions toward the wanted number of active
// pods — slow-start batches of creations, Indexed Jobs' pending indexes, the failure back-off,
// surplus and suspended pods removed least-advanced first — with expectations kept so that a
// lagging cache never makes a sync create or delete twice.
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import type { Clock } from '../../client/clock.js';
import { objectKey } from '../../client/informer.js';
import type { Logger } from '../../machinery/log.js';
import { generateNamePrefix } from '../common/pods.js';
import type { BackoffStore } from './backoff.js';
import type { Expectations } from './expectations.js';
import { duplicatedIndexPods, firstPendingIndexes, generateNameWithIndex, type Intervals, isIndexedJob, templateForIndex } from './indexed.js';
import type { PodControl } from './podcontrol.js';
import { isSuspended, removalOrder, TRACKING_FINALIZER } from './status.js';

type KJob = Job & KObject;

/** Most pods created or deleted in one sync (MaxPodCreateDeletePerSync). */
const MAX_POD_CHANGES = 500;
/** Creations start with one pod and double with each successful batch (SlowStartInitialBatchSize). */
const SLOW_START_INITIAL_BATCH = 1;

export class JobPods {
  constructor(
    private readonly podControl: PodControl,
    private readonly expectations: Expectations,
    private readonly backoff: BackoffStore,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Delete the active pods of a failed Job; returns how many deletions were issued. */
  async deleteActivePods(job: KJob, pods: Pod[]): Promise<number> {
    const results = await Promise.allSettled(pods.map((p) => this.podControl.delete(job, p)));
    const failures = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    if (failures.length) this.log.warn('job controller: deleting active pods failed', { job: objectKey(job), err: String(failures[0]!.reason) });
    return pods.length - failures.length;
  }

  /** Delete pods (a suspended Job's, or surplus ones), releasing their finalizers first; returns how many went. */
  private async deleteJobPods(key: string, job: KJob, pods: Pod[]): Promise<number> {
    this.expectations.expect(key, 0, pods.length);
    let removed = 0;
    let error: unknown;
    await Promise.all(
      pods.map(async (p) => {
        try {
          await this.podControl.removeFinalizer(p);
          await this.podControl.delete(job, p);
          removed++;
        } catch (err) {
          this.expectations.deletionObserved(key);
          error ??= err;
        }
      }),
    );
    if (error !== undefined) throw error;
    return removed;
  }

  /** Pods to remove: an Indexed Job's duplicate and out-of-range indexes, then the least advanced. */
  private podsForRemoval(job: Job, pods: Pod[], atLeast: number): Pod[] {
    let rm: Pod[] = [];
    let left = pods;
    if (isIndexedJob(job)) ({ rm, left } = duplicatedIndexPods(pods, job.spec!.completions ?? 0, removalOrder));
    if (rm.length < atLeast) rm = [...rm, ...[...left].sort(removalOrder).slice(0, atLeast - rm.length)];
    return rm;
  }

  /** manageJob: create or delete pods toward the wanted number of active pods. */
  async manage(key: string, job: KJob, activePods: Pod[], succeeded: number, succeededIndexes: Intervals, withFinalizers: boolean): Promise<{ active: number; requeueMs?: number }> {
    let active = activePods.length;
    const parallelism = job.spec!.parallelism ?? 1;
    if (isSuspended(job)) {
      return { active: active - (await this.deleteJobPods(key, job, this.podsForRemoval(job, activePods, active))) };
    }
    const completions = job.spec!.completions;
    let want: number;
    if (completions == null) want = succeeded > 0 ? active : parallelism;
    else want = Math.max(0, Math.min(completions - succeeded, parallelism));

    const toDelete = this.podsForRemoval(job, activePods, Math.max(0, active - want)).slice(0, MAX_POD_CHANGES);
    // Deleting takes precedence: a sync either deletes or creates, never both.
    if (toDelete.length > 0) return { active: active - (await this.deleteJobPods(key, job, toDelete)) };
    if (active >= want) return { active };

    const wait = this.backoff.remaining(key, this.clock.now().getTime());
    if (wait > 0) return { active, requeueMs: wait };
    let diff = Math.min(want - active, MAX_POD_CHANGES);
    let indexes: number[] | undefined;
    if (isIndexedJob(job)) {
      indexes = firstPendingIndexes(activePods, succeededIndexes, diff, completions ?? 0);
      diff = indexes.length;
    }
    this.expectations.expect(key, diff, 0);
    const template = structuredClone(job.spec!.template);
    if (withFinalizers) {
      const meta = (template.metadata ??= {});
      if (!meta.finalizers?.includes(TRACKING_FINALIZER)) meta.finalizers = [...(meta.finalizers ?? []), TRACKING_FINALIZER];
    }
    const jobName = job.metadata.name!;
    let error: unknown;
    let batch = Math.min(diff, SLOW_START_INITIAL_BATCH);
    active += diff;
    for (let remaining = diff; remaining > 0; batch = Math.min(2 * batch, remaining)) {
      const results = await Promise.allSettled(
        Array.from({ length: batch }, () => {
          const ix = indexes?.shift();
          if (ix === undefined) return this.podControl.create(job, template, generateNamePrefix(jobName));
          return this.podControl.create(job, templateForIndex(template, jobName, ix), generateNameWithIndex(jobName, ix));
        }),
      );
      const failures = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      for (const f of failures) {
        this.expectations.creationObserved(key);
        active--;
        error ??= f.reason;
      }
      remaining -= batch;
      if (failures.length > 0) {
        // Slow start: after a failed batch the rest is not attempted; the next sync retries.
        for (let i = 0; i < remaining; i++) this.expectations.creationObserved(key);
        active -= remaining;
        break;
      }
    }
    if (error !== undefined) throw error;
    return { active };
  }
}
