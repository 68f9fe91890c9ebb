// The subresources and small APIs kubectl's generators and workloads need, over real HTTP against
// `kubette up`: pods/binding, pods/eviction (with PodDisruptionBudgets), pods/ephemeralcontainers,
// serviceaccounts/token (with TokenReview), access reviews, HorizontalPodAutoscalers in v1 and v2,
// and how discovery lists them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, apiOnly, startCluster, type Cluster } from './helpers/cluster.js';
import { assertStatus } from './helpers/status.js';

let cluster: Cluster;
let base: string;
const ns = 'subres';

const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => api(base, method, path, body, headers);
const MERGE = { 'Content-Type': 'application/merge-patch+json' };

const pod = (name: string, labels: Record<string, string> = { app: name }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'main', image: 'nginx:1.25' }] },
});

async function createPod(name: string, labels?: Record<string, string>) {
  const r = await call('POST', `/api/v1/namespaces/${ns}/pods`, pod(name, labels));
  assert.equal(r.status, 201, r.text);
  return r.body;
}

/** What a kubelet would report: the pod running and ready. */
async function markRunningReady(name: string) {
  const r = await call('PATCH', `/api/v1/namespaces/${ns}/pods/${name}/status`, { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }, MERGE);
  assert.equal(r.status, 200, r.text);
}

/** Gone, or on its way out (pods bound to a node are deleted gracefully). */
async function assertDeleted(name: string) {
  const r = await call('GET', `/api/v1/namespaces/${ns}/pods/${name}`);
  assert.ok(r.status === 404 || r.body.metadata?.deletionTimestamp, `pod ${name} should be deleted: ${r.text}`);
}

function decodeJwt(token: string) {
  const parts = token.split('.');
  assert.equal(parts.length, 3, 'a JWT has three dot-separated parts');
  const json = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  return { header: json(parts[0]!), claims: json(parts[1]!), parts };
}

before(async () => {
  // API semantics only: a scheduler retrying the unschedulable pods would race the GET-then-PUT cases.
  cluster = await startCluster({ args: apiOnly });
  base = cluster.url;
  const r = await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  assert.equal(r.status, 201, r.text);
});
after(async () => {
  await cluster.stop();
  cluster.cleanup();
});

describe('pods/binding', () => {
  const bind = (podName: string, node: string, extra: Record<string, unknown> = {}, query = '') =>
    call('POST', `/api/v1/namespaces/${ns}/pods/${podName}/binding${query}`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: podName }, target: { kind: 'Node', name: node }, ...extra });

  it('assigns the node and marks the pod scheduled, answering a 201 Success Status', async () => {
    await createPod('bind-me');
    const r = await bind('bind-me', 'node-a', { metadata: { name: 'bind-me', annotations: { 'scheduler.example/why': 'fits' } } });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    const got = (await call('GET', `/api/v1/namespaces/${ns}/pods/bind-me`)).body;
    assert.equal(got.spec.nodeName, 'node-a');
    assert.equal(got.metadata.annotations['scheduler.example/why'], 'fits');
    const scheduled = got.status.conditions.find((c: { type: string }) => c.type === 'PodScheduled');
    assert.equal(scheduled.status, 'True');
    assert.match(scheduled.lastTransitionTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(got.status.phase, 'Pending', 'the rest of the status is kept');
  });

  it('refuses a pod that is already assigned, with upstream Conflict', async () => {
    const r = await bind('bind-me', 'node-b');
    assertStatus(r, 409, 'Conflict', 'Operation cannot be fulfilled on pods/binding "bind-me": pod bind-me is already assigned to node "node-a"');
    assert.deepEqual(r.body.details, { name: 'bind-me', kind: 'pods/binding' });
    assert.equal((await call('GET', `/api/v1/namespaces/${ns}/pods/bind-me`)).body.spec.nodeName, 'node-a');
  });

  it('still forbids changing spec.nodeName through a pod update', async () => {
    const r = await call('PATCH', `/api/v1/namespaces/${ns}/pods/bind-me`, { spec: { nodeName: 'node-z' } }, MERGE);
    assertStatus(r, 422, 'Invalid', /^Pod "bind-me" is invalid: spec: Forbidden: pod updates may not change fields other than/);
  });

  it('honours dryRun, uid preconditions, missing pods and bad bodies', async () => {
    const p = await createPod('bind-dry');
    assert.equal((await bind('bind-dry', 'node-a', {}, '?dryRun=All')).status, 201);
    assert.equal((await call('GET', `/api/v1/namespaces/${ns}/pods/bind-dry`)).body.spec.nodeName, undefined, 'dry run binds nothing');
    const stale = await bind('bind-dry', 'node-a', { metadata: { name: 'bind-dry', uid: 'not-the-uid' } });
    assertStatus(stale, 409, 'Conflict', new RegExp(`Precondition failed: UID in precondition: not-the-uid, UID in object meta: ${p.metadata.uid}$`));
    assertStatus(await bind('ghost', 'node-a'), 404, 'NotFound', 'pods "ghost" not found');
    const mismatch = await call('POST', `/api/v1/namespaces/${ns}/pods/bind-dry/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'other' }, target: { name: 'n' } });
    assertStatus(mismatch, 400, 'BadRequest', 'name in URL does not match name in Binding object');
    // ValidatePodBinding's errors are plain Go errors upstream, so they reach clients as 500 Unknown.
    const noTarget = await call('POST', `/api/v1/namespaces/${ns}/pods/bind-dry/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bind-dry' }, target: { kind: 'Pod' } });
    assertStatus(noTarget, 500, 'Unknown', '[target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>", target.name: Required value]');
    assertStatus(await call('GET', `/api/v1/namespaces/${ns}/pods/bind-dry/binding`), 405, 'MethodNotAllowed');
  });
});

describe('pods/eviction', () => {
  const evict = (podName: string, query = '', body: Record<string, unknown> = {}) =>
    call('POST', `/api/v1/namespaces/${ns}/pods/${podName}/eviction${query}`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: podName }, ...body });
  const pdbPath = (name: string) => `/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets/${name}`;
  const setBudget = async (name: string, status: Record<string, unknown>) => {
    const r = await call('PATCH', `${pdbPath(name)}/status`, { status }, MERGE);
    assert.equal(r.status, 200, r.text);
  };

  before(async () => {
    const r = await call('POST', `/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets`, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'guard' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } },
    });
    assert.equal(r.status, 201, r.text);
  });

  it('deletes a pod no budget covers (policy/v1beta1 bodies too)', async () => {
    await createPod('free', { app: 'free' });
    await markRunningReady('free');
    const r = await call('POST', `/api/v1/namespaces/${ns}/pods/free/eviction`, { apiVersion: 'policy/v1beta1', kind: 'Eviction', metadata: { name: 'free' } });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    await assertDeleted('free');
  });

  it('answers 429 while the budget has not been processed by the disruption controller', async () => {
    await createPod('guarded-1', { app: 'guarded' });
    await markRunningReady('guarded-1');
    const r = await evict('guarded-1');
    assertStatus(r, 429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.");
    assert.deepEqual(r.body.details, { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget guard is still being processed by the server.' }], retryAfterSeconds: 10 });
    assert.equal(r.headers.get('retry-after'), '10');
  });

  it('answers upstream 429 when the budget allows no disruption, and keeps the pod', async () => {
    await setBudget('guard', { observedGeneration: 1, disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 });
    const r = await evict('guarded-1');
    assert.deepEqual(r.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget guard needs 1 healthy pods and has 1 currently' }] },
      code: 429,
    });
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), null);
    const still = await call('GET', `/api/v1/namespaces/${ns}/pods/guarded-1`);
    assert.equal(still.status, 200);
    assert.equal(still.body.metadata.deletionTimestamp, undefined);
  });

  it('takes an allowed disruption from the budget and deletes the pod; dryRun changes nothing', async () => {
    await setBudget('guard', { observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 });
    const dry = await evict('guarded-1', '?dryRun=All');
    assert.equal(dry.status, 201, dry.text);
    assert.equal((await call('GET', `/api/v1/namespaces/${ns}/pods/guarded-1`)).body.metadata.deletionTimestamp, undefined);
    assert.equal((await call('GET', pdbPath('guard'))).body.status.disruptionsAllowed, 1, 'dry run leaves the budget alone');

    const r = await evict('guarded-1');
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.status, 'Success');
    await assertDeleted('guarded-1');
    const status = (await call('GET', pdbPath('guard'))).body.status;
    assert.equal(status.disruptionsAllowed, 0);
    assert.match(status.disruptedPods['guarded-1'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const cond = status.conditions.find((c: { type: string }) => c.type === 'DisruptionAllowed');
    assert.deepEqual([cond.status, cond.reason], ['False', 'InsufficientPods']);
  });

  it("passes the Eviction's deleteOptions to the pod's DELETE (graceful deletion of a bound pod)", async () => {
    for (const name of ['on-node-graceful', 'on-node-now']) {
      await createPod(name, { app: name });
      const bound = await call('POST', `/api/v1/namespaces/${ns}/pods/${name}/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { name: 'node-a' } });
      assert.equal(bound.status, 201, bound.text);
      await markRunningReady(name);
    }
    assert.equal((await evict('on-node-graceful')).status, 201);
    const graceful = (await call('GET', `/api/v1/namespaces/${ns}/pods/on-node-graceful`)).body;
    assert.ok(graceful.metadata.deletionTimestamp, 'a pod on a node is deleted gracefully');
    assert.equal(graceful.metadata.deletionGracePeriodSeconds, 30);
    assert.equal((await evict('on-node-now', '', { deleteOptions: { gracePeriodSeconds: 0 } })).status, 201);
    assert.equal((await call('GET', `/api/v1/namespaces/${ns}/pods/on-node-now`)).status, 404);
  });

  it('evicts pending pods without consulting the budget', async () => {
    await createPod('guarded-pending', { app: 'guarded' });
    const r = await evict('guarded-pending');
    assert.equal(r.status, 201, r.text);
    await assertDeleted('guarded-pending');
  });

  it('checks names and dry-run options, and 404s for a missing pod', async () => {
    assertStatus(await evict('nobody'), 404, 'NotFound', 'pods "nobody" not found');
    await createPod('named', { app: 'named' });
    const mismatch = await call('POST', `/api/v1/namespaces/${ns}/pods/named/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'other' } });
    assertStatus(mismatch, 400, 'BadRequest', 'name in URL does not match name in Eviction object');
    const bad = await evict('named', '?dryRun=Maybe');
    assertStatus(bad, 400, 'BadRequest', 'dryRun: Unsupported value: "Maybe": supported values: "All"');
  });
});

describe('pods/ephemeralcontainers', () => {
  const path = `/api/v1/namespaces/${ns}/pods/debug-me/ephemeralcontainers`;
  const debugger_ = { name: 'debugger', image: 'busybox:1.36', targetContainerName: 'main', stdin: true, tty: true };

  before(async () => {
    await createPod('debug-me');
  });

  it('GET returns the pod', async () => {
    const r = await call('GET', path);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.kind, 'Pod');
    assert.equal(r.body.metadata.name, 'debug-me');
  });

  it('adds an ephemeral container and ignores every other change', async () => {
    const r = await call('PATCH', path, { metadata: { labels: { sneaky: 'yes' } }, spec: { ephemeralContainers: [debugger_], activeDeadlineSeconds: 5 } }, MERGE);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.spec.ephemeralContainers.length, 1);
    const ec = r.body.spec.ephemeralContainers[0];
    assert.deepEqual([ec.name, ec.image, ec.targetContainerName], ['debugger', 'busybox:1.36', 'main']);
    assert.equal(ec.terminationMessagePolicy, 'File', 'container defaults apply');
    const stored = (await call('GET', `/api/v1/namespaces/${ns}/pods/debug-me`)).body;
    assert.equal(stored.metadata.labels.sneaky, undefined);
    assert.equal(stored.spec.activeDeadlineSeconds, undefined);
    assert.equal(stored.spec.ephemeralContainers[0].name, 'debugger');
  });

  it('rejects changing or removing an existing ephemeral container', async () => {
    const current = (await call('GET', path)).body;
    const changed = structuredClone(current);
    changed.spec.ephemeralContainers[0].image = 'alpine:3';
    assertStatus(await call('PUT', path, changed), 422, 'Invalid', 'Pod "debug-me" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be changed\n');
    const removed = structuredClone(current);
    removed.spec.ephemeralContainers = [];
    assertStatus(await call('PUT', path, removed), 422, 'Invalid', 'Pod "debug-me" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be removed\n');
  });

  it('validates new ephemeral containers as upstream does', async () => {
    const current = (await call('GET', path)).body;
    const next = structuredClone(current);
    next.spec.ephemeralContainers.push({ name: 'main', image: 'busybox', ports: [{ containerPort: 80 }] }, { name: 'probe', image: 'busybox', targetContainerName: 'nope' });
    const r = await call('PUT', path, next);
    assertStatus(r, 422, 'Invalid');
    assert.deepEqual(
      r.body.details.causes.map((c: { field: string; reason: string }) => `${c.field} ${c.reason}`).sort(),
      ['spec.ephemeralContainers[1].name FieldValueDuplicate', 'spec.ephemeralContainers[1].ports FieldValueForbidden', 'spec.ephemeralContainers[2].targetContainerName FieldValueNotFound'],
    );
  });

  it('adds a second one by PUT', async () => {
    const current = (await call('GET', path)).body;
    current.spec.ephemeralContainers.push({ name: 'second', image: 'busybox' });
    const r = await call('PUT', path, current);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.spec.ephemeralContainers.map((c: { name: string }) => c.name), ['debugger', 'second']);
  });
});

describe('serviceaccounts/token and TokenReview', () => {
  let sa: any;
  let token = '';
  const request = (name: string, spec: Record<string, unknown>) =>
    call('POST', `/api/v1/namespaces/${ns}/serviceaccounts/${name}/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec });
  const review = (t: string, audiences?: string[]) =>
    call('POST', '/apis/authentication.k8s.io/v1/tokenreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: t, ...(audiences ? { audiences } : {}) } });

  before(async () => {
    const r = await call('POST', `/api/v1/namespaces/${ns}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' } });
    assert.equal(r.status, 201, r.text);
    sa = r.body;
  });

  it('issues an RS256 JWT whose claims name the service account, audiences and expiry', async () => {
    const before = Math.floor(Date.now() / 1000);
    const r = await request('builder', { audiences: ['api', 'vault'], expirationSeconds: 1200 });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.kind, 'TokenRequest');
    assert.equal(r.body.apiVersion, 'authentication.k8s.io/v1');
    assert.deepEqual([r.body.metadata.name, r.body.metadata.namespace], ['builder', ns]);
    assert.deepEqual(r.body.spec, { audiences: ['api', 'vault'], expirationSeconds: 1200, boundObjectRef: null });
    token = r.body.status.token;
    const { header, claims } = decodeJwt(token);
    assert.equal(header.alg, 'RS256');
    assert.match(header.kid, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(claims.sub, `system:serviceaccount:${ns}:builder`);
    assert.deepEqual(claims.aud, ['api', 'vault']);
    assert.equal(claims.iss, 'https://kubernetes.default.svc.cluster.local');
    assert.equal(claims.exp - claims.iat, 1200);
    assert.ok(claims.iat >= before - 1 && claims.iat <= before + 5, `iat ${claims.iat} is now`);
    assert.equal(claims.exp, Date.parse(r.body.status.expirationTimestamp) / 1000, 'exp matches status.expirationTimestamp');
    assert.deepEqual(claims['kubernetes.io'], { namespace: ns, serviceaccount: { name: 'builder', uid: sa.metadata.uid } });
  });

  it('defaults to one hour and the API server audience', async () => {
    const r = await request('builder', {});
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.spec.expirationSeconds, 3600);
    const { claims } = decodeJwt(r.body.status.token);
    assert.deepEqual(claims.aud, ['https://kubernetes.default.svc.cluster.local']);
    assert.equal(claims.exp - claims.iat, 3600);
  });

  it('binds a token to a pod of the service account', async () => {
    const p = { ...pod('sa-user'), spec: { serviceAccountName: 'builder', containers: [{ name: 'main', image: 'nginx' }] } };
    const created = await call('POST', `/api/v1/namespaces/${ns}/pods`, p);
    assert.equal(created.status, 201, created.text);
    const r = await request('builder', { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'sa-user' } });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(decodeJwt(r.body.status.token).claims['kubernetes.io'].pod, { name: 'sa-user', uid: created.body.metadata.uid });
    const other = await request('builder', { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'debug-me' } });
    assertStatus(other, 400, 'BadRequest', 'cannot bind token for serviceaccount "builder" to pod running with different serviceaccount name.');
  });

  it('rejects short lifetimes and unknown service accounts as upstream does', async () => {
    assertStatus(
      await request('builder', { expirationSeconds: 60 }),
      422,
      'Invalid',
      'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    );
    assertStatus(await request('ghost', {}), 404, 'NotFound', 'serviceaccounts "ghost" not found');
    assertStatus(await call('GET', `/api/v1/namespaces/${ns}/serviceaccounts/builder/token`), 405, 'MethodNotAllowed');
  });

  it('TokenReview authenticates issued tokens for their audiences only', async () => {
    const ok = await review(token, ['vault']);
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.body.status, {
      authenticated: true,
      user: {
        username: `system:serviceaccount:${ns}:builder`,
        uid: sa.metadata.uid,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
      },
      audiences: ['vault'],
    });
    const wrongAud = await review(token, ['elsewhere']);
    assert.equal(wrongAud.body.status.authenticated, undefined);
    assert.match(wrongAud.body.status.error, /token audiences \["api" "vault"\] is invalid for the target audiences \["elsewhere"\]/);
    const [h, c] = token.split('.');
    const forged = `${h}.${c}.${Buffer.from('not a signature').toString('base64url')}`;
    assert.equal((await review(forged, ['api'])).body.status.authenticated, undefined);
    assert.equal((await review('garbage', ['api'])).body.status.error, 'invalid bearer token');
    assertStatus(await review(''), 400, 'BadRequest', 'token is required for TokenReview in authentication');
  });

  it('keeps the signing key in the data dir: tokens survive a restart', async () => {
    await cluster.stop();
    cluster = await startCluster({ dataDir: cluster.dataDir, args: apiOnly });
    base = cluster.url;
    const r = await review(token, ['api']);
    assert.equal(r.body.status.authenticated, true, r.text);
    const fresh = await request('builder', {});
    assert.equal(decodeJwt(fresh.body.status.token).header.kid, decodeJwt(token).header.kid);
  });

  it('a deleted service account invalidates its tokens', async () => {
    assert.equal((await call('DELETE', `/api/v1/namespaces/${ns}/serviceaccounts/builder`)).status, 200);
    const r = await review(token, ['api']);
    assert.equal(r.body.status.authenticated, undefined);
    assert.equal(r.body.status.error, `service account ${ns}/builder has been deleted`);
  });
});

describe('access reviews', () => {
  const ssar = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'default' } } };

  it('SelfSubjectAccessReview answers allowed, saying why, and stores nothing', async () => {
    const r = await call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', ssar);
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.spec, ssar.spec);
    assert.deepEqual(r.body.status, { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"' });
    assertStatus(await call('GET', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'), 405, 'MethodNotAllowed');
  });

  it('validates reviews with upstream messages', async () => {
    const neither = await call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { ...ssar, spec: {} });
    assertStatus(neither, 422, 'Invalid', 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
    const noUser = await call('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { nonResourceAttributes: { path: '/healthz', verb: 'get' } } });
    assertStatus(noUser, 422, 'Invalid', 'SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified');
    const sar = await call('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'jane', groups: ['system:authenticated'], nonResourceAttributes: { path: '/healthz', verb: 'get' } } });
    assert.equal(sar.status, 201, sar.text);
    assert.equal(sar.body.status.allowed, true);
    // Without the group the bootstrap policy binds the health checks to, RBAC has nothing for jane.
    const bare = await call('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'jane', nonResourceAttributes: { path: '/healthz', verb: 'get' } } });
    assert.equal(bare.body.status.allowed, false);
  });

  it('LocalSubjectAccessReview is namespaced and must name its own namespace', async () => {
    const body = (resNs: string) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', spec: { user: 'jane', resourceAttributes: { verb: 'list', resource: 'pods', namespace: resNs } } });
    const ok = await call('POST', `/apis/authorization.k8s.io/v1/namespaces/${ns}/localsubjectaccessreviews`, body(ns));
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.metadata.namespace, ns);
    const bad = await call('POST', `/apis/authorization.k8s.io/v1/namespaces/${ns}/localsubjectaccessreviews`, body('default'));
    assertStatus(bad, 422, 'Invalid', /spec\.resourceAttributes\.namespace: Invalid value: "default": must match metadata\.namespace/);
  });
});

describe('horizontalpodautoscalers (autoscaling/v2 and v1 on one storage)', () => {
  const v1 = `/apis/autoscaling/v1/namespaces/${ns}/horizontalpodautoscalers`;
  const v2 = `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`;
  const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };

  it('a v1 HPA reads back through v2 with its CPU target as a metric, and v1 defaults the target', async () => {
    const r = await call('POST', v1, { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'from-v1' }, spec: { scaleTargetRef: ref, maxReplicas: 4, targetCPUUtilizationPercentage: 60 } });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.spec, { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 60 });
    assert.deepEqual(r.body.status, { currentReplicas: 0, desiredReplicas: 0 });
    const g = (await call('GET', `${v2}/from-v1`)).body;
    assert.equal(g.apiVersion, 'autoscaling/v2');
    assert.deepEqual(g.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }]);
    assert.equal(g.metadata.annotations, undefined, 'no conversion annotations are stored');
    const bare = await call('POST', v1, { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'bare' }, spec: { scaleTargetRef: ref, maxReplicas: 2 } });
    assert.equal(bare.body.spec.targetCPUUtilizationPercentage, 80);
  });

  it('a v2 HPA with other metrics keeps them through a v1 read-modify-write', async () => {
    const metrics = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '1k' } } },
    ];
    const r = await call('POST', v2, { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'rich' }, spec: { scaleTargetRef: ref, minReplicas: 2, maxReplicas: 5, metrics } });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.status, { currentMetrics: null, desiredReplicas: 0 });
    const old = (await call('GET', `${v1}/rich`)).body;
    assert.equal(old.spec.targetCPUUtilizationPercentage, 70);
    assert.deepEqual(JSON.parse(old.metadata.annotations['autoscaling.alpha.kubernetes.io/metrics']), [{ type: 'Pods', pods: { metricName: 'qps', targetAverageValue: '1k' } }]);
    old.spec.maxReplicas = 9;
    const put = await call('PUT', `${v1}/rich`, old);
    assert.equal(put.status, 200, put.text);
    const now = (await call('GET', `${v2}/rich`)).body;
    assert.equal(now.spec.maxReplicas, 9);
    assert.deepEqual(now.spec.metrics, metrics);
  });

  it('validates as upstream does, in either version', async () => {
    const bad = await call('POST', v2, { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'bad' }, spec: { scaleTargetRef: { kind: 'Deployment' }, minReplicas: 3, maxReplicas: 2 } });
    assertStatus(
      bad,
      422,
      'Invalid',
      'HorizontalPodAutoscaler.autoscaling "bad" is invalid: [spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`, spec.scaleTargetRef.name: Required value]',
    );
    const zero = await call('POST', v1, { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'zero' }, spec: { scaleTargetRef: ref, minReplicas: 0, maxReplicas: 0 } });
    assertStatus(
      zero,
      422,
      'Invalid',
      'HorizontalPodAutoscaler.autoscaling "zero" is invalid: [spec.minReplicas: Invalid value: 0: must be greater than or equal to 1, spec.maxReplicas: Invalid value: 0: must be greater than 0]',
    );
  });

  it('status is its own subresource, and the table shows kube-apiserver columns', async () => {
    const st = await call('PATCH', `${v2}/rich/status`, { status: { currentReplicas: 3, desiredReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45 } } }] } }, MERGE);
    assert.equal(st.status, 200, st.text);
    const main = await call('PATCH', `${v2}/rich`, { status: { currentReplicas: 99 } }, MERGE);
    assert.equal(main.body.status.currentReplicas, 3, 'the main resource keeps the stored status');
    const t = await call('GET', `${v2}/rich`, undefined, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    assert.deepEqual(t.body.columnDefinitions.map((c: { name: string }) => c.name), ['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age']);
    assert.deepEqual(t.body.rows[0].cells.slice(0, 6), ['rich', 'Deployment/web', '45%/70%, <unknown>/1k', '2', 9, 3]);
    const v1Status = (await call('GET', `${v1}/rich`)).body.status;
    assert.deepEqual([v1Status.currentReplicas, v1Status.currentCPUUtilizationPercentage], [3, 45]);
  });
});

describe('discovery', () => {
  it('lists the subresources with their kind, group, version and verbs', async () => {
    const list = (await call('GET', '/api/v1')).body.resources as any[];
    const find = (name: string) => list.find((r) => r.name === name);
    assert.deepEqual(find('pods/binding'), { name: 'pods/binding', singularName: '', namespaced: true, kind: 'Binding', verbs: ['create'] });
    assert.deepEqual(find('pods/eviction'), { name: 'pods/eviction', singularName: '', namespaced: true, kind: 'Eviction', verbs: ['create'], group: 'policy', version: 'v1' });
    assert.deepEqual(find('pods/ephemeralcontainers'), { name: 'pods/ephemeralcontainers', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    assert.deepEqual(find('serviceaccounts/token'), {
      name: 'serviceaccounts/token',
      singularName: '',
      namespaced: true,
      kind: 'TokenRequest',
      verbs: ['create'],
      group: 'authentication.k8s.io',
      version: 'v1',
    });
    const podsSubs = list.filter((r) => r.name.startsWith('pods/')).map((r) => r.name);
    assert.deepEqual(podsSubs, [...podsSubs].sort(), 'subresources are listed by name');

    const agg = await call('GET', '/api', undefined, { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' });
    const pods = agg.body.items[0].versions[0].resources.find((r: { resource: string }) => r.resource === 'pods');
    const eviction = pods.subresources.find((s: { subresource: string }) => s.subresource === 'eviction');
    assert.deepEqual(eviction, { subresource: 'eviction', responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] });
  });

  it('serves autoscaling v2 (preferred) and v1, and the review groups as create-only', async () => {
    const g = (await call('GET', '/apis/autoscaling')).body;
    assert.deepEqual(g.versions.map((v: { version: string }) => v.version), ['v2', 'v1']);
    assert.equal(g.preferredVersion.version, 'v2');
    const hpa = (await call('GET', '/apis/autoscaling/v2')).body.resources.find((r: { name: string }) => r.name === 'horizontalpodautoscalers');
    assert.deepEqual([hpa.kind, hpa.shortNames, hpa.categories], ['HorizontalPodAutoscaler', ['hpa'], ['all']]);
    const authz = (await call('GET', '/apis/authorization.k8s.io/v1')).body.resources;
    const ssar = authz.find((r: { name: string }) => r.name === 'selfsubjectaccessreviews');
    assert.deepEqual([ssar.namespaced, ssar.verbs], [false, ['create']]);
    assert.equal(authz.find((r: { name: string }) => r.name === 'localsubjectaccessreviews').namespaced, true);
    const authn = (await call('GET', '/apis/authentication.k8s.io/v1')).body.resources;
    assert.deepEqual(authn.map((r: { name: string }) => r.name), ['tokenreviews']);
  });
});
