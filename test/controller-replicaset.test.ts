// The ReplicaSet controller, run in the test process against the real `kubette up` (with no
// controllers of its own); a PodAgent plays the kubelet. Real time unless a test needs a FakeClock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock, realClock, type Clock } from '../src/client/clock.js';
import { connect, RestClient, type ResourceClient } from '../src/client/rest.js';
import type { KObject } from '../src/api/object.js';
import { silentLogger } from '../src/machinery/log.js';
import { ReplicaSetController } from '../src/controllers/replicaset/controller.js';
import { startCluster, type Cluster } from './helpers/cluster.js';
import { PodAgent, waitFor, type PodFate, type PodObj } from './helpers/podagent.js';

let cluster: Cluster;
let rest: RestClient;
let rsc: ReplicaSetController;
let replicasets: ResourceClient;
let pods: ResourceClient<PodObj>;
const agents: PodAgent[] = [];

before(async () => {
  cluster = await startCluster({ args: ['--controllers=', '--disable-scheduler'] });
  rest = connect(cluster.connection);
  replicasets = rest.resource({ group: 'apps', version: 'v1', resource: 'replicasets' });
  pods = rest.resource<PodObj>({ group: '', version: 'v1', resource: 'pods' });
  rsc = new ReplicaSetController({ rest, clock: realClock, log: silentLogger });
  rsc.start();
});
after(async () => {
  for (const a of agents) await a.stop();
  await rsc?.stop();
  rest?.close();
  if (!cluster) return;
  await cluster.stop();
  cluster.cleanup();
});

async function namespace(name: string, labels: Record<string, string> = {}): Promise<void> {
  await rest.resource({ group: '', version: 'v1', resource: 'namespaces' }).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
}

async function agent(ns: string, fate?: (p: PodObj) => PodFate, clock?: Clock): Promise<PodAgent> {
  const a = new PodAgent(rest, ns, fate, clock);
  agents.push(a);
  await a.start();
  return a;
}

function replicaSet(ns: string, name: string, replicas: number, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, tier: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } },
      ...extra,
    },
  };
}

const activePods = async (ns: string) => (await pods.list({ namespace: ns })).items.filter((p) => !p.metadata.deletionTimestamp);
const getRS = (ns: string, name: string) => replicasets.get(name, ns) as Promise<any>;
const scaleTo = (ns: string, name: string, replicas: number) => replicasets.patch(name, { spec: { replicas } }, { namespace: ns, type: 'merge' });

describe('ReplicaSet controller', { concurrency: true }, () => {
  it('creates pods to spec.replicas from the template, owned by the ReplicaSet, and reports status', async () => {
    const ns = 'rs-create';
    await namespace(ns);
    await agent(ns);
    const rs = await replicasets.create(replicaSet(ns, 'web', 5));
    const st = await waitFor('status to show 5 ready replicas', async () => {
      const cur = await getRS(ns, 'web');
      return cur.status?.readyReplicas === 5 && cur.status?.availableReplicas === 5 && cur.status;
    });
    assert.equal(st.replicas, 5);
    assert.equal(st.fullyLabeledReplicas, 5);
    assert.equal(st.observedGeneration, 1);
    const list = await activePods(ns);
    assert.equal(list.length, 5);
    for (const p of list) {
      assert.match(p.metadata.name!, /^web-[a-z0-9]{5}$/);
      assert.deepEqual(p.metadata.labels, { app: 'web', tier: 'web' });
      assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    const events = await waitFor('SuccessfulCreate events', async () => {
      const ev = (await rest.resource({ group: '', version: 'v1', resource: 'events' }).list({ namespace: ns })).items as any[];
      const created = ev.filter((e) => e.reason === 'SuccessfulCreate');
      return created.length === 5 && created;
    });
    const names = new Set(list.map((p) => p.metadata.name));
    for (const e of events) {
      assert.match(e.message, /^Created pod: web-[a-z0-9]{5}$/);
      assert.ok(names.has(e.message.slice('Created pod: '.length)));
      assert.equal(e.source.component, 'replicaset-controller');
      assert.equal(e.involvedObject.kind, 'ReplicaSet');
    }
  });

  it('scales down to spec.replicas, deleting not-ready pods before ready ones, and scales back up', async () => {
    const ns = 'rs-scale';
    await namespace(ns);
    // Pods are made ready in creation order until three are: the rest stay Running but not ready.
    const readyNames = new Set<string>();
    const a = await agent(ns, (p) => {
      if (readyNames.has(p.metadata.name!)) return 'ready';
      if (readyNames.size < 3) {
        readyNames.add(p.metadata.name!);
        return 'ready';
      }
      return 'running';
    });
    await replicasets.create(replicaSet(ns, 'web', 6));
    await waitFor('6 pods, 3 ready', async () => {
      const cur = await getRS(ns, 'web');
      return cur.status?.replicas === 6 && cur.status?.readyReplicas === 3;
    });
    await scaleTo(ns, 'web', 3);
    const left = await waitFor('3 pods left', async () => {
      const l = await activePods(ns);
      return l.length === 3 && l;
    });
    assert.deepEqual(new Set(left.map((p) => p.metadata.name)), readyNames, 'the not-ready pods were deleted first');
    const st = await waitFor('status of 3', async () => {
      const cur = await getRS(ns, 'web');
      return cur.status?.replicas === 3 && cur.status.observedGeneration === 2 && cur.status;
    });
    assert.equal(st.readyReplicas, 3);
    const deleted = ((await rest.resource({ group: '', version: 'v1', resource: 'events' }).list({ namespace: ns })).items as any[]).filter((e) => e.reason === 'SuccessfulDelete');
    assert.equal(deleted.length, 3);
    for (const e of deleted) assert.match(e.message, /^Deleted pod: web-[a-z0-9]{5}$/);
    a.fate = () => 'ready';
    await scaleTo(ns, 'web', 4);
    await waitFor('4 ready pods', async () => (await getRS(ns, 'web')).status?.readyReplicas === 4);
    assert.equal((await activePods(ns)).length, 4);
  });

  it('deletes unassigned pods before pods on a node, and pods on a crowded node first', async () => {
    const ns = 'rs-rank';
    await namespace(ns);
    await agent(ns);
    // Node crowding counts only among ReplicaSets under one controller (a Deployment's), so give it one.
    const owner = await rest.resource({ group: 'apps', version: 'v1', resource: 'deployments' }).create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'owner', namespace: ns },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    const rsObj = replicaSet(ns, 'web', 4);
    rsObj.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'owner', uid: owner.metadata.uid!, controller: true }];
    await replicasets.create(rsObj);
    const list = await waitFor('4 ready pods', async () => {
      const l = await activePods(ns);
      return l.length === 4 && l.every((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) && l;
    });
    const [p1, p2, p3, p4] = list.map((p) => p.metadata.name!);
    // p1 stays unassigned; p2 and p3 share node-a; p4 is alone on node-b.
    for (const [pod, node] of [[p2, 'node-a'], [p3, 'node-a'], [p4, 'node-b']] as const) {
      await rest.request({ method: 'POST', path: `/api/v1/namespaces/${ns}/pods/${pod}/binding`, body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod }, target: { kind: 'Node', name: node } } });
    }
    await scaleTo(ns, 'web', 3);
    await waitFor('the unassigned pod to go', async () => (await activePods(ns)).length === 3);
    assert.deepEqual((await activePods(ns)).map((p) => p.metadata.name).sort(), [p2, p3, p4].sort());
    await scaleTo(ns, 'web', 2);
    const left = await waitFor('one of the doubled-up pods to go', async () => {
      const l = await activePods(ns);
      return l.length === 2 && l;
    });
    const names = left.map((p) => p.metadata.name);
    assert.ok(names.includes(p4), 'the pod alone on its node stays');
    assert.equal(names.filter((n) => n === p2 || n === p3).length, 1);
  });

  it('adopts matching orphans and releases owned pods that stop matching', async () => {
    const ns = 'rs-claim';
    await namespace(ns);
    await agent(ns);
    const orphan = await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'orphan', namespace: ns, labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } as PodObj);
    const rs = await replicasets.create(replicaSet(ns, 'web', 2));
    const adopted = await waitFor('the orphan to be adopted', async () => {
      const p = await pods.get('orphan', ns);
      return !!p.metadata.ownerReferences?.length && p;
    });
    assert.equal(adopted.metadata.uid, orphan.metadata.uid);
    assert.deepEqual(adopted.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    await waitFor('2 pods (the orphan and one new)', async () => (await getRS(ns, 'web')).status?.replicas === 2);
    assert.equal((await activePods(ns)).length, 2);
    // Relabel the adopted pod: the ReplicaSet lets it go and makes a replacement.
    await pods.patch('orphan', { metadata: { labels: { app: 'other' } } }, { namespace: ns, type: 'merge' });
    const released = await waitFor('the pod to be released', async () => {
      const p = await pods.get('orphan', ns);
      return !p.metadata.ownerReferences?.length && p;
    });
    assert.equal(released.metadata.labels!['app'], 'other');
    await waitFor('a replacement, counted in status', async () => {
      const web = (await activePods(ns)).filter((p) => p.metadata.labels?.['app'] === 'web');
      return web.length === 2 && (await getRS(ns, 'web')).status?.replicas === 2 && !web.some((p) => p.metadata.name === 'orphan');
    });
  });

  it('reports ReplicaFailure (FailedCreate) when pods are refused, and clears it once they are allowed', async () => {
    const ns = 'rs-failure';
    await namespace(ns, { 'pod-security.kubernetes.io/enforce': 'restricted' });
    await agent(ns);
    await replicasets.create(replicaSet(ns, 'web', 2));
    const cond = await waitFor('a ReplicaFailure condition', async () => (await getRS(ns, 'web')).status?.conditions?.find((c: any) => c.type === 'ReplicaFailure'));
    assert.equal(cond.status, 'True');
    assert.equal(cond.reason, 'FailedCreate');
    assert.match(cond.message, /violates PodSecurity "restricted:latest"/);
    const failed = await waitFor('a FailedCreate event', async () =>
      ((await rest.resource({ group: '', version: 'v1', resource: 'events' }).list({ namespace: ns })).items as any[]).find((e) => e.reason === 'FailedCreate'),
    );
    assert.equal(failed.type, 'Warning');
    assert.match(failed.message, /^Error creating: pods "web-[a-z0-9]*" is forbidden: violates PodSecurity/);
    await rest.resource({ group: '', version: 'v1', resource: 'namespaces' }).patch(ns, { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } }, { type: 'merge' });
    await waitFor('2 pods and the condition gone', async () => {
      const cur = await getRS(ns, 'web');
      return cur.status?.replicas === 2 && !cur.status.conditions?.some((c: any) => c.type === 'ReplicaFailure');
    });
  });
});

describe('ReplicaSet controller with a fake clock', () => {
  // The real-time controller would act on this namespace too: this one runs alone.
  before(() => rsc.stop());
  it('counts a ready pod as available only after minReadySeconds', async () => {
    const clock = new FakeClock(new Date());
    const ctl = new ReplicaSetController({ rest, clock, log: silentLogger });
    const ns = 'rs-minready';
    await namespace(ns);
    await agent(ns, () => 'ready', clock);
    ctl.start();
    try {
      await replicasets.create(replicaSet(ns, 'slow', 3, { minReadySeconds: 30 }));
      await waitFor('3 ready, none available', async () => {
        const st = (await getRS(ns, 'slow')).status;
        return st?.readyReplicas === 3 && st.availableReplicas === 0;
      });
      clock.step(29_000);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal((await getRS(ns, 'slow')).status.availableReplicas, 0, 'not yet: 29 of 30 seconds');
      clock.step(2_000);
      await waitFor('3 available after the requeue', async () => (await getRS(ns, 'slow')).status?.availableReplicas === 3);
    } finally {
      await ctl.stop();
    }
  });
});
