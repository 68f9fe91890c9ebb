// The TTL-after-finished controller (pkg/controller/ttlafterfinished, v1.25): a finished Job with
// spec.ttlSecondsAfterFinished is deleted, with its pods, that many seconds after it finished (the
// lastTransitionTime of its Complete or Failed condition). Before deleting it reads the Job fresh
// from the server, since the TTL may just have been changed, and deletes only that incarnation.
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { KObject } from '../../api/object.js';
import type { Clock } from '../../client/clock.js';
import { runWorkers, type SyncResult } from '../../client/controller.js';
import { Informer, objectKey, splitKey } from '../../client/informer.js';
import { informersOf } from '../../client/informerfactory.js';
import type { ControllerOptions } from '../common/options.js';
import { isConflict, isNotFound, type ResourceClient } from '../../client/rest.js';
import { WorkQueue } from '../../client/workqueue.js';
import type { Logger } from '../../machinery/log.js';
import { finishedCondition, JOBS } from '../job/util.js';

type KJob = Job & KObject;

export interface TTLAfterFinishedControllerOptions extends ControllerOptions {
  clock: Clock;
  log: Logger;
}

const needsCleanup = (job: Job) => job.spec?.ttlSecondsAfterFinished != null && finishedCondition(job) !== undefined;

export class TTLAfterFinishedController {
  private readonly jobs: ResourceClient<KJob>;
  private readonly informer: Informer<KJob>;
  private readonly queue: WorkQueue<string>;
  private workers?: Promise<void>;

  constructor(private readonly opts: TTLAfterFinishedControllerOptions) {
    const informers = informersOf(opts);
    this.jobs = opts.rest.resource<KJob>(JOBS);
    this.queue = new WorkQueue<string>('ttl_jobs_to_delete', opts.clock);
    this.informer = informers.forClient(this.jobs);
    const enqueue = (job: KJob) => {
      if (!job.metadata.deletionTimestamp && needsCleanup(job)) this.queue.add(objectKey(job));
    };
    this.informer.on({ add: enqueue, update: (_, job) => enqueue(job) });
  }

  start(): void {
    this.informer.start();
    this.workers = this.informer.waitForSync().then(() => runWorkers({ queue: this.queue, sync: (k) => this.sync(k), workers: this.opts.workers ?? 5, log: this.opts.log }));
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.informer.stop();
    await this.workers;
  }

  /**
   * When the Job's TTL runs out: the instant it expires, or undefined when it does not apply.
   * A finish time in the future (clock skew) simply defers the cleanup.
   */
  private expiry(job: Job): number | undefined {
    if (job.metadata?.deletionTimestamp || !needsCleanup(job)) return undefined;
    const finishedAt = finishedCondition(job)!.lastTransitionTime;
    if (!finishedAt) throw new Error(`unable to find the time when the Job ${job.metadata?.namespace}/${job.metadata?.name} finished`);
    return Date.parse(finishedAt) + job.spec!.ttlSecondsAfterFinished! * 1000;
  }

  private async sync(key: string): Promise<SyncResult> {
    const cached = this.informer.cache.get(key);
    if (!cached) return;
    const now = this.opts.clock.now().getTime();
    let at = this.expiry(cached);
    if (at === undefined) return;
    if (at > now) return { requeueAfterMs: at - now };
    // The TTL may have been changed since the cache saw the Job: decide on the server's copy.
    const { namespace, name } = splitKey(key);
    let fresh: KJob;
    try {
      fresh = await this.jobs.get(name, namespace);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    at = this.expiry(fresh);
    if (at === undefined) return;
    if (at > now) return { requeueAfterMs: at - now };
    this.opts.log.info('ttl-after-finished: deleting finished Job', { job: key });
    try {
      // Foreground, as upstream: the Job stays until the garbage collector has removed its pods.
      await this.jobs.delete(name, { namespace, propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata.uid } });
    } catch (err) {
      // Gone, or replaced by a new Job of the same name (the uid precondition failed).
      if (isNotFound(err) || isConflict(err)) return;
      throw err;
    }
  }
}
