// Security by default, end to end against the real `kubette up` over HTTPS: who gets in (client
// certificates, token file, bound service account tokens, bootstrap tokens, anonymous only for
// health), what RBAC lets them do, and what the real kubectl 1.25 says about it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createCA, issue, type KeyPair } from '../src/apiserver/pki.js';
import { writeKubeconfig } from '../src/client/kubeconfig.js';
import { api, apiOnly, startCluster, type Cluster } from './helpers/cluster.js';
import { client, kubectl125 } from './helpers/tools.js';
import { poll } from './helpers/wait.js';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const tokenFile = mkdtempSync(join(tmpdir(), 'kubette-tokens-'));
const TOKENS = join(tokenFile, 'tokens.csv');
writeFileSync(TOKENS, ['alice-token,alice,1001', 'bob-token,bob,1002,"devs,testers"', ''].join('\n'));

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const anon = { anonymous: true };

describe('authentication and authorization over HTTPS', () => {
  let c: Cluster;
  let ca: KeyPair;
  const ok = async (method: string, path: string, body?: unknown) => {
    const r = await api(c.url, method, path, body);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
    return r.body;
  };
  const bindView = (ns: string, subject: object) =>
    ok('POST', `${RBAC}/namespaces/${ns}/rolebindings`, { metadata: { generateName: 'view-' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [subject] });
  /** Wait until the RBAC cache has seen a binding: poll what the user may do. */
  const untilAllowed = (headers: Record<string, string>, path: string) =>
    poll(`${path} allowed`, async () => (await api(c.url, 'GET', path, undefined, headers, anon)).status === 200);

  before(async () => {
    c = await startCluster({ args: [...apiOnly, `--token-auth-file=${TOKENS}`] });
    ca = { cert: readFileSync(join(c.dataDir, 'pki', 'ca.crt'), 'utf8'), key: readFileSync(join(c.dataDir, 'pki', 'ca.key'), 'utf8') };
    await ok('POST', '/api/v1/namespaces', { metadata: { name: 'sec' } });
    await ok('POST', '/api/v1/namespaces', { metadata: { name: 'other' } });
  });
  after(async () => {
    await c.stop();
    c.cleanup();
  });

  it('answers 401 without credentials, except on the health and version endpoints', async () => {
    for (const path of ['/api', '/apis', '/api/v1/namespaces', '/openapi/v2', '/metrics', '/logs', '/']) {
      const r = await api(c.url, 'GET', path, undefined, {}, anon);
      assert.equal(r.status, 401, path);
      assert.deepEqual(r.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    }
    for (const path of ['/healthz', '/livez', '/readyz', '/version', '/readyz?verbose']) assert.equal((await api(c.url, 'GET', path, undefined, {}, anon)).status, 200, path);
    // A write to a public path is still not allowed for anonymous (RBAC grants only get).
    assert.equal((await api(c.url, 'POST', '/version', {}, {}, anon)).status, 403);
    // A token nobody issued is a 401, not anonymous.
    assert.equal((await api(c.url, 'GET', '/healthz', undefined, bearer('nope'), anon)).status, 401);
  });

  it('knows client-certificate users by CN and O, and refuses certificates of another CA', async () => {
    const carol = await issue(ca, { identity: { user: 'carol', groups: ['auditors'] } });
    const denied = await api(c.url, 'GET', '/api/v1/namespaces/sec/pods', undefined, {}, { tls: { ca: ca.cert, ...carol } });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.message, 'pods is forbidden: User "carol" cannot list resource "pods" in API group "" in the namespace "sec"');
    await ok('POST', `${RBAC}/namespaces/sec/rolebindings`, { metadata: { name: 'auditors-view' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: 'auditors' }] });
    await poll('carol may list pods through her group', async () => (await api(c.url, 'GET', '/api/v1/namespaces/sec/pods', undefined, {}, { tls: { ca: ca.cert, ...carol } })).status === 200);

    const rogueCA = await createCA('rogue');
    const mallory = await issue(rogueCA, { identity: { user: 'kubernetes-admin', groups: ['system:masters'] } });
    const rogue = await api(c.url, 'GET', '/api/v1/namespaces', undefined, {}, { tls: { ca: ca.cert, ...mallory } });
    assert.equal(rogue.status, 401);
    // A serving certificate is not a client certificate, even when our CA signed it.
    const serving = { cert: readFileSync(join(c.dataDir, 'pki', 'apiserver.crt'), 'utf8'), key: readFileSync(join(c.dataDir, 'pki', 'apiserver.key'), 'utf8') };
    assert.equal((await api(c.url, 'GET', '/api/v1/namespaces', undefined, {}, { tls: { ca: ca.cert, ...serving } })).status, 401);
  });

  it('a user bound only to view can get but not create, and kubectl auth can-i agrees with RBAC', async () => {
    await bindView('sec', { kind: 'User', name: 'alice' });
    await untilAllowed(bearer('alice-token'), '/api/v1/namespaces/sec/pods');
    await ok('POST', '/api/v1/namespaces/sec/configmaps', { metadata: { name: 'cm' }, data: { a: '1' } });
    assert.equal((await api(c.url, 'GET', '/api/v1/namespaces/sec/configmaps/cm', undefined, bearer('alice-token'), anon)).status, 200);
    const create = await api(c.url, 'POST', '/api/v1/namespaces/sec/configmaps', { metadata: { name: 'mine' } }, bearer('alice-token'), anon);
    assert.equal(create.status, 403);
    assert.equal(create.body.message, 'configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "sec"');
    assert.equal((await api(c.url, 'GET', '/api/v1/namespaces/sec/configmaps/mine')).status, 404, 'nothing half-written');

    const kubeconfig = join(c.dataDir, 'alice.kubeconfig');
    writeKubeconfig(kubeconfig, { server: c.url, ca: ca.cert, token: 'alice-token', namespace: 'sec', user: 'alice' });
    const k = client(kubectl125(), kubeconfig);
    try {
      const cases: [string[], string][] = [
        [['get', 'pods'], 'get pods in sec'],
        [['list', 'configmaps'], 'list configmaps'],
        [['watch', 'deployments.apps'], 'watch deployments'],
        [['get', 'pods', '--subresource=log'], 'pods/log'],
        [['create', 'pods'], 'create pods'],
        [['delete', 'configmaps'], 'delete configmaps'],
        [['get', 'secrets'], 'view excludes secrets'],
        [['get', 'pods', '-n', 'other'], 'another namespace'],
        [['list', 'nodes'], 'cluster-scoped'],
        [['create', 'rolebindings.rbac.authorization.k8s.io'], 'rbac writes'],
        [['get', '/healthz'], 'public non-resource URL'],
        [['get', '/logs'], 'logs'],
        [['impersonate', 'users'], 'impersonation'],
      ];
      for (const [args, what] of cases) {
        const r = await k.run(['auth', 'can-i', ...args]);
        // What RBAC decides, asked the server's way: a SubjectAccessReview for alice.
        const [verb, target] = args as [string, string];
        const ns = args.includes('-n') ? args[args.indexOf('-n') + 1]! : 'sec';
        const sub = args.find((a) => a.startsWith('--subresource='))?.split('=')[1] ?? '';
        const [resource, group = ''] = target.split(/\.(.*)/s) as [string, string?];
        const spec = target.startsWith('/')
          ? { user: 'alice', groups: ['system:authenticated'], nonResourceAttributes: { path: target, verb } }
          : { user: 'alice', groups: ['system:authenticated'], resourceAttributes: { namespace: resource === 'nodes' ? '' : ns, verb, group, resource, subresource: sub } };
        const review = await ok('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec });
        const allowed = review.status.allowed === true;
        assert.equal(r.stdout.trim(), allowed ? 'yes' : 'no', `${what}: kubectl said ${r.stdout.trim()} ${r.stderr}`);
        assert.equal(r.code, allowed ? 0 : 1, what);
      }
      const yes = ['get pods in sec', 'list configmaps', 'watch deployments', 'pods/log', 'public non-resource URL'];
      for (const [args, what] of cases) assert.equal((await k.run(['auth', 'can-i', ...args])).stdout.trim(), yes.includes(what) ? 'yes' : 'no', what);
      const get = await k.run(['get', 'configmap', 'cm', '-o', 'name']);
      assert.equal(get.stdout.trim(), 'configmap/cm', get.stderr);
      const made = await k.run(['create', 'configmap', 'nope']);
      assert.equal(made.code, 1);
      assert.match(made.stderr, /configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "sec"/);
    } finally {
      k.cleanup();
    }
  });

  it('takes groups from the token file, and refuses impersonation to those not allowed it', async () => {
    await bindView('other', { kind: 'Group', name: 'testers' });
    await untilAllowed(bearer('bob-token'), '/api/v1/namespaces/other/pods');
    const r = await api(c.url, 'GET', '/api/v1/namespaces', undefined, { ...bearer('bob-token'), 'Impersonate-User': 'kubernetes-admin', 'Impersonate-Group': 'system:masters' }, anon);
    assert.equal(r.status, 403);
    assert.equal(r.body.message, 'users "kubernetes-admin" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope');
  });

  it('RBAC refuses privilege escalation: only rules the writer holds can be granted or bound', async () => {
    await ok('POST', '/api/v1/namespaces', { metadata: { name: 'esc' } });
    await ok('POST', `${RBAC}/namespaces/esc/rolebindings`, { metadata: { name: 'alice-admin' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' }, subjects: [{ kind: 'User', name: 'alice' }] });
    await untilAllowed(bearer('alice-token'), '/apis/rbac.authorization.k8s.io/v1/namespaces/esc/rolebindings');
    const as = (method: string, path: string, body: unknown) => api(c.url, method, path, body, bearer('alice-token'), anon);
    const binding = (name: string, role: string) => ({ metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: [{ kind: 'User', name: 'dave' }] });
    // admin holds every rule of edit in its namespace, so binding edit there is no escalation.
    assert.equal((await as('POST', `${RBAC}/namespaces/esc/rolebindings`, binding('dave-edit', 'edit'))).status, 201);
    const up = await as('POST', `${RBAC}/namespaces/esc/rolebindings`, binding('dave-root', 'cluster-admin'));
    assert.equal(up.status, 403);
    assert.match(up.body.message, /^rolebindings\.rbac\.authorization\.k8s\.io "dave-root" is forbidden: user "alice" \(groups=\["system:authenticated"\]\) is attempting to grant RBAC permissions not currently held:\n\{APIGroups:\["\*"\], Resources:\["\*"\], Verbs:\["\*"\]\}/);
    const role = { metadata: { name: 'grab' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }, { apiGroups: [''], resources: ['nodes'], verbs: ['get'] }] };
    const grab = await as('POST', `${RBAC}/namespaces/esc/roles`, role);
    assert.equal(grab.status, 403);
    assert.equal(grab.body.message, 'roles.rbac.authorization.k8s.io "grab" is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["nodes"], Verbs:["get"]}');
    assert.equal((await api(c.url, 'GET', `${RBAC}/namespaces/esc/roles/grab`)).status, 404, 'nothing written');
    assert.equal((await as('POST', `${RBAC}/namespaces/esc/roles`, { ...role, rules: [role.rules[0]] })).status, 201, 'rules she holds');
    // The admin (system:masters) may grant anything.
    assert.equal((await api(c.url, 'POST', `${RBAC}/namespaces/esc/roles`, { ...role, metadata: { name: 'grab-all' } })).status, 201);
  });

  it('a bound service account token works, and stops working when its pod is deleted', async () => {
    await ok('POST', '/api/v1/namespaces/sec/serviceaccounts', { metadata: { name: 'robot' } });
    await bindView('sec', { kind: 'ServiceAccount', name: 'robot', namespace: 'sec' });
    const pod = await ok('POST', '/api/v1/namespaces/sec/pods', { metadata: { name: 'runner' }, spec: { serviceAccountName: 'robot', containers: [{ name: 'c', image: 'busybox' }] } });
    const tr = await ok('POST', '/api/v1/namespaces/sec/serviceaccounts/robot/token', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 3600, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'runner', uid: pod.metadata.uid } },
    });
    const token = tr.status.token as string;
    await untilAllowed(bearer(token), '/api/v1/namespaces/sec/pods');
    const forbidden = await api(c.url, 'POST', '/api/v1/namespaces/sec/configmaps', { metadata: { name: 'x' } }, bearer(token), anon);
    assert.equal(forbidden.body.message, 'configmaps is forbidden: User "system:serviceaccount:sec:robot" cannot create resource "configmaps" in API group "" in the namespace "sec"');
    await ok('DELETE', '/api/v1/namespaces/sec/pods/runner?gracePeriodSeconds=0');
    await poll('the pod is gone', async () => (await api(c.url, 'GET', '/api/v1/namespaces/sec/pods/runner')).status === 404);
    const after = await api(c.url, 'GET', '/api/v1/namespaces/sec/pods', undefined, bearer(token), anon);
    assert.equal(after.status, 401);
  });

  it('bootstrap tokens authenticate while their secret is valid', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const secret = (name: string, id: string, extra: Record<string, string> = {}) =>
      ok('POST', '/api/v1/namespaces/kube-system/secrets', {
        metadata: { name },
        type: 'bootstrap.kubernetes.io/token',
        data: { 'token-id': b64(id), 'token-secret': b64('0123456789abcdef'), 'usage-bootstrap-authentication': b64('true'), ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, b64(v)])) },
      });
    await secret('bootstrap-token-abcdef', 'abcdef', { 'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token' });
    await secret('bootstrap-token-old123', 'old123', { expiration: '2020-01-01T00:00:00Z' });
    // system:node-bootstrapper isn't bound by default; what bootstrappers may do is up to bindings.
    const r = await api(c.url, 'GET', '/api/v1/nodes', undefined, bearer('abcdef.0123456789abcdef'), anon);
    assert.equal(r.status, 403);
    assert.match(r.body.message, /^nodes is forbidden: User "system:bootstrap:abcdef" cannot list resource "nodes"/);
    assert.equal((await api(c.url, 'GET', '/api', undefined, bearer('abcdef.0123456789abcdef'), anon)).status, 200, 'discovery is open to the authenticated');
    assert.equal((await api(c.url, 'GET', '/api', undefined, bearer('abcdef.ffffffffffffffff'), anon)).status, 401, 'wrong secret');
    assert.equal((await api(c.url, 'GET', '/api', undefined, bearer('old123.0123456789abcdef'), anon)).status, 401, 'expired');
    assert.equal((await api(c.url, 'GET', '/api', undefined, bearer('zzzzzz.0123456789abcdef'), anon)).status, 401, 'no such secret');
  });

  it('the admin kubeconfig carries the CA and a client certificate in system:masters', () => {
    const kc = readFileSync(c.kubeconfig, 'utf8');
    assert.match(kc, /server: "https:\/\/127\.0\.0\.1:\d+"/);
    assert.match(kc, /certificate-authority-data: /);
    assert.match(kc, /client-certificate-data: /);
    assert.doesNotMatch(kc, /insecure-skip-tls-verify/);
  });
});
