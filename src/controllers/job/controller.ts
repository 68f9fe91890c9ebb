// The Job controller (pkg/controller/job, v1.25): runs a Job's pods to completion. It keeps
// `parallelism` pods running until `completions` of them succeeded (each completion index once for
// Indexed Jobs), replaces failed pods after a back-off until backoffLimit is passed, enforces
// activeDeadlineSeconds, deletes the pods of a suspended Job, and reports it all in the Job's status
// with upstream's conditions, reasons, messages and events. Feature gates as v1.25 ships them:
// JobTrackingWithFinalizers and JobReadyPods on, JobPodFailurePolicy off.
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import type { Clock } from '../../client/clock.js';
import { runWorkers, type SyncResult } from '../../client/controller.js';
import { EventRecorder } from '../../client/events.js';
import { Informer, objectKey } from '../../client/informer.js';
import { informersOf } from '../../client/informerfactory.js';
import type { ControllerOptions } from '../common/options.js';
import type { ResourceClient } from '../../client/rest.js';
import { WorkQueue } from '../../client/workqueue.js';
import type { Logger } from '../../machinery/log.js';
import { byNamespace, claim, controllerOf, isPodActive, isPodReady, rfc3339 } from '../common/pods.js';
import { BackoffStore } from './backoff.js';
import { Expectations, FinalizerExpectations } from './expectations.js';
import { completionIndex, Intervals, isIndexedJob, validIndex } from './indexed.js';
import { JobPods } from './manage.js';
import { asJobObject, PodControl } from './podcontrol.js';
import { countFinished, deadlineLeft, ensureCondition, hasTrackingFinalizer, isSuspended, newCondition, pastBackoffLimitOnFailure, TRACKING_FINALIZER, tracksWithFinalizers, type Uncounted } from './status.js';
import { trackStatusAndRemoveFinalizers } from './tracking.js';
import { isJobFinished, JOBS } from './util.js';

type KJob = Job & KObject;
type KPod = Pod & KObject;

/** With JobReadyPods, pod updates are batched for a second before the Job is synced. */
const POD_UPDATE_BATCH_MS = 1000;

export interface JobControllerOptions extends ControllerOptions {
  clock: Clock;
  log: Logger;
}

export class JobController {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly jobs: ResourceClient<KJob>;
  private readonly jobInformer: Informer<KJob>;
  private readonly podInformer: Informer<KPod>;
  private readonly queue: WorkQueue<string>;
  private readonly orphanQueue: WorkQueue<string>;
  private readonly podControl: PodControl;
  private readonly pods: ResourceClient<KPod>;
  private readonly recorder: EventRecorder;
  private readonly expectations: Expectations;
  private readonly finalizers = new FinalizerExpectations();
  private readonly backoff = new BackoffStore();
  private readonly manager: JobPods;
  private running: Promise<void>[] = [];

  constructor(private readonly opts: JobControllerOptions) {
    const informers = informersOf(opts);
    this.clock = opts.clock;
    this.log = opts.log;
    this.jobs = opts.rest.resource<KJob>(JOBS);
    this.pods = opts.rest.resource<KPod>({ group: '', version: 'v1', resource: 'pods' });
    this.recorder = new EventRecorder(opts.rest, { component: 'job-controller' }, this.clock);
    this.podControl = new PodControl(this.pods, this.recorder);
    this.expectations = new Expectations(this.clock);
    this.manager = new JobPods(this.podControl, this.expectations, this.backoff, this.clock, this.log);
    this.queue = new WorkQueue<string>('job', this.clock);
    this.orphanQueue = new WorkQueue<string>('job_orphan_pod', this.clock);
    this.jobInformer = informers.forClient(this.jobs);
    this.podInformer = informers.forClient(this.pods, { indexers: byNamespace });
    this.jobInformer.on({ add: (j) => this.queue.add(objectKey(j)), update: (o, j) => this.updateJob(o, j), delete: (j) => this.deleteJob(j) });
    this.podInformer.on({ add: (p) => this.addPod(p), update: (o, p) => this.updatePod(o, p), delete: (p) => this.deletePod(p, true) });
  }

  start(): void {
    this.jobInformer.start();
    this.podInformer.start();
    const synced = Promise.all([this.jobInformer.waitForSync(), this.podInformer.waitForSync()]);
    const run = async (queue: WorkQueue<string>, sync: (k: string) => Promise<SyncResult>, workers: number) => {
      await synced;
      await runWorkers({ queue, sync, workers, log: this.log });
    };
    this.running = [run(this.queue, (k) => this.sync(k), this.opts.workers ?? 5), run(this.orphanQueue, (k) => this.syncOrphanPod(k), 1)];
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    this.orphanQueue.shutDown();
    await Promise.all([this.jobInformer.stop(), this.podInformer.stop()]);
    await Promise.all(this.running);
  }

  // ---- event handlers ------------------------------------------------------------------------

  private jobFor(pod: KPod): KJob | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'Job' || ref.apiVersion?.split('/')[0] !== 'batch') return undefined;
    const job = this.jobInformer.cache.getByName(pod.metadata.namespace ?? '', ref.name);
    return job?.metadata.uid === ref.uid ? job : undefined;
  }

  private enqueuePodUpdate(job: KJob): void {
    this.queue.addAfter(objectKey(job), POD_UPDATE_BATCH_MS);
  }

  private addPod(pod: KPod): void {
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod, false);
    if (controllerOf(pod)) {
      const job = this.jobFor(pod);
      if (!job) return;
      this.expectations.creationObserved(objectKey(job));
      return this.enqueuePodUpdate(job);
    }
    if (hasTrackingFinalizer(pod)) this.orphanQueue.add(objectKey(pod));
    for (const job of this.jobsSelecting(pod)) this.enqueuePodUpdate(job);
  }

  private updatePod(old: KPod, pod: KPod): void {
    if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod, false);
    const oldRef = controllerOf(old);
    const ref = controllerOf(pod);
    const released = !hasTrackingFinalizer(pod);
    if (oldRef && oldRef.uid !== ref?.uid) {
      const prev = this.jobFor(old);
      if (prev) {
        if (released) this.finalizers.observed(objectKey(prev), pod.metadata.uid!);
        this.enqueuePodUpdate(prev);
      }
    }
    if (ref) {
      const job = this.jobFor(pod);
      if (!job) return;
      if (released) this.finalizers.observed(objectKey(job), pod.metadata.uid!);
      return this.enqueuePodUpdate(job);
    }
    if (hasTrackingFinalizer(pod)) this.orphanQueue.add(objectKey(pod));
    if (JSON.stringify(old.metadata.labels) !== JSON.stringify(pod.metadata.labels) || oldRef) for (const job of this.jobsSelecting(pod)) this.enqueuePodUpdate(job);
  }

  /** `final`: the pod is gone; otherwise it was only marked for deletion. */
  private deletePod(pod: KPod, final: boolean): void {
    const job = controllerOf(pod) ? this.jobFor(pod) : undefined;
    if (!job || isJobFinished(job)) {
      // Nothing else will release this pod's finalizer.
      if (hasTrackingFinalizer(pod)) this.orphanQueue.add(objectKey(pod));
      return;
    }
    const key = objectKey(job);
    this.expectations.deletionObserved(key);
    if (final || !hasTrackingFinalizer(pod)) this.finalizers.observed(key, pod.metadata.uid!);
    this.queue.addAfter(key, POD_UPDATE_BATCH_MS);
  }

  private updateJob(old: KJob, job: KJob): void {
    const key = objectKey(job);
    this.queue.add(key);
    // A changed activeDeadlineSeconds needs a sync when the new deadline passes.
    const ads = job.spec?.activeDeadlineSeconds;
    if (job.status?.startTime && ads != null && old.spec?.activeDeadlineSeconds !== ads) {
      this.queue.addAfter(key, Date.parse(job.status.startTime) + ads * 1000 - this.clock.now().getTime());
    }
  }

  private deleteJob(job: KJob): void {
    this.queue.add(objectKey(job));
    for (const p of this.podInformer.cache.byIndex('namespace', job.metadata.namespace ?? '')) {
      if (controllerOf(p)?.uid === job.metadata.uid && hasTrackingFinalizer(p)) this.orphanQueue.add(objectKey(p));
    }
  }

  private jobsSelecting(pod: KPod): KJob[] {
    const labels = pod.metadata.labels ?? {};
    return this.jobInformer.cache.list().filter((j) => {
      if (j.metadata.namespace !== pod.metadata.namespace) return false;
      const ml = j.spec?.selector?.matchLabels;
      return !!ml && Object.keys(ml).length > 0 && Object.entries(ml).every(([k, v]) => labels[k] === v);
    });
  }

  // ---- sync ----------------------------------------------------------------------------------

  private async syncOrphanPod(key: string): Promise<SyncResult> {
    const pod = this.podInformer.cache.get(key);
    if (!pod) return;
    if (controllerOf(pod)) {
      const job = this.jobFor(pod);
      if (job && !isJobFinished(job)) return; // adopted: its Job counts and releases it
    }
    await this.podControl.removeFinalizer(pod);
  }

  private async sync(key: string): Promise<SyncResult> {
    const cached = this.jobInformer.cache.get(key);
    if (!cached) {
      this.expectations.delete(key);
      this.finalizers.delete(key);
      this.backoff.delete(key);
      return;
    }
    const job = structuredClone(cached) as KJob;
    if (isJobFinished(job)) return;
    const mode = job.spec?.completionMode;
    if (mode && mode !== 'NonIndexed' && mode !== 'Indexed') {
      void this.recorder.event(asJobObject(job), 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown');
      return;
    }
    const status = (job.status ??= {});
    const withFinalizers = tracksWithFinalizers(job);
    let uncounted: Uncounted | undefined;
    let releasing = new Set<string>();
    if (withFinalizers) {
      const u = (status.uncountedTerminatedPods ??= {});
      uncounted = { succeeded: new Set(u.succeeded ?? []), failed: new Set(u.failed ?? []) };
      releasing = new Set(this.finalizers.expected(key));
    }
    // Check expectations before reading pods: a pod arriving in between is then seen next time.
    const satisfied = this.expectations.satisfied(key);
    const pods = await this.podsForJob(job, withFinalizers);
    const activePods = pods.filter(isPodActive);
    let active = activePods.length;
    let { succeeded, failed } = countFinished(job, pods, uncounted, releasing);
    const ready = activePods.filter(isPodReady).length;
    const now = this.clock.now();
    this.backoff.observe(key, failed, succeeded, now.getTime());

    if (!status.startTime && !isSuspended(job)) status.startTime = rfc3339(now);

    let finished: JobCondition | undefined;
    let requeueMs: number | undefined;
    const jobHasNewFailure = failed > (status.failed ?? 0);
    // A failure seen while a replacement already runs was counted by an earlier sync whose status
    // write was lost, so it is not new.
    const exceedsBackoffLimit = jobHasNewFailure && active !== job.spec!.parallelism && failed > (job.spec!.backoffLimit ?? 6);
    const left = deadlineLeft(job, now);
    if (exceedsBackoffLimit || pastBackoffLimitOnFailure(job, pods)) {
      finished = newCondition('Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now);
    } else if (left !== undefined && left <= 0) {
      finished = newCondition('Failed', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline', now);
    } else if (left !== undefined) {
      requeueMs = left;
    }

    let prevSucceeded = new Intervals();
    let succeededIndexes = new Intervals();
    if (isIndexedJob(job)) {
      // Legacy tracking has no memory of indexes: it rebuilds them from the pods every time.
      const completions = job.spec!.completions ?? 0;
      prevSucceeded = withFinalizers ? Intervals.parse(status.completedIndexes, completions) : new Intervals();
      const fresh = pods.filter((p) => p.status?.phase === 'Succeeded' && validIndex(job, p) && (!withFinalizers || hasTrackingFinalizer(p)));
      succeededIndexes = prevSucceeded.with([...new Set(fresh.map(completionIndex))].sort((a, b) => a - b));
      succeeded = succeededIndexes.total();
    }

    let suspendChanged = false;
    if (finished) {
      // The Job failed: its active pods go (their finalizers stay until they are counted).
      let deleted = await this.manager.deleteActivePods(job, activePods);
      if (!withFinalizers) deleted = active;
      else if (deleted !== active || !satisfied) finished = undefined; // not all gone from the cache yet
      active -= deleted;
      failed += deleted;
    } else {
      let managed = false;
      if (satisfied && !job.metadata.deletionTimestamp) {
        const r = await this.manager.manage(key, job, activePods, succeeded, succeededIndexes, withFinalizers);
        active = r.active;
        if (r.requeueMs !== undefined) requeueMs = Math.min(requeueMs ?? Infinity, r.requeueMs);
        managed = true;
      }
      const completions = job.spec!.completions;
      // Without completions, the first success completes the Job once nothing else runs.
      const complete = completions == null ? succeeded > 0 && active === 0 : succeeded >= completions && active === 0;
      if (complete) finished = newCondition('Complete', 'True', '', '', now);
      else if (managed) suspendChanged = this.syncSuspended(job, now);
    }

    if (withFinalizers) {
      const needsFlush = suspendChanged || active !== (status.active ?? 0) || ready !== status.ready;
      status.active = active;
      status.ready = ready;
      await trackStatusAndRemoveFinalizers(
        {
          key,
          updateStatus: (j) => this.updateStatus(j),
          removeFinalizer: (p) => this.podControl.removeFinalizer(p),
          finalizers: this.finalizers,
          enactFinished: (j, c) => this.enactFinished(j, c),
        },
        job,
        pods,
        prevSucceeded,
        uncounted!,
        releasing,
        finished,
        needsFlush,
      );
    } else {
      // Legacy tracking: counts come from the pods; leftover tracking finalizers are released.
      await Promise.all(pods.filter(hasTrackingFinalizer).map((p) => this.podControl.removeFinalizer(p)));
      if (status.active !== active || (status.succeeded ?? 0) !== succeeded || (status.failed ?? 0) !== failed || status.ready !== ready || suspendChanged || finished) {
        status.active = active;
        status.succeeded = succeeded;
        status.failed = failed;
        status.ready = ready;
        if (isIndexedJob(job)) status.completedIndexes = succeededIndexes.toString();
        delete status.uncountedTerminatedPods;
        this.enactFinished(job, finished);
        await this.updateStatus(job);
      }
    }
    return requeueMs !== undefined && !isJobFinished(job) ? { requeueAfterMs: Math.max(1, requeueMs) } : undefined;
  }

  /** The Suspended condition and its events; resuming restarts the activeDeadlineSeconds clock. */
  private syncSuspended(job: KJob, now: Date): boolean {
    if (isSuspended(job)) {
      const changed = ensureCondition(job, newCondition('Suspended', 'True', 'JobSuspended', 'Job suspended', now));
      if (changed) void this.recorder.event(asJobObject(job), 'Normal', 'Suspended', 'Job suspended');
      return changed;
    }
    const changed = ensureCondition(job, newCondition('Suspended', 'False', 'JobResumed', 'Job resumed', now));
    if (changed) {
      void this.recorder.event(asJobObject(job), 'Normal', 'Resumed', 'Job resumed');
      job.status!.startTime = rfc3339(now);
    }
    return changed;
  }

  /** enactJobFinished: the Complete or Failed condition with its events, once nothing is uncounted. */
  private enactFinished(job: Job, cond: JobCondition | undefined): boolean {
    if (!cond) return false;
    const u = job.status?.uncountedTerminatedPods;
    if ((u?.succeeded?.length ?? 0) > 0 || (u?.failed?.length ?? 0) > 0) return false;
    ensureCondition(job, cond);
    const obj = asJobObject(job);
    if (cond.type === 'Complete') {
      const completions = job.spec?.completions;
      if (completions != null && (job.status!.succeeded ?? 0) > completions) {
        void this.recorder.event(obj, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
      }
      job.status!.completionTime = cond.lastTransitionTime;
      void this.recorder.event(obj, 'Normal', 'Completed', 'Job completed');
    } else {
      void this.recorder.event(obj, 'Warning', cond.reason!, cond.message!);
    }
    return true;
  }

  private async updateStatus(job: Job): Promise<Job> {
    const out = structuredClone(asJobObject(job)) as KJob;
    // Empty lists are left out, as Go's omitempty does.
    const u = out.status?.uncountedTerminatedPods;
    if (u && !u.succeeded?.length) delete u.succeeded;
    if (u && !u.failed?.length) delete u.failed;
    return this.jobs.update(out, { subresource: 'status' });
  }

  /** The pods this Job owns after adopting orphans that match its selector and releasing those that stopped matching. */
  private async podsForJob(job: KJob, withFinalizers: boolean): Promise<KPod[]> {
    return claim({
      owner: asJobObject(job),
      ownerApiVersion: 'batch/v1',
      ownerKind: 'Job',
      selector: job.spec!.selector!,
      candidates: this.podInformer.cache.byIndex('namespace', job.metadata.namespace ?? ''),
      client: this.pods,
      finalizers: withFinalizers ? [TRACKING_FINALIZER] : undefined,
    });
  }
}
