// The client's EventRecorder writes events as client-go's recorder does: named <obj>.<hex ns>,
// identical repeats aggregated into count/lastTimestamp, and visible to kubectl get events.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../src/client/clock.js';
import { EventRecorder } from '../src/client/events.js';
import { connect, RestClient } from '../src/client/rest.js';
import { api, startCluster, type Cluster } from './helpers/cluster.js';
import { client, kubectlVersion } from './helpers/tools.js';

describe('EventRecorder', () => {
  let cluster: Cluster;
  let rest: RestClient;
  before(async () => {
    cluster = await startCluster();
    rest = connect(cluster.connection);
  });
  after(async () => {
    rest.close();
    await cluster.stop();
    cluster.cleanup();
  });

  it('creates, aggregates repeats and keeps distinct messages apart', async () => {
    const cm = (await api(cluster.url, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched' } })).body;
    const clock = new FakeClock(new Date('2026-11-26T10:00:00Z'));
    const rec = new EventRecorder(rest, { component: 'test-controller', host: 'node-1' }, clock);
    assert.equal(await rec.event(cm, 'Normal', 'Synced', 'synced the thing'), undefined);
    clock.step(30_000);
    assert.equal(await rec.event(cm, 'Normal', 'Synced', 'synced the thing'), undefined);
    assert.equal(await rec.event(cm, 'Warning', 'Failed', 'could not sync'), undefined);

    const list = (await api(cluster.url, 'GET', '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dwatched')).body;
    assert.equal(list.items.length, 2);
    const synced = list.items.find((e: any) => e.reason === 'Synced');
    assert.match(synced.metadata.name, /^watched\.[0-9a-f]+$/);
    assert.equal(BigInt(`0x${synced.metadata.name.split('.')[1]}`), BigInt(Date.parse('2026-11-26T10:00:00Z')) * 1_000_000n);
    assert.equal(synced.count, 2);
    assert.equal(synced.firstTimestamp, '2026-11-26T10:00:00Z');
    assert.equal(synced.lastTimestamp, '2026-11-26T10:00:30Z');
    assert.deepEqual(synced.source, { component: 'test-controller', host: 'node-1' });
    assert.equal(synced.involvedObject.uid, cm.metadata.uid);
    assert.equal(synced.involvedObject.kind, 'ConfigMap');

    const k = client(kubectlVersion(33), cluster.kubeconfig);
    const out = await k.run(['get', 'events', '-o', 'wide', '--field-selector', 'involvedObject.name=watched', '--sort-by=.reason']);
    k.cleanup();
    assert.equal(out.code, 0, out.stderr);
    const lines = out.stdout.trim().split('\n').map((l) => l.trim().split(/\s{2,}/));
    assert.deepEqual(lines[0], ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME']);
    assert.deepEqual(lines[1]!.slice(1, 4), ['Warning', 'Failed', 'configmap/watched']);
    assert.deepEqual(lines[2]!.slice(1, 4), ['Normal', 'Synced', 'configmap/watched']);
    assert.equal(lines[2]!.at(-2), '2');
    assert.ok(lines[2]!.includes('test-controller, node-1'));
  });

  it('reports a failure instead of throwing, and starts a new event when the old one is gone', async () => {
    const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ghost', namespace: 'nope', uid: 'u1' } };
    const rec = new EventRecorder(rest, { component: 'test' });
    const err = await rec.event(obj, 'Normal', 'X', 'y');
    assert.ok(err, 'an event in a missing namespace fails');
    const cm = (await api(cluster.url, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gone' } })).body;
    assert.equal(await rec.event(cm, 'Normal', 'Once', 'm'), undefined);
    const first = (await api(cluster.url, 'GET', '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dgone')).body.items[0];
    await api(cluster.url, 'DELETE', `/api/v1/namespaces/default/events/${first.metadata.name}`);
    // The aggregate it would patch is gone: a new event is created in the same call.
    assert.equal(await rec.event(cm, 'Normal', 'Once', 'm'), undefined);
    const again = (await api(cluster.url, 'GET', '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dgone')).body.items;
    assert.equal(again.length, 1);
    assert.equal(again[0].count, 1);
    assert.notEqual(again[0].metadata.name, first.metadata.name);
  });

  it('drops events past a burst of 25 per object and lets one more through every 5 minutes (spam filter)', async () => {
    const cm = (await api(cluster.url, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'noisy' } })).body;
    const other = (await api(cluster.url, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'quiet' } })).body;
    const clock = new FakeClock(new Date('2026-11-26T10:00:00Z'));
    const rec = new EventRecorder(rest, { component: 'test-controller' }, clock);
    for (let i = 0; i < 30; i++) assert.equal(await rec.event(cm, 'Normal', 'Created', `created pod-${i}`), undefined);
    assert.equal(await rec.event(other, 'Normal', 'Created', 'another object has its own bucket'), undefined);
    clock.step(5 * 60_000);
    assert.equal(await rec.event(cm, 'Normal', 'Created', 'after five minutes'), undefined);
    assert.equal(await rec.event(cm, 'Normal', 'Created', 'but only one'), undefined);
    const messages = (await api(cluster.url, 'GET', '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dnoisy')).body.items.map((e: any) => e.message);
    assert.equal(messages.length, 26);
    assert.ok(messages.includes('created pod-24') && !messages.includes('created pod-25'));
    assert.ok(messages.includes('after five minutes') && !messages.includes('but only one'));
    const quiet = (await api(cluster.url, 'GET', '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dquiet')).body.items;
    assert.equal(quiet.length, 1);
  });
});
