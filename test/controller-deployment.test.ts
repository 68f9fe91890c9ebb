// The Deployment controller with the ReplicaSet controller, both in the test process against the real
// `kubette up` (no controllers of its own); a PodAgent plays the kubelet. Rollout invariants are
// checked by a pod watcher on every event; kubectl 1.25.0 drives rollout status/history/undo/restart,
// set image and scale.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KObject } from '../src/api/object.js';
import { FakeClock, realClock } from '../src/client/clock.js';
import { Informer } from '../src/client/informer.js';
import { connect, RestClient, type ResourceClient } from '../src/client/rest.js';
import { DeploymentController } from '../src/controllers/deployment/controller.js';
import { ReplicaSetController } from '../src/controllers/replicaset/controller.js';
import { silentLogger } from '../src/machinery/log.js';
import { startCluster, type Cluster } from './helpers/cluster.js';
import { PodAgent, waitFor, type PodFate, type PodObj } from './helpers/podagent.js';
import { client, kubectl125 } from './helpers/tools.js';

let cluster: Cluster;
let rest: RestClient;
let rsc: ReplicaSetController;
let dc: DeploymentController;
let deployments: ResourceClient<any>;
let replicasets: ResourceClient<any>;
let kubectl: ReturnType<typeof client>;
const stoppers: (() => Promise<void>)[] = [];

before(async () => {
  cluster = await startCluster({ args: ['--controllers=', '--disable-scheduler'] });
  rest = connect(cluster.connection);
  deployments = rest.resource({ group: 'apps', version: 'v1', resource: 'deployments' });
  replicasets = rest.resource({ group: 'apps', version: 'v1', resource: 'replicasets' });
  rsc = new ReplicaSetController({ rest, clock: realClock, log: silentLogger });
  dc = new DeploymentController({ rest, clock: realClock, log: silentLogger });
  rsc.start();
  dc.start();
  kubectl = client(kubectl125(), cluster.kubeconfig);
});
after(async () => {
  for (const s of stoppers) await s();
  await dc?.stop();
  await rsc?.stop();
  kubectl?.cleanup();
  rest?.close();
  if (!cluster) return;
  await cluster.stop();
  cluster.cleanup();
});

async function namespace(name: string, fate?: (p: PodObj) => PodFate, clock = realClock): Promise<PodAgent> {
  await rest.resource({ group: '', version: 'v1', resource: 'namespaces' }).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const a = new PodAgent(rest, name, fate, clock);
  stoppers.push(() => a.stop());
  await a.start();
  return a;
}

function deployment(ns: string, name: string, spec: Record<string, unknown> = {}, image = 'nginx:1.24'): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } },
      ...spec,
    },
  };
}

const getD = (ns: string, name: string) => deployments.get(name, ns);
const listRS = async (ns: string) => (await replicasets.list({ namespace: ns })).items;
const setImage = (ns: string, name: string, image: string) => deployments.patch(name, { spec: { template: { spec: { containers: [{ name: 'c', image }] } } } }, { namespace: ns, type: 'strategic' });
const cond = (d: any, type: string) => d.status?.conditions?.find((c: any) => c.type === type);
const imageOf = (o: any) => o.spec.template.spec.containers[0].image;

/** Done as `kubectl rollout status` sees it. */
async function rolledOut(ns: string, name: string): Promise<any> {
  return waitFor(`${name} to roll out`, async () => {
    const d = await getD(ns, name);
    const st = d.status ?? {};
    const r = d.spec.replicas;
    return d.metadata.generation <= (st.observedGeneration ?? 0) && st.updatedReplicas === r && st.replicas === r && st.availableReplicas === r && cond(d, 'Progressing')?.reason === 'NewReplicaSetAvailable' && d;
  });
}

async function events(ns: string, reason: string): Promise<any[]> {
  return ((await rest.resource({ group: '', version: 'v1', resource: 'events' }).list({ namespace: ns })).items as any[]).filter((e) => e.reason === reason);
}

async function ok(args: string[]): Promise<string> {
  const r = await kubectl.run(args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

/** Watches a namespace's pods and records, on every event, the active and the ready pod counts (per template hash too). */
function podWatcher(ns: string) {
  const inf = new Informer<PodObj>(rest.resource<PodObj>({ group: '', version: 'v1', resource: 'pods' }), { namespace: ns });
  const seen = { maxTotal: 0, maxDesired: 0, minReady: Infinity, bothHashesActive: false, armed: false };
  const look = () => {
    const active = inf.cache.list().filter((p) => !p.metadata.deletionTimestamp);
    const ready = active.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    seen.maxTotal = Math.max(seen.maxTotal, active.length);
    if (seen.armed) seen.minReady = Math.min(seen.minReady, ready.length);
    if (new Set(active.map((p) => p.metadata.labels?.['pod-template-hash'])).size > 1) seen.bothHashesActive = true;
  };
  inf.on({ add: look, update: look, delete: look });
  inf.start();
  stoppers.push(() => inf.stop());
  // maxSurge bounds the replicas the ReplicaSets are asked for (upstream's guarantee); live pods can
  // briefly exceed it while one set's new pod is created before another's deleted one is gone.
  const rsInf = new Informer<KObject>(rest.resource({ group: 'apps', version: 'v1', resource: 'replicasets' }), { namespace: ns });
  const lookRS = () => {
    const desired = rsInf.cache.list().reduce((n, rs) => n + ((rs as any).spec?.replicas ?? 0), 0);
    seen.maxDesired = Math.max(seen.maxDesired, desired);
  };
  rsInf.on({ add: lookRS, update: lookRS, delete: lookRS });
  rsInf.start();
  stoppers.push(() => rsInf.stop());
  return { seen, synced: async () => (await inf.waitForSync(), await rsInf.waitForSync()) };
}

describe('Deployment controller', { concurrency: true }, () => {
  it('creates <name>-<hash> ReplicaSet with the hash label, revision and replica annotations, and reports status and conditions', async () => {
    const ns = 'd-create';
    await namespace(ns);
    const created = await deployments.create(deployment(ns, 'web', { template: { metadata: { labels: { app: 'web' }, annotations: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } }));
    await deployments.patch('web', { metadata: { annotations: { 'kubernetes.io/change-cause': 'first' } } }, { namespace: ns, type: 'merge' });
    const d = await rolledOut(ns, 'web');
    const [rs, ...more] = await listRS(ns);
    assert.equal(more.length, 0);
    const hash = rs.metadata.labels['pod-template-hash'];
    assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    assert.equal(rs.metadata.name, `web-${hash}`);
    assert.deepEqual(rs.spec.selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
    assert.equal(rs.spec.template.metadata.labels['pod-template-hash'], hash);
    assert.equal(rs.metadata.annotations['deployment.kubernetes.io/revision'], '1');
    assert.equal(rs.metadata.annotations['deployment.kubernetes.io/desired-replicas'], '3');
    assert.equal(rs.metadata.annotations['deployment.kubernetes.io/max-replicas'], '4');
    assert.equal(rs.metadata.annotations['kubernetes.io/change-cause'], 'first');
    assert.deepEqual(rs.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    const pods = (await rest.resource<PodObj>({ group: '', version: 'v1', resource: 'pods' }).list({ namespace: ns })).items;
    assert.equal(pods.length, 3);
    for (const p of pods) assert.equal(p.metadata.labels?.['pod-template-hash'], hash);
    assert.deepEqual(
      { replicas: d.status.replicas, updated: d.status.updatedReplicas, ready: d.status.readyReplicas, available: d.status.availableReplicas, unavailable: d.status.unavailableReplicas ?? 0 },
      { replicas: 3, updated: 3, ready: 3, available: 3, unavailable: 0 },
    );
    const available = cond(d, 'Available');
    assert.deepEqual([available.status, available.reason, available.message], ['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.']);
    const progressing = cond(d, 'Progressing');
    assert.deepEqual([progressing.status, progressing.reason, progressing.message], ['True', 'NewReplicaSetAvailable', `ReplicaSet "${rs.metadata.name}" has successfully progressed.`]);
    const scaled = await events(ns, 'ScalingReplicaSet');
    assert.deepEqual(
      scaled.map((e) => [e.message, e.source.component, e.involvedObject.kind]),
      [[`Scaled up replica set ${rs.metadata.name} to 3`, 'deployment-controller', 'Deployment']],
    );
  });

  it('rolls out a template change within maxSurge and maxUnavailable on every step', async () => {
    const ns = 'd-rolling';
    await namespace(ns);
    const w = podWatcher(ns);
    await w.synced();
    await deployments.create(deployment(ns, 'web', { replicas: 6, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 1 } } }));
    await rolledOut(ns, 'web');
    w.seen.armed = true;
    await setImage(ns, 'web', 'nginx:1.25');
    const d = await waitFor('the new template to roll out', async () => {
      const cur = await rolledOut(ns, 'web');
      return cur.status.observedGeneration === 2 && cur;
    });
    const rss = await listRS(ns);
    assert.equal(rss.length, 2);
    const [oldRS, newRS] = rss.sort((a, b) => Number(a.metadata.annotations['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations['deployment.kubernetes.io/revision']));
    assert.deepEqual([oldRS.spec.replicas, newRS.spec.replicas], [0, 6]);
    assert.equal(imageOf(newRS), 'nginx:1.25');
    assert.equal(newRS.metadata.annotations['deployment.kubernetes.io/revision'], '2');
    assert.equal(cond(d, 'Progressing').message, `ReplicaSet "${newRS.metadata.name}" has successfully progressed.`);
    assert.ok(w.seen.maxDesired <= 8, `at most replicas + maxSurge = 8 pods wanted, saw ${w.seen.maxDesired}`);
    assert.ok(w.seen.minReady >= 5, `at least replicas - maxUnavailable = 5 ready pods, saw ${w.seen.minReady}`);
    assert.ok(w.seen.bothHashesActive, 'old and new pods overlapped, as a rolling update does');
    const msgs = (await events(ns, 'ScalingReplicaSet')).map((e) => e.message);
    assert.ok(msgs.some((m) => new RegExp(`^Scaled down replica set ${oldRS.metadata.name} to 0 from [1-9]$`).test(m)), msgs.join('\n'));
    assert.ok(msgs.some((m) => m.startsWith(`Scaled up replica set ${newRS.metadata.name} to `)));
  });

  it('Recreate scales the old ReplicaSet to zero before the new one has pods', async () => {
    const ns = 'd-recreate';
    await namespace(ns);
    const w = podWatcher(ns);
    await w.synced();
    await deployments.create(deployment(ns, 'web', { replicas: 3, strategy: { type: 'Recreate' } }));
    await rolledOut(ns, 'web');
    await setImage(ns, 'web', 'nginx:1.25');
    await waitFor('the new template to roll out', async () => (await rolledOut(ns, 'web')).status.observedGeneration === 2);
    assert.equal(w.seen.bothHashesActive, false, 'old and new pods never ran together');
    assert.equal(w.seen.maxTotal, 3);
    const rss = await listRS(ns);
    assert.deepEqual(rss.map((rs) => rs.spec.replicas).sort(), [0, 3]);
  });

  it('keeps revisionHistoryLimit old ReplicaSets, and brings an old one back with revision-history', async () => {
    const ns = 'd-history';
    await namespace(ns);
    await deployments.create(deployment(ns, 'web', { replicas: 1, revisionHistoryLimit: 2 }, 'img:1'));
    await rolledOut(ns, 'web');
    for (const v of [2, 3, 4]) {
      await setImage(ns, 'web', `img:${v}`);
      await waitFor(`img:${v} to roll out`, async () => (await rolledOut(ns, 'web')).status.observedGeneration === v);
    }
    const rss = await waitFor('the oldest ReplicaSet to be deleted', async () => {
      const l = await listRS(ns);
      return l.length === 3 && l;
    });
    assert.deepEqual(rss.map((rs) => [rs.metadata.annotations['deployment.kubernetes.io/revision'], imageOf(rs)]).sort(), [
      ['2', 'img:2'],
      ['3', 'img:3'],
      ['4', 'img:4'],
    ]);
    // Back to img:2: its ReplicaSet becomes revision 5 and remembers it was 2.
    await setImage(ns, 'web', 'img:2');
    await waitFor('img:2 to roll out', async () => (await rolledOut(ns, 'web')).status.observedGeneration === 5);
    const back = (await listRS(ns)).find((rs) => imageOf(rs) === 'img:2');
    assert.equal(back.metadata.annotations['deployment.kubernetes.io/revision'], '5');
    assert.equal(back.metadata.annotations['deployment.kubernetes.io/revision-history'], '2');
  });

  it('paused: no rollout, scaling still applies; resumed: the rollout happens (DeploymentPaused / DeploymentResumed)', async () => {
    const ns = 'd-pause';
    await namespace(ns);
    // Every Progressing condition the Deployment goes through, as a watcher sees them.
    const seen: string[] = [];
    const dInf = new Informer<any>(deployments, { namespace: ns });
    const record = (d: any) => {
      const c = cond(d, 'Progressing');
      const s = c && `${c.status} ${c.reason} ${c.message}`;
      if (s && seen[seen.length - 1] !== s) seen.push(s);
    };
    dInf.on({ add: record, update: (_, d) => record(d) });
    dInf.start();
    stoppers.push(() => dInf.stop());
    await deployments.create(deployment(ns, 'web', { replicas: 2 }));
    await rolledOut(ns, 'web');
    await deployments.patch('web', { spec: { paused: true } }, { namespace: ns, type: 'merge' });
    const paused = await waitFor('the paused condition', async () => {
      const c = cond(await getD(ns, 'web'), 'Progressing');
      return c?.reason === 'DeploymentPaused' && c;
    });
    assert.deepEqual([paused.status, paused.message], ['Unknown', 'Deployment is paused']);
    await setImage(ns, 'web', 'nginx:1.25');
    await deployments.patch('web', { spec: { replicas: 4 } }, { namespace: ns, type: 'merge' });
    await waitFor('the scale to apply to the one ReplicaSet', async () => {
      const d = await getD(ns, 'web');
      return d.status.observedGeneration === d.metadata.generation && d.status.availableReplicas === 4;
    });
    const rss = await listRS(ns);
    assert.equal(rss.length, 1, 'no new ReplicaSet while paused');
    assert.equal(imageOf(rss[0]), 'nginx:1.24');
    assert.equal(rss[0].spec.replicas, 4);
    await deployments.patch('web', { spec: { paused: false } }, { namespace: ns, type: 'merge' });
    const d = await rolledOut(ns, 'web');
    assert.equal(cond(d, 'Progressing').status, 'True');
    assert.ok(seen.includes('Unknown DeploymentResumed Deployment is resumed'), seen.join('\n'));
    const now = await listRS(ns);
    assert.equal(now.length, 2);
    assert.equal(imageOf(now.find((rs) => rs.spec.replicas === 4)), 'nginx:1.25');
  });

  it('scales proportionally when the Deployment is scaled in the middle of a rollout', async () => {
    const ns = 'd-proportional';
    // New pods never become ready, so the rollout stalls with old=8 and new=5 (replicas 10, maxSurge 3, maxUnavailable 2).
    const a = await namespace(ns, (p) => (p.spec?.containers[0]?.image === 'bad:1' ? 'running' : 'ready'));
    await deployments.create(deployment(ns, 'web', { replicas: 10, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }));
    await rolledOut(ns, 'web');
    await setImage(ns, 'web', 'bad:1');
    const sizes = async () => {
      const l = await listRS(ns);
      return { old: l.find((rs) => imageOf(rs) === 'nginx:1.24')?.spec.replicas, new: l.find((rs) => imageOf(rs) === 'bad:1')?.spec.replicas };
    };
    await waitFor('the stalled rollout: old 8, new 5', async () => {
      const s = await sizes();
      return s.old === 8 && s.new === 5;
    });
    await deployments.patch('web', { spec: { replicas: 15 } }, { namespace: ns, type: 'merge' });
    // 5 more within replicas + maxSurge = 18: 3 to the bigger old set (8 → 11), 2 to the new one (5 → 7).
    await waitFor('old 11 and new 7', async () => {
      const s = await sizes();
      return s.old === 11 && s.new === 7;
    });
    a.fate = () => 'ready';
    a.resync();
    const d = await rolledOut(ns, 'web');
    assert.equal(d.status.replicas, 15);
  });

  it('kubectl 1.25: rollout status, set image, rollout history, rollout undo, rollout restart and scale', async () => {
    const ns = 'd-kubectl';
    await namespace(ns);
    await ok(['create', 'deployment', 'web', '--image=nginx:1.24', '--replicas=2', '-n', ns]);
    const status = await ok(['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=60s']);
    assert.match(status, /deployment "web" successfully rolled out/);
    // kubectl create deployment names the container after the image.
    assert.match(await ok(['set', 'image', 'deployment/web', 'nginx=nginx:1.25', '-n', ns]), /deployment.apps\/web image updated/);
    // Annotated after the template change, the cause lands on the new ReplicaSet only.
    await ok(['annotate', 'deployment/web', '-n', ns, 'kubernetes.io/change-cause=to 1.25']);
    assert.match(await ok(['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=60s']), /successfully rolled out/);
    assert.equal(imageOf(await getD(ns, 'web')), 'nginx:1.25');
    const history = await ok(['rollout', 'history', 'deployment/web', '-n', ns]);
    assert.match(history, /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+to 1\.25\n/);
    const rev1 = await ok(['rollout', 'history', 'deployment/web', '-n', ns, '--revision=1']);
    assert.match(rev1, /Image:\s+nginx:1\.24/);
    assert.match(await ok(['rollout', 'undo', 'deployment/web', '-n', ns]), /deployment.apps\/web rolled back/);
    assert.match(await ok(['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=60s']), /successfully rolled out/);
    assert.equal(imageOf(await getD(ns, 'web')), 'nginx:1.24');
    const afterUndo = await ok(['rollout', 'history', 'deployment/web', '-n', ns]);
    assert.match(afterUndo, /\n2\s+to 1\.25\n3\s+<none>\n/);
    assert.match(await ok(['rollout', 'restart', 'deployment/web', '-n', ns]), /deployment.apps\/web restarted/);
    assert.match(await ok(['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=60s']), /successfully rolled out/);
    const d = await getD(ns, 'web');
    assert.match(d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'], /^\d{4}-\d\d-\d\dT/);
    const newest = (await listRS(ns)).find((rs) => rs.metadata.annotations['deployment.kubernetes.io/revision'] === '4');
    assert.equal(newest.spec.replicas, 2);
    assert.match(await ok(['scale', 'deployment/web', '--replicas=4', '-n', ns]), /deployment.apps\/web scaled/);
    assert.match(await ok(['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=60s']), /successfully rolled out/);
    assert.equal((await getD(ns, 'web')).status.availableReplicas, 4);
  });
});

describe('Deployment controller with a fake clock', () => {
  // The real-time controller would act on these Deployments too: a fake-clock one runs alone.
  let fake: DeploymentController;
  const clock = new FakeClock(new Date());
  before(async () => {
    await dc.stop();
    fake = new DeploymentController({ rest, clock, log: silentLogger });
    fake.start();
  });
  after(() => fake?.stop());

  it('marks a rollout that makes no progress within progressDeadlineSeconds as ProgressDeadlineExceeded', async () => {
    const ns = 'd-deadline';
    await namespace(ns, () => 'running', clock);
    await deployments.create(deployment(ns, 'web', { replicas: 2, progressDeadlineSeconds: 30 }));
    const rsName = await waitFor('the ReplicaSet', async () => (await listRS(ns))[0]?.metadata.name);
    await waitFor('the pods to be counted', async () => (await getD(ns, 'web')).status?.replicas === 2);
    const before = cond(await getD(ns, 'web'), 'Progressing');
    assert.equal(before.status, 'True');
    assert.equal(cond(await getD(ns, 'web'), 'Available').reason, 'MinimumReplicasUnavailable');
    assert.equal(cond(await getD(ns, 'web'), 'Available').message, 'Deployment does not have minimum availability.');
    clock.step(32_000);
    const timedOut = await waitFor('ProgressDeadlineExceeded', async () => {
      // Time keeps moving, so a requeue scheduled after the big step still comes due.
      clock.step(200);
      const c = cond(await getD(ns, 'web'), 'Progressing');
      return c?.reason === 'ProgressDeadlineExceeded' && c;
    });
    assert.equal(timedOut.status, 'False');
    assert.equal(timedOut.message, `ReplicaSet "${rsName}" has timed out progressing.`);
    const r = await kubectl.run(['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=20s']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /deployment "web" exceeded its progress deadline/);
  });
});
