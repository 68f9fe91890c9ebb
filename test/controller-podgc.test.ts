// The pod garbage collector against the real `kubette up` (its own controllers off), running in the
// test process on a FakeClock: terminated pods beyond the threshold go oldest first, and pods bound
// to a node that is gone go after the 40 s quarantine — but not while the node exists.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../src/client/clock.js';
import type { RestClient } from '../src/client/rest.js';
import { PodGCController } from '../src/controllers/podgc/controller.js';
import { api, type Cluster } from './helpers/cluster.js';
import { startWithController, stopController } from './helpers/controllers.js';
import { expectOk, poll } from './helpers/wait.js';

let cluster: Cluster;
let rest: RestClient;
let controller: PodGCController;
const clock = new FakeClock(new Date());

before(async () => {
  ({ cluster, rest, controller } = await startWithController(['--controllers=', '--disable-scheduler'], (rest) => new PodGCController({ rest, clock, terminatedPodThreshold: 2 })));
});
after(() => stopController({ cluster, rest, controller }));

const ok = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => expectOk(cluster.url, method, path, body, headers);
const names = async (ns: string): Promise<string[]> => (await ok('GET', `/api/v1/namespaces/${ns}/pods`)).items.map((p: any) => p.metadata.name).sort();

async function pod(ns: string, name: string, opts: { node?: string; phase?: string } = {}): Promise<void> {
  await ok('POST', `/api/v1/namespaces/${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: opts.node, containers: [{ name: 'c', image: 'busybox' }] } });
  if (opts.phase) await ok('PATCH', `/api/v1/namespaces/${ns}/pods/${name}/status`, { status: { phase: opts.phase } }, { 'Content-Type': 'application/merge-patch+json' });
}

/** Step the clock by one GC period and wait for the pass it starts to finish. */
async function pass(): Promise<void> {
  clock.step(20_000);
  await new Promise((r) => setTimeout(r, 300));
}

describe('pod garbage collector', () => {
  it('deletes terminated pods beyond the threshold, oldest first, and leaves running ones', async () => {
    await ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gc-done' } });
    for (const [i, phase] of ['Succeeded', 'Failed', undefined, 'Succeeded', 'Failed'].entries()) {
      await pod('gc-done', `p${i}`, { node: 'n1', phase });
      await new Promise((r) => setTimeout(r, 1100)); // creationTimestamp has one-second resolution
    }
    await ok('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    await poll('the informers to see the pods', async () => (await names('gc-done')).length === 5);
    await new Promise((r) => setTimeout(r, 300));
    await pass();
    // Four terminated pods, threshold 2: the two oldest terminated (p0, p1) go; p2 is running.
    await poll('the oldest terminated pods to go', async () => JSON.stringify(await names('gc-done')) === JSON.stringify(['p2', 'p3', 'p4']));
    await pass();
    assert.deepEqual(await names('gc-done'), ['p2', 'p3', 'p4']);
  });

  it('deletes pods bound to a node that is gone, after the quarantine, and keeps those on live nodes', async () => {
    await ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gc-orphans' } });
    await ok('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'alive' } });
    await pod('gc-orphans', 'on-ghost', { node: 'ghost' });
    await pod('gc-orphans', 'on-alive', { node: 'alive' });
    await new Promise((r) => setTimeout(r, 300));
    await pass(); // the missing node is noticed
    await pass(); // 20 s later: still in quarantine
    assert.deepEqual(await names('gc-orphans'), ['on-alive', 'on-ghost']);
    await pass(); // 40 s after it was noticed: the server confirms the node is gone
    await poll('the orphan to go', async () => JSON.stringify(await names('gc-orphans')) === JSON.stringify(['on-alive']));
    const r = await api(cluster.url, 'GET', '/api/v1/namespaces/gc-orphans/pods/on-ghost');
    assert.equal(r.status, 404);
  });
});
