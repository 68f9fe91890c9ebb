// The node lifecycle controller against the real `kubette up` (its own controllers off, and
// DefaultTolerationSeconds off so a pod can lack tolerations), running in the test process on a
// FakeClock. Nodes, their Leases and their pods are written by the test as kubelets would. The
// clock is stepped a monitor period at a time, waiting for each health pass to finish.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../src/client/clock.js';
import { rfc3339Micro } from '../src/client/leaderelection.js';
import { connect, RestClient } from '../src/client/rest.js';
import { NodeLifecycleController } from '../src/controllers/nodelifecycle/controller.js';
import { api, startCluster, type Cluster } from './helpers/cluster.js';
import { expectOk, poll } from './helpers/wait.js';

let cluster: Cluster;
let rest: RestClient;
let clock: FakeClock;
let controller: NodeLifecycleController;
const ns = 'nl';

before(async () => {
  cluster = await startCluster({ args: ['--controllers=', '--disable-scheduler', '--disable-admission-plugins=DefaultTolerationSeconds'] });
  rest = connect(cluster.connection);
  clock = new FakeClock(new Date());
});
after(async () => {
  await controller?.stop();
  rest?.close();
  if (!cluster) return;
  await cluster.stop();
  cluster.cleanup();
});

/** Polls until `get` returns a value, firing timers that are due meanwhile (without moving time). */
/** Polls until `get` returns a value, firing timers that are due meanwhile (without moving time). */
const until = <T>(what: string, get: () => Promise<T | undefined | false> | T | undefined | false, ms = 10_000) => poll(what, get, { timeoutMs: ms, each: () => clock.step(0) });

const ok = (method: string, path: string, body?: unknown, type?: string) => expectOk(cluster.url, method, path, body, type ? { 'Content-Type': type } : {});
const merge = 'application/merge-patch+json';
const now = () => clock.now().toISOString().replace(/\.\d+Z$/, 'Z');

/** What a kubelet posts: every condition healthy, heartbeats now. */
async function postNodeStatus(name: string): Promise<void> {
  const healthy = (type: string, status: string, reason: string) => ({ type, status, reason, message: reason, lastHeartbeatTime: now(), lastTransitionTime: now() });
  const conditions = [healthy('MemoryPressure', 'False', 'KubeletHasSufficientMemory'), healthy('DiskPressure', 'False', 'KubeletHasNoDiskPressure'), healthy('PIDPressure', 'False', 'KubeletHasSufficientPID'), healthy('Ready', 'True', 'KubeletReady')];
  await ok('PATCH', `/api/v1/nodes/${name}/status`, { status: { conditions } }, merge);
}

/** Renew a node's Lease and wait for the controller to have seen it (so the next pass counts it). */
async function renew(name: string): Promise<void> {
  const lease = await ok('PATCH', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`, { spec: { renewTime: rfc3339Micro(clock.now()) } }, merge);
  await until(`the controller to see ${name}'s lease`, () => controller.observedLease(name)?.metadata.resourceVersion === lease.metadata.resourceVersion);
}

/** Move time one monitor period (or `ms`) and wait for the health pass it triggers. */
async function step(ms = 5000): Promise<void> {
  const n = controller.monitorPasses;
  clock.step(ms);
  await until('a health pass', () => controller.monitorPasses > n);
}

async function pod(name: string, node: string, tolerations?: object[]): Promise<void> {
  await ok('POST', `/api/v1/namespaces/${ns}/pods`, { metadata: { name }, spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx' }], ...(tolerations ? { tolerations } : {}) } });
  await ok('PATCH', `/api/v1/namespaces/${ns}/pods/${name}/status`, { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now() }] } }, merge);
}

const getNode = (name: string) => ok('GET', `/api/v1/nodes/${name}`);
const getPod = async (name: string) => (await api(cluster.url, 'GET', `/api/v1/namespaces/${ns}/pods/${name}`)).body;
/** Evicted: the pod is deleted (on a node, deletion waits for the kubelet, so it is marked). */
const evicted = async (name: string) => {
  const r = await api(cluster.url, 'GET', `/api/v1/namespaces/${ns}/pods/${name}`);
  return r.status === 404 || !!r.body.metadata.deletionTimestamp;
};
const condition = (obj: any, type: string) => obj.status.conditions.find((c: any) => c.type === type);
const taintsOf = (node: any) => (node.spec?.taints ?? []).map((t: any) => `${t.key}:${t.effect}`).sort();
const unreachableToleration = (seconds?: number) => ({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', ...(seconds === undefined ? {} : { tolerationSeconds: seconds }) });

async function events(filter: (e: any) => boolean): Promise<any[]> {
  const all = [...(await ok('GET', '/api/v1/namespaces/default/events')).items, ...(await ok('GET', `/api/v1/namespaces/${ns}/events`)).items];
  return all.filter(filter);
}

describe('node lifecycle controller', () => {
  it('marks a silent node Unknown, taints it, marks its pods not ready and evicts them per their tolerations', async () => {
    await ok('POST', '/api/v1/namespaces', { metadata: { name: ns } });
    for (const name of ['n1', 'n2']) {
      await ok('POST', '/api/v1/nodes', { metadata: { name, labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' } } });
      await postNodeStatus(name);
      await ok('POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', { metadata: { name }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: rfc3339Micro(clock.now()) } });
    }
    await pod('no-toleration', 'n2');
    await pod('tolerates-60s', 'n2', [unreachableToleration(60)]);
    await pod('tolerates-forever', 'n2', [unreachableToleration()]);
    await pod('elsewhere', 'n1');

    controller = new NodeLifecycleController({ rest, clock });
    await controller.start();
    await step(0);
    // The beta OS/arch labels follow the stable ones.
    await until('beta labels', async () => (await getNode('n1')).metadata.labels['beta.kubernetes.io/os'] === 'linux');
    assert.equal((await getNode('n2')).metadata.labels['beta.kubernetes.io/arch'], 'amd64');

    // n1's kubelet keeps renewing its lease; n2's falls silent. 40 s of silence is still fine…
    for (let t = 5; t <= 40; t += 5) {
      await renew('n1');
      await step();
    }
    assert.equal(condition(await getNode('n2'), 'Ready').status, 'True');
    // …past it, n2's kubelet conditions turn Unknown.
    await renew('n1');
    await step();
    const n2 = await getNode('n2');
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      const c = condition(n2, type);
      assert.equal(c.status, 'Unknown', type);
      assert.equal(c.reason, 'NodeStatusUnknown');
      assert.equal(c.message, 'Kubelet stopped posting node status.');
      assert.equal(c.lastTransitionTime, now());
    }
    assert.equal(condition(await getNode('n1'), 'Ready').status, 'True');
    for (const name of ['no-toleration', 'tolerates-60s', 'tolerates-forever']) assert.equal(condition(await getPod(name), 'Ready').status, 'False', name);
    assert.equal(condition(await getPod('elsewhere'), 'Ready').status, 'True');
    await until('the NoSchedule taint', async () => taintsOf(await getNode('n2')).includes('node.kubernetes.io/unreachable:NoSchedule'));

    // The next pass queues n2 for the NoExecute taint, and the taint manager evicts what does not tolerate it.
    await renew('n1');
    await step();
    const tainted = await until('the NoExecute taint', async () => {
      const n = await getNode('n2');
      return taintsOf(n).includes('node.kubernetes.io/unreachable:NoExecute') ? n : undefined;
    });
    assert.deepEqual(taintsOf(tainted), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    assert.ok(tainted.spec.taints.find((t: any) => t.effect === 'NoExecute').timeAdded);
    assert.deepEqual(taintsOf(await getNode('n1')), []);
    await until('no-toleration to be evicted', () => evicted('no-toleration'));
    assert.equal(await evicted('tolerates-60s'), false);
    assert.equal(await evicted('tolerates-forever'), false);

    // 60 s later the pod that tolerated the taint for 60 s goes too; the one tolerating it for ever stays.
    for (let t = 5; t <= 55; t += 5) {
      await renew('n1');
      await step();
    }
    assert.equal(await evicted('tolerates-60s'), false);
    await renew('n1');
    await step();
    await until('tolerates-60s to be evicted', () => evicted('tolerates-60s'));
    assert.equal(await evicted('tolerates-forever'), false);
    assert.equal(await evicted('elsewhere'), false);

    const seen = await events(() => true);
    const find = (reason: string, name: string) => seen.find((e) => e.reason === reason && e.involvedObject.name === name);
    assert.equal(find('RegisteredNode', 'n2')?.message, 'Registered Node n2 in Controller');
    const notReady = find('NodeNotReady', 'n2');
    assert.equal(notReady?.message, 'Node n2 status is now: NodeNotReady');
    assert.equal(notReady.source.component, 'node-controller');
    assert.equal(notReady.involvedObject.kind, 'Node');
    const podNotReady = find('NodeNotReady', 'tolerates-forever');
    assert.equal(podNotReady?.type, 'Warning');
    assert.equal(podNotReady.message, 'Node is not ready');
    const eviction = find('TaintManagerEviction', 'no-toleration');
    assert.equal(eviction?.message, `Marking for deletion Pod ${ns}/no-toleration`);
    assert.equal(eviction.source.component, 'taint-controller');
  });

  it('removes the taints when the node comes back', async () => {
    await postNodeStatus('n2');
    await renew('n2');
    await renew('n1');
    await step();
    await until('n2 untainted', async () => taintsOf(await getNode('n2')).length === 0);
    assert.equal(condition(await getNode('n2'), 'Ready').status, 'True');
    assert.equal(await evicted('tolerates-forever'), false);
  });

  it('evicts nothing while every node looks down (disruption mode)', async () => {
    await pod('on-n1', 'n1');
    // Both kubelets fall silent: with no ready node anywhere, the controller distrusts its own view.
    for (let t = 5; t <= 45; t += 5) await step();
    await until('both nodes Unknown', async () => condition(await getNode('n1'), 'Ready').status === 'Unknown' && condition(await getNode('n2'), 'Ready').status === 'Unknown');
    await until('NoSchedule taints on both', async () => taintsOf(await getNode('n1')).includes('node.kubernetes.io/unreachable:NoSchedule') && taintsOf(await getNode('n2')).includes('node.kubernetes.io/unreachable:NoSchedule'));
    for (let t = 0; t < 4; t++) await step();
    for (const name of ['n1', 'n2']) assert.deepEqual(taintsOf(await getNode(name)), ['node.kubernetes.io/unreachable:NoSchedule'], name);
    assert.equal(await evicted('on-n1'), false);
    assert.equal(condition(await getPod('on-n1'), 'Ready').status, 'False');
  });

  it('on a fast clock, allows at least 20 real seconds of silence (20 s × rate)', async () => {
    await controller.stop();
    for (const name of ['n1', 'n2']) await postNodeStatus(name);
    // Ten clock-seconds per real second: the grace period becomes max(40 s, 200 s) of clock time.
    clock = new (class extends FakeClock {
      readonly rate = 10;
    })(clock.now());
    controller = new NodeLifecycleController({ rest, clock });
    await controller.start();
    await step(0);
    for (let t = 5; t <= 200; t += 5) await step();
    assert.equal(condition(await getNode('n1'), 'Ready').status, 'True', 'still within 200 s');
    await step();
    await until('n1 Unknown after 200 s', async () => condition(await getNode('n1'), 'Ready').status === 'Unknown');
  });
});
