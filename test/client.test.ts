// The client library against the real API server (in-process, on a real SQLite file, so a test can
// compact history): the REST client and its typed Status errors, discovery, the informer (list then
// watch, resuming after the server ends a watch, re-listing after 410 Gone), the work queue and the
// worker loop.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiServer } from '../src/apiserver/server.js';
import { FakeClock } from '../src/client/clock.js';
import { runWorkers } from '../src/client/controller.js';
import { discoverResources, RESTMapper } from '../src/client/discovery.js';
import { Informer, objectKey } from '../src/client/informer.js';
import { InformerFactory } from '../src/client/informerfactory.js';
import { isAlreadyExists, isConflict, isNotFound, RestClient } from '../src/client/rest.js';
import { WorkQueue } from '../src/client/workqueue.js';
import type { KObject } from '../src/api/object.js';
import { StatusError } from '../src/machinery/errors.js';
import { createLogger, silentLogger } from '../src/machinery/log.js';
import type { Backend } from '../src/storage/backend.js';
import { openSqliteBackend } from '../src/storage/sqlite/backend.js';

const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps' };
const cm = (name: string, labels?: Record<string, string>, data: Record<string, string> = { k: 'v' }): KObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(labels ? { labels } : {}) },
  data,
});

/** Polls `cond` every 10 ms until it holds (or fails after `ms`). */
async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('client library against the API server', () => {
  let dir: string;
  let backend: Backend;
  let server: ApiServer;
  let rest: RestClient;
  const serverLog: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubette-client-'));
    backend = await openSqliteBackend(join(dir, 'state.db'), { durability: 'process', compactIntervalMs: 0 });
    server = new ApiServer({ backend, log: createLogger((l) => serverLog.push(l), 'INFO') });
    const addr = await server.listen(0, '127.0.0.1');
    rest = new RestClient(`http://127.0.0.1:${addr.port}`);
    for (const ns of ['rest', 'inf', 'gone', 'idx', 'resync', 'shared'])
      await rest.resource({ group: '', version: 'v1', resource: 'namespaces' }).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  });
  after(async () => {
    rest.close();
    await server.close();
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('RestClient', () => {
    it('creates, reads, updates, patches and deletes, returning what the server stored', async () => {
      const cms = rest.resource(CONFIGMAPS);
      const created = await cms.create(cm('a'), { namespace: 'rest' });
      assert.equal(created.metadata.namespace, 'rest');
      assert.match(created.metadata.uid!, /^[0-9a-f-]{36}$/);
      const got = await cms.get('a', 'rest');
      assert.deepEqual(got, created);
      const updated = await cms.update({ ...got, data: { k: 'v2' } });
      assert.equal((updated as KObject & { data: Record<string, string> }).data['k'], 'v2');
      assert.notEqual(updated.metadata.resourceVersion, got.metadata.resourceVersion);
      const patched = await cms.patch('a', { data: { extra: 'x' } }, { namespace: 'rest' });
      assert.deepEqual((patched as KObject & { data: unknown }).data, { k: 'v2', extra: 'x' });
      const jsonPatched = await cms.patch('a', [{ op: 'remove', path: '/data/extra' }], { namespace: 'rest', type: 'json' });
      assert.deepEqual((jsonPatched as KObject & { data: unknown }).data, { k: 'v2' });
      const list = await cms.list({ namespace: 'rest' });
      assert.equal(list.kind, 'ConfigMapList');
      assert.deepEqual(
        list.items.map((i) => i.metadata.name),
        ['a'],
      );
      const status = (await cms.delete('a', { namespace: 'rest' })) as { kind: string; status: string; details: { uid: string } };
      assert.equal(status.kind, 'Status');
      assert.equal(status.status, 'Success');
      assert.equal(status.details.uid, created.metadata.uid);
    });

    it('turns error answers into StatusError with the server Status: NotFound, AlreadyExists, Conflict', async () => {
      const cms = rest.resource(CONFIGMAPS);
      const missing = await cms.get('nope', 'rest').catch((e: unknown) => e);
      assert.ok(missing instanceof StatusError);
      assert.equal(missing.code, 404);
      assert.equal(missing.reason, 'NotFound');
      assert.equal(missing.message, 'configmaps "nope" not found');
      assert.ok(isNotFound(missing) && !isConflict(missing));

      const first = await cms.create(cm('dup'), { namespace: 'rest' });
      const dup = await cms.create(cm('dup'), { namespace: 'rest' }).catch((e: unknown) => e);
      assert.ok(isAlreadyExists(dup), String(dup));
      assert.equal(isConflict(dup), false, 'AlreadyExists is a 409 but not a Conflict');

      await cms.update({ ...first, data: { k: 'newer' } });
      const stale = await cms.update({ ...first, data: { k: 'stale' } }).catch((e: unknown) => e);
      assert.ok(isConflict(stale), String(stale));
      assert.match((stale as StatusError).message, /the object has been modified/);
      const unknownResource = await rest
        .resource({ group: 'nope.example.com', version: 'v1', resource: 'things' })
        .list()
        .catch((e: unknown) => e);
      assert.ok(isNotFound(unknownResource));
    });

    it('asks for PartialObjectMetadata when metadataOnly, as metadata informers do', async () => {
      const meta = rest.resource(CONFIGMAPS, { metadataOnly: true });
      await rest.resource(CONFIGMAPS).create(cm('m', { tier: 'x' }), { namespace: 'rest' });
      const list = await meta.list({ namespace: 'rest', labelSelector: 'tier=x' });
      assert.equal(list.kind, 'PartialObjectMetadataList');
      assert.deepEqual(list.items.map((i) => [i.kind, i.metadata.name]), [['PartialObjectMetadata', 'm']]);
      assert.equal((list.items[0] as KObject & { data?: unknown }).data, undefined);
      const one = await meta.get('m', 'rest');
      assert.equal(one.kind, 'PartialObjectMetadata');
      assert.deepEqual(one.metadata.labels, { tier: 'x' });
    });

    it('discovers served resources and maps apiVersion + kind to them', async () => {
      const all = await discoverResources(rest);
      const pods = all.find((r) => r.group === '' && r.resource === 'pods')!;
      assert.equal(pods.kind, 'Pod');
      assert.equal(pods.namespaced, true);
      assert.ok(pods.verbs.includes('deletecollection'));
      assert.equal(pods.preferred, true);
      assert.equal(all.find((r) => r.resource === 'namespaces')!.namespaced, false);
      assert.ok(!all.some((r) => r.resource.includes('/')), 'subresources are left out');
      const mapper = new RESTMapper(all);
      assert.equal(mapper.forKind('apps/v1', 'Deployment')?.resource, 'deployments');
      assert.equal(mapper.forKind('v1', 'ConfigMap')?.resource, 'configmaps');
      assert.equal(mapper.forKind('apps/v1', 'Nope'), undefined);
    });
  });

  describe('Informer', () => {
    it('lists, then sees watch events as add / update / delete, in order, with the cache in step', async () => {
      const cms = rest.resource(CONFIGMAPS);
      await cms.create(cm('pre1'), { namespace: 'inf' });
      await cms.create(cm('pre2'), { namespace: 'inf' });
      const inf = new Informer(cms, { namespace: 'inf', pageSize: 1 }); // two pages for the first list
      const seen: string[] = [];
      inf.on({
        add: (o) => seen.push(`add ${o.metadata.name}`),
        update: (old, o) => seen.push(`update ${o.metadata.name} ${(old as KObject & { data: { k: string } }).data.k}->${(o as KObject & { data: { k: string } }).data.k}`),
        delete: (o) => seen.push(`delete ${o.metadata.name}`),
      });
      inf.start();
      try {
        await inf.waitForSync();
        assert.deepEqual(seen, ['add pre1', 'add pre2']);
        assert.deepEqual(inf.cache.keys().sort(), ['inf/pre1', 'inf/pre2']);
        const c = await cms.create(cm('live'), { namespace: 'inf' });
        await cms.update({ ...c, data: { k: 'v2' } });
        await cms.delete('pre1', { namespace: 'inf' });
        await until(() => seen.length === 5, 'three watch events');
        assert.deepEqual(seen, ['add pre1', 'add pre2', 'add live', 'update live v->v2', 'delete pre1']);
        assert.deepEqual(inf.cache.keys().sort(), ['inf/live', 'inf/pre2']);
        assert.equal((inf.cache.getByName('inf', 'live') as KObject & { data: { k: string } }).data.k, 'v2');
        // A handler added late gets the current content as adds.
        const late: string[] = [];
        inf.on({ add: (o) => late.push(objectKey(o)) });
        assert.deepEqual(late.sort(), ['inf/live', 'inf/pre2']);
      } finally {
        await inf.stop();
      }
    });

    it('resumes from its resourceVersion when the server ends the watch, without listing again', async () => {
      const cms = rest.resource(CONFIGMAPS);
      // timeoutSeconds 1: each watch ends after 1–2 s on the server side.
      const inf = new Informer(cms, { namespace: 'idx', watchTimeoutSeconds: 1 });
      const adds: string[] = [];
      inf.on({ add: (o) => adds.push(o.metadata.name!) });
      const watchPath = 'path=/api/v1/namespaces/idx/configmaps';
      const count = (verb: string) => serverLog.filter((l) => l.includes(`verb=${verb} `) && l.includes(watchPath)).length;
      const listsBefore = count('list');
      inf.start();
      try {
        await inf.waitForSync();
        // Two watches have ended (the server logs a watch when it ends), so the informer re-watched.
        await until(() => count('watch') >= 2, 'the server to end two watches', 8000);
        await cms.create(cm('after-rewatch'), { namespace: 'idx' });
        await until(() => adds.includes('after-rewatch'), 'the add after re-watching');
        assert.equal(count('list') - listsBefore, 1, 'one list, then only watches');
        assert.deepEqual(adds, ['after-rewatch']);
      } finally {
        await inf.stop();
      }
    });

    it('re-lists after 410 Gone and reports what changed meanwhile as events', async () => {
      const cms = rest.resource(CONFIGMAPS);
      await cms.create(cm('stays'), { namespace: 'gone' });
      await cms.create(cm('removed'), { namespace: 'gone' });
      const changed = await cms.create(cm('changed'), { namespace: 'gone' });
      const logs: string[] = [];
      const inf = new Informer(cms, { namespace: 'gone', log: createLogger((l) => logs.push(l), 'INFO') });
      const seen: string[] = [];
      inf.on({ add: (o) => seen.push(`add ${o.metadata.name}`), update: (_, o) => seen.push(`update ${o.metadata.name}`), delete: (o) => seen.push(`delete ${o.metadata.name}`) });
      inf.start();
      await inf.waitForSync();
      await inf.stop();
      const rvBefore = inf.resourceVersion;
      // While it is stopped: changes, then history compacted past its resourceVersion.
      await cms.delete('removed', { namespace: 'gone' });
      await cms.update({ ...changed, data: { k: 'v2' } });
      await cms.create(cm('new'), { namespace: 'gone' });
      await backend.compact(await backend.currentRevision());
      seen.length = 0;
      inf.start();
      try {
        await until(() => seen.length === 3, 'the differences');
        assert.deepEqual(seen.sort(), ['add new', 'delete removed', 'update changed']);
        assert.ok(logs.some((l) => l.includes('informer re-listing: resourceVersion too old')), logs.join(''));
        assert.notEqual(inf.resourceVersion, rvBefore);
        assert.deepEqual(inf.cache.keys().sort(), ['gone/changed', 'gone/new', 'gone/stays']);
        // And it watches again from the new list.
        await cms.delete('stays', { namespace: 'gone' });
        await until(() => seen.includes('delete stays'), 'a watch event after the re-list');
      } finally {
        await inf.stop();
      }
    });

    it('keeps secondary indexes in step with the cache', async () => {
      const cms = rest.resource(CONFIGMAPS);
      const inf = new Informer(cms, { namespace: 'idx', indexers: { byTier: (o) => (o.metadata.labels?.['tier'] ? [o.metadata.labels['tier']] : []) } });
      inf.start();
      try {
        await inf.waitForSync();
        const a = await cms.create(cm('ia', { tier: 'web' }), { namespace: 'idx' });
        await cms.create(cm('ib', { tier: 'web' }), { namespace: 'idx' });
        await cms.create(cm('ic', { tier: 'db' }), { namespace: 'idx' });
        await until(() => inf.cache.byIndex('byTier', 'web').length === 2, 'two web objects');
        await cms.update({ ...a, metadata: { ...a.metadata, labels: { tier: 'db' } } });
        await until(() => inf.cache.byIndex('byTier', 'db').length === 2, 'ia moved to db');
        assert.deepEqual(inf.cache.byIndex('byTier', 'web').map((o) => o.metadata.name), ['ib']);
        assert.throws(() => inf.cache.byIndex('nope', 'x'), /no index named nope/);
      } finally {
        await inf.stop();
      }
    });

    it('resyncs: every resyncMs of its clock, each cached object goes to update handlers again', async () => {
      const cms = rest.resource(CONFIGMAPS);
      await cms.create(cm('r1'), { namespace: 'resync' });
      await cms.create(cm('r2'), { namespace: 'resync' });
      const clock = new FakeClock();
      const inf = new Informer(cms, { namespace: 'resync', clock, resyncMs: 60_000 });
      const updates: string[] = [];
      inf.on({ update: (old, cur) => updates.push(`${cur.metadata.name}${old === cur ? ' (resync)' : ''}`) });
      inf.start();
      try {
        await inf.waitForSync();
        clock.step(59_999);
        assert.deepEqual(updates, []);
        clock.step(1);
        assert.deepEqual(updates.sort(), ['r1 (resync)', 'r2 (resync)']);
        clock.step(60_000);
        assert.equal(updates.length, 4, 'and again a period later');
      } finally {
        await inf.stop();
      }
      clock.step(120_000);
      assert.equal(updates.length, 4, 'a stopped informer does not resync');
    });

    it('a factory shares one informer per resource and filter, with each caller\'s indexes', async () => {
      const cms = rest.resource(CONFIGMAPS);
      await cms.create(cm('s1', { tier: 'shared-web' }), { namespace: 'shared' });
      const factory = new InformerFactory(rest);
      const a = factory.forClient(cms, { indexers: { byTier: (o) => [o.metadata.labels?.['tier'] ?? ''] } });
      a.start();
      await a.waitForSync();
      const b = factory.informer(CONFIGMAPS, { indexers: { byName: (o) => [o.metadata.name!] } });
      const filtered = factory.informer(CONFIGMAPS, { namespace: 'shared' });
      try {
        assert.equal(a, b, 'the same informer for the same resource');
        assert.notEqual(a, filtered, 'a filtered one is its own');
        assert.deepEqual(b.cache.byIndex('byName', 's1').map((o) => o.metadata.name), ['s1'], 'an index added later covers what is cached');
        assert.deepEqual(a.cache.byIndex('byTier', 'shared-web').map((o) => o.metadata.name), ['s1']);
        factory.start();
        await filtered.waitForSync();
        assert.deepEqual(filtered.cache.list().map((o) => o.metadata.name), ['s1']);
      } finally {
        await factory.stop();
      }
    });
  });
});

describe('WorkQueue', () => {
  it('hands out a key once however often it is added, and again after done if re-added while processing', async () => {
    const q = new WorkQueue<string>('t', new FakeClock());
    q.add('a');
    q.add('b');
    q.add('a');
    assert.equal(q.len(), 2);
    const k1 = await q.get();
    assert.equal(k1, 'a');
    q.add('a'); // while processing: not handed to a second worker
    assert.equal(q.len(), 1);
    assert.equal(await q.get(), 'b');
    q.done('b');
    assert.equal(q.len(), 0, 'a is still being processed');
    q.done('a');
    assert.equal(q.len(), 1);
    assert.equal(await q.get(), 'a');
    q.done('a');
    assert.equal(q.len(), 0);
  });

  it('delays addAfter on the clock, keeping the earliest request', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>('t', clock);
    q.addAfter('x', 1000);
    q.addAfter('x', 5000); // later: ignored
    q.addAfter('y', 3000);
    q.addAfter('y', 2000); // earlier: wins
    assert.equal(q.delayed(), 2);
    clock.step(999);
    assert.equal(q.len(), 0);
    clock.step(1);
    assert.equal(q.len(), 1);
    clock.step(1000);
    assert.equal(q.len(), 2);
    assert.equal(q.delayed(), 0);
    clock.step(10_000);
    assert.equal(q.len(), 2, 'the superseded timers never fire');
  });

  it('backs off failing keys exponentially until forget', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue<string>('t', clock, { baseDelayMs: 10, maxDelayMs: 35 });
    const readyAfter = async (): Promise<number> => {
      let waited = 0;
      while (q.len() === 0) {
        clock.step(1);
        waited++;
      }
      const k = await q.get();
      q.done(k!);
      return waited;
    };
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      q.addRateLimited('k');
      delays.push(await readyAfter());
    }
    assert.deepEqual(delays, [10, 20, 35, 35]);
    assert.equal(q.numRequeues('k'), 4);
    q.forget('k');
    q.addRateLimited('k');
    assert.equal(await readyAfter(), 10);
  });

  it('shutDown releases waiting workers', async () => {
    const q = new WorkQueue<string>('t', new FakeClock());
    const pending = q.get();
    q.shutDown();
    assert.equal(await pending, undefined);
    q.add('late');
    assert.equal(q.len(), 0);
  });

  it('runWorkers retries a failing sync with back-off and honours requeueAfter', async () => {
    const clock = new FakeClock();
    const start = clock.now().getTime();
    const q = new WorkQueue<string>('t', clock, { baseDelayMs: 100 });
    const calls: string[] = [];
    let failures = 2;
    const done = runWorkers({
      queue: q,
      workers: 2,
      log: silentLogger,
      async sync(key) {
        calls.push(`${key}@${clock.now().getTime() - start}`);
        if (key === 'flaky' && failures-- > 0) throw new Error('boom');
        if (key === 'later' && calls.filter((c) => c.startsWith('later')).length === 1) return { requeueAfterMs: 500 };
      },
    });
    q.add('flaky');
    q.add('later');
    const settle = () => new Promise((r) => setImmediate(r));
    for (let t = 0; t < 1000; t += 50) {
      await settle();
      clock.step(50);
    }
    await settle();
    q.shutDown();
    await done;
    // flaky: at 0, then after 100 ms, then after 200 ms more; later: at 0 and again 500 ms on.
    assert.deepEqual(calls.filter((c) => c.startsWith('flaky')), ['flaky@0', 'flaky@100', 'flaky@300']);
    assert.deepEqual(calls.filter((c) => c.startsWith('later')), ['later@0', 'later@500']);
    assert.equal(q.numRequeues('flaky'), 0, 'success forgets the failures');
  });
});
