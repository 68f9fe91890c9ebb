// The scheduler in this process against the real `kubette up` (no controllers): Node objects are
// created through the API, pods are created, and where they land — or why they cannot — is read back
// from the API: nodeName, PodScheduled conditions and events, with upstream v1.25's messages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../src/client/clock.js';
import { connect, RestClient } from '../src/client/rest.js';
import { Scheduler } from '../src/scheduler/scheduler.js';
import { api, startCluster, type Cluster } from './helpers/cluster.js';
import { poll } from './helpers/wait.js';

let cluster: Cluster;
let base: string;
let rest: RestClient;
let scheduler: Scheduler;
const clock = new FakeClock();

before(async () => {
  cluster = await startCluster({ args: ['--controllers=', '--disable-scheduler'] });
  base = cluster.url;
  rest = connect(cluster.connection);
  scheduler = new Scheduler({ rest, clock });
  await scheduler.start();
});
after(async () => {
  await scheduler?.stop();
  rest?.close();
  if (!cluster) return;
  await cluster.stop();
  cluster.cleanup();
});

/** Polls until `cond` holds, stepping the fake clock so backoffs expire; fails after `ms` of real time. */
const waitFor = <T>(what: string, cond: () => Promise<T | undefined | false>, ms = 15_000, pollMs = 20) => poll(what, cond, { timeoutMs: ms, intervalMs: pollMs, each: () => clock.step(1000) });

async function call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<any> {
  const r = await api(base, method, path, body, headers);
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
  return r.body;
}

interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  extra?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  unschedulable?: boolean;
}

/** A test's namespace and the nodes it made; everything is removed afterwards so tests do not mix. */
class Scenario {
  readonly nodes: string[] = [];
  constructor(readonly ns: string) {}

  async node(name: string, o: NodeOpts = {}): Promise<void> {
    const allocatable = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110', 'ephemeral-storage': '100Gi', ...o.extra };
    await call('POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
      spec: { taints: o.taints, unschedulable: o.unschedulable },
    });
    this.nodes.push(name);
    const status = { capacity: allocatable, allocatable, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }] };
    await call('PATCH', `/api/v1/nodes/${name}/status`, { status }, { 'Content-Type': 'application/merge-patch+json' });
  }

  async pod(name: string, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): Promise<any> {
    const requests = (spec['requests'] as Record<string, string> | undefined) ?? undefined;
    const { requests: _r, containers, ...rest } = spec;
    return call('POST', `/api/v1/namespaces/${this.ns}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, ...meta },
      spec: { containers: containers ?? [{ name: 'c', image: 'nginx', resources: requests ? { requests } : undefined }], ...rest },
    });
  }

  get(name: string): Promise<any> {
    return call('GET', `/api/v1/namespaces/${this.ns}/pods/${name}`);
  }

  /** Waits for the pod to be bound and returns its node. */
  async boundNode(name: string): Promise<string> {
    return waitFor(`${this.ns}/${name} to be bound`, async () => (await this.get(name)).spec.nodeName as string | undefined);
  }

  /** Waits for PodScheduled=False and returns the condition. */
  async unschedulable(name: string): Promise<any> {
    return waitFor(`${this.ns}/${name} to be unschedulable`, async () => (await this.get(name)).status?.conditions?.find((c: any) => c.type === 'PodScheduled' && c.status === 'False'));
  }

  async events(name: string): Promise<any[]> {
    return (await call('GET', `/api/v1/namespaces/${this.ns}/events`)).items.filter((e: any) => e.involvedObject?.name === name);
  }

  async cleanup(): Promise<void> {
    await call('DELETE', `/api/v1/namespaces/${this.ns}/pods`, { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 });
    for (const n of this.nodes) await call('DELETE', `/api/v1/nodes/${n}`);
  }
}

async function scenario(ns: string, fn: (s: Scenario) => Promise<void>): Promise<void> {
  await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const s = new Scenario(ns);
  try {
    await fn(s);
  } finally {
    await s.cleanup();
  }
}

const preemptionNotHelpful = (n: number) => `preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;

describe('scheduler', () => {
  it('with no nodes: FailedScheduling "no nodes available to schedule pods"', async () => {
    await scenario('sched-nonodes', async (s) => {
      assert.equal((await call('GET', '/api/v1/nodes')).items.length, 0, 'this test needs a cluster without nodes');
      await s.pod('p');
      const cond = await s.unschedulable('p');
      assert.equal(cond.reason, 'Unschedulable');
      assert.equal(cond.message, 'no nodes available to schedule pods');
      const ev = await waitFor('the FailedScheduling event', async () => (await s.events('p')).find((e) => e.reason === 'FailedScheduling'));
      assert.equal(ev.message, 'no nodes available to schedule pods');
    });
  });

  it('binds a pod: nodeName, PodScheduled=True and a Scheduled event from default-scheduler', async () => {
    await scenario('sched-basic', async (s) => {
      await s.node('basic-1');
      await s.pod('web');
      assert.equal(await s.boundNode('web'), 'basic-1');
      const pod = await s.get('web');
      assert.equal(pod.status.conditions.find((c: any) => c.type === 'PodScheduled').status, 'True');
      const ev = await waitFor('the Scheduled event', async () => (await s.events('web')).find((e) => e.reason === 'Scheduled'));
      assert.equal(ev.type, 'Normal');
      assert.equal(ev.message, 'Successfully assigned sched-basic/web to basic-1');
      assert.equal(ev.source.component, 'default-scheduler');
    });
  });

  it('a pod that fits nowhere: the exact message, then it is scheduled once a fitting node is added', async () => {
    await scenario('sched-fit', async (s) => {
      await s.node('fit-cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });
      await s.node('fit-w1', { cpu: '1' });
      await s.node('fit-w2', { cpu: '1' });
      await s.pod('big', { requests: { cpu: '2' } });
      const want =
        '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
        'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
      const cond = await s.unschedulable('big');
      assert.equal(cond.reason, 'Unschedulable');
      assert.equal(cond.message, want);
      const ev = await waitFor('FailedScheduling', async () => (await s.events('big')).find((e) => e.reason === 'FailedScheduling'));
      assert.equal(ev.type, 'Warning');
      assert.equal(ev.message, want);
      assert.equal(ev.source.component, 'default-scheduler');
      await s.node('fit-w3', { cpu: '4' });
      assert.equal(await s.boundNode('big'), 'fit-w3');
    });
  });

  it('nodeSelector and required node affinity (matchExpressions, matchFields, Gt)', async () => {
    await scenario('sched-affinity', async (s) => {
      await s.node('aff-ssd', { labels: { disk: 'ssd', gen: '3' } });
      await s.node('aff-hdd', { labels: { disk: 'hdd', gen: '5' } });
      await s.node('aff-none');
      const required = (term: object) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } } } });
      await s.pod('sel', { nodeSelector: { disk: 'ssd' } });
      await s.pod('expr', required({ matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] }));
      await s.pod('field', required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['aff-none'] }] }));
      await s.pod('gt', required({ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] }));
      await s.pod('nomatch', { nodeSelector: { disk: 'nvme' } });
      assert.equal(await s.boundNode('sel'), 'aff-ssd');
      assert.equal(await s.boundNode('expr'), 'aff-hdd');
      assert.equal(await s.boundNode('field'), 'aff-none');
      assert.equal(await s.boundNode('gt'), 'aff-hdd');
      const cond = await s.unschedulable('nomatch');
      assert.equal(cond.message, `0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. ${preemptionNotHelpful(3)}`);
    });
  });

  it('taints, tolerations and cordoned nodes', async () => {
    await scenario('sched-taints', async (s) => {
      await s.node('taint-gpu', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
      await s.node('taint-exec', { taints: [{ key: 'x', effect: 'NoExecute' }] });
      await s.node('taint-cordoned', { unschedulable: true });
      await s.pod('plain');
      const cond = await s.unschedulable('plain');
      assert.equal(
        cond.message,
        `0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) had untolerated taint {x: }, 1 node(s) were unschedulable. ${preemptionNotHelpful(3)}`,
      );
      await s.pod('gpu', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] });
      await s.pod('exec', { tolerations: [{ key: 'x', operator: 'Exists' }] });
      await s.pod('cordon', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
      assert.equal(await s.boundNode('gpu'), 'taint-gpu');
      assert.equal(await s.boundNode('exec'), 'taint-exec');
      assert.equal(await s.boundNode('cordon'), 'taint-cordoned');
    });
  });

  it('resources: init containers count as max(sum, each init), pod count, extended resources', async () => {
    await scenario('sched-res', async (s) => {
      await s.node('res-1', { cpu: '2', pods: '2', extra: { 'example.com/gpu': '1' } });
      // Requests 1500m: the init container's, which is more than the containers' 1000m together.
      await s.pod('init', {
        initContainers: [{ name: 'i', image: 'busybox', resources: { requests: { cpu: '1500m' } } }],
        containers: [
          { name: 'a', image: 'nginx', resources: { requests: { cpu: '500m' } } },
          { name: 'b', image: 'nginx', resources: { requests: { cpu: '500m' } } },
        ],
      });
      assert.equal(await s.boundNode('init'), 'res-1');
      await s.pod('cpu', { requests: { cpu: '600m' } });
      assert.equal((await s.unschedulable('cpu')).message, '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
      await s.pod('gpu2', { containers: [{ name: 'c', image: 'nginx', resources: { requests: { 'example.com/gpu': '2' }, limits: { 'example.com/gpu': '2' } } }] });
      assert.equal(
        (await s.unschedulable('gpu2')).message,
        '0/1 nodes are available: 1 Insufficient example.com/gpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
      );
      await s.pod('small', { requests: { cpu: '100m' } });
      assert.equal(await s.boundNode('small'), 'res-1');
      await s.pod('third');
      assert.equal((await s.unschedulable('third')).message, '0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
    });
  });

  it('host ports conflict by protocol and IP', async () => {
    await scenario('sched-ports', async (s) => {
      await s.node('ports-1');
      const port = (name: string, protocol: string, hostIP?: string) => ({ containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080, protocol, hostIP }] }] });
      await s.pod('tcp', port('tcp', 'TCP', '10.0.0.1'));
      assert.equal(await s.boundNode('tcp'), 'ports-1');
      await s.pod('udp', port('udp', 'UDP'));
      assert.equal(await s.boundNode('udp'), 'ports-1');
      await s.pod('other-ip', port('other-ip', 'TCP', '10.0.0.2'));
      assert.equal(await s.boundNode('other-ip'), 'ports-1');
      await s.pod('any-ip', port('any-ip', 'TCP'));
      assert.equal(
        (await s.unschedulable('any-ip')).message,
        "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
      );
    });
  });

  it('inter-pod affinity and anti-affinity by topologyKey, including existing pods\' anti-affinity', async () => {
    await scenario('sched-podaff', async (s) => {
      for (const n of ['pa-1', 'pa-2', 'pa-3']) await s.node(n, { labels: { zone: n === 'pa-3' ? 'b' : 'a' } });
      const anti = (key: string) => ({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: key }] } } });
      // Anti-affinity per zone: two zones, so two db pods, then no room.
      await s.pod('db-1', anti('zone'), { labels: { app: 'db' } });
      await s.pod('db-2', anti('zone'), { labels: { app: 'db' } });
      const zones = new Set<string>();
      for (const p of ['db-1', 'db-2']) zones.add((await s.boundNode(p)) === 'pa-3' ? 'b' : 'a');
      assert.equal(zones.size, 2, 'one db pod per zone');
      await s.pod('db-3', anti('zone'), { labels: { app: 'db' } });
      assert.equal((await s.unschedulable('db-3')).message, `0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.`);
      // No terms of its own, but the db pods' anti-affinity matches its labels.
      await s.pod('db-plain', {}, { labels: { app: 'db' } });
      assert.equal(
        (await s.unschedulable('db-plain')).message,
        `0/3 nodes are available: 3 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.`,
      );
      // Affinity to db-1's host.
      const host1 = await s.boundNode('db-1');
      await s.pod('cache', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' }] } } }, { labels: { app: 'cache' } });
      const cacheNode = await s.boundNode('cache');
      assert.ok([host1, await s.boundNode('db-2')].includes(cacheNode), 'next to a db pod');
      await s.pod('lonely', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'nothing' } }, topologyKey: 'zone' }] } } });
      assert.equal((await s.unschedulable('lonely')).message, `0/3 nodes are available: 3 node(s) didn't match pod affinity rules. ${preemptionNotHelpful(3)}`);
    });
  });

  it('spreads the replicas of one owner across nodes', async () => {
    await scenario('sched-spread', async (s) => {
      for (let i = 1; i <= 4; i++) await s.node(`spread-${i}`, { cpu: '64', memory: '256Gi' });
      const owner = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: '6f1c2a9e-0000-4000-8000-000000000001', controller: true }];
      // No requests: LeastAllocated sees the same default request everywhere only if spreading works.
      for (let i = 0; i < 8; i++) await s.pod(`web-${i}`, {}, { labels: { app: 'web' }, ownerReferences: owner });
      const perNode = new Map<string, number>();
      for (let i = 0; i < 8; i++) {
        const n = await s.boundNode(`web-${i}`);
        perNode.set(n, (perNode.get(n) ?? 0) + 1);
      }
      assert.deepEqual([...perNode.values()].sort(), [2, 2, 2, 2], `placement: ${JSON.stringify([...perNode])}`);
    });
  });

  it('pods for another scheduler, and pods already bound, are left alone', async () => {
    await scenario('sched-other', async (s) => {
      await s.node('other-1');
      await s.pod('mine-not', { schedulerName: 'my-scheduler' });
      await s.pod('sentinel');
      assert.equal(await s.boundNode('sentinel'), 'other-1');
      const pod = await s.get('mine-not');
      assert.equal(pod.spec.nodeName, undefined);
      assert.equal(pod.status?.conditions, undefined);
      assert.deepEqual(await s.events('mine-not'), []);
    });
  });

  it('throughput smoke: 2,000 pods onto 100 nodes, all bound, no node over allocatable', async () => {
    await scenario('sched-bulk', async (s) => {
      const nodes = Array.from({ length: 100 }, (_, i) => `bulk-${i}`);
      await Promise.all(nodes.map((n, i) => s.node(n, { cpu: '4', memory: '16Gi', pods: '30', labels: { 'topology.kubernetes.io/zone': `z${i % 3}` } })));
      const names = Array.from({ length: 2000 }, (_, i) => `p-${i}`);
      for (let i = 0; i < names.length; i += 50) await Promise.all(names.slice(i, i + 50).map((n) => s.pod(n, { requests: { cpu: '150m', memory: '256Mi' } })));
      const pods = await waitFor(
        'all 2,000 pods to be bound',
        async () => {
          const items = (await call('GET', `/api/v1/namespaces/${s.ns}/pods`)).items as any[];
          return items.length === 2000 && items.every((p) => p.spec.nodeName) && items;
        },
        45_000,
        1000,
      );
      const perNode = new Map<string, number>();
      for (const p of pods) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
      for (const [n, count] of perNode) {
        assert.ok(nodes.includes(n), `unknown node ${n}`);
        assert.ok(count <= 26, `${n} has ${count} pods: 150m each must not exceed 4 cpu`);
      }
    });
  });
});
