// Bad input gets the right Status and leaves the store unchanged, over real HTTP against `kubette up`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, apiOnly, startCluster, type Cluster } from './helpers/cluster.js';
import { assertStatus } from './helpers/status.js';

let cluster: Cluster;
let base: string;

const pod = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
  ...extra,
});

/** The revision the store is at, read from a list's resourceVersion. */
async function storeRevision(): Promise<string> {
  const r = await api(base, 'GET', '/api/v1/namespaces?limit=1');
  return r.body.metadata.resourceVersion;
}

async function assertUnchanged<T>(action: () => Promise<T>): Promise<T> {
  const before = await storeRevision();
  const result = await action();
  assert.equal(await storeRevision(), before, 'the store must not change');
  return result;
}


describe('bad input over HTTP', () => {
  before(async () => {
    cluster = await startCluster({ args: apiOnly });
    base = cluster.url;
  });
  after(async () => {
    await cluster.stop();
    cluster.cleanup();
  });

  it('malformed JSON is a 400 BadRequest', async () => {
    const r = await assertUnchanged(() => api(base, 'POST', '/api/v1/namespaces/default/pods', '{"apiVersion": "v1", "kind": "Pod", "metadata": {'));
    assertStatus(r, 400, 'BadRequest', /json parse error/);
  });

  it('malformed YAML is a 400 BadRequest', async () => {
    const r = await assertUnchanged(() =>
      api(base, 'POST', '/api/v1/namespaces/default/pods', 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n', { 'Content-Type': 'application/yaml' }),
    );
    assertStatus(r, 400, 'BadRequest', /error converting YAML to JSON/);
  });

  it('a kind that does not match the URL is a 400', async () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { ports: [{ port: 80 }] } };
    const r = await assertUnchanged(() => api(base, 'POST', '/api/v1/namespaces/default/pods', svc));
    assertStatus(r, 400, 'BadRequest', /cannot be handled as a Pod/);
    const r2 = await assertUnchanged(() => api(base, 'POST', '/api/v1/namespaces/default/pods', { ...pod('x'), apiVersion: 'apps/v1' }));
    assertStatus(r2, 400, 'BadRequest', 'the API version in the data (apps/v1) does not match the expected API version (v1)');
  });

  it('a missing name is 422 Invalid naming metadata.name', async () => {
    const body = pod('x');
    delete (body.metadata as { name?: string }).name;
    const r = await assertUnchanged(() => api(base, 'POST', '/api/v1/namespaces/default/pods', body));
    assertStatus(r, 422, 'Invalid', 'Pod "" is invalid: metadata.name: Required value: name or generateName is required');
    assert.deepEqual(r.body.details.causes, [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }]);
  });

  it('an invalid name is 422 Invalid with the RFC 1123 message', async () => {
    const r = await assertUnchanged(() => api(base, 'POST', '/api/v1/namespaces/default/pods', pod('Bad_Name')));
    assertStatus(r, 422, 'Invalid', /^Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    assert.equal(r.body.details.kind, 'Pod');
    assert.equal(r.body.details.name, 'Bad_Name');
    assert.equal(r.body.details.causes[0].field, 'metadata.name');
  });

  it('a pod without an image is 422 naming the field', async () => {
    const body = pod('noimage');
    (body.spec.containers[0] as { image?: string }).image = undefined;
    const r = await assertUnchanged(() => api(base, 'POST', '/api/v1/namespaces/default/pods', JSON.stringify(body)));
    assertStatus(r, 422, 'Invalid', 'Pod "noimage" is invalid: spec.containers[0].image: Required value');
  });

  it('an unknown namespace is 404 NotFound for the namespace', async () => {
    const r = await assertUnchanged(() => api(base, 'POST', '/api/v1/namespaces/nope/pods', pod('x')));
    assertStatus(r, 404, 'NotFound', 'namespaces "nope" not found');
    assert.deepEqual(r.body.details, { name: 'nope', kind: 'namespaces' });
  });

  it('a 10 MB body is 413 and nothing is stored', async () => {
    const big = pod('big', { metadata: { name: 'big', annotations: { a: 'x'.repeat(10 * 1024 * 1024) } } });
    const r = await assertUnchanged(() => api(base, 'POST', '/api/v1/namespaces/default/pods', big));
    assertStatus(r, 413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    const g = await api(base, 'GET', '/api/v1/namespaces/default/pods/big');
    assert.equal(g.status, 404);
  });

  it('a stale resourceVersion is 409 Conflict and the newer state stays', async () => {
    const created = await api(base, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1' }, data: { a: '1' } });
    assert.equal(created.status, 201);
    const staleRV = created.body.metadata.resourceVersion;
    const upd = await api(base, 'PUT', '/api/v1/namespaces/default/configmaps/cm1', { ...created.body, data: { a: '2' } });
    assert.equal(upd.status, 200);
    assert.notEqual(upd.body.metadata.resourceVersion, staleRV);
    const r = await assertUnchanged(() => api(base, 'PUT', '/api/v1/namespaces/default/configmaps/cm1', { ...created.body, data: { a: '3' } }));
    assertStatus(
      r,
      409,
      'Conflict',
      'Operation cannot be fulfilled on configmaps "cm1": the object has been modified; please apply your changes to the latest version and try again',
    );
    const g = await api(base, 'GET', '/api/v1/namespaces/default/configmaps/cm1');
    assert.deepEqual(g.body.data, { a: '2' });
  });

  it('creating an existing object is 409 AlreadyExists', async () => {
    assert.equal((await api(base, 'POST', '/api/v1/namespaces/default/pods', pod('dup'))).status, 201);
    const r = await assertUnchanged(() => api(base, 'POST', '/api/v1/namespaces/default/pods', pod('dup')));
    assertStatus(r, 409, 'AlreadyExists', 'pods "dup" already exists');
  });

  it('getting a missing object is 404 NotFound in kube form', async () => {
    const r = await api(base, 'GET', '/apis/apps/v1/namespaces/default/deployments/nope');
    assertStatus(r, 404, 'NotFound', 'deployments.apps "nope" not found');
    assert.deepEqual(r.body.details, { name: 'nope', group: 'apps', kind: 'deployments' });
  });

  it('an unknown path is 404 and a wrong method is 405', async () => {
    assertStatus(await api(base, 'GET', '/api/v1/bogus'), 404, 'NotFound', 'the server could not find the requested resource');
    assertStatus(await api(base, 'POST', '/api/v1/namespaces/default/pods/dup', pod('dup')), 405, 'MethodNotAllowed');
  });

  it('a name in the body that differs from the URL is a 400', async () => {
    const r = await assertUnchanged(() => api(base, 'PUT', '/api/v1/namespaces/default/pods/dup', pod('other')));
    assertStatus(r, 400, 'BadRequest', 'the name of the object (other) does not match the name on the URL (dup)');
  });

  it('strict field validation rejects unknown fields and Warn reports them', async () => {
    const body = pod('strict');
    (body.spec.containers[0] as Record<string, unknown>)['bogusField'] = 1;
    const r = await assertUnchanged(() => api(base, 'POST', '/api/v1/namespaces/default/pods?fieldValidation=Strict', body));
    assertStatus(r, 400, 'BadRequest', 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].bogusField"');
    const w = await api(base, 'POST', '/api/v1/namespaces/default/pods?fieldValidation=Warn', body);
    assert.equal(w.status, 201);
    // Go's quoting inside the warn-text: 299 - "unknown field \"spec...\"" (kubectl unquotes it).
    assert.equal(w.headers.get('warning'), '299 - "unknown field \\"spec.containers[0].bogusField\\""');
    assert.equal(w.body.spec.containers[0].bogusField, undefined, 'unknown fields are dropped');
  });

  it('dryRun=All validates and returns the object without storing it', async () => {
    const r = await assertUnchanged(() => api(base, 'POST', '/api/v1/namespaces/default/pods?dryRun=All', pod('dry')));
    assert.equal(r.status, 201);
    assert.equal(r.body.metadata.name, 'dry');
    assert.ok(r.body.metadata.uid);
    assert.equal((await api(base, 'GET', '/api/v1/namespaces/default/pods/dry')).status, 404);
  });

  it('a watch from a compacted or invalid resourceVersion is rejected', async () => {
    const r = await api(base, 'GET', '/api/v1/namespaces/default/pods?watch=true&resourceVersion=abc');
    assertStatus(r, 400, 'BadRequest');
  });
});
