// The API machinery's Kubernetes v1.25 semantics, over real HTTP against `kubette up`: object
// metadata, updates and subresources, patches, lists (selectors, pagination, resourceVersion
// rules), watch, Table, discovery, health/version/OpenAPI and DELETE. Compaction cannot be forced
// over HTTP, so the 410 cases run against an in-process ApiServer on a real SQLite file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeV2 } from '../src/apiserver/openapi/index.js';
import { ApiServer } from '../src/apiserver/server.js';
import { silentLogger } from '../src/machinery/log.js';
import type { Backend } from '../src/storage/backend.js';
import { openSqliteBackend } from '../src/storage/sqlite/backend.js';
import { api, apiOnly, kfetch, startCluster, type Cluster } from './helpers/cluster.js';
import { assertStatus } from './helpers/status.js';
import { openWatch, type WatchStream } from './helpers/watch.js';

let cluster: Cluster;
let base: string;

const BOOKMARK_MS = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RFC3339_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

const cm = (name: string, data: Record<string, string> = { k: 'v' }, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: labels ? { name, labels } : { name },
  data,
});

const deployment = (name: string, replicas = 1) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: 'x' } },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'x' } },
    template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } },
  },
});

const pod = (name: string, nodeName?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx:1.25' }] },
});

const cmPath = (ns: string, name = '') => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;

/** The store's current revision, read from a list's resourceVersion. */
async function storeRevision(): Promise<number> {
  const r = await api(base, 'GET', '/api/v1/namespaces?limit=1');
  assert.equal(r.status, 200);
  return Number(r.body.metadata.resourceVersion);
}

async function mustCreate(path: string, body: unknown): Promise<any> {
  const r = await api(base, 'POST', path, body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function createNamespace(name: string): Promise<void> {
  await mustCreate('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

const names = (list: { items: { metadata: { name: string } }[] }) => list.items.map((i) => i.metadata.name);


/** Proves that nothing reached `w` before a sentinel write: the next event must be the sentinel's. */
async function assertNoEventBefore(w: WatchStream, ns: string, sentinel: string): Promise<void> {
  const seen = w.events.length;
  await mustCreate(cmPath(ns), cm(sentinel));
  const events = await w.waitFor(seen + 1);
  assert.equal(events[seen]!.type, 'ADDED');
  assert.equal(events[seen]!.object.metadata.name, sentinel, `unexpected event before the sentinel: ${JSON.stringify(events[seen])}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('API machinery semantics over HTTP', () => {
  before(async () => {
    cluster = await startCluster({ env: { KUBETTE_WATCH_BOOKMARK_INTERVAL_MS: String(BOOKMARK_MS) }, args: apiOnly });
    base = cluster.url;
    for (const ns of ['meta', 'upd', 'patch', 'sel', 'fs1', 'fs2', 'pages', 'watch', 'watch0', 'wsel', 'wname', 'wbook', 'wempty', 'tbl', 'del'])
      await createNamespace(ns);
  });
  after(async () => {
    await cluster.stop();
    cluster.cleanup();
  });

  // ---- 1. object metadata on create ---------------------------------------------------------

  describe('object metadata on create', () => {
    it('sets uid, creationTimestamp and resourceVersion (= the store revision); no generation on ConfigMap', async () => {
      const before = Date.now();
      const created = await mustCreate(cmPath('meta'), cm('first'));
      const rev = await storeRevision();
      const m = created.metadata;
      assert.match(m.uid, UUID);
      assert.match(m.creationTimestamp, RFC3339_SECONDS);
      assert.ok(Math.abs(Date.parse(m.creationTimestamp) - before) < 5000, m.creationTimestamp);
      assert.match(m.resourceVersion, /^[1-9]\d*$/);
      assert.equal(Number(m.resourceVersion), rev, 'the create is the latest write');
      assert.equal(m.generation, undefined);
      assert.equal(m.namespace, 'meta', 'namespace comes from the URL');
      assert.equal(created.kind, 'ConfigMap');
      assert.equal(created.apiVersion, 'v1');
      const got = await api(base, 'GET', cmPath('meta', 'first'));
      assert.deepEqual(got.body, created);
    });

    it('system fields sent by the client are replaced', async () => {
      const body = cm('forged');
      Object.assign(body.metadata, { uid: 'not-a-uid', creationTimestamp: '2000-01-01T00:00:00Z', generation: 7 });
      const created = await mustCreate(cmPath('meta'), body);
      assert.match(created.metadata.uid, UUID);
      assert.notEqual(created.metadata.creationTimestamp, '2000-01-01T00:00:00Z');
      assert.equal(created.metadata.generation, undefined);
    });

    it('a resourceVersion on create is a plain (reason-less) 500, as the etcd3 store answers', async () => {
      const body = cm('with-rv');
      Object.assign(body.metadata, { resourceVersion: '5' });
      const before = await storeRevision();
      const r = await api(base, 'POST', cmPath('meta'), body);
      assert.equal(r.status, 500, r.text);
      assert.deepEqual(r.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'resourceVersion should not be set on objects to be created', code: 500 });
      assert.equal(await storeRevision(), before);
    });

    it('generation is 1 on a Deployment', async () => {
      const created = await mustCreate('/apis/apps/v1/namespaces/meta/deployments', deployment('gen'));
      assert.equal(created.metadata.generation, 1);
    });

    it('generateName appends 5 characters of kube\'s alphabet', async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 3; i++) {
        const created = await mustCreate(cmPath('meta'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'web-' } });
        assert.match(created.metadata.name, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
        assert.equal(created.metadata.generateName, 'web-');
        seen.add(created.metadata.name);
      }
      assert.equal(seen.size, 3);
    });

    it('a namespace in the body must match the URL', async () => {
      const body = cm('elsewhere');
      Object.assign(body.metadata, { namespace: 'upd' });
      const r = await api(base, 'POST', cmPath('meta'), body);
      assertStatus(r, 400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
      Object.assign(body.metadata, { namespace: 'meta' });
      assert.equal((await mustCreate(cmPath('meta'), body)).metadata.namespace, 'meta');
    });

    it('a cluster-scoped object drops a namespace given in the body', async () => {
      const created = await mustCreate('/apis/rbac.authorization.k8s.io/v1/clusterroles', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'sem-reader', namespace: 'meta' },
        rules: [],
      });
      assert.equal(created.metadata.namespace, undefined);
      const got = await api(base, 'GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/sem-reader');
      assert.equal(got.status, 200);
      assert.equal(got.body.metadata.namespace, undefined);
    });
  });

  // ---- 2. update semantics ------------------------------------------------------------------

  describe('update semantics', () => {
    it('every real write moves resourceVersion to the new store revision', async () => {
      const created = await mustCreate(cmPath('upd'), cm('rv'));
      const r = await api(base, 'PUT', cmPath('upd', 'rv'), { ...created, data: { k: 'v2' } });
      assert.equal(r.status, 200, r.text);
      assert.ok(Number(r.body.metadata.resourceVersion) > Number(created.metadata.resourceVersion));
      assert.equal(Number(r.body.metadata.resourceVersion), await storeRevision());
      assert.equal(r.body.metadata.uid, created.metadata.uid);
      assert.equal(r.body.metadata.creationTimestamp, created.metadata.creationTimestamp);
    });

    it('a no-op PUT keeps resourceVersion, writes nothing and sends no watch event', async () => {
      const created = await mustCreate(cmPath('upd'), cm('noop', { a: '1', b: '2' }, { x: 'y' }));
      const w = await openWatch(base, `${cmPath('upd')}?watch=true&resourceVersion=${created.metadata.resourceVersion}`);
      try {
        const before = await storeRevision();
        const same = await api(base, 'PUT', cmPath('upd', 'noop'), created);
        assert.equal(same.status, 200, same.text);
        assert.equal(same.body.metadata.resourceVersion, created.metadata.resourceVersion);
        assert.deepEqual(same.body, created);
        // The same object with its keys in another order is the same object.
        const reordered = {
          data: { b: '2', a: '1' },
          metadata: { resourceVersion: created.metadata.resourceVersion, labels: { x: 'y' }, namespace: 'upd', name: 'noop' },
          kind: 'ConfigMap',
          apiVersion: 'v1',
        };
        const same2 = await api(base, 'PUT', cmPath('upd', 'noop'), reordered);
        assert.equal(same2.status, 200, same2.text);
        assert.equal(same2.body.metadata.resourceVersion, created.metadata.resourceVersion);
        assert.equal(await storeRevision(), before, 'nothing was written');
        await assertNoEventBefore(w, 'upd', 'noop-sentinel');
      } finally {
        w.close();
      }
    });

    it('an unconditional PUT (no resourceVersion) succeeds; a stale one is a 409', async () => {
      const created = await mustCreate(cmPath('upd'), cm('uncond'));
      const body = structuredClone(created);
      delete body.metadata.resourceVersion;
      body.data = { k: 'unconditional' };
      const r = await api(base, 'PUT', cmPath('upd', 'uncond'), body);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.data.k, 'unconditional');
      const stale = await api(base, 'PUT', cmPath('upd', 'uncond'), { ...created, data: { k: 'stale' } });
      assertStatus(
        stale,
        409,
        'Conflict',
        'Operation cannot be fulfilled on configmaps "uncond": the object has been modified; please apply your changes to the latest version and try again',
      );
      assert.deepEqual(stale.body.details, { name: 'uncond', kind: 'configmaps' });
      assert.equal((await api(base, 'GET', cmPath('upd', 'uncond'))).body.data.k, 'unconditional');
    });

    it('generation moves on spec changes only; /status changes only status; the main resource keeps status', async () => {
      const path = '/apis/apps/v1/namespaces/upd/deployments/web';
      let d = await mustCreate('/apis/apps/v1/namespaces/upd/deployments', deployment('web', 2));
      assert.equal(d.metadata.generation, 1);
      assert.deepEqual(d.status, {});

      // Labels are metadata: no new generation.
      let r = await api(base, 'PUT', path, { ...d, metadata: { ...d.metadata, labels: { app: 'x', extra: 'yes' } } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.metadata.generation, 1);
      assert.notEqual(r.body.metadata.resourceVersion, d.metadata.resourceVersion);
      d = r.body;

      // Status through /status: status changes, spec and labels stay, generation stays.
      const statusBody = structuredClone(d);
      statusBody.status = { replicas: 2, observedGeneration: 1 };
      statusBody.spec.replicas = 9;
      statusBody.metadata.labels = { hacked: 'true' };
      r = await api(base, 'PUT', `${path}/status`, statusBody);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.status, { replicas: 2, observedGeneration: 1 });
      assert.equal(r.body.spec.replicas, 2);
      assert.deepEqual(r.body.metadata.labels, { app: 'x', extra: 'yes' });
      assert.equal(r.body.metadata.generation, 1);
      d = r.body;

      // The main resource ignores status and bumps generation for the spec change.
      const mainBody = structuredClone(d);
      mainBody.spec.replicas = 3;
      mainBody.status = { replicas: 99 };
      r = await api(base, 'PUT', path, mainBody);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.spec.replicas, 3);
      assert.deepEqual(r.body.status, { replicas: 2, observedGeneration: 1 });
      assert.equal(r.body.metadata.generation, 2);
      const got = await api(base, 'GET', path);
      assert.deepEqual(got.body, r.body);
      // PUTting back what GET returned is a no-op, defaults and all.
      const again = await api(base, 'PUT', path, got.body);
      assert.equal(again.status, 200, again.text);
      assert.equal(again.body.metadata.resourceVersion, got.body.metadata.resourceVersion);
    });

    it('scale subresource: GET, PUT and PATCH speak autoscaling/v1 Scale and write spec.replicas', async () => {
      const d = await mustCreate('/apis/apps/v1/namespaces/upd/deployments', deployment('scaled', 2));
      const path = '/apis/apps/v1/namespaces/upd/deployments/scaled';
      const st = await api(base, 'PUT', `${path}/status`, { ...d, status: { replicas: 2 } });
      assert.equal(st.status, 200, st.text);
      const g = await api(base, 'GET', `${path}/scale`);
      assert.equal(g.status, 200, g.text);
      assert.deepEqual(g.body, {
        kind: 'Scale',
        apiVersion: 'autoscaling/v1',
        metadata: {
          name: 'scaled',
          namespace: 'upd',
          uid: d.metadata.uid,
          resourceVersion: st.body.metadata.resourceVersion,
          creationTimestamp: d.metadata.creationTimestamp,
        },
        spec: { replicas: 2 },
        status: { replicas: 2, selector: 'app=x' },
      });

      const put = await api(base, 'PUT', `${path}/scale`, { ...g.body, spec: { replicas: 5 } });
      assert.equal(put.status, 200, put.text);
      assert.equal(put.body.kind, 'Scale');
      assert.equal(put.body.spec.replicas, 5);
      let dep = (await api(base, 'GET', path)).body;
      assert.equal(dep.spec.replicas, 5);
      assert.equal(dep.metadata.generation, 2);
      assert.equal(put.body.metadata.resourceVersion, dep.metadata.resourceVersion);

      const stale = await api(base, 'PUT', `${path}/scale`, { ...g.body, spec: { replicas: 7 } });
      assertStatus(stale, 409, 'Conflict', /^Operation cannot be fulfilled on deployments\.apps "scaled": the object has been modified/);

      const patch = await api(base, 'PATCH', `${path}/scale`, { spec: { replicas: 1 } }, { 'Content-Type': 'application/merge-patch+json' });
      assert.equal(patch.status, 200, patch.text);
      assert.deepEqual(patch.body.spec, { replicas: 1 });
      assert.deepEqual(patch.body.status, { replicas: 2, selector: 'app=x' });
      dep = (await api(base, 'GET', path)).body;
      assert.equal(dep.spec.replicas, 1);
      assert.equal(dep.metadata.generation, 3);
    });
  });

  // ---- 3. patches ---------------------------------------------------------------------------

  describe('patch', () => {
    const MERGE = { 'Content-Type': 'application/merge-patch+json' };
    const JSONP = { 'Content-Type': 'application/json-patch+json' };

    it('merge patch merges maps, deletes with null and moves resourceVersion', async () => {
      const created = await mustCreate(cmPath('patch'), cm('m', { a: '1', b: '2' }, { keep: 'yes' }));
      const r = await api(base, 'PATCH', cmPath('patch', 'm'), { metadata: { labels: { added: 'x' } }, data: { b: null, c: '3' } }, MERGE);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.data, { a: '1', c: '3' });
      assert.deepEqual(r.body.metadata.labels, { keep: 'yes', added: 'x' });
      assert.ok(Number(r.body.metadata.resourceVersion) > Number(created.metadata.resourceVersion));
      // A patch that changes nothing is a no-op.
      const same = await api(base, 'PATCH', cmPath('patch', 'm'), { data: { a: '1' } }, MERGE);
      assert.equal(same.body.metadata.resourceVersion, r.body.metadata.resourceVersion);
    });

    it('JSON patch applies add/replace/remove/test in order', async () => {
      await mustCreate(cmPath('patch'), cm('j', { a: '1', b: '2' }));
      const ops = [
        { op: 'test', path: '/data/a', value: '1' },
        { op: 'add', path: '/metadata/labels', value: { l: 'v' } },
        { op: 'replace', path: '/data/a', value: 'one' },
        { op: 'remove', path: '/data/b' },
      ];
      const r = await api(base, 'PATCH', cmPath('patch', 'j'), ops, JSONP);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.data, { a: 'one' });
      assert.deepEqual(r.body.metadata.labels, { l: 'v' });
    });

    it('a failing JSON patch is a 422 and changes nothing', async () => {
      const created = await mustCreate(cmPath('patch'), cm('jfail', { a: '1' }));
      const before = await storeRevision();
      for (const ops of [
        [{ op: 'replace', path: '/data/a', value: '2' }, { op: 'test', path: '/data/a', value: 'nope' }],
        [{ op: 'remove', path: '/data/missing' }],
      ]) {
        const r = await api(base, 'PATCH', cmPath('patch', 'jfail'), ops, JSONP);
        // apiserver's jsonPatcher: NewGenericServerResponse(422, ...) with the generic text and empty details.
        assert.equal(r.status, 422, r.text);
        assert.deepEqual(r.body, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'the server rejected our request due to an error in our request',
          reason: 'Invalid',
          details: {},
          code: 422,
        });
      }
      const notList = await api(base, 'PATCH', cmPath('patch', 'jfail'), { op: 'add' }, JSONP);
      assertStatus(notList, 400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
      assert.equal(await storeRevision(), before);
      assert.deepEqual((await api(base, 'GET', cmPath('patch', 'jfail'))).body, created);
    });

    it('a patch carrying a stale metadata.resourceVersion is a 409; the current one passes', async () => {
      const created = await mustCreate(cmPath('patch'), cm('prv'));
      const moved = await api(base, 'PATCH', cmPath('patch', 'prv'), { data: { k: 'moved' } }, MERGE);
      assert.equal(moved.status, 200);
      const stale = await api(base, 'PATCH', cmPath('patch', 'prv'), { metadata: { resourceVersion: created.metadata.resourceVersion }, data: { k: 'x' } }, MERGE);
      assertStatus(
        stale,
        409,
        'Conflict',
        'Operation cannot be fulfilled on configmaps "prv": the object has been modified; please apply your changes to the latest version and try again',
      );
      const jsonStale = await api(base, 'PATCH', cmPath('patch', 'prv'), [{ op: 'replace', path: '/metadata/resourceVersion', value: created.metadata.resourceVersion }], JSONP);
      assertStatus(jsonStale, 409, 'Conflict');
      const ok = await api(base, 'PATCH', cmPath('patch', 'prv'), { metadata: { resourceVersion: moved.body.metadata.resourceVersion }, data: { k: 'y' } }, MERGE);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body.data.k, 'y');
    });

    it('strategic merge patch merges; server-side apply without a fieldManager is a 422 on PatchOptions', async () => {
      await mustCreate(cmPath('patch'), cm('smp'));
      const r = await api(base, 'PATCH', cmPath('patch', 'smp'), { data: { k: 'x' } }, { 'Content-Type': 'application/strategic-merge-patch+json' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.data.k, 'x');
      const apply = await api(base, 'PATCH', cmPath('patch', 'smp'), { data: { k: 'y' } }, { 'Content-Type': 'application/apply-patch+yaml' });
      assertStatus(apply, 422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
      assert.equal((await api(base, 'GET', cmPath('patch', 'smp'))).body.data.k, 'x');
    });
  });

  // ---- 4. lists -----------------------------------------------------------------------------

  describe('list', () => {
    before(async () => {
      await mustCreate(cmPath('sel'), cm('a', {}, { env: 'prod', tier: 'web' }));
      await mustCreate(cmPath('sel'), cm('b', {}, { env: 'dev', tier: 'web' }));
      await mustCreate(cmPath('sel'), cm('c', {}, { env: 'qa' }));
      await mustCreate(cmPath('sel'), cm('d', {}));
    });

    it('label selectors: =, ==, !=, in, notin, exists, !key and conjunctions', async () => {
      const cases: [string, string[]][] = [
        ['env=prod', ['a']],
        ['env==dev', ['b']],
        ['env!=prod', ['b', 'c', 'd']],
        ['env in (dev,qa)', ['b', 'c']],
        ['env notin (dev,qa)', ['a', 'd']],
        ['tier', ['a', 'b']],
        ['!tier', ['c', 'd']],
        ['env=prod,tier=web', ['a']],
        ['tier=web,env!=prod', ['b']],
        ['', ['a', 'b', 'c', 'd']],
      ];
      for (const [selector, want] of cases) {
        const r = await api(base, 'GET', `${cmPath('sel')}?labelSelector=${encodeURIComponent(selector)}`);
        assert.equal(r.status, 200, r.text);
        assert.deepEqual(names(r.body), want, selector);
      }
      const bad = await api(base, 'GET', `${cmPath('sel')}?labelSelector=${encodeURIComponent('env in prod')}`);
      assertStatus(bad, 400, 'BadRequest');
    });

    it('field selectors: metadata.name, metadata.namespace, status.phase and spec.nodeName on pods', async () => {
      await mustCreate('/api/v1/namespaces/fs1/pods', pod('p1', 'n1'));
      await mustCreate('/api/v1/namespaces/fs1/pods', pod('p2', 'n2'));
      await mustCreate('/api/v1/namespaces/fs2/pods', pod('p3'));
      const p1 = (await api(base, 'GET', '/api/v1/namespaces/fs1/pods/p1')).body;
      const st = await api(base, 'PUT', '/api/v1/namespaces/fs1/pods/p1/status', { ...p1, status: { ...p1.status, phase: 'Running' } });
      assert.equal(st.status, 200, st.text);
      const cases: [string, string, string[]][] = [
        ['/api/v1/namespaces/fs1/pods', 'metadata.name=p1', ['p1']],
        ['/api/v1/namespaces/fs1/pods', 'metadata.name!=p1', ['p2']],
        ['/api/v1/pods', 'metadata.namespace=fs2', ['p3']],
        ['/api/v1/pods', 'status.phase=Running', ['p1']],
        ['/api/v1/namespaces/fs1/pods', 'status.phase!=Running', ['p2']],
        ['/api/v1/pods', 'spec.nodeName=n2', ['p2']],
        ['/api/v1/pods', 'spec.nodeName=,metadata.namespace=fs2', ['p3']],
        ['/api/v1/pods', 'metadata.namespace=fs1,spec.nodeName=n1', ['p1']],
      ];
      for (const [path, selector, want] of cases) {
        const r = await api(base, 'GET', `${path}?fieldSelector=${encodeURIComponent(selector)}`);
        assert.equal(r.status, 200, r.text);
        assert.deepEqual(names(r.body), want, selector);
      }
    });

    it('an unsupported field is a 400 with upstream\'s text', async () => {
      // Pods have their own field label conversion; ConfigMaps use the default one.
      const p = await api(base, 'GET', `/api/v1/pods?fieldSelector=${encodeURIComponent('spec.foo=x')}`);
      assertStatus(p, 400, 'BadRequest', 'field label not supported: spec.foo');
      const c = await api(base, 'GET', `${cmPath('sel')}?fieldSelector=${encodeURIComponent('data.k=v')}`);
      assertStatus(c, 400, 'BadRequest', '"data.k" is not a known field selector: only "metadata.name", "metadata.namespace"');
      const w = await api(base, 'GET', `/api/v1/pods?watch=true&fieldSelector=${encodeURIComponent('spec.foo=x')}`);
      assertStatus(w, 400, 'BadRequest', 'field label not supported: spec.foo');
    });

    describe('limit and continue', () => {
      const all = Array.from({ length: 25 }, (_, i) => `cm-${String(i).padStart(2, '0')}`);
      let page1: any;
      let snapshotRV: string;

      before(async () => {
        for (const name of all) await mustCreate(cmPath('pages'), cm(name, { v: name }));
      });

      it('pages of 10 over 25 objects: one consistent snapshot, each object once, in key order', async () => {
        const r1 = await api(base, 'GET', `${cmPath('pages')}?limit=10`);
        assert.equal(r1.status, 200, r1.text);
        page1 = r1.body;
        snapshotRV = page1.metadata.resourceVersion;
        assert.equal(Number(snapshotRV), await storeRevision());
        assert.deepEqual(names(page1), all.slice(0, 10));
        assert.equal(page1.metadata.remainingItemCount, 15);
        assert.equal(typeof page1.metadata.continue, 'string');

        // Writes between pages must not show: one new object in range, one deleted, one changed.
        await mustCreate(cmPath('pages'), cm('cm-15x'));
        assert.equal((await api(base, 'DELETE', cmPath('pages', 'cm-12'))).status, 200);
        assert.equal((await api(base, 'PATCH', cmPath('pages', 'cm-13'), { data: { v: 'changed' } }, { 'Content-Type': 'application/merge-patch+json' })).status, 200);

        const r2 = await api(base, 'GET', `${cmPath('pages')}?limit=10&continue=${encodeURIComponent(page1.metadata.continue)}`);
        assert.equal(r2.status, 200, r2.text);
        assert.deepEqual(names(r2.body), all.slice(10, 20));
        assert.equal(r2.body.metadata.resourceVersion, snapshotRV);
        assert.equal(r2.body.metadata.remainingItemCount, 5);
        assert.equal(r2.body.items.find((i: any) => i.metadata.name === 'cm-13').data.v, 'cm-13', 'the snapshot shows the old data');

        const r3 = await api(base, 'GET', `${cmPath('pages')}?limit=10&continue=${encodeURIComponent(r2.body.metadata.continue)}`);
        assert.equal(r3.status, 200, r3.text);
        assert.deepEqual(names(r3.body), all.slice(20));
        assert.deepEqual(r3.body.metadata, { resourceVersion: snapshotRV });

        // resourceVersion=0 is allowed next to continue.
        const again = await api(base, 'GET', `${cmPath('pages')}?limit=10&resourceVersion=0&continue=${encodeURIComponent(page1.metadata.continue)}`);
        assert.equal(again.status, 200, again.text);
        assert.deepEqual(names(again.body), all.slice(10, 20));
      });

      it('continue with a resourceVersion, or a malformed continue, is a 400', async () => {
        const withRV = await api(base, 'GET', `${cmPath('pages')}?limit=10&resourceVersion=5&continue=${encodeURIComponent(page1.metadata.continue)}`);
        assertStatus(withRV, 400, 'BadRequest', 'specifying resource version is not allowed when using continue');
        const garbage = await api(base, 'GET', `${cmPath('pages')}?limit=10&continue=not-a-token`);
        assertStatus(garbage, 400, 'BadRequest', /^invalid continue token: continue key is not valid: /);
        const token = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const version = await api(base, 'GET', `${cmPath('pages')}?limit=10&continue=${token({ v: 'meta.k8s.io/v0', rv: 5, start: 'a' })}`);
        assertStatus(version, 400, 'BadRequest', 'invalid continue token: continue key is not valid: server does not recognize this encoded key');
        const traversal = await api(base, 'GET', `${cmPath('pages')}?limit=10&continue=${token({ v: 'meta.k8s.io/v1', rv: 5, start: '../kube-system/x' })}`);
        assertStatus(traversal, 400, 'BadRequest', 'invalid continue token: continue key is not valid: ../kube-system/x');
      });

      it('resourceVersionMatch rules are ListOptions validation (422)', async () => {
        const invalid = (detail: string) => `ListOptions.meta.k8s.io "" is invalid: ${detail}`;
        const cases: [string, string][] = [
          ['resourceVersionMatch=Exact', 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided'],
          ['resourceVersionMatch=Exact&resourceVersion=0', 'resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"'],
          ['resourceVersionMatch=Sometimes&resourceVersion=1', 'resourceVersionMatch: Unsupported value: "Sometimes": supported values: "Exact", "NotOlderThan", ""'],
          [`resourceVersionMatch=NotOlderThan&resourceVersion=0&continue=${encodeURIComponent(page1.metadata.continue)}`, 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided'],
          [`resourceVersionMatch=NotOlderThan&resourceVersion=1&watch=true`, 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch'],
        ];
        for (const [query, detail] of cases) {
          const r = await api(base, 'GET', `${cmPath('pages')}?${query}`);
          assertStatus(r, 422, 'Invalid', invalid(detail));
          assert.equal(r.body.details.group, 'meta.k8s.io');
          assert.equal(r.body.details.kind, 'ListOptions');
          assert.equal(r.body.details.causes[0].field, 'resourceVersionMatch');
        }
      });

      it('Exact, and a legacy resourceVersion with limit, read the old snapshot; NotOlderThan reads the latest', async () => {
        const old = names(page1).concat(all.slice(10));
        const exact = await api(base, 'GET', `${cmPath('pages')}?resourceVersion=${snapshotRV}&resourceVersionMatch=Exact`);
        assert.equal(exact.status, 200, exact.text);
        assert.deepEqual(names(exact.body), old);
        assert.equal(exact.body.metadata.resourceVersion, snapshotRV);

        const legacy = await api(base, 'GET', `${cmPath('pages')}?resourceVersion=${snapshotRV}&limit=100`);
        assert.equal(legacy.status, 200, legacy.text);
        assert.deepEqual(names(legacy.body), old);
        assert.equal(legacy.body.metadata.resourceVersion, snapshotRV);
        assert.equal(legacy.body.metadata.continue, undefined);

        const now = await storeRevision();
        const latest = all.filter((n) => n !== 'cm-12');
        latest.splice(latest.indexOf('cm-16'), 0, 'cm-15x');
        for (const q of [`resourceVersion=${snapshotRV}&resourceVersionMatch=NotOlderThan`, `resourceVersion=${snapshotRV}`, 'resourceVersion=0', '']) {
          const r = await api(base, 'GET', `${cmPath('pages')}?${q}`);
          assert.equal(r.status, 200, r.text);
          assert.deepEqual(names(r.body), latest, q);
          assert.equal(Number(r.body.metadata.resourceVersion), now, q);
        }
        const future = await api(base, 'GET', `${cmPath('pages')}?resourceVersion=${now + 1000}&resourceVersionMatch=NotOlderThan`);
        assertStatus(future, 504, 'Timeout', `Too large resource version: ${now + 1000}, current: ${now}`);
      });

      it('resourceVersion=0 ignores limit (served from the watch cache upstream): all items, no continue', async () => {
        const r = await api(base, 'GET', `${cmPath('pages')}?resourceVersion=0&limit=3`);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body.items.length, 25);
        assert.equal(r.body.metadata.continue, undefined);
        assert.equal(r.body.metadata.remainingItemCount, undefined);
      });
    });
  });

  // ---- 5. watch -----------------------------------------------------------------------------

  describe('watch', () => {
    it('from a list\'s resourceVersion: exactly the later events, in order, live and replayed', async () => {
      await mustCreate(cmPath('watch'), cm('before'));
      const list = await api(base, 'GET', cmPath('watch'));
      const listRV = list.body.metadata.resourceVersion;
      const live = await openWatch(base, `${cmPath('watch')}?watch=true&resourceVersion=${listRV}`);
      try {
        const created = await mustCreate(cmPath('watch'), cm('w1', { v: '1' }));
        const updated = (await api(base, 'PUT', cmPath('watch', 'w1'), { ...created, data: { v: '2' } })).body;
        const del = await api(base, 'DELETE', cmPath('watch', 'w1'));
        assert.equal(del.status, 200);
        const deletedAt = await storeRevision();
        const expect = (events: { type: string; object: any }[]) => {
          assert.deepEqual(
            events.map((e) => [e.type, e.object.metadata.name, e.object.metadata.resourceVersion, e.object.data?.v]),
            [
              ['ADDED', 'w1', created.metadata.resourceVersion, '1'],
              ['MODIFIED', 'w1', updated.metadata.resourceVersion, '2'],
              ['DELETED', 'w1', String(deletedAt), '2'],
            ],
          );
          assert.deepEqual(events[1]!.object, updated);
          assert.equal(events[2]!.object.kind, 'ConfigMap');
          assert.equal(events[2]!.object.apiVersion, 'v1');
        };
        expect(await live.waitFor(3));
        const replay = await openWatch(base, `${cmPath('watch')}?watch=true&resourceVersion=${listRV}`);
        try {
          expect(await replay.waitFor(3));
          await assertNoEventBefore(replay, 'watch', 'w-sentinel');
        } finally {
          replay.close();
        }
        await live.waitFor(4);
        assert.equal(live.events.length, 4);
      } finally {
        live.close();
      }
    });

    it('resourceVersion 0 or "" starts with synthetic ADDED events for what exists', async () => {
      await mustCreate(cmPath('watch0'), cm('x1'));
      await mustCreate(cmPath('watch0'), cm('x2'));
      for (const rv of ['&resourceVersion=0', '&resourceVersion=', '']) {
        // What exists now (the sentinels of earlier rounds included), each with its own resourceVersion.
        const existing = (await api(base, 'GET', cmPath('watch0'))).body.items.map((o: any) => ['ADDED', o.metadata.name, o.metadata.resourceVersion]);
        assert.ok(existing.length >= 2);
        const w = await openWatch(base, `${cmPath('watch0')}?watch=true${rv}`);
        try {
          const initial = await w.waitFor(existing.length);
          assert.deepEqual(
            initial.map((e) => [e.type, e.object.metadata.name, e.object.metadata.resourceVersion]),
            existing,
            rv,
          );
          await assertNoEventBefore(w, 'watch0', `x-live${rv.length}`);
        } finally {
          w.close();
        }
      }
    });

    it('a label-selector watch turns "starts matching" into ADDED and "stops matching" into DELETED', async () => {
      const rv = String(await storeRevision());
      const w = await openWatch(base, `${cmPath('wsel')}?watch=true&resourceVersion=${rv}&labelSelector=${encodeURIComponent('app=sel')}`);
      const MERGE = { 'Content-Type': 'application/merge-patch+json' };
      try {
        await mustCreate(cmPath('wsel'), cm('s1', { v: '1' }, { app: 'other' }));
        const joined = (await api(base, 'PATCH', cmPath('wsel', 's1'), { metadata: { labels: { app: 'sel' } } }, MERGE)).body;
        const changed = (await api(base, 'PATCH', cmPath('wsel', 's1'), { data: { v: '2' } }, MERGE)).body;
        const left = (await api(base, 'PATCH', cmPath('wsel', 's1'), { metadata: { labels: { app: 'other' } } }, MERGE)).body;
        const events = await w.waitFor(3);
        assert.deepEqual(
          events.map((e) => [e.type, e.object.metadata.resourceVersion, e.object.metadata.labels.app, e.object.data.v]),
          [
            ['ADDED', joined.metadata.resourceVersion, 'sel', '1'],
            ['MODIFIED', changed.metadata.resourceVersion, 'sel', '2'],
            // The last state that matched, at the revision where it stopped matching (cacher semantics).
            ['DELETED', left.metadata.resourceVersion, 'sel', '2'],
          ],
        );
        await mustCreate(cmPath('wsel'), cm('s2', {}, { app: 'sel' }));
        const more = await w.waitFor(4);
        assert.equal(more[3]!.type, 'ADDED');
        assert.equal(more[3]!.object.metadata.name, 's2');
      } finally {
        w.close();
      }
    });

    it('a metadata.name field-selector watch, as kubectl delete --wait uses it', async () => {
      await mustCreate(cmPath('wname'), cm('victim'));
      const sel = encodeURIComponent('metadata.name=victim');
      const list = await api(base, 'GET', `${cmPath('wname')}?fieldSelector=${sel}&limit=500&resourceVersion=0`);
      assert.deepEqual(names(list.body), ['victim']);
      const w = await openWatch(base, `${cmPath('wname')}?allowWatchBookmarks=true&fieldSelector=${sel}&resourceVersion=${list.body.metadata.resourceVersion}&timeoutSeconds=30&watch=true`);
      try {
        await mustCreate(cmPath('wname'), cm('bystander'));
        assert.equal((await api(base, 'DELETE', cmPath('wname', 'victim'))).status, 200);
        const [first] = await w.waitFor(1);
        assert.equal(first!.type, 'DELETED');
        assert.equal(first!.object.metadata.name, 'victim');
      } finally {
        w.close();
      }
    });

    it('headers arrive before any event, and timeoutSeconds ends the stream cleanly', async () => {
      const started = Date.now();
      const opened = openWatch(base, `${cmPath('wempty')}?watch=true&timeoutSeconds=1`);
      const w = await Promise.race([opened, sleep(800).then(() => undefined)]);
      assert.ok(w, 'the 200 and headers must come at once, before any event');
      assert.equal(w.status, 200);
      assert.equal(w.headers.get('content-type'), 'application/json');
      assert.equal(w.events.length, 0);
      const { clean } = await w.ended;
      const took = Date.now() - started;
      assert.equal(clean, true);
      assert.equal(w.events.length, 0);
      assert.ok(took >= 900 && took < 3000, `stream lasted ${took} ms`);
    });

    it('allowWatchBookmarks=true gets BOOKMARK events carrying only metadata.resourceVersion', async () => {
      const rv = String(await storeRevision());
      const w = await openWatch(base, `${cmPath('wbook')}?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true`);
      const plain = await openWatch(base, `${cmPath('wbook')}?watch=true&resourceVersion=${rv}`);
      try {
        const [b1] = await w.waitFor(1, BOOKMARK_MS * 10);
        assert.deepEqual(b1, { type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: rv } } });
        const created = await mustCreate(cmPath('wbook'), cm('bm'));
        const events = await w.waitFor(3, BOOKMARK_MS * 10);
        const added = events.findIndex((e) => e.type === 'ADDED');
        assert.ok(added > 0);
        const next = events.slice(added + 1).find((e) => e.type === 'BOOKMARK') ?? (await w.waitFor(added + 2, BOOKMARK_MS * 10))[added + 1]!;
        assert.equal(next.type, 'BOOKMARK');
        assert.equal(next.object.metadata.resourceVersion, created.metadata.resourceVersion);
        // Without allowWatchBookmarks the same stream carries only the real event.
        await plain.waitFor(1);
        assert.deepEqual(plain.events.map((e) => e.type), ['ADDED']);
      } finally {
        w.close();
        plain.close();
      }
    });
  });

  // ---- 6. Table -----------------------------------------------------------------------------

  describe('Table', () => {
    before(async () => {
      await mustCreate(cmPath('tbl'), cm('t1', { a: '1', b: '2' }, { app: 't' }));
      await mustCreate(cmPath('tbl'), cm('t2', {}));
    });

    it('list and get as Table: five-key column definitions, one row per object, PartialObjectMetadata rows', async () => {
      const r = await api(base, 'GET', cmPath('tbl'), undefined, { Accept: TABLE });
      assert.equal(r.status, 200, r.text);
      const t = r.body;
      assert.equal(t.kind, 'Table');
      assert.equal(t.apiVersion, 'meta.k8s.io/v1');
      assert.equal(Number(t.metadata.resourceVersion), await storeRevision());
      assert.deepEqual(t.columnDefinitions.map((c: any) => c.name), ['Name', 'Data', 'Age']);
      for (const c of t.columnDefinitions) assert.deepEqual(Object.keys(c).sort(), ['description', 'format', 'name', 'priority', 'type']);
      assert.deepEqual(t.columnDefinitions[0], { name: 'Name', type: 'string', format: 'name', description: t.columnDefinitions[0].description, priority: 0 });
      assert.equal(t.rows.length, 2);
      assert.deepEqual(t.rows[0].cells.slice(0, 2), ['t1', 2]);
      assert.equal(t.rows[0].object.kind, 'PartialObjectMetadata');
      assert.equal(t.rows[0].object.apiVersion, 'meta.k8s.io/v1');
      assert.deepEqual(t.rows[0].object.metadata.labels, { app: 't' });
      assert.equal(t.rows[0].object.data, undefined);

      const one = await api(base, 'GET', cmPath('tbl', 't2'), undefined, { Accept: TABLE });
      assert.equal(one.status, 200, one.text);
      assert.equal(one.body.rows.length, 1);
      assert.equal(one.body.rows[0].cells[0], 't2');
      const t2 = (await api(base, 'GET', cmPath('tbl', 't2'))).body;
      assert.equal(one.body.metadata.resourceVersion, t2.metadata.resourceVersion);

      const beta = await api(base, 'GET', cmPath('tbl'), undefined, { Accept: 'application/json;as=Table;v=v1beta1;g=meta.k8s.io' });
      assert.equal(beta.body.apiVersion, 'meta.k8s.io/v1beta1');
      assert.equal(beta.body.rows[0].object.apiVersion, 'meta.k8s.io/v1beta1');
    });

    it('includeObject=Object|None|Metadata', async () => {
      const get = (io: string) => api(base, 'GET', `${cmPath('tbl')}?includeObject=${io}`, undefined, { Accept: TABLE });
      const full = (await get('Object')).body;
      assert.equal(full.rows[0].object.kind, 'ConfigMap');
      assert.equal(full.rows[0].object.apiVersion, 'v1');
      assert.deepEqual(full.rows[0].object.data, { a: '1', b: '2' });
      assert.equal((await get('None')).body.rows[0].object, null);
      assert.equal((await get('Metadata')).body.rows[0].object.kind, 'PartialObjectMetadata');
      assertStatus(
        await get('Everything'),
        400,
        'BadRequest',
        'Unable to convert to Table as requested: includeObject: Invalid value: "Everything": must be \'Metadata\', \'Object\', \'None\', or empty',
      );
      // Only Table requests read includeObject.
      assert.equal((await api(base, 'GET', `${cmPath('tbl')}?includeObject=Everything`)).status, 200);
    });

    it('a paginated Table carries continue and remainingItemCount', async () => {
      const r = await api(base, 'GET', `${cmPath('tbl')}?limit=1`, undefined, { Accept: TABLE });
      assert.equal(r.body.rows.length, 1);
      assert.equal(r.body.metadata.remainingItemCount, 1);
      assert.equal(typeof r.body.metadata.continue, 'string');
    });

    it('a Table watch sends column definitions on the first event only', async () => {
      const rv = String(await storeRevision());
      const w = await openWatch(base, `${cmPath('tbl')}?watch=true&resourceVersion=${rv}`, { Accept: TABLE });
      try {
        await mustCreate(cmPath('tbl'), cm('t3'));
        await mustCreate(cmPath('tbl'), cm('t4'));
        const [e1, e2] = await w.waitFor(2);
        assert.equal(e1!.type, 'ADDED');
        assert.equal(e1!.object.kind, 'Table');
        assert.deepEqual(e1!.object.columnDefinitions.map((c: any) => c.name), ['Name', 'Data', 'Age']);
        assert.equal(e1!.object.rows.length, 1);
        assert.equal(e1!.object.rows[0].cells[0], 't3');
        assert.equal(e2!.object.kind, 'Table');
        assert.equal(e2!.object.columnDefinitions, null);
        assert.equal(e2!.object.rows[0].cells[0], 't4');
      } finally {
        w.close();
      }
    });

    it('as=Table of another group or version is 406; PartialObjectMetadata(List) is served', async () => {
      for (const accept of ['application/json;as=Table;v=v2;g=meta.k8s.io', 'application/json;as=Table;v=v1;g=example.com']) {
        const r = await api(base, 'GET', cmPath('tbl'), undefined, { Accept: accept });
        assertStatus(r, 406, 'NotAcceptable');
      }
      const list = await api(base, 'GET', cmPath('tbl'), undefined, { Accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1' });
      assert.equal(list.status, 200, list.text);
      assert.equal(list.body.kind, 'PartialObjectMetadataList');
      assert.equal(list.body.apiVersion, 'meta.k8s.io/v1');
      assert.equal(list.body.items[0].kind, 'PartialObjectMetadata');
      assert.equal(list.body.items[0].metadata.name, 't1');
      assert.equal(list.body.items[0].data, undefined);
      const one = await api(base, 'GET', cmPath('tbl', 't1'), undefined, { Accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1' });
      assert.equal(one.status, 200, one.text);
      const full = (await api(base, 'GET', cmPath('tbl', 't1'))).body;
      assert.deepEqual(one.body, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: full.metadata });
    });
  });

  // ---- 7. discovery -------------------------------------------------------------------------

  describe('discovery', () => {
    const AGG_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
    const AGG_V2B1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

    it('legacy /api, /apis, /api/v1, /apis/apps/v1 and /apis/apps', async () => {
      const apiRoot = await api(base, 'GET', '/api');
      assert.deepEqual(apiRoot.body, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${cluster.port}` }] });

      const apis = (await api(base, 'GET', '/apis')).body;
      assert.equal(apis.kind, 'APIGroupList');
      assert.equal(apis.apiVersion, 'v1');
      assert.ok(!apis.groups.some((g: any) => g.name === ''));
      const apps = { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } };
      assert.deepEqual(apis.groups.find((g: any) => g.name === 'apps'), apps);

      const v1 = (await api(base, 'GET', '/api/v1')).body;
      assert.equal(v1.kind, 'APIResourceList');
      assert.equal(v1.groupVersion, 'v1');
      const pods = v1.resources.find((r: any) => r.name === 'pods');
      assert.deepEqual(pods, {
        name: 'pods',
        singularName: 'pod',
        namespaced: true,
        kind: 'Pod',
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        shortNames: ['po'],
        categories: ['all'],
      });
      assert.deepEqual(v1.resources.find((r: any) => r.name === 'pods/status'), {
        name: 'pods/status',
        singularName: '',
        namespaced: true,
        kind: 'Pod',
        verbs: ['get', 'patch', 'update'],
      });

      const appsV1 = (await api(base, 'GET', '/apis/apps/v1')).body;
      assert.equal(appsV1.groupVersion, 'apps/v1');
      assert.deepEqual(appsV1.resources.find((r: any) => r.name === 'deployments/scale'), {
        name: 'deployments/scale',
        singularName: '',
        namespaced: true,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
      });

      const group = await api(base, 'GET', '/apis/apps');
      assert.deepEqual(group.body, { kind: 'APIGroup', apiVersion: 'v1', ...apps });
      assert.equal((await api(base, 'GET', '/apis/nope.example.com')).status, 404);
      assert.equal((await api(base, 'GET', '/apis/apps/v7')).status, 404);
    });

    it('aggregated APIGroupDiscoveryList (v2 and v2beta1) with the exact Content-Type and responseKind everywhere', async () => {
      for (const [accept, version] of [
        [`${AGG_V2},${AGG_V2B1},application/json`, 'v2'],
        [`${AGG_V2B1},application/json`, 'v2beta1'],
      ] as const) {
        for (const path of ['/api', '/apis']) {
          const r = await api(base, 'GET', path, undefined, { Accept: accept });
          assert.equal(r.status, 200);
          assert.equal(r.headers.get('content-type'), `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`);
          assert.equal(r.body.kind, 'APIGroupDiscoveryList');
          assert.equal(r.body.apiVersion, `apidiscovery.k8s.io/${version}`);
          for (const item of r.body.items)
            for (const v of item.versions) {
              assert.equal(v.freshness, 'Current');
              for (const res of v.resources) {
                assert.ok(res.responseKind?.kind && res.responseKind.version !== undefined && res.responseKind.group !== undefined, JSON.stringify(res));
                for (const sub of res.subresources ?? []) assert.ok(sub.responseKind?.kind, JSON.stringify(sub));
              }
            }
          if (path === '/api') {
            assert.equal(r.body.items.length, 1);
            assert.deepEqual(r.body.items[0].metadata, {});
          } else {
            const apps = r.body.items.find((i: any) => i.metadata.name === 'apps');
            const deploy = apps.versions[0].resources.find((x: any) => x.resource === 'deployments');
            assert.deepEqual(deploy.responseKind, { group: 'apps', version: 'v1', kind: 'Deployment' });
            assert.deepEqual(deploy.subresources.find((s: any) => s.subresource === 'scale'), {
              subresource: 'scale',
              responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
              verbs: ['get', 'patch', 'update'],
            });
          }
        }
      }
      const legacy = await api(base, 'GET', '/apis', undefined, { Accept: 'application/json, */*' });
      assert.equal(legacy.headers.get('content-type'), 'application/json');
      assert.equal(legacy.body.kind, 'APIGroupList');
    });

    it('a CRD is in discovery right after it is created and gone after it is deleted, with its objects', async () => {
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.sem.example.com' },
        spec: {
          group: 'sem.example.com',
          names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
          scope: 'Namespaced',
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } },
              subresources: { status: {} },
            },
          ],
        },
      };
      const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
      const widgets = '/apis/sem.example.com/v1/namespaces/meta/widgets';
      const inDiscovery = async () => {
        const gv = await api(base, 'GET', '/apis/sem.example.com/v1');
        const legacy = (await api(base, 'GET', '/apis')).body.groups.some((g: any) => g.name === 'sem.example.com');
        const agg = (await api(base, 'GET', '/apis', undefined, { Accept: AGG_V2 })).body.items.find((i: any) => i.metadata.name === 'sem.example.com');
        return { gv, legacy, agg };
      };

      await mustCreate(crdPath, crd);
      let d = await inDiscovery();
      assert.equal(d.gv.status, 200);
      assert.deepEqual(
        d.gv.body.resources.map((r: any) => [r.name, r.kind]),
        [
          ['widgets', 'Widget'],
          ['widgets/status', 'Widget'],
        ],
      );
      assert.equal(d.legacy, true);
      assert.deepEqual(d.agg.versions[0].resources[0].responseKind, { group: 'sem.example.com', version: 'v1', kind: 'Widget' });
      for (const n of ['w1', 'w2', 'w3']) await mustCreate(widgets, { apiVersion: 'sem.example.com/v1', kind: 'Widget', metadata: { name: n }, spec: { n } });
      assert.deepEqual(names((await api(base, 'GET', `${widgets}?fieldSelector=${encodeURIComponent('metadata.name=w2')}`)).body), ['w2']);
      assertStatus(await api(base, 'GET', `${widgets}?fieldSelector=${encodeURIComponent('spec.n=w2')}`), 400, 'BadRequest', 'field label not supported: spec.n');

      assert.equal((await api(base, 'DELETE', `${crdPath}/widgets.sem.example.com`)).status, 200);
      d = await inDiscovery();
      assert.equal(d.gv.status, 404);
      assert.equal(d.legacy, false);
      assert.equal(d.agg, undefined);
      assert.equal((await api(base, 'GET', widgets)).status, 404);

      // Re-created at once, the kind starts empty: the old objects went with the old CRD.
      await mustCreate(crdPath, crd);
      let list = await api(base, 'GET', widgets);
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.body.items, []);
      for (let i = 0; i < 30; i++) await mustCreate(widgets, { apiVersion: 'sem.example.com/v1', kind: 'Widget', metadata: { name: `many-${i}` } });
      assert.equal((await api(base, 'DELETE', `${crdPath}/widgets.sem.example.com`)).status, 200);
      await mustCreate(crdPath, crd);
      list = await api(base, 'GET', widgets);
      assert.deepEqual(names(list.body), []);
      assert.equal((await api(base, 'DELETE', `${crdPath}/widgets.sem.example.com`)).status, 200);
    });
  });

  // ---- 8. version, health, OpenAPI ----------------------------------------------------------

  describe('version, health and OpenAPI', () => {
    it('/version', async () => {
      const r = await api(base, 'GET', '/version');
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/json');
      assert.deepEqual(Object.keys(r.body), ['major', 'minor', 'gitVersion', 'gitCommit', 'gitTreeState', 'buildDate', 'goVersion', 'compiler', 'platform']);
      assert.equal(r.body.major, '1');
      assert.equal(r.body.minor, '25');
      assert.match(r.body.gitVersion, /^v1\.25\.\d+/);
    });

    it('/healthz, /livez, /readyz and ?verbose', async () => {
      for (const path of ['/healthz', '/livez', '/readyz']) {
        const r = await kfetch(base + path);
        assert.equal(r.status, 200);
        assert.equal(r.headers.get('content-type'), 'text/plain; charset=utf-8');
        assert.equal(await r.text(), 'ok');
        const v = await kfetch(`${base}${path}?verbose`);
        assert.equal(v.status, 200);
        const lines = (await v.text()).split('\n');
        assert.equal(lines[0], '[+]ping ok');
        assert.equal(lines.at(-1), '');
        assert.equal(lines.at(-2), `${path.slice(1)} check passed`);
        for (const l of lines.slice(0, -2)) assert.match(l, /^\[\+\][a-z][\w/-]* ok$/);
      }
    });

    it('/openapi/v2 in protobuf decodes, with an ETag honoured by If-None-Match', async () => {
      const accept = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
      const r = await kfetch(`${base}/openapi/v2`, { headers: { Accept: accept } });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
      const etag = r.headers.get('etag')!;
      assert.match(etag, /^"[0-9A-F]{128}"$/);
      const doc = decodeV2(new Uint8Array(await r.arrayBuffer())) as any;
      assert.equal(doc.swagger, '2.0');
      assert.ok(doc.definitions['io.k8s.api.apps.v1.Deployment']);
      const again = await kfetch(`${base}/openapi/v2`, { headers: { Accept: accept, 'If-None-Match': etag } });
      assert.equal(again.status, 304);
      assert.equal((await again.arrayBuffer()).byteLength, 0);
      const json = await kfetch(`${base}/openapi/v2`, { headers: { Accept: 'application/json' } });
      assert.equal(json.headers.get('etag'), etag, 'one ETag for both encodings of one document');
      assert.equal(((await json.json()) as any).swagger, '2.0');
    });

    it('/openapi/v3 lists group-versions with hashed URLs; the group document has the schemas', async () => {
      const root = (await api(base, 'GET', '/openapi/v3')).body;
      assert.match(root.paths['api/v1'].serverRelativeURL, /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
      const url = root.paths['apis/apps/v1'].serverRelativeURL;
      assert.match(url, /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
      const r = await kfetch(base + url);
      assert.equal(r.status, 200);
      const doc = (await r.json()) as any;
      assert.ok(doc.components.schemas['io.k8s.api.apps.v1.Deployment']);
      const etag = r.headers.get('etag')!;
      assert.equal(etag, `"${url.split('hash=')[1]}"`);
      const again = await kfetch(base + url, { headers: { 'If-None-Match': etag } });
      assert.equal(again.status, 304);
    });
  });

  // ---- 9. DELETE ----------------------------------------------------------------------------

  describe('delete', () => {
    it('answers a Success Status with name, kind (the plural), group and uid', async () => {
      const c = await mustCreate(cmPath('del'), cm('gone'));
      const r = await api(base, 'DELETE', cmPath('del', 'gone'));
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'gone', kind: 'configmaps', uid: c.metadata.uid } });
      assert.equal((await api(base, 'GET', cmPath('del', 'gone'))).status, 404);
      const d = await mustCreate('/apis/apps/v1/namespaces/del/deployments', deployment('gone'));
      const rd = await api(base, 'DELETE', '/apis/apps/v1/namespaces/del/deployments/gone');
      assert.deepEqual(rd.body.details, { name: 'gone', group: 'apps', kind: 'deployments', uid: d.metadata.uid });
      assertStatus(await api(base, 'DELETE', cmPath('del', 'gone')), 404, 'NotFound', 'configmaps "gone" not found');
    });

    it('finalizers hold the object with a deletionTimestamp until the last one is removed', async () => {
      const body = cm('held');
      Object.assign(body.metadata, { finalizers: ['example.com/hold'] });
      const c = await mustCreate(cmPath('del'), body);
      const w = await openWatch(base, `${cmPath('del')}?watch=true&resourceVersion=${c.metadata.resourceVersion}&fieldSelector=${encodeURIComponent('metadata.name=held')}`);
      try {
        const r = await api(base, 'DELETE', cmPath('del', 'held'));
        assert.equal(r.status, 200);
        assert.equal(r.body.kind, 'ConfigMap');
        assert.match(r.body.metadata.deletionTimestamp, RFC3339_SECONDS);
        assert.equal(r.body.metadata.deletionGracePeriodSeconds, 0);
        const held = await api(base, 'GET', cmPath('del', 'held'));
        assert.equal(held.status, 200);
        assert.deepEqual(held.body, r.body);
        // Deleting again changes nothing.
        const again = await api(base, 'DELETE', cmPath('del', 'held'));
        assert.equal(again.body.metadata.resourceVersion, r.body.metadata.resourceVersion);

        const p = await api(base, 'PATCH', cmPath('del', 'held'), { metadata: { finalizers: null } }, { 'Content-Type': 'application/merge-patch+json' });
        assert.equal(p.status, 200, p.text);
        // Store.Update deletes instead (deleteWithoutFinalizers) and answers with the last stored state.
        assert.deepEqual(p.body, r.body);
        const deletedAt = await storeRevision();
        assert.equal((await api(base, 'GET', cmPath('del', 'held'))).status, 404);
        const events = await w.waitFor(2);
        assert.deepEqual(
          events.map((e) => [e.type, e.object.metadata.resourceVersion, e.object.metadata.deletionTimestamp]),
          [
            ['MODIFIED', r.body.metadata.resourceVersion, r.body.metadata.deletionTimestamp],
            ['DELETED', String(deletedAt), r.body.metadata.deletionTimestamp],
          ],
        );
      } finally {
        w.close();
      }
    });

    it('uid and resourceVersion preconditions: a mismatch is a 409 and deletes nothing', async () => {
      const c = await mustCreate(cmPath('del'), cm('pre'));
      const uid = await api(base, 'DELETE', cmPath('del', 'pre'), { preconditions: { uid: 'wrong' } });
      assertStatus(uid, 409, 'Conflict', `Operation cannot be fulfilled on configmaps "pre": Precondition failed: UID in precondition: wrong, UID in object meta: ${c.metadata.uid}`);
      const rv = await api(base, 'DELETE', cmPath('del', 'pre'), { preconditions: { resourceVersion: '1' } });
      assertStatus(
        rv,
        409,
        'Conflict',
        `Operation cannot be fulfilled on configmaps "pre": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${c.metadata.resourceVersion}`,
      );
      assert.equal((await api(base, 'GET', cmPath('del', 'pre'))).status, 200);
      const ok = await api(base, 'DELETE', cmPath('del', 'pre'), { preconditions: { uid: c.metadata.uid, resourceVersion: c.metadata.resourceVersion } });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body.status, 'Success');
    });

    it('deletecollection with a label selector deletes and returns only the matching objects', async () => {
      for (const [n, l] of [['dc1', 'yes'], ['dc2', 'no'], ['dc3', 'yes'], ['dc4', undefined]] as const)
        await mustCreate(cmPath('del'), cm(n, {}, l ? { purge: l } : undefined));
      const bad = await api(base, 'DELETE', `${cmPath('del')}?labelSelector=purge&resourceVersionMatch=Exact`);
      assertStatus(bad, 422, 'Invalid', 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
      const r = await api(base, 'DELETE', `${cmPath('del')}?labelSelector=${encodeURIComponent('purge=yes')}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.kind, 'ConfigMapList');
      assert.deepEqual(names(r.body), ['dc1', 'dc3']);
      const left = await api(base, 'GET', `${cmPath('del')}?labelSelector=${encodeURIComponent('!purge')}`);
      assert.ok(names(left.body).includes('dc4'));
      assert.deepEqual(names((await api(base, 'GET', `${cmPath('del')}?labelSelector=purge`)).body), ['dc2']);
    });
  });
});

// ---- compaction: in-process ApiServer on a real SQLite file --------------------------------

describe('compacted resourceVersions (in-process ApiServer, SQLite)', () => {
  let dir: string;
  let backend: Backend;
  let server: ApiServer;
  let url: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubette-compact-'));
    backend = await openSqliteBackend(join(dir, 'state.db'), { durability: 'process', compactIntervalMs: 0 });
    server = new ApiServer({ backend, log: silentLogger });
    const addr = await server.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${addr.port}`;
  });
  after(async () => {
    await server.close();
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a watch from a compacted resourceVersion gets 200 and one ERROR event with 410 Expired; a list 410s too', async () => {
    const path = '/api/v1/namespaces/default/configmaps';
    const first = (await api(url, 'POST', path, cm('c1'))).body;
    const oldRV = Number(first.metadata.resourceVersion);
    for (let i = 2; i <= 5; i++) assert.equal((await api(url, 'POST', path, cm(`c${i}`))).status, 201);
    const page = (await api(url, 'GET', `${path}?limit=2`)).body;
    assert.equal(page.metadata.remainingItemCount, 3);
    await api(url, 'PUT', `${path}/c1`, { ...first, data: { k: 'v2' } });
    const compactAt = await backend.currentRevision();
    await backend.compact(compactAt);
    assert.equal((await api(url, 'POST', path, cm('c6'))).status, 201);

    const w = await openWatch(url, `${path}?watch=true&resourceVersion=${oldRV}`);
    assert.equal(w.status, 200);
    const { clean } = await w.ended;
    assert.equal(clean, true);
    assert.deepEqual(w.events, [
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          // M is the oldest resourceVersion that can still be watched from.
          message: `too old resource version: ${oldRV} (${compactAt})`,
          reason: 'Expired',
          code: 410,
        },
      },
    ]);

    const fromCompacted = await openWatch(url, `${path}?watch=true&resourceVersion=${compactAt}`);
    try {
      const [e] = await fromCompacted.waitFor(1);
      assert.equal(e!.type, 'ADDED');
      assert.equal(e!.object.metadata.name, 'c6');
    } finally {
      fromCompacted.close();
    }

    for (const q of [`resourceVersion=${oldRV}&resourceVersionMatch=Exact`, `resourceVersion=${oldRV}&limit=10`]) {
      const r = await api(url, 'GET', `${path}?${q}`);
      assertStatus(r, 410, 'Expired', 'The resourceVersion for the provided list is too old.');
    }
    // Without limit or Exact, an old resourceVersion is only a floor: the latest state is served.
    const floor = await api(url, 'GET', `${path}?resourceVersion=${oldRV}`);
    assert.equal(floor.status, 200, floor.text);
    assert.equal(floor.body.items.length, 6);
    const atCompacted = await api(url, 'GET', `${path}?resourceVersion=${compactAt}&resourceVersionMatch=Exact`);
    assert.equal(atCompacted.status, 200);
    assert.equal(atCompacted.body.items.length, 5);

    // A continue token from before the compaction: 410, with a token that resumes at the latest revision.
    const cont = await api(url, 'GET', `${path}?limit=2&continue=${encodeURIComponent(page.metadata.continue)}`);
    assertStatus(cont, 410, 'Expired', /^The provided continue parameter is too old to display a consistent list result\./);
    const fresh = JSON.parse(Buffer.from(cont.body.metadata.continue, 'base64url').toString());
    assert.equal(fresh.rv, -1);
    const rest = await api(url, 'GET', `${path}?limit=10&continue=${encodeURIComponent(cont.body.metadata.continue)}`);
    assert.equal(rest.status, 200, rest.text);
    assert.deepEqual(names(rest.body), ['c3', 'c4', 'c5', 'c6']);
    assert.equal(Number(rest.body.metadata.resourceVersion), await backend.currentRevision());
  });
});
