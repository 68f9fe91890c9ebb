// RBAC against an in-process API server over HTTP: the authorizer, the bootstrap policy, the access
// reviews, the ClusterRole aggregation controller (run here against the server) and the real
// kubectl 1.25's `auth can-i`. Requests are the admin's unless they carry `Bearer <user>` (a test
// authenticator: the user, in system:authenticated) or Impersonate-* headers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Groups } from '../src/api/user.js';
import { createRBACAuthorizer, type RBACAuthorizer } from '../src/apiserver/authz/rbac.js';
import type { Attributes } from '../src/api/authorization.js';
import { ADMIN_USER, ApiServer } from '../src/apiserver/server.js';
import { RestClient } from '../src/client/rest.js';
import { writeKubeconfig } from '../src/client/kubeconfig.js';
import { ClusterRoleAggregationController } from '../src/controllers/clusterroleaggregation/controller.js';
import { createLogger } from '../src/machinery/log.js';
import type { Backend } from '../src/storage/backend.js';
import { openSqliteBackend } from '../src/storage/sqlite/backend.js';
import { api } from './helpers/cluster.js';
import { client, kubectl125 } from './helpers/tools.js';
import { poll } from './helpers/wait.js';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const AUTHZ = '/apis/authorization.k8s.io/v1';
const as = (user: string, ...groups: string[]) => ({ 'Impersonate-User': user, ...(groups.length ? { 'Impersonate-Group': groups.join(',') } : {}) });

describe('RBAC', () => {
  let dir: string;
  let backend: Backend;
  let authorizer: RBACAuthorizer;
  let server: ApiServer;
  let base: string;
  let rest: RestClient;
  let aggregation: ClusterRoleAggregationController;
  const serverLog: string[] = [];

  const ok = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await api(base, method, path, body, headers);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
    return r.body;
  };
  const forbidden = async (method: string, path: string, headers: Record<string, string>, message: string, body?: unknown) => {
    const r = await api(base, method, path, body, headers);
    assert.equal(r.status, 403, `${method} ${path}: ${r.text}`);
    assert.equal(r.body.reason, 'Forbidden');
    assert.equal(r.body.message, message);
    return r.body;
  };
  const bind = (ns: string, name: string, roleKind: 'Role' | 'ClusterRole', role: string, subjects: object[]) =>
    ok('POST', `${RBAC}/namespaces/${ns}/rolebindings`, { metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role }, subjects });
  const user = (name: string) => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name });
  const sar = (spec: object) => ok('POST', `${AUTHZ}/subjectaccessreviews`, { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec });
  const decide = async (a: Partial<Attributes> & { user: Attributes['user']; verb: string }) =>
    (await authorizer.authorize({ resourceRequest: true, path: '', apiGroup: '', apiVersion: 'v1', resource: '', subresource: '', namespace: '', name: '', ...a })).decision;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubette-rbac-'));
    const log = createLogger((l) => serverLog.push(l), 'INFO');
    backend = await openSqliteBackend(join(dir, 'state.db'), { durability: 'process', compactIntervalMs: 0 });
    authorizer = createRBACAuthorizer({ backend, log });
    await authorizer.start();
    server = new ApiServer({
      backend,
      log,
      authorizer,
      // A stand-in for the token authenticators: "Bearer alice" is alice; no credential is the admin.
      authenticate: async (req) => {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        return { user: token ? { username: token, groups: [Groups.authenticated] } : ADMIN_USER };
      },
    });
    const addr = await server.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${addr.port}`;
    rest = new RestClient(base);
    aggregation = new ClusterRoleAggregationController({ rest, log });
    await aggregation.start();
    for (const ns of ['ns1', 'ns2']) await ok('POST', '/api/v1/namespaces', { metadata: { name: ns } });
    // alice may view ns1 only.
    await bind('ns1', 'alice-view', 'ClusterRole', 'view', [user('alice')]);
    // view is filled in by the aggregation controller.
    await poll('view aggregated', async () => ((await ok('GET', `${RBAC}/clusterroles/view`)).rules?.length ?? 0) > 5);
    await poll('alice can list pods in ns1', async () => (await api(base, 'GET', '/api/v1/namespaces/ns1/pods', undefined, as('alice'))).status === 200);
  });

  after(async () => {
    await aggregation?.stop();
    rest?.close();
    await server?.close();
    authorizer?.stop();
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the bootstrap policy, labelled and annotated, and reconciles it on the next start', async () => {
    const admin = await ok('GET', `${RBAC}/clusterroles/cluster-admin`);
    assert.deepEqual(admin.metadata.labels, { 'kubernetes.io/bootstrapping': 'rbac-defaults' });
    assert.deepEqual(admin.metadata.annotations, { 'rbac.authorization.kubernetes.io/autoupdate': 'true' });
    assert.deepEqual(admin.rules, [
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['*'], nonResourceURLs: ['*'] },
    ]);
    const masters = await ok('GET', `${RBAC}/clusterrolebindings/cluster-admin`);
    assert.deepEqual(masters.subjects, [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:masters' }]);
    const publicInfo = await ok('GET', `${RBAC}/clusterrolebindings/system:public-info-viewer`);
    assert.deepEqual(publicInfo.subjects.map((s: { name: string }) => s.name), ['system:authenticated', 'system:unauthenticated']);
    assert.equal((await ok('GET', `${RBAC}/clusterrolebindings/system:node`)).subjects, undefined);
    const gc = await ok('GET', `${RBAC}/clusterrolebindings/system:controller:generic-garbage-collector`);
    assert.deepEqual(gc.subjects, [{ kind: 'ServiceAccount', apiGroup: '', name: 'generic-garbage-collector', namespace: 'kube-system' }]);
    await ok('GET', `${RBAC}/namespaces/kube-system/rolebindings/system::extension-apiserver-authentication-reader`);
    await ok('GET', `${RBAC}/namespaces/kube-public/roles/system:controller:bootstrap-signer`);

    // A user's edit of an auto-updated role keeps its additions and gets back what it lost.
    const basic = await ok('GET', `${RBAC}/clusterroles/system:basic-user`);
    basic.rules = [{ apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews'], verbs: ['create'] }, { apiGroups: ['example.org'], resources: ['gadgets'], verbs: ['get'] }];
    await ok('PUT', `${RBAC}/clusterroles/system:basic-user`, basic);
    const { reconcileBootstrapPolicy } = await import('../src/apiserver/authz/bootstrappolicy.js');
    await reconcileBootstrapPolicy(server.registry, createLogger(() => {}, 'INFO'));
    const again = await ok('GET', `${RBAC}/clusterroles/system:basic-user`);
    assert.deepEqual(again.rules, [...basic.rules, { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectrulesreviews'], verbs: ['create'] }]);
    // Lost subjects come back; an object marked autoupdate "false" is left alone.
    const crb = await ok('GET', `${RBAC}/clusterrolebindings/system:public-info-viewer`);
    crb.subjects = crb.subjects.slice(0, 1);
    await ok('PUT', `${RBAC}/clusterrolebindings/system:public-info-viewer`, crb);
    const monitoring = await ok('GET', `${RBAC}/clusterroles/system:monitoring`);
    monitoring.metadata.annotations['rbac.authorization.kubernetes.io/autoupdate'] = 'false';
    monitoring.rules = [];
    await ok('PUT', `${RBAC}/clusterroles/system:monitoring`, monitoring);
    await reconcileBootstrapPolicy(server.registry, createLogger(() => {}, 'INFO'));
    assert.deepEqual((await ok('GET', `${RBAC}/clusterrolebindings/system:public-info-viewer`)).subjects.map((x: { name: string }) => x.name), ['system:authenticated', 'system:unauthenticated']);
    assert.deepEqual((await ok('GET', `${RBAC}/clusterroles/system:monitoring`)).rules, []);
  });

  it('the controller manager, each controller\'s service account and the scheduler may do what they do, and no more', async () => {
    type U = { username: string; groups: string[] };
    const cm: U = { username: 'system:kube-controller-manager', groups: [Groups.authenticated] };
    const sa = (name: string): U => ({ username: `system:serviceaccount:kube-system:${name}`, groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', Groups.authenticated] });
    const sched: U = { username: 'system:kube-scheduler', groups: [Groups.authenticated] };
    const allowed: [U, Partial<Attributes> & { verb: string }][] = [
      // The manager: shared informers, its lease, and the controllers' accounts and tokens.
      [cm, { verb: 'watch', apiGroup: 'apps', resource: 'deployments' }],
      [cm, { verb: 'update', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-system', name: 'kube-controller-manager' }],
      [cm, { verb: 'create', resource: 'serviceaccounts', namespace: 'kube-system' }],
      [cm, { verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'kube-system', name: 'job-controller' }],
      [cm, { verb: 'get', resourceRequest: false, path: '/apis/apps/v1' }],
      [sa('deployment-controller'), { verb: 'create', apiGroup: 'apps', resource: 'replicasets', namespace: 'ns1' }],
      [sa('replicaset-controller'), { verb: 'create', resource: 'pods', namespace: 'ns1' }],
      [sa('statefulset-controller'), { verb: 'create', apiGroup: 'apps', resource: 'controllerrevisions', namespace: 'ns1' }],
      [sa('statefulset-controller'), { verb: 'create', resource: 'persistentvolumeclaims', namespace: 'ns1' }],
      [sa('cronjob-controller'), { verb: 'create', apiGroup: 'batch', resource: 'jobs', namespace: 'ns1' }],
      [sa('job-controller'), { verb: 'update', apiGroup: 'batch', resource: 'jobs', subresource: 'status', namespace: 'ns1', name: 'j' }],
      [sa('node-controller'), { verb: 'patch', resource: 'pods', subresource: 'status', namespace: 'ns1', name: 'p' }],
      [sa('namespace-controller'), { verb: 'deletecollection', resource: 'configmaps', namespace: 'ns1' }],
      [sa('namespace-controller'), { verb: 'update', resource: 'namespaces', subresource: 'finalize', name: 'ns1' }],
      [sa('service-account-controller'), { verb: 'create', resource: 'serviceaccounts', namespace: 'ns1' }],
      [sa('endpoint-controller'), { verb: 'create', resource: 'endpoints', namespace: 'ns1' }],
      [sa('replicaset-controller'), { verb: 'create', resource: 'events', namespace: 'ns1' }],
      [sa('clusterrole-aggregation-controller'), { verb: 'escalate', apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'view' }],
      [sched, { verb: 'create', resource: 'pods', subresource: 'binding', namespace: 'ns1', name: 'p' }],
      [sched, { verb: 'patch', resource: 'pods', subresource: 'status', namespace: 'ns1', name: 'p' }],
      [sched, { verb: 'watch', resource: 'nodes' }],
      [sched, { verb: 'list', resource: 'namespaces' }],
      [sched, { verb: 'create', apiGroup: 'events.k8s.io', resource: 'events', namespace: 'ns1' }],
    ];
    for (const [u, a] of allowed) assert.equal(await decide({ user: u, ...a }), 'Allow', `${u.username} ${JSON.stringify(a)}`);
    // None may do anything at all: the manager itself writes no workloads (its controllers do, each
    // within its role), a controller stays out of what is not its business, the scheduler reads no secrets.
    const denied: [U, Partial<Attributes> & { verb: string }][] = [
      [sched, { verb: 'get', resource: 'secrets', namespace: 'ns1', name: 's' }],
      [cm, { verb: 'create', resource: 'pods', namespace: 'ns1' }],
      [cm, { verb: 'delete', apiGroup: 'apps', resource: 'replicasets', namespace: 'ns1', name: 'r' }],
      [cm, { verb: 'create', apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles' }],
      [sa('deployment-controller'), { verb: 'get', resource: 'secrets', namespace: 'ns1', name: 's' }],
      [sa('deployment-controller'), { verb: 'create', resource: 'pods', namespace: 'ns1' }],
      [sa('replicaset-controller'), { verb: 'delete', apiGroup: 'apps', resource: 'deployments', namespace: 'ns1', name: 'd' }],
      [sa('namespace-controller'), { verb: 'update', resource: 'namespaces', name: 'ns1' }],
    ];
    for (const [u, a] of denied) assert.equal(await decide({ user: u, ...a }), 'NoOpinion', `${u.username} ${JSON.stringify(a)}`);
  });

  it('a user bound to view in one namespace reads there, and nothing else', async () => {
    await ok('GET', '/api/v1/namespaces/ns1/pods', undefined, as('alice'));
    await ok('GET', '/api/v1/namespaces/ns1/configmaps', undefined, as('alice'));
    await forbidden('POST', '/api/v1/namespaces/ns1/pods', as('alice'), 'pods is forbidden: User "alice" cannot create resource "pods" in API group "" in the namespace "ns1"', {
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    await forbidden('GET', '/api/v1/namespaces/ns2/pods', as('alice'), 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "ns2"');
    // view does not read secrets, nor anything cluster-wide.
    await forbidden('GET', '/api/v1/namespaces/ns1/secrets/s', as('alice'), 'secrets "s" is forbidden: User "alice" cannot get resource "secrets" in API group "" in the namespace "ns1"');
    await forbidden('GET', '/api/v1/pods', as('alice'), 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" at the cluster scope');
    const denied = await forbidden('DELETE', '/api/v1/namespaces/ns1/configmaps/x', as('alice'), 'configmaps "x" is forbidden: User "alice" cannot delete resource "configmaps" in API group "" in the namespace "ns1"');
    assert.deepEqual(denied.details, { name: 'x', kind: 'configmaps' });
    // pods/log is in view: the request reaches the pod lookup (404); pods/exec is not.
    assert.equal((await api(base, 'GET', '/api/v1/namespaces/ns1/pods/nope/log', undefined, as('alice'))).status, 404);
    await forbidden('POST', '/api/v1/namespaces/ns1/pods/nope/exec', as('alice'), 'pods "nope" is forbidden: User "alice" cannot create resource "pods/exec" in API group "" in the namespace "ns1"');
  });

  it('system:masters is cluster-admin; discovery and health are open as upstream', async () => {
    await ok('POST', '/api/v1/namespaces', { metadata: { name: 'by-bob' } }, as('bob', Groups.masters));
    // Authenticated users discover; anonymous ones only see health and version.
    await ok('GET', '/apis', undefined, as('alice'));
    await ok('GET', '/api/v1', undefined, as('alice'));
    await forbidden('GET', '/metrics', as('alice'), 'forbidden: User "alice" cannot get path "/metrics"');
    await ok('GET', '/version', undefined, as('system:anonymous'));
    assert.equal((await api(base, 'GET', '/healthz', undefined, as('system:anonymous'))).status, 200);
    await forbidden('GET', '/apis', as('system:anonymous'), 'forbidden: User "system:anonymous" cannot get path "/apis"');
  });

  it('a binding created at runtime takes effect, and deleting it takes it away', async () => {
    const path = '/api/v1/namespaces/ns2/configmaps';
    await forbidden('GET', path, as('bob'), 'configmaps is forbidden: User "bob" cannot list resource "configmaps" in API group "" in the namespace "ns2"');
    await bind('ns2', 'bob-edit', 'ClusterRole', 'edit', [{ kind: 'Group', name: 'team' }]);
    await forbidden('GET', path, as('bob'), 'configmaps is forbidden: User "bob" cannot list resource "configmaps" in API group "" in the namespace "ns2"');
    await poll('bob in group team can list', async () => (await api(base, 'GET', path, undefined, as('bob', 'team'))).status === 200);
    await ok('POST', path, { metadata: { name: 'from-bob' } }, as('bob', 'team'));
    await ok('DELETE', `${RBAC}/namespaces/ns2/rolebindings/bob-edit`);
    await poll('access gone', async () => (await api(base, 'GET', path, undefined, as('bob', 'team'))).status === 403);
  });

  it('resourceNames and subresources narrow a rule', async () => {
    await ok('POST', `${RBAC}/namespaces/ns1/roles`, {
      metadata: { name: 'narrow' },
      rules: [
        { apiGroups: [''], resources: ['configmaps'], resourceNames: ['allowed'], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
        { apiGroups: ['*'], resources: ['*/scale'], verbs: ['get'] },
      ],
    });
    await bind('ns1', 'carol-narrow', 'Role', 'narrow', [user('carol')]);
    await ok('POST', '/api/v1/namespaces/ns1/configmaps', { metadata: { name: 'allowed' } });
    await poll('carol reads the named configmap', async () => (await api(base, 'GET', '/api/v1/namespaces/ns1/configmaps/allowed', undefined, as('carol'))).status === 200);
    await forbidden('GET', '/api/v1/namespaces/ns1/configmaps/other', as('carol'), 'configmaps "other" is forbidden: User "carol" cannot get resource "configmaps" in API group "" in the namespace "ns1"');
    await forbidden('GET', '/api/v1/namespaces/ns1/configmaps', as('carol'), 'configmaps is forbidden: User "carol" cannot list resource "configmaps" in API group "" in the namespace "ns1"');
    assert.equal((await api(base, 'GET', '/api/v1/namespaces/ns1/pods/p/log', undefined, as('carol'))).status, 404);
    await forbidden('GET', '/api/v1/namespaces/ns1/pods/p', as('carol'), 'pods "p" is forbidden: User "carol" cannot get resource "pods" in API group "" in the namespace "ns1"');
    const carol = { username: 'carol', groups: [Groups.authenticated] };
    assert.equal(await decide({ user: carol, verb: 'get', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'ns1', name: 'd' }), 'Allow');
    assert.equal(await decide({ user: carol, verb: 'get', apiGroup: 'apps', resource: 'deployments', namespace: 'ns1', name: 'd' }), 'NoOpinion');
    assert.equal(await decide({ user: carol, verb: 'get', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'ns2', name: 'd' }), 'NoOpinion');
  });

  it('service accounts match by namespace, defaulting to the binding’s', async () => {
    await bind('ns1', 'sa-view', 'ClusterRole', 'view', [{ kind: 'ServiceAccount', name: 'robot' }]);
    await poll('robot in ns1 can list', async () => (await decide({ user: { username: 'system:serviceaccount:ns1:robot', groups: [] }, verb: 'list', resource: 'pods', namespace: 'ns1' })) === 'Allow');
    assert.equal(await decide({ user: { username: 'system:serviceaccount:ns2:robot', groups: [] }, verb: 'list', resource: 'pods', namespace: 'ns1' }), 'NoOpinion');
  });

  it('a binding to a missing role says so, in the 403 and in SubjectAccessReview', async () => {
    await bind('ns1', 'dangling', 'ClusterRole', 'no-such-role', [user('erin')]);
    const message = 'configmaps is forbidden: User "erin" cannot list resource "configmaps" in API group "" in the namespace "ns1": RBAC: clusterrole.rbac.authorization.k8s.io "no-such-role" not found';
    await poll('the dangling binding is seen', async () => (await api(base, 'GET', '/api/v1/namespaces/ns1/configmaps', undefined, as('erin'))).body?.message === message);
    const r = await sar({ user: 'erin', resourceAttributes: { namespace: 'ns1', verb: 'list', resource: 'configmaps' } });
    assert.deepEqual(r.status, { allowed: false, reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "no-such-role" not found' });
  });

  it('answers SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectAccessReview and SelfSubjectRulesReview from RBAC', async () => {
    let r = await sar({ user: 'alice', uid: 'u-1', extra: { scopes: ['a'] }, resourceAttributes: { namespace: 'ns1', verb: 'list', resource: 'pods' } });
    assert.deepEqual(r.status, { allowed: true, reason: 'RBAC: allowed by RoleBinding "alice-view/ns1" of ClusterRole "view" to User "alice"' });
    assert.deepEqual(r.spec.extra, { scopes: ['a'] });
    r = await sar({ user: 'alice', resourceAttributes: { namespace: 'ns2', verb: 'list', resource: 'pods' } });
    assert.deepEqual(r.status, { allowed: false });
    r = await sar({ groups: [Groups.masters], nonResourceAttributes: { path: '/metrics', verb: 'get' } });
    assert.deepEqual(r.status, { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"' });
    const bad = await api(base, 'POST', `${AUTHZ}/subjectaccessreviews`, { spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } });
    assert.equal(bad.status, 422);
    assert.match(bad.body.message, /at least one of user or group must be specified/);

    const local = await ok('POST', `${AUTHZ}/namespaces/ns1/localsubjectaccessreviews`, { spec: { user: 'alice', resourceAttributes: { namespace: 'ns1', verb: 'watch', resource: 'pods' } } });
    assert.equal(local.status.allowed, true);

    const self = await ok('POST', `${AUTHZ}/selfsubjectaccessreviews`, { spec: { resourceAttributes: { namespace: 'ns1', verb: 'get', resource: 'pods' } } }, as('alice'));
    assert.equal(self.status.allowed, true);
    const selfNo = await ok('POST', `${AUTHZ}/selfsubjectaccessreviews`, { spec: { resourceAttributes: { namespace: 'ns1', verb: 'delete', resource: 'pods' } } }, as('alice'));
    assert.deepEqual(selfNo.status, { allowed: false });

    const rules = await ok('POST', `${AUTHZ}/selfsubjectrulesreviews`, { spec: { namespace: 'ns1' } }, as('alice'));
    assert.equal(rules.kind, 'SelfSubjectRulesReview');
    assert.equal(rules.status.incomplete, false);
    assert.ok(rules.status.resourceRules.some((x: { resources: string[]; verbs: string[] }) => x.resources.includes('pods') && x.verbs.includes('list')));
    assert.ok(rules.status.resourceRules.some((x: { resources: string[] }) => x.resources.includes('selfsubjectaccessreviews')));
    assert.ok(rules.status.nonResourceRules.some((x: { nonResourceURLs: string[] }) => x.nonResourceURLs.includes('/apis/*')));
    const elsewhere = await ok('POST', `${AUTHZ}/selfsubjectrulesreviews`, { spec: { namespace: 'ns2' } }, as('alice'));
    assert.ok(!elsewhere.status.resourceRules.some((x: { resources: string[] }) => x.resources.includes('pods')));
  });

  it('aggregates labelled ClusterRoles into view, edit and admin', async () => {
    await ok('POST', `${RBAC}/clusterroles`, {
      metadata: { name: 'widgets-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
      rules: [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get', 'list'] }],
    });
    const widgets = { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get', 'list'] };
    for (const role of ['view', 'edit', 'admin'])
      await poll(`${role} has the widget rule`, async () => (await ok('GET', `${RBAC}/clusterroles/${role}`)).rules.some((x: object) => JSON.stringify(x) === JSON.stringify(widgets)));
    // view's own rules come first (roles by name: system:aggregate-to-view < widgets-view).
    const view = await ok('GET', `${RBAC}/clusterroles/view`);
    assert.deepEqual(view.rules.at(-1), widgets);
    assert.equal(view.rules[0].resources[0], 'configmaps');
    await poll('alice may list widgets', async () => (await sar({ user: 'alice', resourceAttributes: { namespace: 'ns1', verb: 'list', group: 'example.com', resource: 'widgets' } })).status.allowed);
    // Unlabelled, it leaves the aggregates again.
    const cr = await ok('GET', `${RBAC}/clusterroles/widgets-view`);
    cr.metadata.labels = {};
    await ok('PUT', `${RBAC}/clusterroles/widgets-view`, cr);
    await poll('widget rule gone from view', async () => !(await ok('GET', `${RBAC}/clusterroles/view`)).rules.some((x: { apiGroups?: string[] }) => x.apiGroups?.includes('example.com')));
  });

  it('impersonation itself needs the impersonate verb', async () => {
    await forbidden('GET', '/api/v1/namespaces/ns1/pods', { Authorization: 'Bearer alice', 'Impersonate-User': 'bob' }, 'users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope');
    await ok('POST', `${RBAC}/clusterroles`, { metadata: { name: 'impersonate-bob' }, rules: [{ apiGroups: [''], resources: ['users'], resourceNames: ['bob'], verbs: ['impersonate'] }] });
    await ok('POST', `${RBAC}/clusterrolebindings`, { metadata: { name: 'alice-impersonates-bob' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'impersonate-bob' }, subjects: [user('alice')] });
    // Now alice may be bob — who may do nothing in ns1.
    await poll('alice impersonates bob', async () => (await api(base, 'GET', '/api/v1/namespaces/ns1/pods', undefined, { Authorization: 'Bearer alice', 'Impersonate-User': 'bob' })).body?.message === 'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "ns1"');
    await forbidden('GET', '/api/v1/namespaces/ns1/pods', { Authorization: 'Bearer alice', 'Impersonate-User': 'carl' }, 'users "carl" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope');
  });

  it('kubectl 1.25 auth can-i agrees with RBAC', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    writeKubeconfig(kubeconfig, { server: base });
    const k = client(kubectl125(), kubeconfig);
    try {
      const alice = { username: 'alice', groups: [Groups.authenticated] };
      const cases: { args: string[]; attrs: Partial<Attributes> & { verb: string }; yes: boolean }[] = [
        { args: ['list', 'pods', '-n', 'ns1'], attrs: { verb: 'list', resource: 'pods', namespace: 'ns1' }, yes: true },
        { args: ['create', 'pods', '-n', 'ns1'], attrs: { verb: 'create', resource: 'pods', namespace: 'ns1' }, yes: false },
        { args: ['list', 'pods', '-n', 'ns2'], attrs: { verb: 'list', resource: 'pods', namespace: 'ns2' }, yes: false },
        { args: ['get', 'pods', '--subresource=log', '-n', 'ns1'], attrs: { verb: 'get', resource: 'pods', subresource: 'log', namespace: 'ns1' }, yes: true },
        { args: ['get', 'secrets', '-n', 'ns1'], attrs: { verb: 'get', resource: 'secrets', namespace: 'ns1' }, yes: false },
        { args: ['watch', 'deployments.apps', '-n', 'ns1'], attrs: { verb: 'watch', apiGroup: 'apps', resource: 'deployments', namespace: 'ns1' }, yes: true },
        { args: ['get', '/apis'], attrs: { verb: 'get', resourceRequest: false, path: '/apis' }, yes: true },
        { args: ['get', '/metrics'], attrs: { verb: 'get', resourceRequest: false, path: '/metrics' }, yes: false },
      ];
      for (const c of cases) {
        const r = await k.run(['auth', 'can-i', ...c.args, '--as', 'alice']);
        assert.equal(await decide({ user: alice, ...c.attrs }), c.yes ? 'Allow' : 'NoOpinion', `RBAC on ${c.args.join(' ')}`);
        assert.equal(r.stdout.trim(), c.yes ? 'yes' : 'no', `kubectl auth can-i ${c.args.join(' ')}: ${r.stderr}`);
        assert.equal(r.code, c.yes ? 0 : 1);
      }
      const admin = await k.run(['auth', 'can-i', '*', '*']);
      assert.equal(admin.stdout.trim(), 'yes');

      const list = await k.run(['auth', 'can-i', '--list', '-n', 'ns1', '--as', 'alice']);
      assert.equal(list.code, 0, list.stderr);
      const rows = list.stdout.trimEnd().split('\n').map((l) => l.trim().split(/\s{2,}/));
      assert.deepEqual(rows[0], ['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']);
      const row = (name: string) => rows.find((x) => x[0] === name);
      assert.deepEqual(row('pods'), ['pods', '[]', '[]', '[get list watch]']);
      assert.deepEqual(row('deployments.apps'), ['deployments.apps', '[]', '[]', '[get list watch]']);
      assert.deepEqual(row('selfsubjectaccessreviews.authorization.k8s.io'), ['selfsubjectaccessreviews.authorization.k8s.io', '[]', '[]', '[create]']);
      // system:discovery and system:public-info-viewer both grant the health and version paths, so
      // kubectl lists those twice, as it does against any v1.25 cluster.
      const urls = rows.filter((x) => x[0]!.startsWith('[/')).map((x) => x[0]);
      assert.deepEqual(urls, ['[/api/*]', '[/api]', '[/apis/*]', '[/apis]', '[/healthz]', '[/healthz]', '[/livez]', '[/livez]', '[/openapi/*]', '[/openapi]', '[/readyz]', '[/readyz]', '[/version/]', '[/version/]', '[/version]', '[/version]']);
      assert.ok(rows.filter((x) => x[0]!.startsWith('[/')).every((x) => x[1] === '[]' && x[2] === '[get]'));
      assert.equal(row('secrets'), undefined);
    } finally {
      k.cleanup();
    }
  });
});
