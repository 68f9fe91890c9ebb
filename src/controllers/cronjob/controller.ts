// The CronJob controller (CronJobControllerV2, pkg/controller/cronjob, v1.25): at each schedule
// time it creates a Job named <cronjob>-<scheduled time in minutes since the epoch>, honouring
// suspend, startingDeadlineSeconds and the concurrency policy; it keeps status.active,
// lastScheduleTime and lastSuccessfulTime, and removes finished Jobs beyond the history limits.
// Each CronJob is requeued on the injected clock for exactly its next schedule time.
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import type { Clock } from '../../client/clock.js';
import { runWorkers, type SyncResult } from '../../client/controller.js';
import { EventRecorder } from '../../client/events.js';
import { Informer, objectKey } from '../../client/informer.js';
import { informersOf } from '../../client/informerfactory.js';
import type { ControllerOptions } from '../common/options.js';
import { isAlreadyExists, isNotFound, type ResourceClient } from '../../client/rest.js';
import { WorkQueue } from '../../client/workqueue.js';
import { CronParseError, loadLocationError, parseCron, type CronSchedule } from '../../machinery/cron.js';
import { defaultFeatureGates, type FeatureGates } from '../../machinery/featuregates.js';
import type { Logger } from '../../machinery/log.js';
import { byNamespace, controllerOf, controllerRef, rfc3339 } from '../common/pods.js';
import { finishedCondition, isJobFinished, JOBS } from '../job/util.js';
import { dueTime, nextTime, scheduleZone, MANY_MISSED, ScheduleError } from './schedule.js';

type KCronJob = CronJob & KObject;
type KJob = Job & KObject;

export interface CronJobControllerOptions extends ControllerOptions {
  clock: Clock;
  log: Logger;
  featureGates?: FeatureGates;
}

const asCronJob = (cj: CronJob): KObject => ({ ...cj, apiVersion: 'batch/v1', kind: 'CronJob' }) as KObject;
const jobName = (cj: CronJob, t: Date) => `${cj.metadata!.name}-${Math.floor(t.getTime() / 60_000)}`;
const inActive = (cj: CronJob, uid: string | undefined) => !!cj.status?.active?.some((r) => r.uid === uid);
const dropActive = (cj: CronJob, uid: string | undefined) => {
  cj.status = { ...cj.status, active: (cj.status?.active ?? []).filter((r) => r.uid !== uid) };
};
/** RFC 1123 with a numeric zone, as Go's time.RFC1123Z prints UTC: "Mon, 02 Jan 2006 15:04:05 +0000". */
const rfc1123z = (t: Date) => t.toUTCString().replace('GMT', '+0000');

interface Synced {
  cj: KCronJob;
  requeueMs?: number;
  updateStatus: boolean;
}

export class CronJobController {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly cronJobs: ResourceClient<KCronJob>;
  private readonly jobs: ResourceClient<KJob>;
  private readonly cjInformer: Informer<KCronJob>;
  private readonly jobInformer: Informer<KJob>;
  private readonly queue: WorkQueue<string>;
  private readonly recorder: EventRecorder;
  private workers?: Promise<void>;

  /** CronJobTimeZone: without it, spec.timeZone is ignored (the API server drops it on writes, too). */
  private readonly timeZoneGate: boolean;

  constructor(private readonly opts: CronJobControllerOptions) {
    const informers = informersOf(opts);
    this.timeZoneGate = (opts.featureGates ?? defaultFeatureGates).enabled('CronJobTimeZone');
    this.clock = opts.clock;
    this.log = opts.log;
    this.cronJobs = opts.rest.resource<KCronJob>({ group: 'batch', version: 'v1', resource: 'cronjobs' });
    this.jobs = opts.rest.resource<KJob>(JOBS);
    this.recorder = new EventRecorder(opts.rest, { component: 'cronjob-controller' }, this.clock);
    this.queue = new WorkQueue<string>('cronjob', this.clock);
    this.cjInformer = informers.forClient(this.cronJobs);
    this.jobInformer = informers.forClient(this.jobs, { indexers: byNamespace });
    this.cjInformer.on({ add: (cj) => this.queue.add(objectKey(cj)), update: (o, cj) => this.updateCronJob(o, cj), delete: (cj) => this.queue.add(objectKey(cj)) });
    const wakeOwner = (job: KJob) => {
      const ref = controllerOf(job);
      if (ref?.kind !== 'CronJob') return;
      const cj = this.cjInformer.cache.getByName(job.metadata.namespace ?? '', ref.name);
      if (cj?.metadata.uid === ref.uid) this.queue.add(objectKey(cj));
    };
    this.jobInformer.on({
      add: wakeOwner,
      update: (old, job) => {
        if (old.metadata.resourceVersion === job.metadata.resourceVersion) return;
        if (controllerOf(old)?.uid !== controllerOf(job)?.uid) wakeOwner(old);
        wakeOwner(job);
      },
      delete: wakeOwner,
    });
  }

  start(): void {
    this.cjInformer.start();
    this.jobInformer.start();
    this.workers = Promise.all([this.cjInformer.waitForSync(), this.jobInformer.waitForSync()]).then(() =>
      runWorkers({ queue: this.queue, sync: (k) => this.sync(k), workers: this.opts.workers ?? 5, log: this.log }),
    );
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await Promise.all([this.cjInformer.stop(), this.jobInformer.stop()]);
    await this.workers;
  }

  /** A changed schedule or zone is requeued for its new next time; any other change syncs now. */
  private updateCronJob(old: KCronJob, cj: KCronJob): void {
    const key = objectKey(cj);
    if (old.spec?.schedule === cj.spec?.schedule && old.spec?.timeZone === cj.spec?.timeZone) return this.queue.add(key);
    let sched: CronSchedule;
    try {
      sched = parseCron(cj.spec!.schedule);
    } catch (err) {
      if (!(err instanceof CronParseError)) throw err;
      void this.recorder.event(asCronJob(cj), 'Warning', 'UnParseableCronJobSchedule', `unparseable schedule for cronjob: ${cj.spec!.schedule}`);
      return;
    }
    const now = this.clock.now();
    const t = nextTime(sched, now, scheduleZone(cj, this.timeZoneGate));
    if (t) this.queue.addAfter(key, t.getTime() - now.getTime());
  }

  private async sync(key: string): Promise<SyncResult> {
    const cached = this.cjInformer.cache.get(key);
    if (!cached) return;
    // Every Job this CronJob controls, including those whose labels no longer match its template.
    const jobs = this.jobInformer.cache.byIndex('namespace', cached.metadata.namespace ?? '').filter((j) => {
      const ref = controllerOf(j);
      return ref?.kind === 'CronJob' && ref.name === cached.metadata.name;
    });
    let result: Synced = { cj: structuredClone(cached) as KCronJob, updateStatus: false };
    try {
      result = await this.syncCronJob(result, jobs);
    } catch (err) {
      if (result.updateStatus) await this.updateStatus(result.cj);
      throw err;
    }
    if (await this.cleanupFinishedJobs(result.cj, jobs)) result.updateStatus = true;
    if (result.updateStatus) await this.updateStatus(result.cj);
    return result.requeueMs !== undefined ? { requeueAfterMs: Math.max(1, result.requeueMs) } : undefined;
  }

  private async updateStatus(cj: KCronJob): Promise<void> {
    await this.cronJobs.update(asCronJob(cj) as KCronJob, { subresource: 'status' });
  }

  /** syncCronJob: reconcile the active list with the Jobs, then start the Job that is due, if any. */
  private async syncCronJob(s: Synced, jobs: KJob[]): Promise<Synced> {
    let cj = s.cj;
    const now = this.clock.now();
    const children = new Set<string>();
    for (const j of jobs) {
      const uid = j.metadata.uid!;
      children.add(uid);
      const found = inActive(cj, uid);
      if (!found && !isJobFinished(j)) {
        // Our status may be behind the Jobs we see: ask the server before calling the Job unexpected.
        const fresh = await this.cronJobs.get(cj.metadata.name!, cj.metadata.namespace);
        if (inActive(fresh, uid)) {
          s.cj = cj = fresh;
          continue;
        }
        // Not ours to run (kubectl create job --from=cronjob/..., or a run we forgot): it is left alone.
        void this.recorder.event(asCronJob(cj), 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
      } else if (found && isJobFinished(j)) {
        dropActive(cj, uid);
        void this.recorder.event(asCronJob(cj), 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, status: ${finishedCondition(j)!.type}`);
        s.updateStatus = true;
      } else if (isJobFinished(j)) {
        // Finished Jobs need not be active ones: the latest completion time counts.
        const done = j.status?.completionTime;
        const last = cj.status?.lastSuccessfulTime;
        if (!last || (done && Date.parse(done) > Date.parse(last))) {
          cj.status = { ...cj.status, lastSuccessfulTime: done };
          s.updateStatus = true;
        }
      }
    }
    // An active Job that is gone would keep the CronJob busy forever: drop it once the server agrees.
    for (const ref of [...(cj.status?.active ?? [])]) {
      if (children.has(ref.uid ?? '')) continue;
      try {
        await this.jobs.get(ref.name!, ref.namespace);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        void this.recorder.event(asCronJob(cj), 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
        dropActive(cj, ref.uid);
        s.updateStatus = true;
      }
    }
    if (cj.metadata.deletionTimestamp) return s;
    const tz = this.timeZoneGate ? cj.spec?.timeZone : undefined;
    const tzError = tz ? loadLocationError(tz) : undefined;
    if (tzError) {
      void this.recorder.event(asCronJob(cj), 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: ${tzError}`);
      return s;
    }
    if (cj.spec?.suspend) return s;

    const schedule = cj.spec!.schedule;
    let sched: CronSchedule;
    try {
      sched = parseCron(schedule);
    } catch (err) {
      if (!(err instanceof CronParseError)) throw err;
      void this.recorder.event(asCronJob(cj), 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(schedule)} : ${err.message}`);
      return s;
    }
    if (schedule.includes('TZ')) {
      void this.recorder.event(asCronJob(cj), 'Warning', 'UnsupportedSchedule', `CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`);
    }
    const zone = scheduleZone(cj, this.timeZoneGate);
    const requeue = () => {
      const t = nextTime(sched, now, zone);
      if (t) s.requeueMs = t.getTime() - now.getTime();
      return s;
    };
    let due;
    try {
      due = dueTime(cj, now, sched, zone);
    } catch (err) {
      if (!(err instanceof ScheduleError)) throw err;
      void this.recorder.event(asCronJob(cj), 'Warning', 'InvalidSchedule', `invalid schedule: ${schedule} : ${err.message}`);
      return s;
    }
    if (due.missed > MANY_MISSED) {
      void this.recorder.event(asCronJob(cj), 'Warning', 'TooManyMissedTimes', `too many missed start times: ${due.missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
    }
    const scheduled = due.time;
    if (!scheduled) return requeue();

    const sds = cj.spec?.startingDeadlineSeconds;
    if (sds != null && scheduled.getTime() + sds * 1000 < now.getTime()) {
      void this.recorder.event(asCronJob(cj), 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return requeue();
    }
    const name = jobName(cj, scheduled);
    const last = cj.status?.lastScheduleTime;
    if (cj.status?.active?.some((r) => r.name === name && r.namespace === cj.metadata.namespace) || (last && Date.parse(last) === scheduled.getTime())) {
      return requeue(); // already started
    }
    if (cj.spec?.concurrencyPolicy === 'Forbid' && (cj.status?.active?.length ?? 0) > 0) {
      void this.recorder.event(asCronJob(cj), 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return requeue();
    }
    if (cj.spec?.concurrencyPolicy === 'Replace') {
      for (const ref of [...(cj.status?.active ?? [])]) {
        let job: KJob;
        try {
          job = await this.jobs.get(ref.name!, ref.namespace);
        } catch (err) {
          void this.recorder.event(asCronJob(cj), 'Warning', 'FailedGet', `Get job: ${(err as Error).message}`);
          throw err;
        }
        if (!(await this.deleteJob(cj, job))) throw new Error(`could not replace job ${job.metadata.namespace}/${job.metadata.name}`);
        s.updateStatus = true;
      }
    }

    let created: KJob;
    try {
      created = await this.jobs.create(this.jobFromTemplate(cj, name), { namespace: cj.metadata.namespace });
    } catch (err) {
      // AlreadyExists: another actor made it and is assumed to have updated our status.
      if (!isAlreadyExists(err)) void this.recorder.event(asCronJob(cj), 'Warning', 'FailedCreate', `Error creating job: ${(err as Error).message}`);
      throw err;
    }
    void this.recorder.event(asCronJob(cj), 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
    const ref: ObjectReference = { kind: 'Job', namespace: created.metadata.namespace, name: created.metadata.name, uid: created.metadata.uid, apiVersion: 'batch/v1', resourceVersion: created.metadata.resourceVersion };
    cj.status = { ...cj.status, active: [...(cj.status?.active ?? []), ref], lastScheduleTime: rfc3339(scheduled) };
    s.updateStatus = true;
    return requeue();
  }

  /** getJobFromTemplate2: the template's labels, annotations and spec, controlled by the CronJob. */
  private jobFromTemplate(cj: KCronJob, name: string): KJob {
    const tpl = cj.spec!.jobTemplate;
    return {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        labels: { ...tpl.metadata?.labels },
        annotations: { ...tpl.metadata?.annotations },
        ownerReferences: [controllerRef(asCronJob(cj), 'batch/v1', 'CronJob')],
      },
      spec: structuredClone(tpl.spec!),
    };
  }

  /** Delete a Job (in the background, its pods after it) and drop it from the active list. */
  private async deleteJob(cj: KCronJob, job: KJob): Promise<boolean> {
    try {
      await this.jobs.delete(job.metadata.name!, { namespace: job.metadata.namespace, propagationPolicy: 'Background' });
    } catch (err) {
      void this.recorder.event(asCronJob(cj), 'Warning', 'FailedDelete', `Deleted job: ${(err as Error).message}`);
      return false;
    }
    dropActive(cj, job.metadata.uid);
    void this.recorder.event(asCronJob(cj), 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
    return true;
  }

  /** Keep at most successfulJobsHistoryLimit Complete and failedJobsHistoryLimit Failed Jobs, oldest removed first. */
  private async cleanupFinishedJobs(cj: KCronJob, jobs: KJob[]): Promise<boolean> {
    const { successfulJobsHistoryLimit: okLimit, failedJobsHistoryLimit: failLimit } = cj.spec ?? {};
    if (okLimit == null && failLimit == null) return false;
    const ok = jobs.filter((j) => finishedCondition(j)?.type === 'Complete');
    const failed = jobs.filter((j) => finishedCondition(j)?.type === 'Failed');
    let changed = false;
    for (const [list, limit] of [
      [ok, okLimit],
      [failed, failLimit],
    ] as const) {
      if (limit == null || list.length <= limit) continue;
      for (const j of [...list].sort(byStartTime).slice(0, list.length - limit)) if (await this.deleteJob(cj, j)) changed = true;
    }
    return changed;
  }
}

/** byJobStartTimeStar: by status.startTime, Jobs never started last, ties by name. */
function byStartTime(a: Job, b: Job): number {
  const as = a.status?.startTime;
  const bs = b.status?.startTime;
  if (!as !== !bs) return as ? -1 : 1;
  if (as && bs && as !== bs) return Date.parse(as) - Date.parse(bs);
  return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : (a.metadata?.name ?? '') > (b.metadata?.name ?? '') ? 1 : 0;
}
