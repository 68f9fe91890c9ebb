// The Job and TTL-after-finished controllers against the real `kubette up` (with only the garbage
// collector in it): the controllers run in this process on a FakeClock, and the test plays the
// node agent, moving pods to Succeeded/Failed through pods/status. Time is stepped explicitly and
// results are polled from the server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../src/client/clock.js';
import { connect, RestClient } from '../src/client/rest.js';
import { JobController } from '../src/controllers/job/controller.js';
import { TTLAfterFinishedController } from '../src/controllers/ttlafterfinished/controller.js';
import { silentLogger } from '../src/machinery/log.js';
import { api, startCluster, type Cluster } from './helpers/cluster.js';
import { expectOk, poll } from './helpers/wait.js';

let cluster: Cluster;
let base: string;
let rest: RestClient;
let clock: FakeClock;
let jobs: JobController;
let ttl: TTLAfterFinishedController;

before(async () => {
  cluster = await startCluster({ args: ['--controllers=garbagecollector', '--disable-scheduler'] });
  base = cluster.url;
  rest = connect(cluster.connection);
  clock = new FakeClock(new Date());
  const ctx = { rest, clock, log: silentLogger };
  jobs = new JobController(ctx);
  ttl = new TTLAfterFinishedController(ctx);
  jobs.start();
  ttl.start();
});
after(async () => {
  await jobs?.stop();
  await ttl?.stop();
  rest?.close();
  if (!cluster) return;
  await cluster.stop();
  cluster.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `fn` returns a value other than undefined/false; fails after `ms` of real time. */
const waitFor = <T>(what: string, fn: () => Promise<T | undefined | false>, ms = 10_000) => poll(what, fn, { timeoutMs: ms });

/**
 * Steps the fake clock a second at a time until `fn` holds, giving the controller a moment after
 * each step; returns the clock time that took. Fails past `maxMs` of clock time.
 */
async function stepUntil<T>(what: string, fn: () => Promise<T | undefined | false>, maxMs = 60_000): Promise<{ value: T; elapsedMs: number }> {
  const start = clock.now().getTime();
  for (;;) {
    const deadline = Date.now() + 150;
    do {
      const v = await fn();
      if (v !== undefined && v !== false) return { value: v, elapsedMs: clock.now().getTime() - start };
      await sleep(15);
    } while (Date.now() < deadline);
    if (clock.now().getTime() - start >= maxMs) throw new Error(`${what}: not reached after ${maxMs} ms of clock time`);
    clock.step(1000);
  }
}

const ok = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => expectOk(base, method, path, body, headers);
const mergePatch = (path: string, body: unknown) => ok('PATCH', path, body, { 'Content-Type': 'application/merge-patch+json' });

let nsSeq = 0;
async function namespace(): Promise<string> {
  const name = `job-${++nsSeq}`;
  await ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

const TRACKING = 'batch.kubernetes.io/job-tracking';

async function createJob(ns: string, name: string, spec: object, opts: { tracking?: boolean; annotations?: Record<string, string> } = {}): Promise<any> {
  const annotations = { ...(opts.tracking === false ? {} : { [TRACKING]: '' }), ...opts.annotations };
  return ok('POST', `/apis/batch/v1/namespaces/${ns}/jobs`, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, annotations },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } }, ...spec },
  });
}

const getJob = (ns: string, name: string) => ok('GET', `/apis/batch/v1/namespaces/${ns}/jobs/${name}`);
const listPods = async (ns: string): Promise<any[]> => (await ok('GET', `/api/v1/namespaces/${ns}/pods`)).items;
const activePods = async (ns: string) => (await listPods(ns)).filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
const condition = (job: any, type: string) => job.status?.conditions?.find((c: any) => c.type === type);

/** Plays the kubelet: the pod's only container terminated with `exitCode`. */
async function finishPod(ns: string, pod: any, phase: 'Succeeded' | 'Failed'): Promise<void> {
  const t = clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const terminated = { exitCode: phase === 'Succeeded' ? 0 : 1, reason: phase === 'Succeeded' ? 'Completed' : 'Error', startedAt: t, finishedAt: t };
  await mergePatch(`/api/v1/namespaces/${ns}/pods/${pod.metadata.name}/status`, {
    status: { phase, containerStatuses: [{ name: 'c', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated } }] },
  });
}

async function events(ns: string, reason: string): Promise<any[]> {
  return (await ok('GET', `/api/v1/namespaces/${ns}/events`)).items.filter((e: any) => e.reason === reason);
}

describe('Job controller', () => {
  it('keeps parallelism pods running and completes after N successes (tracking with finalizers)', async () => {
    const ns = await namespace();
    await createJob(ns, 'work', { completions: 3, parallelism: 2 });
    let pods = await waitFor('2 pods', async () => ((await listPods(ns)).length === 2 ? listPods(ns) : undefined));
    for (const p of pods) {
      assert.ok(p.metadata.finalizers.includes(TRACKING), 'pods carry the tracking finalizer');
      assert.equal(p.metadata.ownerReferences[0].kind, 'Job');
      assert.match(p.metadata.generateName, /^work-$/);
    }
    // Never more than parallelism at once, even given time.
    clock.step(5000);
    await sleep(200);
    assert.equal((await listPods(ns)).length, 2);
    const started = await getJob(ns, 'work');
    assert.ok(started.status.startTime);
    assert.equal(started.status.active, 2);

    await finishPod(ns, pods[0], 'Succeeded');
    // The success is counted (finalizer released) and a third pod replaces it.
    await stepUntil('third pod', async () => (await listPods(ns)).length === 3);
    const counted = await stepUntil('success counted', async () => {
      const j = await getJob(ns, 'work');
      return j.status.succeeded === 1 && j;
    });
    assert.deepEqual(counted.value.status.uncountedTerminatedPods ?? {}, {});
    const first = (await listPods(ns)).find((p) => p.metadata.name === pods[0].metadata.name);
    assert.ok(!first.metadata.finalizers?.includes(TRACKING), 'a counted pod is released');

    pods = await activePods(ns);
    assert.equal(pods.length, 2);
    for (const p of pods) await finishPod(ns, p, 'Succeeded');
    const done = await stepUntil('Complete', async () => {
      const j = await getJob(ns, 'work');
      return condition(j, 'Complete') && j;
    });
    const job = done.value;
    assert.equal(condition(job, 'Complete').status, 'True');
    assert.equal(job.status.succeeded, 3);
    assert.equal(job.status.active ?? 0, 0);
    assert.ok(job.status.completionTime, 'completionTime is set');
    assert.equal(job.status.completionTime, condition(job, 'Complete').lastTransitionTime);
    assert.equal((await listPods(ns)).length, 3, 'no pod beyond completions');
    const completed = await waitFor('Completed event', async () => (await events(ns, 'Completed'))[0]);
    assert.equal(completed.message, 'Job completed');
    assert.equal(completed.source.component, 'job-controller');
    const creates = await events(ns, 'SuccessfulCreate');
    assert.deepEqual(creates.map((e) => e.message).sort(), (await listPods(ns)).map((p) => `Created pod: ${p.metadata.name}`).sort());
  });

  it('counts pods without finalizers when the Job lacks the tracking annotation (legacy tracking)', async () => {
    const ns = await namespace();
    // The server marks every new Job for tracking (as v1.25 does); a Job from before that — here made
    // by removing the mark while the Job is suspended — is tracked the legacy way.
    await createJob(ns, 'legacy', { completions: 1, parallelism: 1, suspend: true }, { tracking: false });
    await ok('PATCH', `/apis/batch/v1/namespaces/${ns}/jobs/legacy`, { metadata: { annotations: { [TRACKING]: null } }, spec: { suspend: false } }, { 'Content-Type': 'application/merge-patch+json' });
    const [pod] = await waitFor('pod', async () => ((await listPods(ns)).length === 1 ? listPods(ns) : undefined));
    assert.ok(!pod.metadata.finalizers?.includes(TRACKING));
    await finishPod(ns, pod, 'Succeeded');
    const { value: job } = await stepUntil('Complete', async () => {
      const j = await getJob(ns, 'legacy');
      return condition(j, 'Complete') && j;
    });
    assert.equal(job.status.succeeded, 1);
    assert.equal(job.status.uncountedTerminatedPods, undefined);
  });

  it('recreates failed pods after 10 s, then 20 s, and fails at the backoff limit', async () => {
    const ns = await namespace();
    await createJob(ns, 'flaky', { completions: 1, parallelism: 1, backoffLimit: 2 });
    const delays: number[] = [];
    for (let n = 1; n <= 2; n++) {
      const [pod] = await waitFor(`pod ${n}`, async () => {
        const a = await activePods(ns);
        return a.length === 1 && a;
      });
      await finishPod(ns, pod, 'Failed');
      const { elapsedMs } = await stepUntil(`replacement ${n}`, async () => (await activePods(ns)).length === 1, 60_000);
      delays.push(elapsedMs);
    }
    // The back-off counts from when the failure was seen (within the 1 s pod-update batching).
    assert.ok(delays[0]! >= 10_000 && delays[0]! <= 14_000, `first back-off ${delays[0]} ms`);
    assert.ok(delays[1]! >= 20_000 && delays[1]! <= 24_000, `second back-off ${delays[1]} ms`);
    const [last] = await activePods(ns);
    await finishPod(ns, last, 'Failed');
    const { value: job } = await stepUntil('Failed', async () => {
      const j = await getJob(ns, 'flaky');
      return condition(j, 'Failed') && j;
    });
    const c = condition(job, 'Failed');
    assert.equal(c.status, 'True');
    assert.equal(c.reason, 'BackoffLimitExceeded');
    assert.equal(c.message, 'Job has reached the specified backoff limit');
    assert.equal(job.status.failed, 3);
    assert.equal(job.status.completionTime, undefined);
    const ev = await waitFor('BackoffLimitExceeded event', async () => (await events(ns, 'BackoffLimitExceeded'))[0]);
    assert.equal(ev.type, 'Warning');
    assert.equal(ev.message, 'Job has reached the specified backoff limit');
  });

  it('deletes the active pods of a Job that fails', async () => {
    const ns = await namespace();
    await createJob(ns, 'strict', { completions: 2, parallelism: 2, backoffLimit: 0 });
    const pods = await waitFor('2 pods', async () => {
      const a = await activePods(ns);
      return a.length === 2 && a;
    });
    await finishPod(ns, pods[0], 'Failed');
    const { value: job } = await stepUntil('Failed', async () => {
      const j = await getJob(ns, 'strict');
      return condition(j, 'Failed') && j;
    });
    assert.equal(condition(job, 'Failed').reason, 'BackoffLimitExceeded');
    // The other pod was deleted and, once released, counted as failed too.
    assert.equal(job.status.failed, 2);
    assert.equal(job.status.active ?? 0, 0);
    await waitFor('running pod gone', async () => !(await listPods(ns)).some((p) => p.metadata.name === pods[1].metadata.name));
    const del = await waitFor('SuccessfulDelete', async () => (await events(ns, 'SuccessfulDelete'))[0]);
    assert.equal(del.message, `Deleted pod: ${pods[1].metadata.name}`);
  });

  it('fails a Job whose pods restart past the limit (restartPolicy OnFailure)', async () => {
    const ns = await namespace();
    await ok('POST', `/apis/batch/v1/namespaces/${ns}/jobs`, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'restarts' },
      spec: { backoffLimit: 2, template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    const [pod] = await waitFor('pod', async () => ((await listPods(ns)).length === 1 ? listPods(ns) : undefined));
    await mergePatch(`/api/v1/namespaces/${ns}/pods/${pod.metadata.name}/status`, {
      status: { phase: 'Running', containerStatuses: [{ name: 'c', image: 'busybox', imageID: '', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
    });
    const { value: job } = await stepUntil('Failed', async () => {
      const j = await getJob(ns, 'restarts');
      return condition(j, 'Failed') && j;
    });
    assert.equal(condition(job, 'Failed').reason, 'BackoffLimitExceeded');
    await waitFor('pod deleted', async () => (await listPods(ns)).length === 0);
  });

  it('fails a Job active longer than activeDeadlineSeconds', async () => {
    const ns = await namespace();
    await createJob(ns, 'slow', { activeDeadlineSeconds: 30 });
    await waitFor('pod', async () => (await listPods(ns)).length === 1);
    const start = Date.parse((await waitFor('startTime', async () => (await getJob(ns, 'slow')).status.startTime)) as string);
    clock.step(start + 29_000 - clock.now().getTime());
    await sleep(200);
    assert.equal(condition(await getJob(ns, 'slow'), 'Failed'), undefined, 'not failed before the deadline');
    const { value: job } = await stepUntil('DeadlineExceeded', async () => {
      const j = await getJob(ns, 'slow');
      return condition(j, 'Failed') && j;
    });
    assert.ok(clock.now().getTime() >= start + 30_000);
    const c = condition(job, 'Failed');
    assert.equal(c.reason, 'DeadlineExceeded');
    assert.equal(c.message, 'Job was active longer than specified deadline');
    await waitFor('pod deleted', async () => (await listPods(ns)).length === 0);
    const ev = await waitFor('DeadlineExceeded event', async () => (await events(ns, 'DeadlineExceeded'))[0]);
    assert.equal(ev.message, 'Job was active longer than specified deadline');
  });

  it('runs an Indexed Job: one pod per index, JOB_COMPLETION_INDEX, hostnames, completedIndexes', async () => {
    const ns = await namespace();
    await createJob(ns, 'idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' });
    const pods = await waitFor('3 pods', async () => {
      const a = await listPods(ns);
      return a.length === 3 && a;
    });
    const byIndex = new Map<string, any>(pods.map((p: any) => [p.metadata.annotations['batch.kubernetes.io/job-completion-index'], p]));
    assert.deepEqual([...byIndex.keys()].sort(), ['0', '1', '2']);
    for (const [ix, p] of byIndex) {
      assert.equal(p.spec.hostname, `idx-${ix}`);
      assert.equal(p.metadata.generateName, `idx-${ix}-`);
      const env = p.spec.containers[0].env.find((e: any) => e.name === 'JOB_COMPLETION_INDEX');
      assert.deepEqual(env.valueFrom.fieldRef.fieldPath, "metadata.annotations['batch.kubernetes.io/job-completion-index']");
    }
    await finishPod(ns, byIndex.get('0'), 'Succeeded');
    await finishPod(ns, byIndex.get('2'), 'Succeeded');
    const { value: partial } = await stepUntil('0,2', async () => {
      const j = await getJob(ns, 'idx');
      return j.status.completedIndexes === '0,2' && j;
    });
    assert.equal(partial.status.succeeded, 2);
    await finishPod(ns, byIndex.get('1'), 'Succeeded');
    const { value: job } = await stepUntil('Complete', async () => {
      const j = await getJob(ns, 'idx');
      return condition(j, 'Complete') && j;
    });
    assert.equal(job.status.completedIndexes, '0-2');
    assert.equal(job.status.succeeded, 3);
  });

  it('suspends and resumes a Job', async () => {
    const ns = await namespace();
    await createJob(ns, 'paused', { suspend: true, parallelism: 2, completions: 4 });
    const suspended = await waitFor('Suspended', async () => {
      const j = await getJob(ns, 'paused');
      return condition(j, 'Suspended') && j;
    });
    const c = condition(suspended, 'Suspended');
    assert.deepEqual([c.status, c.reason, c.message], ['True', 'JobSuspended', 'Job suspended']);
    assert.equal(suspended.status.startTime, undefined, 'a Job created suspended has not started');
    assert.equal((await listPods(ns)).length, 0);

    clock.step(60_000);
    await mergePatch(`/apis/batch/v1/namespaces/${ns}/jobs/paused`, { spec: { suspend: false } });
    const resumed = await waitFor('resumed', async () => {
      const j = await getJob(ns, 'paused');
      return condition(j, 'Suspended')?.status === 'False' && j;
    });
    assert.equal(condition(resumed, 'Suspended').reason, 'JobResumed');
    assert.equal(Date.parse(resumed.status.startTime), Math.floor(clock.now().getTime() / 1000) * 1000, 'resuming starts the clock now');
    await waitFor('2 pods', async () => (await activePods(ns)).length === 2);

    await mergePatch(`/apis/batch/v1/namespaces/${ns}/jobs/paused`, { spec: { suspend: true } });
    await waitFor('pods removed', async () => (await listPods(ns)).length === 0);
    const again = await waitFor('suspended again', async () => {
      const j = await getJob(ns, 'paused');
      return condition(j, 'Suspended')?.status === 'True' && j;
    });
    assert.equal(again.status.active ?? 0, 0);
    assert.equal(condition(again, 'Complete'), undefined);
    assert.equal((await events(ns, 'Resumed'))[0]?.message, 'Job resumed');
  });

  it('deletes a finished Job ttlSecondsAfterFinished after it finished, with its pods', async () => {
    const ns = await namespace();
    await createJob(ns, 'short', { ttlSecondsAfterFinished: 60 });
    const [pod] = await waitFor('pod', async () => ((await listPods(ns)).length === 1 ? listPods(ns) : undefined));
    await finishPod(ns, pod, 'Succeeded');
    const { value: job } = await stepUntil('Complete', async () => {
      const j = await getJob(ns, 'short');
      return condition(j, 'Complete') && j;
    });
    const finishedAt = Date.parse(condition(job, 'Complete').lastTransitionTime);
    clock.step(finishedAt + 59_000 - clock.now().getTime());
    await sleep(300);
    assert.equal((await api(base, 'GET', `/apis/batch/v1/namespaces/${ns}/jobs/short`)).status, 200, 'kept until the TTL runs out');
    clock.step(1000);
    await waitFor('Job deleted', async () => (await api(base, 'GET', `/apis/batch/v1/namespaces/${ns}/jobs/short`)).status === 404);
    await waitFor('pods deleted', async () => (await listPods(ns)).length === 0);
  });
});
