// Leader election of controller managers against the real `kubette up` (running no controllers of
// its own): only one manager leads the kube-system/kube-controller-manager Lease; a graceful stop
// releases it so another takes over at once; a killed leader (a real `kubette controller-manager`
// child process) is replaced once its lease expires, with leaseTransitions counting each takeover;
// and the controllers of a manager run only while it leads.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { LeaderElector, rfc3339Micro } from '../src/client/leaderelection.js';
import { connect, RestClient } from '../src/client/rest.js';
import { startControllers, type RunningControllers } from '../src/controllers/manager.js';
import { api, kubetteBin, startCluster, type Cluster } from './helpers/cluster.js';
import { poll } from './helpers/wait.js';

let cluster: Cluster;
const leasePath = '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager';
// Short timings (lease 2 s, deadline 1.5 s, retry 0.5 s) keep the takeover after a crash quick.
const fast = { leaseDurationMs: 2000, renewDeadlineMs: 1500, retryPeriodMs: 500 };
const micro = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

before(async () => {
  cluster = await startCluster({ args: ['--controllers=', '--disable-scheduler'] });
});
after(async () => {
  if (!cluster) return;
  await cluster.stop();
  cluster.cleanup();
});

const until = async (what: string, cond: () => boolean | Promise<boolean>, ms = 15_000) => void (await poll(what, cond, { timeoutMs: ms }));

async function lease(): Promise<any> {
  const r = await api(cluster.url, 'GET', leasePath);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

const manager = (id: string, controllers: string[] = []) =>
  startControllers({ connection: cluster.connection, controllers, leaderElect: true, leaderElectionId: id, leaderElection: fast });

describe('leader election', () => {
  it('rejects timings client-go rejects', () => {
    const rest = connect(cluster.connection);
    const cb = { onStartedLeading() {}, onStoppedLeading() {} };
    assert.throws(() => new LeaderElector({ rest, namespace: 'kube-system', name: 'x', identity: 'i', leaseDurationMs: 10_000, renewDeadlineMs: 10_000, callbacks: cb }), /leaseDuration must be greater than renewDeadline/);
    assert.throws(() => new LeaderElector({ rest, namespace: 'kube-system', name: 'x', identity: 'i', renewDeadlineMs: 2000, retryPeriodMs: 2000, callbacks: cb }), /renewDeadline must be greater than retryPeriod\*JitterFactor/);
    rest.close();
    assert.equal(rfc3339Micro(new Date('2026-01-02T03:04:05.678Z')), '2026-01-02T03:04:05.678000Z');
  });

  it('one of two managers leads; stopping it hands the lease over at once', async () => {
    const a = await manager('host-a_1');
    let b: RunningControllers | undefined;
    try {
      await until('a to lead', () => a.isLeader());
      b = await manager('host-b_2');
      const held = await lease();
      assert.equal(held.spec.holderIdentity, 'host-a_1');
      assert.equal(held.spec.leaseDurationSeconds, 2);
      assert.match(held.spec.acquireTime, micro);
      assert.match(held.spec.renewTime, micro);
      // a renews (renewTime moves, acquireTime stays); b keeps trying and stays a follower all along.
      await until('a to renew', async () => (await lease()).spec.renewTime !== held.spec.renewTime);
      const renewed = await lease();
      assert.equal(renewed.spec.acquireTime, held.spec.acquireTime);
      assert.equal(renewed.spec.holderIdentity, 'host-a_1');
      assert.equal(b.isLeader(), false);

      const transitions = renewed.spec.leaseTransitions ?? 0;
      await a.stop(); // releases: no holder, so b need not wait out the lease
      await until('b to lead', () => b!.isLeader(), 5_000);
      const taken = await lease();
      assert.equal(taken.spec.holderIdentity, 'host-b_2');
      assert.equal(taken.spec.leaseTransitions, transitions + 1);
      assert.equal(taken.spec.leaseDurationSeconds, 2);
    } finally {
      await a.stop();
      await b?.stop();
    }
  });

  it('a stopped leader releases the lease: no holder, a one-second duration, transitions kept', async () => {
    const solo = await manager('host-s_9');
    await until('solo to lead', () => solo.isLeader());
    const held = await lease();
    await solo.stop();
    const released = await lease();
    assert.equal(released.spec.holderIdentity, '');
    assert.equal(released.spec.leaseDurationSeconds, 1);
    assert.equal(released.spec.leaseTransitions, held.spec.leaseTransitions);
    assert.match(released.spec.renewTime, micro);
  });

  it('a killed `kubette controller-manager` is replaced when its lease expires; controllers run only while leading', async () => {
    const child = spawn(
      process.execPath,
      [kubetteBin, 'controller-manager', '--kubeconfig', cluster.kubeconfig, '--controllers=namespace', '--leader-elect-lease-duration=2s', '--leader-elect-renew-deadline=1500ms', '--leader-elect-retry-period=500ms'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise((r) => child.once('exit', r));
    let b: RunningControllers | undefined;
    try {
      await until('the child to lead', () => /successfully acquired lease/.test(out));
      assert.match(out, /INFO\s+attempting to acquire leader lease lease=kube-system\/kube-controller-manager identity=\S+_[0-9a-f-]{36}/);
      assert.match(out, /INFO\s+successfully acquired lease lease=kube-system\/kube-controller-manager/);
      const held = await lease();
      assert.match(held.spec.holderIdentity, /^[^_]+_[0-9a-f-]{36}$/);
      // Its controllers start once their service accounts have tokens, a moment after leading.
      await until('the child to start its controllers', () => /started controller controller=namespace/.test(out));

      b = await manager('host-c_3', ['namespace']);
      child.kill('SIGKILL');
      await exited;
      // A namespace deleted now stays Terminating until some namespace controller runs: b's, once it leads.
      assert.equal((await api(cluster.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'le-doomed' } })).status, 201);
      assert.equal((await api(cluster.url, 'DELETE', '/api/v1/namespaces/le-doomed')).status, 200);
      const stillThere = (await api(cluster.url, 'GET', '/api/v1/namespaces/le-doomed')).status;
      if (!b.isLeader()) assert.equal(stillThere, 200, 'a follower must not run its controllers');

      await until('b to take over the expired lease', () => b!.isLeader(), 10_000);
      const taken = await lease();
      assert.equal(taken.spec.holderIdentity, 'host-c_3');
      assert.equal(taken.spec.leaseTransitions, (held.spec.leaseTransitions ?? 0) + 1);
      await until('the new leader to finalize the namespace', async () => (await api(cluster.url, 'GET', '/api/v1/namespaces/le-doomed')).status === 404);
      // The takeover is recorded as upstream does, as an event on the Lease.
      const events = await api(cluster.url, 'GET', '/api/v1/namespaces/kube-system/events');
      assert.ok(
        events.body.items.some((e: any) => e.reason === 'LeaderElection' && e.message === 'host-c_3 became leader' && e.involvedObject.kind === 'Lease'),
        JSON.stringify(events.body.items.map((e: any) => e.message)),
      );
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await b?.stop();
    }
  });
});
