// The StatefulSet controller in this process (on a FakeClock) against the real `kubette up` with only
// the garbage collector running. There is no kubelet here, so the test plays it: it marks pods
// Running and Ready through pods/status, and holds deletions open with a pod finalizer where the
// order of deletions is the point.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../src/client/clock.js';
import type { RestClient } from '../src/client/rest.js';
import { StatefulSetController } from '../src/controllers/statefulset/controller.js';
import { api, type Cluster } from './helpers/cluster.js';
import { startWithController, stopController } from './helpers/controllers.js';
import { client, kubectl125 } from './helpers/tools.js';
import { expectOk, poll } from './helpers/wait.js';

let cluster: Cluster;
let base: string;
let rest: RestClient;
let controller: StatefulSetController;
const clock = new FakeClock(new Date());
const HOLD = 'example.com/hold';

before(async () => {
  ({ cluster, rest, controller } = await startWithController(['--controllers=garbagecollector', '--disable-scheduler'], (rest) => new StatefulSetController({ rest, clock })));
  base = cluster.url;
});
after(() => stopController({ cluster, rest, controller }));

/** Polls until `cond` holds, moving the fake clock a little each round so back-offs come due. */
const waitFor = <T>(what: string, cond: () => Promise<T | undefined | false>, ms = 15_000) => poll(what, cond, { timeoutMs: ms, each: () => clock.step(100) });

const ok = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => expectOk(base, method, path, body, headers);
const merge = (path: string, body: unknown) => ok('PATCH', path, body, { 'Content-Type': 'application/merge-patch+json' });
const stsPath = (ns: string, n = '') => `/apis/apps/v1/namespaces/${ns}/statefulsets${n ? `/${n}` : ''}`;
const podPath = (ns: string, n = '') => `/api/v1/namespaces/${ns}/pods${n ? `/${n}` : ''}`;
const getPod = async (ns: string, n: string) => {
  const r = await api(base, 'GET', podPath(ns, n));
  return r.status === 200 ? r.body : undefined;
};
const podNames = async (ns: string): Promise<string[]> => (await ok('GET', podPath(ns))).items.map((p: any) => p.metadata.name).sort();
const revisions = async (ns: string) => (await ok('GET', `/apis/apps/v1/namespaces/${ns}/controllerrevisions`)).items;
const events = async (ns: string) => (await ok('GET', `/api/v1/namespaces/${ns}/events`)).items;

/** What a kubelet would report for a started pod. */
async function markReady(ns: string, name: string): Promise<void> {
  const now = clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  await merge(`${podPath(ns, name)}/status`, { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] } });
}
async function release(ns: string, name: string): Promise<void> {
  await merge(podPath(ns, name), { metadata: { finalizers: null } });
}

async function namespace(name: string) {
  await ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

function statefulSet(name: string, spec: Record<string, unknown> = {}, podMeta: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas: 3,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name }, ...podMeta }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } },
      ...spec,
    },
  };
}

/** Plays the kubelet until the set has `n` ready pods, one at a time as the controller makes them. */
async function bringUp(ns: string, set: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await waitFor(`${set}-${i}`, () => getPod(ns, `${set}-${i}`));
    await markReady(ns, `${set}-${i}`);
  }
  await waitFor(`${n} ready replicas`, async () => {
    const s = await ok('GET', stsPath(ns, set));
    return s.status?.readyReplicas === n && s.status.replicas === n;
  });
}

describe('StatefulSet controller', { concurrency: true }, () => {
  it('OrderedReady: creates pods in order, each after its predecessor is Ready, with claims, identity and events', async () => {
    const ns = 'sts-ordered';
    await namespace(ns);
    await ok(
      'POST',
      stsPath(ns),
      statefulSet('web', {
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      }),
    );
    const web0 = await waitFor('web-0', () => getPod(ns, 'web-0'));
    // The controller has written status for its one pod and stops there until web-0 is Ready.
    await waitFor('status.replicas 1', async () => (await ok('GET', stsPath(ns, 'web'))).status?.replicas === 1);
    clock.step(1000);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await podNames(ns), ['web-0'], 'web-1 waits for web-0 to be Running and Ready');

    assert.equal(web0.spec.hostname, 'web-0');
    assert.equal(web0.spec.subdomain, 'web');
    assert.equal(web0.metadata.labels['statefulset.kubernetes.io/pod-name'], 'web-0');
    assert.deepEqual(web0.spec.volumes.find((v: any) => v.name === 'data'), { name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' } });
    const claim = await ok('GET', `/api/v1/namespaces/${ns}/persistentvolumeclaims/data-web-0`);
    assert.deepEqual(claim.metadata.labels, { app: 'web' });
    assert.equal(claim.metadata.ownerReferences, undefined, 'claims are retained (StatefulSetAutoDeletePVC is off in v1.25)');
    assert.equal(web0.metadata.ownerReferences[0].kind, 'StatefulSet');

    await markReady(ns, 'web-0');
    await waitFor('web-1', () => getPod(ns, 'web-1'));
    assert.equal(await getPod(ns, 'web-2'), undefined);
    await bringUp(ns, 'web', 3);

    const sts = await ok('GET', stsPath(ns, 'web'));
    const revs = await revisions(ns);
    assert.equal(revs.length, 1);
    const rev = revs[0];
    assert.match(rev.metadata.name, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.equal(rev.revision, 1);
    assert.equal(rev.metadata.labels['controller.kubernetes.io/hash'], rev.metadata.name.slice(4));
    assert.equal(rev.metadata.ownerReferences[0].uid, sts.metadata.uid);
    assert.equal(rev.data.spec.template.$patch, 'replace');
    assert.equal(sts.status.currentRevision, rev.metadata.name);
    assert.equal(sts.status.updateRevision, rev.metadata.name);
    assert.equal(sts.status.observedGeneration, sts.metadata.generation);
    assert.deepEqual([sts.status.replicas, sts.status.readyReplicas, sts.status.currentReplicas, sts.status.updatedReplicas, sts.status.availableReplicas], [3, 3, 3, 3, 3]);
    for (const p of (await ok('GET', podPath(ns))).items) assert.equal(p.metadata.labels['controller-revision-hash'], rev.metadata.name);

    const msgs = (await events(ns)).map((e: any) => `${e.reason} ${e.message}`);
    assert.ok(msgs.includes('SuccessfulCreate create Pod web-0 in StatefulSet web successful'), msgs.join('\n'));
    assert.ok(msgs.includes('SuccessfulCreate create Claim data-web-2 Pod web-2 in StatefulSet web success'), msgs.join('\n'));

    const kubectl = client(kubectl125(), cluster.kubeconfig);
    try {
      const r = await kubectl.run(['rollout', 'status', 'statefulset/web', '-n', ns, '--timeout=20s']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /partitioned roll out complete: 3 new pods have been updated/);
    } finally {
      kubectl.cleanup();
    }
  });

  it('OrderedReady scale down removes the highest ordinal first, one at a time', async () => {
    const ns = 'sts-scaledown';
    await namespace(ns);
    await ok('POST', stsPath(ns), statefulSet('db', {}, { finalizers: [HOLD] }));
    await bringUp(ns, 'db', 3);
    await merge(stsPath(ns, 'db'), { spec: { replicas: 1 } });
    await waitFor('db-2 terminating', async () => (await getPod(ns, 'db-2'))?.metadata.deletionTimestamp);
    clock.step(1000);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await getPod(ns, 'db-1')).metadata.deletionTimestamp, undefined, 'db-1 waits for db-2 to be gone');
    await release(ns, 'db-2');
    await waitFor('db-1 terminating', async () => (await getPod(ns, 'db-1'))?.metadata.deletionTimestamp);
    await release(ns, 'db-1');
    await waitFor('one pod left', async () => (await podNames(ns)).join() === 'db-0');
    const msgs = (await events(ns)).map((e: any) => `${e.reason} ${e.message}`);
    assert.ok(msgs.includes('SuccessfulDelete delete Pod db-2 in StatefulSet db successful'));
    await waitFor('status replicas 1', async () => (await ok('GET', stsPath(ns, 'db'))).status.replicas === 1);
    await release(ns, 'db-0');
  });

  it('RollingUpdate: highest ordinal first, held at the partition; rollback reuses the old revision', async () => {
    const ns = 'sts-rolling';
    await namespace(ns);
    await ok('POST', stsPath(ns), statefulSet('app'));
    await bringUp(ns, 'app', 3);
    const rev1 = (await ok('GET', stsPath(ns, 'app'))).status.currentRevision;
    const uids = async () => Object.fromEntries((await ok('GET', podPath(ns))).items.map((p: any) => [p.metadata.name, p.metadata.uid]));
    const before = await uids();

    await merge(stsPath(ns, 'app'), { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } }, template: { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } } } });
    const sts = await waitFor('a new update revision', async () => {
      const s = await ok('GET', stsPath(ns, 'app'));
      return s.status.updateRevision !== rev1 && s;
    });
    const rev2 = sts.status.updateRevision;
    const app2 = await waitFor('app-2 at the update revision', async () => {
      const p = await getPod(ns, 'app-2');
      return p?.metadata.uid !== before['app-2'] && p?.metadata.labels['controller-revision-hash'] === rev2 && p;
    });
    assert.equal(app2.spec.containers[0].image, 'nginx:1.26');
    await markReady(ns, 'app-2');
    await waitFor('updatedReplicas 1', async () => (await ok('GET', stsPath(ns, 'app'))).status.updatedReplicas === 1);
    clock.step(1000);
    await new Promise((r) => setTimeout(r, 200));
    const held = await ok('GET', stsPath(ns, 'app'));
    assert.equal(held.status.currentRevision, rev1, 'the partition holds back completion');
    const mid = await uids();
    assert.equal(mid['app-0'], before['app-0']);
    assert.equal(mid['app-1'], before['app-1']);

    // Partition 0: app-1 next, and app-0 only once app-1 is Ready again.
    await merge(stsPath(ns, 'app'), { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } });
    await waitFor('app-1 replaced', async () => (await getPod(ns, 'app-1'))?.metadata.labels['controller-revision-hash'] === rev2);
    clock.step(1000);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await getPod(ns, 'app-0')).metadata.uid, before['app-0'], 'app-0 waits for app-1 to be Ready');
    await markReady(ns, 'app-1');
    await waitFor('app-0 replaced', async () => (await getPod(ns, 'app-0'))?.metadata.labels['controller-revision-hash'] === rev2);
    await markReady(ns, 'app-0');
    const done = await waitFor('rollout complete', async () => {
      const s = await ok('GET', stsPath(ns, 'app'));
      return s.status.currentRevision === rev2 && s.status.readyReplicas === 3 && s;
    });
    assert.equal(done.status.updatedReplicas, 3);
    assert.equal(done.status.currentReplicas, 3);
    const revs = (await revisions(ns)).map((r: any) => [r.metadata.name, r.revision]).sort((a: any, b: any) => a[1] - b[1]);
    assert.deepEqual(revs, [
      [rev1, 1],
      [rev2, 2],
    ]);

    // Back to the first template: its revision comes back as number 3, under its old name.
    await merge(stsPath(ns, 'app'), { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } } } });
    await waitFor('rollback revision', async () => (await ok('GET', stsPath(ns, 'app'))).status.updateRevision === rev1);
    await waitFor('rev1 renumbered', async () => (await revisions(ns)).find((r: any) => r.metadata.name === rev1)?.revision === 3);
    assert.equal((await revisions(ns)).length, 2);
  });

  it('revisionHistoryLimit trims revisions no pod uses', async () => {
    const ns = 'sts-history';
    await namespace(ns);
    await ok('POST', stsPath(ns), statefulSet('h', { replicas: 1, revisionHistoryLimit: 1 }));
    await bringUp(ns, 'h', 1);
    for (const image of ['nginx:1.26', 'nginx:1.27']) {
      await merge(stsPath(ns, 'h'), { spec: { template: { spec: { containers: [{ name: 'c', image }] } } } });
      await waitFor(`pod at ${image}`, async () => (await getPod(ns, 'h-0'))?.spec.containers[0].image === image);
      await markReady(ns, 'h-0');
      await waitFor('rolled out', async () => {
        const s = await ok('GET', stsPath(ns, 'h'));
        return s.status.currentRevision === s.status.updateRevision && s.status.readyReplicas === 1;
      });
    }
    // Three templates, one live and one kept in history.
    const revs = await waitFor('history trimmed to 2', async () => {
      const r = await revisions(ns);
      return r.length === 2 && r;
    });
    assert.deepEqual(revs.map((r: any) => r.revision).sort(), [2, 3]);
  });

  it('Parallel creates and deletes without waiting; a failed pod is recreated; OnDelete waits for deletions', async () => {
    const ns = 'sts-parallel';
    await namespace(ns);
    await ok('POST', stsPath(ns), statefulSet('p', { podManagementPolicy: 'Parallel', updateStrategy: { type: 'OnDelete' } }));
    await waitFor('three pods at once', async () => (await podNames(ns)).length === 3);
    assert.deepEqual(await podNames(ns), ['p-0', 'p-1', 'p-2']);

    const failed = await getPod(ns, 'p-1');
    await merge(`${podPath(ns, 'p-1')}/status`, { status: { phase: 'Failed' } });
    await waitFor('p-1 recreated', async () => {
      const p = await getPod(ns, 'p-1');
      return p && p.metadata.uid !== failed.metadata.uid;
    });
    const msgs = (await events(ns)).map((e: any) => `${e.type} ${e.reason} ${e.message}`);
    assert.ok(msgs.includes(`Warning RecreatingFailedPod StatefulSet ${ns}/p is recreating failed Pod p-1`), msgs.join('\n'));

    // OnDelete: a new template changes no pod until one is deleted.
    const rev1 = (await ok('GET', stsPath(ns, 'p'))).status.updateRevision;
    await merge(stsPath(ns, 'p'), { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } } } });
    await waitFor('update revision', async () => (await ok('GET', stsPath(ns, 'p'))).status.updateRevision !== rev1);
    for (const n of ['p-0', 'p-1', 'p-2']) await markReady(ns, n);
    await waitFor('ready', async () => (await ok('GET', stsPath(ns, 'p'))).status.readyReplicas === 3);
    assert.deepEqual((await ok('GET', podPath(ns))).items.map((p: any) => p.spec.containers[0].image), ['nginx:1.25', 'nginx:1.25', 'nginx:1.25']);
    await ok('DELETE', podPath(ns, 'p-2'));
    await waitFor('p-2 at the new template', async () => (await getPod(ns, 'p-2'))?.spec.containers[0].image === 'nginx:1.26');

    await merge(stsPath(ns, 'p'), { spec: { replicas: 0 } });
    await waitFor('all pods deleted', async () => (await podNames(ns)).length === 0);
  });
});
