// The DaemonSet controller in this process (on a FakeClock) against the real `kubette up` with only
// the garbage collector running. There is no scheduler or kubelet here, so the test plays them: it
// creates Node objects, binds each daemon pod to the node its required affinity names (pods/binding),
// marks pods Running and Ready (pods/status), and finishes graceful deletions with grace 0. Each test
// has its own pool of nodes (a label the set's nodeSelector picks), so tests can run side by side.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../src/client/clock.js';
import type { RestClient } from '../src/client/rest.js';
import { DaemonSetController } from '../src/controllers/daemonset/controller.js';
import { api, type Cluster } from './helpers/cluster.js';
import { startWithController, stopController } from './helpers/controllers.js';
import { client, kubectl125 } from './helpers/tools.js';
import { expectOk, poll } from './helpers/wait.js';

let cluster: Cluster;
let base: string;
let rest: RestClient;
let controller: DaemonSetController;
const clock = new FakeClock(new Date());

before(async () => {
  ({ cluster, rest, controller } = await startWithController(['--controllers=garbagecollector', '--disable-scheduler'], (rest) => new DaemonSetController({ rest, clock })));
  base = cluster.url;
});
after(() => stopController({ cluster, rest, controller }));

/** Polls until `cond` holds, moving the fake clock a little each round so back-offs come due. */
const waitFor = <T>(what: string, cond: () => Promise<T | undefined | false>, ms = 15_000) => poll(what, cond, { timeoutMs: ms, each: () => clock.step(100) });
/** Lets the controller act on whatever it has seen, for assertions that something did not happen. */
async function settle(): Promise<void> {
  clock.step(1000);
  await new Promise((r) => setTimeout(r, 300));
}

const ok = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => expectOk(base, method, path, body, headers);
const merge = (path: string, body: unknown) => ok('PATCH', path, body, { 'Content-Type': 'application/merge-patch+json' });
const dsPath = (ns: string, n = '') => `/apis/apps/v1/namespaces/${ns}/daemonsets${n ? `/${n}` : ''}`;
const podPath = (ns: string, n = '') => `/api/v1/namespaces/${ns}/pods${n ? `/${n}` : ''}`;
const nodePath = (n = '') => `/api/v1/nodes${n ? `/${n}` : ''}`;
const getDS = (ns: string, n: string) => ok('GET', dsPath(ns, n));
const listPods = async (ns: string): Promise<any[]> => (await ok('GET', podPath(ns))).items;
const live = (pods: any[]) => pods.filter((p) => !p.metadata.deletionTimestamp);
const targetOf = (pod: any): string => pod.spec.nodeName || pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0];
const nodesOf = (pods: any[]) => pods.map(targetOf).sort();

async function namespace(name: string) {
  await ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}
async function node(name: string, labels: Record<string, string>, taints: object[] = []) {
  await ok('POST', nodePath(), { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: taints.length ? { taints } : {} });
}

/** The scheduler and kubelet: bind every unbound pod to its node, and report bound pods Running and Ready. */
async function runPods(ns: string): Promise<void> {
  const now = clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (const pod of live(await listPods(ns))) {
    const name = pod.metadata.name;
    if (!pod.spec.nodeName) {
      await ok('POST', `${podPath(ns, name)}/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: targetOf(pod) } });
    }
    if (pod.status?.phase !== 'Running') {
      await merge(`${podPath(ns, name)}/status`, { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] } });
    }
  }
}
/** The kubelet finishing graceful deletions. */
async function finishDeletions(ns: string): Promise<number> {
  const dying = (await listPods(ns)).filter((p) => p.metadata.deletionTimestamp);
  for (const p of dying) await api(base, 'DELETE', podPath(ns, p.metadata.name), { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 });
  return dying.length;
}

function daemonSet(name: string, pool: string, extra: { spec?: object; podSpec?: object } = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { nodeSelector: { pool }, containers: [{ name: 'c', image: 'agent:1' }], ...extra.podSpec } },
      ...extra.spec,
    },
  };
}

const STANDARD_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

describe('DaemonSet controller', { concurrency: true }, () => {
  it('one pod per eligible node: nodeSelector, taints and tolerations; new, relabelled and removed nodes', async () => {
    const ns = 'ds-basic';
    await namespace(ns);
    await node('basic-1', { pool: 'basic' });
    await node('basic-2', { pool: 'basic' });
    await node('basic-3', { pool: 'elsewhere' });
    await node('basic-4', { pool: 'basic' }, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    // Cordoned: daemon pods tolerate node.kubernetes.io/unschedulable.
    await node('basic-5', { pool: 'basic' }, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
    await ok('POST', dsPath(ns), daemonSet('agent', 'basic'));
    await ok('POST', dsPath(ns), daemonSet('gpu', 'basic', { podSpec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] } }));

    const agents = async () => (await listPods(ns)).filter((p) => p.metadata.labels.app === 'agent');
    await waitFor('agent pods on basic-1, basic-2, basic-5', async () => nodesOf(await agents()).join() === 'basic-1,basic-2,basic-5');
    await waitFor('gpu pods also on the tainted node', async () => nodesOf((await listPods(ns)).filter((p) => p.metadata.labels.app === 'gpu')).join() === 'basic-1,basic-2,basic-4,basic-5');

    const pod = (await agents())[0];
    assert.match(pod.metadata.name, /^agent-[a-z0-9]{5}$/);
    assert.equal(pod.metadata.ownerReferences[0].kind, 'DaemonSet');
    assert.deepEqual(pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, [
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: [targetOf(pod)] }] },
    ]);
    for (const t of STANDARD_TOLERATIONS) assert.ok(pod.spec.tolerations.some((x: any) => x.key === t.key && x.operator === t.operator && x.effect === t.effect), `toleration ${t.key}`);
    const revs = (await ok('GET', `/apis/apps/v1/namespaces/${ns}/controllerrevisions`)).items.filter((r: any) => r.metadata.ownerReferences[0].name === 'agent');
    assert.equal(revs.length, 1);
    assert.equal(pod.metadata.labels['controller-revision-hash'], revs[0].metadata.labels['controller-revision-hash']);
    assert.equal(revs[0].metadata.name, `agent-${revs[0].metadata.labels['controller-revision-hash']}`);

    let ds = await waitFor('status', async () => {
      const d = await getDS(ns, 'agent');
      return d.status.currentNumberScheduled === 3 && d;
    });
    assert.deepEqual([ds.status.desiredNumberScheduled, ds.status.numberReady, ds.status.numberUnavailable, ds.status.updatedNumberScheduled], [3, 0, 3, 3]);

    await runPods(ns);
    ds = await waitFor('all available', async () => {
      const d = await getDS(ns, 'agent');
      return d.status.numberAvailable === 3 && d;
    });
    assert.equal(ds.status.numberReady, 3);
    assert.equal(ds.status.numberUnavailable ?? 0, 0);
    assert.equal(ds.status.observedGeneration, ds.metadata.generation);
    const kubectl = client(kubectl125(), cluster.kubeconfig);
    try {
      const r = await kubectl.run(['rollout', 'status', 'daemonset/agent', '-n', ns, '--timeout=20s']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /daemon set "agent" successfully rolled out/);
    } finally {
      kubectl.cleanup();
    }

    // A new node gets a pod; a node that no longer matches loses its pod.
    await node('basic-6', { pool: 'basic' });
    await waitFor('a pod for basic-6', async () => nodesOf(live(await agents())).includes('basic-6'));
    await merge(nodePath('basic-2'), { metadata: { labels: { pool: 'elsewhere' } } });
    await waitFor('the pod on basic-2 deleted', async () => !nodesOf(live(await agents())).includes('basic-2'));
    await finishDeletions(ns);

    // A node removed before its pod was bound: once the scheduler reports the pod unschedulable,
    // the controller deletes it (nothing else would).
    const pending = live(await agents()).find((p) => targetOf(p) === 'basic-6');
    await ok('DELETE', nodePath('basic-6'));
    // The scheduler keeps retrying the pod and says so; the controller may see that before the
    // node's deletion, so the report is repeated as a scheduler's retries would be.
    let attempt = 0;
    await waitFor('the pod for the removed node gone', async () => {
      const p = (await agents()).find((x) => x.metadata.name === pending.metadata.name);
      if (!p) return true;
      await api(base, 'PATCH', `${podPath(ns, pending.metadata.name)}/status`, { status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: `0/5 nodes are available (attempt ${++attempt}).` }] } }, {
        'Content-Type': 'application/merge-patch+json',
      });
      return false;
    });
    ds = await waitFor('status after the node changes', async () => {
      const d = await getDS(ns, 'agent');
      return d.status.desiredNumberScheduled === 2 && d.status.currentNumberScheduled === 2 && d;
    });

    const msgs = (await ok('GET', `/api/v1/namespaces/${ns}/events`)).items.map((e: any) => `${e.reason} ${e.message}`);
    assert.ok(msgs.includes(`SuccessfulCreate Created pod: ${pod.metadata.name}`), msgs.join('\n'));
    assert.ok(msgs.includes(`SuccessfulDelete Deleted pod: ${pending.metadata.name}`), msgs.join('\n'));
  });

  it('RollingUpdate replaces pods node by node within maxUnavailable', async () => {
    const ns = 'ds-rolling';
    await namespace(ns);
    for (let i = 1; i <= 4; i++) await node(`roll-${i}`, { pool: 'roll' });
    await ok('POST', dsPath(ns), daemonSet('agent', 'roll', { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } } }));
    await waitFor('4 pods', async () => (await listPods(ns)).length === 4);
    await runPods(ns);
    await waitFor('all available', async () => (await getDS(ns, 'agent')).status.numberAvailable === 4);
    const oldHash = (await listPods(ns))[0].metadata.labels['controller-revision-hash'];

    await merge(dsPath(ns, 'agent'), { spec: { template: { spec: { containers: [{ name: 'c', image: 'agent:2' }] } } } });
    let rounds = 0;
    for (;;) {
      // The rollout never has more than maxUnavailable nodes without an available pod.
      await settle();
      const pods = await listPods(ns);
      const availableNodes = new Set(live(pods).filter((p) => p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')).map(targetOf));
      assert.ok(4 - availableNodes.size <= 2, `at most 2 unavailable, got ${4 - availableNodes.size}`);
      const ds = await getDS(ns, 'agent');
      if (ds.status.updatedNumberScheduled === 4 && ds.status.numberAvailable === 4) break;
      if (!(await finishDeletions(ns))) await runPods(ns);
      assert.ok(++rounds < 40, 'the rollout finishes');
    }
    const pods = await listPods(ns);
    assert.equal(pods.length, 4);
    assert.ok(pods.every((p) => p.spec.containers[0].image === 'agent:2' && p.metadata.labels['controller-revision-hash'] !== oldHash));
    assert.deepEqual(nodesOf(pods), ['roll-1', 'roll-2', 'roll-3', 'roll-4']);
    const revs = (await ok('GET', `/apis/apps/v1/namespaces/${ns}/controllerrevisions`)).items.map((r: any) => r.revision).sort();
    assert.deepEqual(revs, [1, 2]);
    const kubectl = client(kubectl125(), cluster.kubeconfig);
    try {
      const r = await kubectl.run(['rollout', 'status', 'daemonset/agent', '-n', ns, '--timeout=20s']);
      assert.equal(r.code, 0, r.stderr);
    } finally {
      kubectl.cleanup();
    }
  });

  it('RollingUpdate with maxSurge starts the new pod beside the old one and removes the old once it is available', async () => {
    const ns = 'ds-surge';
    await namespace(ns);
    for (let i = 1; i <= 2; i++) await node(`surge-${i}`, { pool: 'surge' });
    await ok('POST', dsPath(ns), daemonSet('agent', 'surge', { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } } }));
    await waitFor('2 pods', async () => (await listPods(ns)).length === 2);
    await runPods(ns);
    await waitFor('all available', async () => (await getDS(ns, 'agent')).status.numberAvailable === 2);

    await merge(dsPath(ns, 'agent'), { spec: { template: { spec: { containers: [{ name: 'c', image: 'agent:2' }] } } } });
    const first = await waitFor('a surge pod', async () => {
      const pods = await listPods(ns);
      return pods.length === 3 && pods.find((p) => p.spec.containers[0].image === 'agent:2');
    });
    await settle();
    assert.equal(live(await listPods(ns)).length, 3, 'one surge pod at a time, old pods kept');
    await runPods(ns);
    await waitFor('the old pod on that node deleted', async () => {
      const pods = live(await listPods(ns)).filter((p) => targetOf(p) === targetOf(first));
      return pods.length === 1 && pods[0].metadata.name === first.metadata.name;
    });
    await finishDeletions(ns);
    await waitFor('the second node surged', async () => live(await listPods(ns)).filter((p) => p.spec.containers[0].image === 'agent:2').length === 2);
    await runPods(ns);
    await waitFor('rolled out', async () => {
      await finishDeletions(ns);
      const ds = await getDS(ns, 'agent');
      return ds.status.updatedNumberScheduled === 2 && ds.status.numberAvailable === 2 && live(await listPods(ns)).length === 2;
    });
  });

  it('OnDelete keeps pods until they are deleted; a failed pod is replaced', async () => {
    const ns = 'ds-ondelete';
    await namespace(ns);
    await node('ondelete-1', { pool: 'ondelete' });
    await ok('POST', dsPath(ns), daemonSet('agent', 'ondelete', { spec: { updateStrategy: { type: 'OnDelete' } } }));
    const p1 = await waitFor('a pod', async () => (await listPods(ns))[0]);
    await runPods(ns);
    await merge(dsPath(ns, 'agent'), { spec: { template: { spec: { containers: [{ name: 'c', image: 'agent:2' }] } } } });
    await waitFor('observed', async () => {
      const ds = await getDS(ns, 'agent');
      return ds.status.observedGeneration === ds.metadata.generation && ds.status.updatedNumberScheduled === 0;
    });
    await settle();
    assert.deepEqual((await listPods(ns)).map((p) => p.metadata.name), [p1.metadata.name]);

    await merge(`${podPath(ns, p1.metadata.name)}/status`, { status: { phase: 'Failed' } });
    const p2 = await waitFor('a replacement', async () => {
      const pods = live(await listPods(ns));
      return pods.length === 1 && pods[0].metadata.name !== p1.metadata.name && pods[0];
    });
    assert.equal(p2.spec.containers[0].image, 'agent:2');
    const msgs = (await ok('GET', `/api/v1/namespaces/${ns}/events`)).items.map((e: any) => `${e.type} ${e.reason} ${e.message}`);
    assert.ok(msgs.includes(`Warning FailedDaemonPod Found failed daemon pod ${ns}/${p1.metadata.name} on node ondelete-1, will try to kill it`), msgs.join('\n'));
  });
});
