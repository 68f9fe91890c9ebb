// Simulated nodes against the real `kubette up` (no controllers), driven by a FakeClock in this
// process: node registration and leases, pods played through their stages (ContainerCreating,
// Running, exit codes, crash-loop restarts, graceful deletion), pods on other nodes left alone,
// what the real kubectl 1.25 prints for them, an agent restart, and the pure parsers and pools.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../src/client/clock.js';
import { connect, RestClient } from '../src/client/rest.js';
import { inCIDR, nodeInternalIP, nodePodCIDR, PodIPPool } from '../src/kubelet/network.js';
import { parseDuration, runSpecFromCommand, runSpecOf } from '../src/kubelet/runspec.js';
import { crashBackoffMs, goDuration } from '../src/kubelet/stages.js';
import { parseNodeCapacity, startSimulatedNodes, type SimulatedNodes } from '../src/kubelet/simnodes.js';
import { api, startCluster, type Cluster } from './helpers/cluster.js';
import { client, kubectl125 } from './helpers/tools.js';
import { poll } from './helpers/wait.js';

let cluster: Cluster;
let rest: RestClient;
let sim: SimulatedNodes;
let kubectl: ReturnType<typeof client>;
const clock = new FakeClock(new Date('2026-03-01T10:00:00Z'));
const NS = 'sim';

/** Polls every 20 ms until `fn` returns something truthy; fails after `ms` naming what it waited for. */
const waitFor = <T>(what: string, fn: () => Promise<T | undefined | false>, ms = 10_000) => poll(what, fn, { timeoutMs: ms });
const settle = () => new Promise((r) => setTimeout(r, 300));

const podPath = (name = '') => `/api/v1/namespaces/${NS}/pods${name ? `/${name}` : ''}`;
async function getPod(name: string): Promise<any> {
  const r = await api(cluster.url, 'GET', podPath(name));
  assert.equal(r.status, 200, r.text);
  return r.body;
}
async function createPod(name: string, spec: Record<string, unknown>, annotations?: Record<string, string>): Promise<any> {
  const body = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(annotations ? { annotations } : {}) },
    spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
  };
  const r = await api(cluster.url, 'POST', podPath(), body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}
/** The pod once `cond` holds for it. */
const podWhen = (name: string, what: string, cond: (p: any) => boolean) =>
  waitFor(`${name}: ${what}`, async () => {
    const p = await getPod(name);
    return cond(p) ? p : undefined;
  });
const cond = (p: any, type: string) => p.status?.conditions?.find((c: any) => c.type === type);
const waitingReason = (p: any) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason;
const isRunning = (p: any) => p.status?.phase === 'Running' && cond(p, 'Ready')?.status === 'True';

describe('simulated nodes', () => {
  before(async () => {
    cluster = await startCluster({ args: ['--controllers=', '--disable-scheduler'] });
    rest = connect(cluster.connection);
    kubectl = client(kubectl125(), cluster.kubeconfig);
    sim = await startSimulatedNodes({ rest, clock, count: 3, capacity: { cpu: '16' } });
    const r = await api(cluster.url, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    assert.equal(r.status, 201, r.text);
  });
  after(async () => {
    await sim?.stop();
    rest?.close();
    kubectl?.cleanup();
    if (!cluster) return;
    await cluster.stop();
    cluster.cleanup();
  });

  it('registers the nodes as a kubelet does: labels, capacity, CIDRs, addresses, conditions, nodeInfo', async () => {
    assert.deepEqual(sim.names, ['kubette-node-0', 'kubette-node-1', 'kubette-node-2']);
    const version = (await api(cluster.url, 'GET', '/version')).body.gitVersion;
    const nodes = (await api(cluster.url, 'GET', '/api/v1/nodes')).body.items;
    assert.deepEqual(nodes.map((n: any) => n.metadata.name).sort(), sim.names);
    const cidrs = new Set<string>();
    for (const [i, name] of sim.names.entries()) {
      const n = nodes.find((x: any) => x.metadata.name === name);
      assert.deepEqual(
        {
          hostname: n.metadata.labels['kubernetes.io/hostname'],
          os: n.metadata.labels['kubernetes.io/os'],
          arch: n.metadata.labels['kubernetes.io/arch'],
          betaOs: n.metadata.labels['beta.kubernetes.io/os'],
          betaArch: n.metadata.labels['beta.kubernetes.io/arch'],
          type: n.metadata.labels.type,
        },
        { hostname: name, os: 'linux', arch: 'amd64', betaOs: 'linux', betaArch: 'amd64', type: 'kubette-sim' },
      );
      assert.deepEqual(n.status.capacity, { cpu: '16', memory: '256Gi', pods: '110', 'ephemeral-storage': '100Gi' });
      assert.deepEqual(n.status.allocatable, n.status.capacity);
      assert.equal(n.spec.podCIDR, nodePodCIDR(i));
      assert.deepEqual(n.spec.podCIDRs, [n.spec.podCIDR]);
      assert.match(n.spec.podCIDR, /^10\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.\d+\.0\/24$/);
      cidrs.add(n.spec.podCIDR);
      assert.deepEqual(n.status.addresses, [
        { type: 'InternalIP', address: nodeInternalIP(i) },
        { type: 'Hostname', address: name },
      ]);
      assert.deepEqual(
        n.status.conditions.map((c: any) => [c.type, c.status, c.reason, c.message]),
        [
          ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
          ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
          ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
          ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
        ],
      );
      for (const c of n.status.conditions) assert.equal(c.lastHeartbeatTime, '2026-03-01T10:00:00Z');
      assert.equal(n.status.nodeInfo.kubeletVersion, version);
      assert.equal(n.status.nodeInfo.operatingSystem, 'linux');
      assert.equal(n.status.nodeInfo.architecture, 'amd64');
      assert.match(n.status.nodeInfo.containerRuntimeVersion, /^containerd:\/\//);
      assert.deepEqual(n.status.daemonEndpoints, { kubeletEndpoint: { Port: 10250 } });
    }
    assert.equal(cidrs.size, 3, 'each node has its own pod CIDR');

    const r = await kubectl.run(['get', 'nodes', '--no-headers']);
    assert.equal(r.code, 0, r.stderr);
    for (const line of r.stdout.trim().split('\n')) assert.match(line, /^kubette-node-\d\s+Ready\s+<none>\s+\S+\s+v1\.25\./);
  });

  it('keeps a Lease per node in kube-node-lease and renews it as the clock moves', async () => {
    const path = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/kubette-node-1';
    const lease = (await api(cluster.url, 'GET', path)).body;
    const node = (await api(cluster.url, 'GET', '/api/v1/nodes/kubette-node-1')).body;
    assert.equal(lease.spec.holderIdentity, 'kubette-node-1');
    assert.equal(lease.spec.leaseDurationSeconds, 40);
    assert.match(lease.spec.renewTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.deepEqual(lease.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'kubette-node-1', uid: node.metadata.uid }]);
    const before = Date.parse(lease.spec.renewTime);
    clock.step(10_000);
    const renewed = await waitFor('the lease to be renewed', async () => {
      const l = (await api(cluster.url, 'GET', path)).body;
      return Date.parse(l.spec.renewTime) > before ? l : undefined;
    });
    assert.ok(Date.parse(renewed.spec.renewTime) - before >= 1_000, `renewed at ${renewed.spec.renewTime}, first ${lease.spec.renewTime}`);
    assert.ok(Date.parse(renewed.spec.renewTime) <= clock.now().getTime());
  });

  it('plays a bound pod through ContainerCreating to Running/Ready with a unique IP from the node CIDR', async () => {
    const two = [
      { name: 'a', image: 'nginx:1.25' },
      { name: 'b', image: 'registry.k8s.io/pause:3.8' },
    ];
    await createPod('web-1', { nodeName: 'kubette-node-0', containers: two });
    await createPod('web-2', { nodeName: 'kubette-node-0' });
    await createPod('web-3', { nodeName: 'kubette-node-0' });
    const creating = await podWhen('web-1', 'ContainerCreating', (p) => waitingReason(p) === 'ContainerCreating');
    assert.equal(creating.status.phase, 'Pending');
    assert.equal(creating.status.hostIP, nodeInternalIP(0));
    assert.ok(creating.status.startTime);
    assert.equal(creating.status.podIP, undefined);
    assert.deepEqual(cond(creating, 'Initialized')?.status, 'True');
    assert.deepEqual(
      ['Ready', 'ContainersReady'].map((t) => [cond(creating, t).status, cond(creating, t).reason, cond(creating, t).message]),
      [
        ['False', 'ContainersNotReady', 'containers with unready status: [a b]'],
        ['False', 'ContainersNotReady', 'containers with unready status: [a b]'],
      ],
    );
    assert.equal(cond(creating, 'PodScheduled')?.status, 'True');
    await podWhen('web-3', 'ContainerCreating', (p) => waitingReason(p) === 'ContainerCreating');

    clock.step(1_000);
    const running = await podWhen('web-1', 'Running and Ready', isRunning);
    assert.equal(cond(running, 'ContainersReady').status, 'True');
    assert.ok(inCIDR(running.status.podIP, nodePodCIDR(0)), running.status.podIP);
    assert.deepEqual(running.status.podIPs, [{ ip: running.status.podIP }]);
    const [a, b] = running.status.containerStatuses;
    assert.equal(a.image, 'docker.io/library/nginx:1.25');
    assert.match(a.imageID, /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    assert.equal(b.image, 'registry.k8s.io/pause:3.8');
    for (const cs of [a, b]) {
      assert.ok(cs.state.running.startedAt);
      assert.equal(cs.ready, true);
      assert.equal(cs.started, true);
      assert.equal(cs.restartCount, 0);
      assert.match(cs.containerID, /^containerd:\/\/[0-9a-f]{64}$/);
    }
    const ips = [];
    for (const name of ['web-1', 'web-2', 'web-3']) ips.push((await podWhen(name, 'Running', isRunning)).status.podIP);
    assert.equal(new Set(ips).size, 3, `pod IPs must differ: ${ips}`);

    // kubectl 1.25's wide columns: NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES.
    const r = await kubectl.run(['get', 'pods', '-n', NS, '-o', 'wide', 'web-1']);
    assert.equal(r.code, 0, r.stderr);
    const [header, row] = r.stdout.trim().split('\n');
    assert.match(header!, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    const cells = row!.split(/\s+/);
    assert.deepEqual([cells[0], cells[1], cells[2], cells[3], cells[5], cells[6], cells[7], cells[8]], ['web-1', '2/2', 'Running', '0', running.status.podIP, 'kubette-node-0', '<none>', '<none>']);
  });

  it('runs init containers to completion first', async () => {
    await createPod('init-1', { nodeName: 'kubette-node-1', initContainers: [{ name: 'setup', image: 'busybox', command: ['true'] }] });
    const init = await podWhen('init-1', 'PodInitializing', (p) => waitingReason(p) === 'PodInitializing');
    assert.equal(cond(init, 'Initialized').reason, 'ContainersNotInitialized');
    assert.equal(cond(init, 'Initialized').message, 'containers with incomplete status: [setup]');
    const r = await kubectl.run(['get', 'pod', '-n', NS, 'init-1', '--no-headers']);
    assert.match(r.stdout, /^init-1\s+0\/1\s+Init:0\/1\s/);
    clock.step(1_000);
    const running = await podWhen('init-1', 'Running', isRunning);
    const [setup] = running.status.initContainerStatuses;
    assert.deepEqual([setup.state.terminated.exitCode, setup.state.terminated.reason, setup.ready], [0, 'Completed', true]);
    assert.equal(cond(running, 'Initialized').status, 'True');
  });

  it('a Never pod running `sleep 5; exit 3` stays Running until 5 s have passed, then Fails with exit code 3', async () => {
    await createPod('exit-3', { nodeName: 'kubette-node-1', restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'sleep 5; exit 3'] }] });
    await podWhen('exit-3', 'ContainerCreating', (p) => waitingReason(p) === 'ContainerCreating');
    clock.step(1_000);
    await podWhen('exit-3', 'Running', isRunning);
    clock.step(4_000);
    await settle();
    const still = await getPod('exit-3');
    assert.equal(still.status.phase, 'Running', 'four seconds in, the sleep is not over');
    assert.ok(still.status.containerStatuses[0].state.running);
    clock.step(1_000);
    const failed = await podWhen('exit-3', 'Failed', (p) => p.status.phase === 'Failed');
    const t = failed.status.containerStatuses[0].state.terminated;
    assert.deepEqual([t.exitCode, t.reason], [3, 'Error']);
    assert.equal(Date.parse(t.finishedAt) - Date.parse(t.startedAt), 5_000);
    assert.equal(cond(failed, 'Ready').status, 'False');
    const r = await kubectl.run(['get', 'pod', '-n', NS, 'exit-3', '--no-headers']);
    assert.match(r.stdout, /^exit-3\s+0\/1\s+Error\s+0\s/);
  });

  it('a pod annotated with a duration and exit code 0 Succeeds', async () => {
    await createPod('annotated', { nodeName: 'kubette-node-2', restartPolicy: 'OnFailure' }, { 'sim.kubette.io/duration': '1m30s', 'sim.kubette.io/exit-code': '0' });
    await podWhen('annotated', 'ContainerCreating', (p) => waitingReason(p) === 'ContainerCreating');
    clock.step(1_000);
    await podWhen('annotated', 'Running', isRunning);
    clock.step(90_000);
    const done = await podWhen('annotated', 'Succeeded', (p) => p.status.phase === 'Succeeded');
    const t = done.status.containerStatuses[0].state.terminated;
    assert.deepEqual([t.exitCode, t.reason], [0, 'Completed']);
    assert.deepEqual([cond(done, 'Ready').status, cond(done, 'Ready').reason], ['False', 'PodCompleted']);
    const r = await kubectl.run(['get', 'pod', '-n', NS, 'annotated', '--no-headers']);
    assert.match(r.stdout, /^annotated\s+0\/1\s+Completed\s+0\s/);
  });

  it('an OnFailure pod that fails restarts, then backs off in CrashLoopBackOff, with restartCount growing', async () => {
    const pod = await createPod('crashy', { nodeName: 'kubette-node-2', restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox', command: ['/bin/sh', '-c', 'sleep 2 && exit 1'] }] });
    await podWhen('crashy', 'ContainerCreating', (p) => waitingReason(p) === 'ContainerCreating');
    clock.step(1_000);
    await podWhen('crashy', 'Running', isRunning);
    clock.step(2_000);
    // The first restart is immediate, as the kubelet's back-off starts after it.
    const once = await podWhen('crashy', 'restarted once', (p) => p.status.containerStatuses[0].restartCount === 1 && !!p.status.containerStatuses[0].state.running);
    assert.equal(once.status.phase, 'Running');
    assert.deepEqual([once.status.containerStatuses[0].lastState.terminated.exitCode, once.status.containerStatuses[0].lastState.terminated.reason], [1, 'Error']);
    clock.step(2_000);
    const loop = await podWhen('crashy', 'CrashLoopBackOff', (p) => waitingReason(p) === 'CrashLoopBackOff');
    const cs = loop.status.containerStatuses[0];
    assert.equal(cs.state.waiting.message, `back-off 10s restarting failed container=c pod=crashy_${NS}(${pod.metadata.uid})`);
    assert.equal(cs.restartCount, 1);
    assert.equal(cs.lastState.terminated.exitCode, 1);
    assert.equal(loop.status.phase, 'Running');
    const r = await kubectl.run(['get', 'pod', '-n', NS, 'crashy', '--no-headers']);
    assert.match(r.stdout, /^crashy\s+0\/1\s+CrashLoopBackOff\s+1 \(\S+ ago\)\s/);
    clock.step(10_000);
    await podWhen('crashy', 'restarted twice', (p) => p.status.containerStatuses[0].restartCount === 2 && !!p.status.containerStatuses[0].state.running);
  });

  it('deleting a pod on a simulated node completes: containers stop, then the agent deletes it with grace 0', async () => {
    const pod = await createPod('doomed', { nodeName: 'kubette-node-0' });
    await podWhen('doomed', 'ContainerCreating', (p) => waitingReason(p) === 'ContainerCreating');
    clock.step(1_000);
    await podWhen('doomed', 'Running', isRunning);
    const del = await api(cluster.url, 'DELETE', podPath('doomed'));
    assert.equal(del.status, 200, del.text);
    assert.ok(del.body.metadata.deletionTimestamp, 'a running pod on a node is deleted gracefully');
    await waitFor('the pod to be gone', async () => (await api(cluster.url, 'GET', podPath('doomed'))).status === 404);

    // kubectl 1.25 waits for the deletion to finish.
    await createPod('doomed-2', { nodeName: 'kubette-node-0' });
    await podWhen('doomed-2', 'ContainerCreating', (p) => waitingReason(p) === 'ContainerCreating');
    const r = await kubectl.run(['delete', 'pod', '-n', NS, 'doomed-2', '--timeout=20s']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'pod "doomed-2" deleted');
    assert.equal((await api(cluster.url, 'GET', podPath('doomed-2'))).status, 404);
    assert.ok(pod.metadata.uid);
  });

  it('leaves pods on other nodes, and unscheduled pods, untouched', async () => {
    await createPod('elsewhere', { nodeName: 'some-real-node' });
    await createPod('unscheduled', {});
    // A pod on our node created afterwards shows the agent has seen both.
    await createPod('marker', { nodeName: 'kubette-node-1' });
    await podWhen('marker', 'ContainerCreating', (p) => waitingReason(p) === 'ContainerCreating');
    clock.step(1_000);
    await podWhen('marker', 'Running', isRunning);
    await settle();
    for (const name of ['elsewhere', 'unscheduled']) {
      const p = await getPod(name);
      assert.equal(p.status.phase, 'Pending', name);
      assert.equal(p.status.containerStatuses, undefined, name);
      assert.equal(p.status.hostIP, undefined, name);
      assert.equal(p.status.conditions, undefined, name);
    }
    const del = await api(cluster.url, 'DELETE', podPath('elsewhere'));
    assert.ok(del.body.metadata.deletionTimestamp);
    await settle();
    assert.equal((await api(cluster.url, 'GET', podPath('elsewhere'))).status, 200, 'nobody completes the deletion of a pod on a node not ours');
  });

  it('after a restart, the agent updates the existing nodes and running pods keep their IPs', async () => {
    const node = (await api(cluster.url, 'GET', '/api/v1/nodes/kubette-node-0')).body;
    const web1 = await getPod('web-1');
    await sim.stop();
    sim = await startSimulatedNodes({ rest, clock, count: 3, capacity: { cpu: '16' } });
    const again = (await api(cluster.url, 'GET', '/api/v1/nodes/kubette-node-0')).body;
    assert.equal(again.metadata.uid, node.metadata.uid, 'the node was updated, not replaced');
    assert.equal(cond(again, 'Ready').lastTransitionTime, cond(node, 'Ready').lastTransitionTime);
    await createPod('after-restart', { nodeName: 'kubette-node-0' });
    await podWhen('after-restart', 'ContainerCreating', (p) => waitingReason(p) === 'ContainerCreating');
    clock.step(1_000);
    const fresh = await podWhen('after-restart', 'Running', isRunning);
    const ips = await Promise.all(['web-1', 'web-2', 'web-3'].map(async (n) => (await getPod(n)).status.podIP));
    assert.equal((await getPod('web-1')).status.podIP, web1.status.podIP);
    assert.ok(!ips.includes(fresh.status.podIP), `${fresh.status.podIP} is already used by ${ips}`);
  });
});

describe('pure parts', () => {
  it('reads a run from the first container command line', () => {
    const table: [string[], { durationMs: number; exitCode: number } | undefined][] = [
      [['sleep', '5'], { durationMs: 5000, exitCode: 0 }],
      [['/bin/sleep', '1m'], { durationMs: 60_000, exitCode: 0 }],
      [['sleep', '1', '2.5'], { durationMs: 3500, exitCode: 0 }],
      [['sleep', 'infinity'], undefined],
      [['sh', '-c', 'sleep 5; exit 3'], { durationMs: 5000, exitCode: 3 }],
      [['/bin/sh', '-c', 'sleep 5 && exit 1'], { durationMs: 5000, exitCode: 1 }],
      [['bash', '-ec', 'echo hi\nsleep 2\nexit 7'], { durationMs: 2000, exitCode: 7 }],
      [['sh', '-c', 'sleep 5'], { durationMs: 5000, exitCode: 0 }],
      [['sh', '-c', 'echo done; exit 4'], { durationMs: 0, exitCode: 4 }],
      [['sh', '-c', 'sleep 3; false'], { durationMs: 3000, exitCode: 1 }],
      [['sh', '-c', 'sleep 3 || exit 9'], { durationMs: 3000, exitCode: 0 }],
      [['sh', '-c', 'false || exit 9'], { durationMs: 0, exitCode: 9 }],
      [['sh', '-c', 'echo "a; b"; exit 2'], { durationMs: 0, exitCode: 2 }],
      [['sh', '-c', 'while true; do sleep 1; done'], undefined],
      [['sh', '-c', 'sleep 10; exec nginx'], undefined],
      [['sh', '-c', 'echo start; exec sleep 4'], { durationMs: 4000, exitCode: 0 }],
      [['sh', '-c', 'nginx -g "daemon off;"'], undefined],
      [['false'], { durationMs: 0, exitCode: 1 }],
      [['true'], { durationMs: 0, exitCode: 0 }],
      [['nginx'], undefined],
      [[], undefined],
    ];
    for (const [argv, want] of table) assert.deepEqual(runSpecFromCommand(argv), want, JSON.stringify(argv));
  });

  it('reads Go durations and plain seconds', () => {
    assert.equal(parseDuration('5s'), 5000);
    assert.equal(parseDuration('1m30s'), 90_000);
    assert.equal(parseDuration('1.5h'), 5_400_000);
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('7'), 7000);
    assert.equal(parseDuration('2.5'), 2500);
    assert.equal(parseDuration('0'), 0);
    for (const bad of ['', 'abc', '5x', '-5s', 's', '1m-3s']) assert.equal(parseDuration(bad), undefined, bad);
  });

  it('lets annotations override the command line', () => {
    const pod = (annotations: Record<string, string>, command?: string[]) => ({ metadata: { annotations }, spec: { containers: [{ name: 'c', command }] } });
    assert.deepEqual(runSpecOf(pod({ 'sim.kubette.io/duration': '5s' })), { durationMs: 5000, exitCode: 0 });
    assert.deepEqual(runSpecOf(pod({ 'sim.kubette.io/exit-code': '2' })), { durationMs: 0, exitCode: 2 });
    assert.deepEqual(runSpecOf(pod({ 'sim.kubette.io/exit-code': '2' }, ['sleep', '9'])), { durationMs: 9000, exitCode: 2 });
    assert.deepEqual(runSpecOf(pod({ 'sim.kubette.io/duration': '30' }, ['sh', '-c', 'sleep 1; exit 5'])), { durationMs: 30_000, exitCode: 5 });
    assert.deepEqual(runSpecOf(pod({}, ['sleep', '3'])), { durationMs: 3000, exitCode: 0 });
    assert.equal(runSpecOf(pod({})), undefined);
    assert.equal(runSpecOf(pod({ 'sim.kubette.io/duration': 'soon' })), undefined);
  });

  it('parses --node-capacity', () => {
    assert.deepEqual(parseNodeCapacity('cpu=32,memory=256Gi,pods=110'), { cpu: '32', memory: '256Gi', pods: '110' });
    assert.deepEqual(parseNodeCapacity(' cpu = 500m , nvidia.com/gpu=4 '), { cpu: '500m', 'nvidia.com/gpu': '4' });
    assert.deepEqual(parseNodeCapacity(''), {});
    assert.throws(() => parseNodeCapacity('cpu'), /want name=quantity/);
    assert.throws(() => parseNodeCapacity('cpu=lots'), /invalid quantity "lots" for cpu/);
    assert.throws(() => parseNodeCapacity('cpu=-1'), /invalid quantity/);
    assert.throws(() => parseNodeCapacity('bad name=1'), /invalid resource name/);
  });

  it('gives nodes distinct CIDRs for 16,384 nodes and pods distinct IPs until released', () => {
    assert.equal(nodePodCIDR(0), '10.64.0.0/24');
    assert.equal(nodePodCIDR(257), '10.65.1.0/24');
    assert.equal(nodePodCIDR(16_383), '10.127.255.0/24');
    assert.throws(() => nodePodCIDR(16_384), /out of range/);
    assert.equal(nodeInternalIP(0), '172.16.0.2');
    assert.equal(nodeInternalIP(300), '172.16.1.46');

    const pool = new PodIPPool('10.64.3.0/24');
    const ips = Array.from({ length: 253 }, (_, i) => pool.allocate(`uid-${i}`));
    assert.equal(new Set(ips).size, 253);
    assert.ok(!ips.includes('10.64.3.0') && !ips.includes('10.64.3.1') && !ips.includes('10.64.3.255'));
    assert.equal(pool.allocate('one-too-many'), undefined);
    assert.equal(pool.allocate('uid-7'), ips[7], 'the same pod keeps its IP');
    pool.release('uid-7');
    assert.equal(pool.allocate('newcomer'), ips[7], 'a released IP is handed out again');
    const fresh = new PodIPPool('10.64.3.0/24');
    assert.ok(fresh.reserve('a', '10.64.3.2'));
    assert.ok(!fresh.reserve('b', '10.64.3.2'), 'taken by another pod');
    assert.ok(!fresh.reserve('c', '10.64.4.2'), 'outside the CIDR');
    assert.equal(fresh.allocate('d'), '10.64.3.3');
  });

  it('backs off crash loops as the kubelet: 10 s doubling to 5 min, in Go duration text', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 20].map(crashBackoffMs), [0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    assert.deepEqual([10_000, 80_000, 300_000, 3_600_000].map(goDuration), ['10s', '1m20s', '5m0s', '1h0m0s']);
  });
});
