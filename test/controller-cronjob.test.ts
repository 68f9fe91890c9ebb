// The CronJob controller against the real `kubette up` (with only the garbage collector in it): a
// controller instance per test runs in this process on its own FakeClock, set just before a
// schedule time; the test steps the clock onto it and reads the Jobs from the server. No Job
// controller runs here, so the test finishes Jobs itself through jobs/status. Also: real kubectl
// 1.25.0's `create job --from=cronjob/…`.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { FakeClock } from '../src/client/clock.js';
import { connect, RestClient } from '../src/client/rest.js';
import { CronJobController } from '../src/controllers/cronjob/controller.js';
import { next } from '../src/machinery/cron.js';
import { createLogger, silentLogger } from '../src/machinery/log.js';
import { api, startCluster, type Cluster } from './helpers/cluster.js';
import { client, kubectl125 } from './helpers/tools.js';
import { expectOk, poll } from './helpers/wait.js';

let cluster: Cluster;
let base: string;
let rest: RestClient;
let clock: FakeClock;
let controller: CronJobController | undefined;

before(async () => {
  cluster = await startCluster({ args: ['--controllers=garbagecollector', '--disable-scheduler'] });
  base = cluster.url;
  rest = connect(cluster.connection);
});
after(async () => {
  rest?.close();
  if (!cluster) return;
  await cluster.stop();
  cluster.cleanup();
});
afterEach(async () => {
  await controller?.stop();
  controller = undefined;
  // The next test's controller, on another clock, must not act on this test's CronJobs.
  const all = await api(base, 'GET', '/apis/batch/v1/cronjobs');
  for (const cj of all.body?.items ?? []) await api(base, 'DELETE', `/apis/batch/v1/namespaces/${cj.metadata.namespace}/cronjobs/${cj.metadata.name}`);
});

/** A fresh controller whose clock starts at `start`. */
function startController(start: Date): void {
  clock = new FakeClock(start);
  controller = new CronJobController({ rest, clock, log: process.env.TEST_LOG ? createLogger() : silentLogger });
  controller.start();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitFor = <T>(what: string, fn: () => Promise<T | undefined | false>, ms = 10_000) => poll(what, fn, { timeoutMs: ms });

const ok = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => expectOk(base, method, path, body, headers);
const mergePatch = (path: string, body: unknown) => ok('PATCH', path, body, { 'Content-Type': 'application/merge-patch+json' });

let nsSeq = 0;
async function namespace(): Promise<string> {
  const name = `cron-${++nsSeq}`;
  await ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

const iso = (t: Date | number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
const minutes = (t: Date | number) => Math.floor(new Date(t).getTime() / 60_000);

async function createCronJob(ns: string, name: string, spec: object): Promise<any> {
  return ok('POST', `/apis/batch/v1/namespaces/${ns}/cronjobs`, {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      jobTemplate: {
        metadata: { labels: { app: name }, annotations: { note: 'from-template' } },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
      },
      ...spec,
    },
  });
}
const getCronJob = (ns: string, name: string) => ok('GET', `/apis/batch/v1/namespaces/${ns}/cronjobs/${name}`);
const listJobs = async (ns: string): Promise<any[]> => (await ok('GET', `/apis/batch/v1/namespaces/${ns}/jobs`)).items;
const jobNames = async (ns: string) => (await listJobs(ns)).map((j) => j.metadata.name).sort();
async function events(ns: string, reason: string): Promise<any[]> {
  return (await ok('GET', `/api/v1/namespaces/${ns}/events`)).items.filter((e: any) => e.reason === reason);
}

/** Waits until the controller has synced the CronJob and is waiting on the clock for its next run. */
const settled = () => waitFor('the controller to requeue on the clock', async () => clock.pending() > 0);

/** Steps to 1 s before `t` (nothing yet), then onto `t`: exactly one new Job, named for `t`. */
async function expectRunAt(ns: string, cj: string, t: Date): Promise<any> {
  await settled();
  const before = await jobNames(ns);
  clock.step(t.getTime() - 1000 - clock.now().getTime());
  await sleep(250);
  assert.deepEqual(await jobNames(ns), before, `no Job before ${iso(t)}`);
  clock.step(1000);
  const name = `${cj}-${minutes(t)}`;
  const job = await waitFor(`Job ${name}`, async () => (await listJobs(ns)).find((j) => j.metadata.name === name));
  await sleep(100);
  assert.deepEqual(await jobNames(ns), [...before, name].sort(), 'exactly one Job was created');
  return job;
}

/** Plays the Job controller: the Job finished as `type` at the clock's time. */
async function finishJob(ns: string, name: string, type: 'Complete' | 'Failed', startTime?: string): Promise<string> {
  const now = iso(clock.now());
  const status: any = { startTime: startTime ?? now, conditions: [{ type, status: 'True', lastProbeTime: now, lastTransitionTime: now }] };
  if (type === 'Complete') Object.assign(status, { completionTime: now, succeeded: 1 });
  else Object.assign(status, { failed: 1 });
  await mergePatch(`/apis/batch/v1/namespaces/${ns}/jobs/${name}/status`, { status });
  return now;
}

describe('CronJob controller', () => {
  const DAILY = '0 9 * * *';
  // Hard-coded instants, independent of cron.ts: 09:00 local on 2030-01-14.
  const zones: [string, string][] = [
    ['Asia/Kathmandu', '2030-01-14T03:15:00Z'], // UTC+05:45, no DST
    ['America/New_York', '2030-01-14T14:00:00Z'], // EST, UTC−5
    ['Australia/Lord_Howe', '2030-01-14T22:00:00Z'], // LHDT, UTC+11 (summer; +10:30 in winter)
  ];
  for (const [zone, expected] of zones) {
    it(`runs "${DAILY}" in ${zone} at ${expected}`, async () => {
      const ns = await namespace();
      const start = new Date('2030-01-14T00:00:00Z');
      // The CronJob was created (in real time) long before this clock: a starting deadline
      // keeps those days from counting as missed runs.
      await createCronJob(ns, 'daily', { schedule: DAILY, timeZone: zone, startingDeadlineSeconds: 300 });
      startController(start);
      const t = next(DAILY, start, zone)!;
      assert.equal(iso(t), expected, 'cron.ts agrees with the hard-coded instant');
      const job = await expectRunAt(ns, 'daily', t);
      assert.equal(job.metadata.name, `daily-${Date.parse(expected) / 60_000}`);
      assert.equal(job.metadata.labels.app, 'daily');
      assert.equal(job.metadata.annotations.note, 'from-template');
      const owner = job.metadata.ownerReferences[0];
      assert.deepEqual([owner.kind, owner.name, owner.controller], ['CronJob', 'daily', true]);
      const cj = await waitFor('status', async () => {
        const c = await getCronJob(ns, 'daily');
        return c.status?.lastScheduleTime && c;
      });
      assert.equal(cj.status.lastScheduleTime, expected);
      assert.deepEqual(
        cj.status.active.map((r: any) => [r.kind, r.name, r.uid]),
        [['Job', job.metadata.name, job.metadata.uid]],
      );
      const created = await waitFor('SuccessfulCreate', async () => (await events(ns, 'SuccessfulCreate'))[0]);
      assert.equal(created.message, `Created job ${job.metadata.name}`);
      assert.equal(created.source.component, 'cronjob-controller');
      // Requeued for the next day's run at exactly its instant.
      const t2 = next(DAILY, t, zone)!;
      await expectRunAt(ns, 'daily', t2);
    });
  }

  it('uses the controller process local zone (TZ) when spec.timeZone is unset', async () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const ns = await namespace();
      await createCronJob(ns, 'local', { schedule: DAILY, startingDeadlineSeconds: 300 });
      startController(new Date('2030-07-01T00:00:00Z'));
      // 09:00 EDT (UTC−4).
      await expectRunAt(ns, 'local', new Date('2030-07-01T13:00:00Z'));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('Forbid skips a run while a Job is active; completion updates active and lastSuccessfulTime', async () => {
    const ns = await namespace();
    await createCronJob(ns, 'forbid', { schedule: '*/5 * * * *', timeZone: 'UTC', concurrencyPolicy: 'Forbid' });
    startController(new Date());
    const t1 = next('*/5 * * * *', clock.now(), 'UTC')!;
    const first = await expectRunAt(ns, 'forbid', t1);
    await settled();
    const t2 = next('*/5 * * * *', t1, 'UTC')!;
    clock.step(t2.getTime() - clock.now().getTime());
    const skipped = await waitFor('JobAlreadyActive', async () => (await events(ns, 'JobAlreadyActive'))[0]);
    assert.equal(skipped.message, 'Not starting job because prior execution is running and concurrency policy is Forbid');
    assert.deepEqual(await jobNames(ns), [first.metadata.name]);

    const doneAt = await finishJob(ns, first.metadata.name, 'Complete');
    // With the first run finished, the skipped one is still unmet and, with no starting
    // deadline, starts late, as in v1.25.
    const late = `forbid-${minutes(t2)}`;
    const cj = await waitFor('the skipped run started', async () => {
      const c = await getCronJob(ns, 'forbid');
      return c.status.active?.length === 1 && c.status.active[0].name === late && c.status.lastSuccessfulTime && c;
    });
    assert.equal(cj.status.lastSuccessfulTime, doneAt);
    assert.equal(cj.status.lastScheduleTime, iso(t2));
    assert.deepEqual(await jobNames(ns), [first.metadata.name, late].sort());
    const saw = await waitFor('SawCompletedJob', async () => (await events(ns, 'SawCompletedJob'))[0]);
    assert.equal(saw.message, `Saw completed job: ${first.metadata.name}, status: Complete`);
  });

  it('Replace deletes the running Job and starts the new one', async () => {
    const ns = await namespace();
    await createCronJob(ns, 'replace', { schedule: '*/5 * * * *', timeZone: 'UTC', concurrencyPolicy: 'Replace' });
    startController(new Date());
    const t1 = next('*/5 * * * *', clock.now(), 'UTC')!;
    const first = await expectRunAt(ns, 'replace', t1);
    await settled();
    const t2 = next('*/5 * * * *', t1, 'UTC')!;
    clock.step(t2.getTime() - clock.now().getTime());
    const second = `replace-${minutes(t2)}`;
    await waitFor('replaced', async () => JSON.stringify(await jobNames(ns)) === JSON.stringify([second]));
    const del = await waitFor('SuccessfulDelete', async () => (await events(ns, 'SuccessfulDelete'))[0]);
    assert.equal(del.message, `Deleted job ${first.metadata.name}`);
    const cj = await waitFor('active is the new Job', async () => {
      const c = await getCronJob(ns, 'replace');
      return c.status.active?.length === 1 && c.status.active[0].name === second && c;
    });
    assert.equal(cj.status.lastScheduleTime, iso(t2));
  });

  it('keeps successfulJobsHistoryLimit and failedJobsHistoryLimit finished Jobs', async () => {
    const ns = await namespace();
    await createCronJob(ns, 'hist', { schedule: '*/5 * * * *', timeZone: 'UTC', successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1 });
    startController(new Date());
    let t = clock.now();
    const names: string[] = [];
    for (const outcome of ['Complete', 'Complete', 'Failed', 'Failed'] as const) {
      t = next('*/5 * * * *', t, 'UTC')!;
      const job = await expectRunAt(ns, 'hist', t);
      names.push(job.metadata.name);
      await finishJob(ns, job.metadata.name, outcome, iso(t));
      await waitFor('seen finished', async () => ((await getCronJob(ns, 'hist')).status.active ?? []).length === 0);
    }
    // The older of each kind went: one Complete and one Failed are kept.
    await waitFor('history trimmed', async () => JSON.stringify(await jobNames(ns)) === JSON.stringify([names[1], names[3]].sort()));
    const deleted = (await events(ns, 'SuccessfulDelete')).map((e) => e.message).sort();
    assert.deepEqual(deleted, [`Deleted job ${names[0]}`, `Deleted job ${names[2]}`].sort());
  });

  it('starts nothing while suspended, and the missed run on resume', async () => {
    const ns = await namespace();
    await createCronJob(ns, 'sleepy', { schedule: '*/5 * * * *', timeZone: 'UTC', suspend: true });
    startController(new Date());
    await waitFor('first sync', async () => true);
    const t1 = next('*/5 * * * *', clock.now(), 'UTC')!;
    clock.step(t1.getTime() + 60_000 - clock.now().getTime());
    await sleep(300);
    assert.deepEqual(await jobNames(ns), []);
    await mergePatch(`/apis/batch/v1/namespaces/${ns}/cronjobs/sleepy`, { spec: { suspend: false } });
    await waitFor('missed run started', async () => JSON.stringify(await jobNames(ns)) === JSON.stringify([`sleepy-${minutes(t1)}`]));
  });

  it('skips runs missed by more than startingDeadlineSeconds and starts a late one within it', async () => {
    const ns = await namespace();
    const sched = '*/10 * * * *';
    await createCronJob(ns, 'late', { schedule: sched, timeZone: 'UTC', startingDeadlineSeconds: 120 });
    startController(new Date());
    await settled();
    // Three schedule times pass at once; the last is 60 s ago, within the deadline.
    const t1 = next(sched, clock.now(), 'UTC')!;
    const t3 = next(sched, next(sched, t1, 'UTC')!, 'UTC')!;
    clock.step(t3.getTime() + 60_000 - clock.now().getTime());
    await waitFor('late run', async () => JSON.stringify(await jobNames(ns)) === JSON.stringify([`late-${minutes(t3)}`]));
    const cj = await waitFor('status', async () => {
      const c = await getCronJob(ns, 'late');
      return c.status.lastScheduleTime && c;
    });
    assert.equal(cj.status.lastScheduleTime, iso(t3));
    // Two more pass; the last is 5 minutes ago, past the deadline: nothing starts.
    const t5 = next(sched, next(sched, t3, 'UTC')!, 'UTC')!;
    clock.step(t5.getTime() + 300_000 - clock.now().getTime());
    await sleep(400);
    assert.deepEqual(await jobNames(ns), [`late-${minutes(t3)}`]);
  });

  it('warns about more than 100 missed start times and runs the most recent', async () => {
    const ns = await namespace();
    await createCronJob(ns, 'many', { schedule: '* * * * *', timeZone: 'UTC' });
    const created = Date.parse((await getCronJob(ns, 'many')).metadata.creationTimestamp);
    startController(new Date(created + 1000));
    await settled();
    clock.step(3 * 3600_000);
    const warn = await waitFor('TooManyMissedTimes', async () => (await events(ns, 'TooManyMissedTimes'))[0]);
    assert.equal(warn.type, 'Warning');
    const m = /^too many missed start times: (\d+)\. Set or decrease \.spec\.startingDeadlineSeconds or check clock skew$/.exec(warn.message);
    assert.ok(m && Number(m[1]) > 100 && Number(m[1]) <= 181, warn.message);
    await waitFor('most recent run', async () => JSON.stringify(await jobNames(ns)) === JSON.stringify([`many-${minutes(clock.now())}`]));
  });

  it('does not adopt a Job that already has the scheduled name (AlreadyExists)', async () => {
    const ns = await namespace();
    await createCronJob(ns, 'taken', { schedule: '*/5 * * * *', timeZone: 'UTC' });
    startController(new Date());
    const t1 = next('*/5 * * * *', clock.now(), 'UTC')!;
    await ok('POST', `/apis/batch/v1/namespaces/${ns}/jobs`, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: `taken-${minutes(t1)}` },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    await settled();
    clock.step(t1.getTime() - clock.now().getTime());
    await sleep(400);
    assert.deepEqual(await events(ns, 'SuccessfulCreate'), []);
    const cj = await getCronJob(ns, 'taken');
    assert.deepEqual(cj.status.active ?? [], []);
    assert.equal(cj.status.lastScheduleTime, undefined);
  });

  it('leaves a Job from `kubectl create job --from=cronjob/…` (1.25.0) out of its scheduled runs', async () => {
    const ns = await namespace();
    await createCronJob(ns, 'nightly', { schedule: '*/5 * * * *', timeZone: 'UTC', concurrencyPolicy: 'Forbid' });
    startController(new Date());
    await settled();
    const kubectl = client(kubectl125(), cluster.kubeconfig);
    try {
      const r = await kubectl.run(['create', 'job', 'manual', '--from=cronjob/nightly', '-n', ns]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'job.batch/manual created');
    } finally {
      kubectl.cleanup();
    }
    const manual = await ok('GET', `/apis/batch/v1/namespaces/${ns}/jobs/manual`);
    assert.equal(manual.metadata.annotations['cronjob.kubernetes.io/instantiate'], 'manual');
    assert.equal(manual.metadata.ownerReferences[0].name, 'nightly');
    assert.equal(manual.metadata.labels.app, 'nightly', 'the template labels come along');
    // kubectl 1.25 sets no `controller: true` on that reference: the Job is not the controller's.
    assert.equal(manual.metadata.ownerReferences[0].controller, undefined);
    let cj = await getCronJob(ns, 'nightly');
    assert.deepEqual(cj.status.active ?? [], [], 'not an active scheduled run');
    assert.equal(cj.status.lastScheduleTime, undefined);
    // Forbid does not count it: the scheduled run still starts on time.
    const t1 = next('*/5 * * * *', clock.now(), 'UTC')!;
    await expectRunAt(ns, 'nightly', t1);
    assert.deepEqual(await events(ns, 'UnexpectedJob'), []);
    cj = await waitFor('scheduled run active', async () => {
      const c = await getCronJob(ns, 'nightly');
      return c.status.active?.length === 1 && c;
    });
    assert.equal(cj.status.active[0].name, `nightly-${minutes(t1)}`);
    assert.equal(cj.status.lastScheduleTime, iso(t1));
  });
});
