// The Node authorizer and NodeRestriction against an in-process API server, acting as nodes through
// impersonation (`system:node:<name>` in `system:nodes`): secrets and volumes reachable from the
// node's pods only (and no longer once the pod goes), tokens for its pods' service accounts, its own
// Lease and Node, mirror pods only, pod deletes and status for its own pods, the label and taint
// rules; and the simulated kubelet doing all it does as one node without a single refusal.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Groups } from '../src/api/user.js';
import { createNodeAuthorizer, type NodeAuthorizer } from '../src/apiserver/authz/node.js';
import { NodeGraph } from '../src/apiserver/authz/nodegraph.js';
import type { Attributes, Authorizer, RuleResolver } from '../src/api/authorization.js';
import { unionAuthorizer } from '../src/apiserver/authz/union.js';
import { ApiServer } from '../src/apiserver/server.js';
import { FakeClock } from '../src/client/clock.js';
import { RestClient } from '../src/client/rest.js';
import { startSimulatedNodes } from '../src/kubelet/simnodes.js';
import { createLogger } from '../src/machinery/log.js';
import type { Backend } from '../src/storage/backend.js';
import { openSqliteBackend } from '../src/storage/sqlite/backend.js';
import { api } from './helpers/cluster.js';
import { poll } from './helpers/wait.js';

let dir: string;
let backend: Backend;
let server: ApiServer;
let nodeAuthz: NodeAuthorizer;
let base: string;

/**
 * Stands in for RBAC behind the Node authorizer: the admin (system:masters) may do anything, and
 * anyone may GET non-resource paths such as /version (system:public-info-viewer's grant).
 */
const adminAndDiscovery: Authorizer = {
  authorize: (a: Attributes) =>
    a.user.groups.includes(Groups.masters) || (!a.resourceRequest && a.verb === 'get') ? { decision: 'Allow', reason: '' } : { decision: 'NoOpinion', reason: '' },
};

const asNode = (name: string) => ({ 'Impersonate-User': `system:node:${name}`, 'Impersonate-Group': Groups.nodes });
const req = (method: string, path: string, body?: unknown, node?: string) => api(base, method, path, body, node ? asNode(node) : {});

async function created(path: string, body: unknown): Promise<any> {
  const r = await req('POST', path, body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

/** Admin-created pod already bound to `node`. */
const boundPod = (name: string, node: string, spec: Record<string, unknown> = {}) =>
  created('/api/v1/namespaces/default/pods', { metadata: { name }, spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox' }], ...spec } });

const waitStatus = (what: string, method: string, path: string, node: string, want: number) =>
  poll(what, async () => (await req(method, path, undefined, node)).status === want, { timeoutMs: 10_000 });

function assertForbidden(r: { status: number; body: any; text: string }, message: string): void {
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.reason, 'Forbidden');
  assert.equal(r.body.message, message);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubette-nodeauthz-'));
  backend = await openSqliteBackend(join(dir, 'state.db'), { durability: 'process', compactIntervalMs: 0 });
  nodeAuthz = createNodeAuthorizer({ backend });
  await nodeAuthz.start();
  // --authorization-mode=Node,<admin stand-in>; NodeRestriction is in the default admission plugins.
  const union = unionAuthorizer([nodeAuthz, adminAndDiscovery]);
  const authorizer: Authorizer & RuleResolver = { authorize: (a) => union.authorize(a), rulesFor: (u, ns) => nodeAuthz.rulesFor(u, ns) };
  server = new ApiServer({ backend, log: createLogger(() => {}, 'ERROR'), authorizer });
  const addr = await server.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${addr.port}`;
  for (const n of ['n1', 'n2']) await created('/api/v1/nodes', { metadata: { name: n, labels: { 'kubernetes.io/hostname': n } } });
});
after(async () => {
  nodeAuthz?.stop();
  await server?.close();
  await backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Node authorizer', () => {
  it('lets a node read a secret only while a pod bound to it uses it', async () => {
    for (const s of ['s1', 's2', 'env-secret']) await created('/api/v1/namespaces/default/secrets', { metadata: { name: s }, data: {} });
    await created('/api/v1/namespaces/default/configmaps', { metadata: { name: 'cm1' }, data: { a: 'b' } });
    await boundPod('p1', 'n1', {
      volumes: [{ name: 'v', secret: { secretName: 's1' } }],
      containers: [{ name: 'c', image: 'busybox', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'env-secret', key: 'k' } } }], envFrom: [{ configMapRef: { name: 'cm1' } }] }],
    });
    await boundPod('p2', 'n2', { volumes: [{ name: 'v', secret: { secretName: 's2' } }] });

    await waitStatus('n1 may get s1', 'GET', '/api/v1/namespaces/default/secrets/s1', 'n1', 200);
    assert.equal((await req('GET', '/api/v1/namespaces/default/secrets/env-secret', undefined, 'n1')).status, 200);
    assert.equal((await req('GET', '/api/v1/namespaces/default/configmaps/cm1', undefined, 'n1')).status, 200);
    await waitStatus('n2 may get s2', 'GET', '/api/v1/namespaces/default/secrets/s2', 'n2', 200);
    assertForbidden(
      await req('GET', '/api/v1/namespaces/default/secrets/s2', undefined, 'n1'),
      `secrets "s2" is forbidden: User "system:node:n1" cannot get resource "secrets" in API group "" in the namespace "default": no relationship found between node 'n1' and this object`,
    );
    assertForbidden(
      await req('GET', '/api/v1/namespaces/default/configmaps/cm1', undefined, 'n2'),
      `configmaps "cm1" is forbidden: User "system:node:n2" cannot get resource "configmaps" in API group "" in the namespace "default": no relationship found between node 'n2' and this object`,
    );
    // Listing every secret names none, so the graph cannot allow it.
    assertForbidden(
      await req('GET', '/api/v1/namespaces/default/secrets', undefined, 'n1'),
      `secrets is forbidden: User "system:node:n1" cannot list resource "secrets" in API group "" in the namespace "default": No Object name found`,
    );
    assertForbidden(
      await req('PUT', '/api/v1/namespaces/default/secrets/s1', { metadata: { name: 's1' } }, 'n1'),
      `secrets "s1" is forbidden: User "system:node:n1" cannot update resource "secrets" in API group "" in the namespace "default": can only read resources of this type`,
    );

    const del = await req('DELETE', '/api/v1/namespaces/default/pods/p1', { gracePeriodSeconds: 0 });
    assert.equal(del.status, 200, del.text);
    await waitStatus('n1 to lose s1 once p1 is gone', 'GET', '/api/v1/namespaces/default/secrets/s1', 'n1', 403);
    assert.equal((await req('GET', '/api/v1/namespaces/default/secrets/env-secret', undefined, 'n1')).status, 403);
  });

  it('follows a pod to its claim, the claim to its volume, and the volume to the secrets the kubelet reads', async () => {
    await created('/api/v1/namespaces/default/secrets', { metadata: { name: 'csi-node' }, data: {} });
    await created('/api/v1/namespaces/default/persistentvolumeclaims', {
      metadata: { name: 'c1' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName: 'pv1' },
    });
    await created('/api/v1/persistentvolumes', {
      metadata: { name: 'pv1' },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        claimRef: { namespace: 'default', name: 'c1' },
        csi: { driver: 'hostpath.csi.k8s.io', volumeHandle: 'h1', nodePublishSecretRef: { name: 'csi-node', namespace: 'default' } },
      },
    });
    await boundPod('db', 'n1', { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'c1' } }] });

    await waitStatus('n1 may get pv1', 'GET', '/api/v1/persistentvolumes/pv1', 'n1', 200);
    assert.equal((await req('GET', '/api/v1/namespaces/default/persistentvolumeclaims/c1', undefined, 'n1')).status, 200);
    assert.equal((await req('GET', '/api/v1/namespaces/default/secrets/csi-node', undefined, 'n1')).status, 200);
    assertForbidden(
      await req('GET', '/api/v1/persistentvolumes/pv1', undefined, 'n2'),
      `persistentvolumes "pv1" is forbidden: User "system:node:n2" cannot get resource "persistentvolumes" in API group "" at the cluster scope: no relationship found between node 'n2' and this object`,
    );
    assert.equal((await req('GET', '/api/v1/namespaces/default/secrets/csi-node', undefined, 'n2')).status, 403);
  });

  it('mints tokens only for the service accounts of pods on the node', async () => {
    await created('/api/v1/namespaces/default/serviceaccounts', { metadata: { name: 'sa1' } });
    const pod = await boundPod('with-sa', 'n1', { serviceAccountName: 'sa1' });
    const token = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: [], boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'with-sa', uid: pod.metadata.uid } } };
    const path = '/api/v1/namespaces/default/serviceaccounts/sa1/token';
    await poll('n1 may mint a token for sa1', async () => (await req('POST', path, token, 'n1')).status === 201);
    assertForbidden(
      await req('POST', path, token, 'n2'),
      `serviceaccounts "sa1" is forbidden: User "system:node:n2" cannot create resource "serviceaccounts/token" in API group "" in the namespace "default": no relationship found between node 'n2' and this object`,
    );
  });

  it('keeps a node to its own Lease in kube-node-lease', async () => {
    const lease = (name: string, rv?: string) => ({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace: 'kube-node-lease', ...(rv ? { resourceVersion: rv } : {}) },
      spec: { holderIdentity: name, leaseDurationSeconds: 40 },
    });
    const leases = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';
    const own = await req('POST', leases, lease('n1'), 'n1');
    assert.equal(own.status, 201, own.text);
    const upd = await req('PUT', `${leases}/n1`, lease('n1', own.body.metadata.resourceVersion), 'n1');
    assert.equal(upd.status, 200, upd.text);
    const other = await created(leases, lease('n2'));
    assertForbidden(
      await req('PUT', `${leases}/n2`, lease('n2', other.metadata.resourceVersion), 'n1'),
      `leases.coordination.k8s.io "n2" is forbidden: User "system:node:n1" cannot update resource "leases" in API group "coordination.k8s.io" in the namespace "kube-node-lease": can only access node lease with the same name as the requesting node`,
    );
    // The authorizer cannot know a created object's name; NodeRestriction checks it.
    assertForbidden(await req('POST', leases, lease('n3'), 'n1'), `leases.coordination.k8s.io "n3" is forbidden: can only access node lease with the same name as the requesting node`);
    assertForbidden(
      await req('GET', '/apis/coordination.k8s.io/v1/namespaces/default/leases/n1', undefined, 'n1'),
      `leases.coordination.k8s.io "n1" is forbidden: User "system:node:n1" cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "default": can only access leases in the "kube-node-lease" system namespace`,
    );
  });

  it('judges only users who are nodes by both name and group', async () => {
    // system:node:n2 without system:nodes is an ordinary user: no graph, no node rules.
    const r = await api(base, 'GET', '/api/v1/namespaces/default/secrets/s2', undefined, { 'Impersonate-User': 'system:node:n2' });
    assertForbidden(r, `secrets "s2" is forbidden: User "system:node:n2" cannot get resource "secrets" in API group "" in the namespace "default"`);
    assert.equal((await req('GET', '/api/v1/namespaces/default/services', undefined, 'n1')).status, 200, 'the static node rules apply to nodes');
    assert.equal((await req('DELETE', '/api/v1/nodes/n1', undefined, 'n1')).status, 403, 'nodes may not delete Nodes');
  });
});

describe('NodeRestriction', () => {
  it('lets a node update its own Node status, not another node’s', async () => {
    const status = { status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ok' }] } };
    const own = await api(base, 'PATCH', '/api/v1/nodes/n1/status', status, { ...asNode('n1'), 'Content-Type': 'application/merge-patch+json' });
    assert.equal(own.status, 200, own.text);
    assert.equal(own.body.status.conditions[0].reason, 'KubeletReady');
    const other = await api(base, 'PATCH', '/api/v1/nodes/n2/status', status, { ...asNode('n1'), 'Content-Type': 'application/merge-patch+json' });
    assertForbidden(other, `nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"`);
  });

  it('refuses steering labels and taint changes on the node’s own Node, at registration and after', async () => {
    const patch = (body: unknown) => api(base, 'PATCH', '/api/v1/nodes/n1', body, { ...asNode('n1'), 'Content-Type': 'application/merge-patch+json' });
    const fine = await patch({ metadata: { labels: { 'node.kubernetes.io/instance-type': 'big', 'topology.kubernetes.io/zone': 'z1', 'example.com/rack': 'r7' } } });
    assert.equal(fine.status, 200, fine.text);
    assert.equal(fine.body.metadata.labels['example.com/rack'], 'r7');
    assertForbidden(
      await patch({ metadata: { labels: { 'node-restriction.kubernetes.io/pool': 'secure', 'node-role.kubernetes.io/control-plane': '' } } }),
      `nodes "n1" is forbidden: is not allowed to modify labels: node-restriction.kubernetes.io/pool, node-role.kubernetes.io/control-plane`,
    );
    // Removing a label the admin set is a modification too.
    const admin = await api(base, 'PATCH', '/api/v1/nodes/n1', { metadata: { labels: { 'node-role.kubernetes.io/worker': '' } } }, { 'Content-Type': 'application/merge-patch+json' });
    assert.equal(admin.status, 200, admin.text);
    assertForbidden(await patch({ metadata: { labels: { 'node-role.kubernetes.io/worker': null } } }), `nodes "n1" is forbidden: is not allowed to modify labels: node-role.kubernetes.io/worker`);
    assertForbidden(await patch({ spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } }), `nodes "n1" is forbidden: node "n1" is not allowed to modify taints`);

    const reg = await req('POST', '/api/v1/nodes', { metadata: { name: 'n3', labels: { 'kubernetes.io/hostname': 'n3', 'example.k8s.io/x': 'y', 'foo.node-restriction.kubernetes.io/z': '1' } } }, 'n3');
    assertForbidden(reg, `nodes "n3" is forbidden: node "n3" is not allowed to set the following labels: example.k8s.io/x, foo.node-restriction.kubernetes.io/z`);
    assertForbidden(await req('POST', '/api/v1/nodes', { metadata: { name: 'n4' } }, 'n3'), `nodes "n4" is forbidden: node "n3" is not allowed to modify node "n4"`);
    const ok = await req('POST', '/api/v1/nodes', { metadata: { name: 'n3', labels: { 'kubernetes.io/hostname': 'n3', 'kubelet.kubernetes.io/x': 'y' } } }, 'n3');
    assert.equal(ok.status, 201, ok.text);
  });

  it('lets a node create only mirror pods bound to and owned by itself, referencing nothing', async () => {
    const pods = '/api/v1/namespaces/default/pods';
    const n1 = (await req('GET', '/api/v1/nodes/n1')).body;
    const mirror = (name: string, extra: { spec?: object; metadata?: object } = {}) => ({
      metadata: {
        name,
        annotations: { 'kubernetes.io/config.mirror': 'hash', 'kubernetes.io/config.source': 'file' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: n1.metadata.uid, controller: true }],
        ...extra.metadata,
      },
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }], ...extra.spec },
    });
    assertForbidden(
      await req('POST', pods, { metadata: { name: 'plain' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }] } }, 'n1'),
      `pods "plain" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods`,
    );
    assertForbidden(await req('POST', pods, mirror('elsewhere', { spec: { nodeName: 'n2' } }), 'n1'), `pods "elsewhere" is forbidden: node "n1" can only create pods with spec.nodeName set to itself`);
    assertForbidden(
      await req('POST', pods, mirror('with-secret', { spec: { volumes: [{ name: 'v', secret: { secretName: 's2' } }] } }), 'n1'),
      `pods "with-secret" is forbidden: node "n1" can not create pods that reference secrets`,
    );
    assertForbidden(
      await req('POST', pods, mirror('with-cm', { spec: { containers: [{ name: 'c', image: 'busybox', envFrom: [{ configMapRef: { name: 'cm1' } }] }] } }), 'n1'),
      `pods "with-cm" is forbidden: node "n1" can not create pods that reference configmaps`,
    );
    assertForbidden(
      await req('POST', pods, mirror('bad-uid', { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'nope', controller: true }] } }), 'n1'),
      `pods "bad-uid" is forbidden: node n1 UID mismatch: expected nope got ${n1.metadata.uid}`,
    );
    assertForbidden(
      await req('POST', pods, mirror('orphan', { metadata: { ownerReferences: [] } }), 'n1'),
      `pods "orphan" is forbidden: node "n1" can only create pods with an owner reference set to itself`,
    );
    const ok = await req('POST', pods, mirror('static-web'), 'n1');
    assert.equal(ok.status, 201, ok.text);
  });

  it('lets a node delete and report status of its own pods only', async () => {
    await boundPod('mine', 'n1');
    await boundPod('theirs', 'n2');
    const status = { status: { phase: 'Running' } };
    const patchStatus = (name: string) => api(base, 'PATCH', `/api/v1/namespaces/default/pods/${name}/status`, status, { ...asNode('n1'), 'Content-Type': 'application/merge-patch+json' });
    assert.equal((await patchStatus('mine')).status, 200);
    assertForbidden(await patchStatus('theirs'), `pods "theirs" is forbidden: node "n1" can only update pod status for pods with spec.nodeName set to itself`);
    // Nodes may not update pods themselves (the system:node rules have no such verb).
    const podNow = (await req('GET', '/api/v1/namespaces/default/pods/mine')).body;
    assertForbidden(await req('PUT', '/api/v1/namespaces/default/pods/mine', podNow, 'n1'), `pods "mine" is forbidden: User "system:node:n1" cannot update resource "pods" in API group "" in the namespace "default"`);

    assertForbidden(
      await req('DELETE', '/api/v1/namespaces/default/pods/theirs', { gracePeriodSeconds: 0 }, 'n1'),
      `pods "theirs" is forbidden: node "n1" can only delete pods with spec.nodeName set to itself`,
    );
    assert.equal((await req('GET', '/api/v1/namespaces/default/pods/theirs')).status, 200);
    const del = await req('DELETE', '/api/v1/namespaces/default/pods/mine', { gracePeriodSeconds: 0 }, 'n1');
    assert.equal(del.status, 200, del.text);
    assert.equal((await req('GET', '/api/v1/namespaces/default/pods/mine')).status, 404);
  });
});

describe('the simulated kubelet as one node', () => {
  it('registers, heartbeats, runs and removes its pods, and re-registers, with nothing refused', async () => {
    const clock = new FakeClock(new Date('2026-03-01T10:00:00Z'));
    const warnings: string[] = [];
    const log = createLogger((l) => warnings.push(l), 'WARN');
    const rest = new RestClient(base, { headers: asNode('sim-0') });
    let sim = await startSimulatedNodes({ rest, clock, log, count: 1, namePrefix: 'sim-' });
    try {
      assert.equal((await req('GET', '/api/v1/nodes/sim-0')).status, 200);
      clock.step(10_000);
      await poll('the lease of sim-0', async () => (await req('GET', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/sim-0')).status === 200);

      await boundPod('simmed', 'sim-0');
      await poll('simmed to start', async () => (await req('GET', '/api/v1/namespaces/default/pods/simmed')).body.status?.startTime, { each: () => clock.step(1_000) });
      await poll('simmed to run', async () => (await req('GET', '/api/v1/namespaces/default/pods/simmed')).body.status?.phase === 'Running', { each: () => clock.step(1_000) });
      // A graceful delete: the kubelet finishes it with its own DELETE.
      assert.equal((await req('DELETE', '/api/v1/namespaces/default/pods/simmed')).status, 200);
      await poll('simmed to be removed by its node', async () => (await req('GET', '/api/v1/namespaces/default/pods/simmed')).status === 404, { each: () => clock.step(1_000) });

      // A restart finds its Node registered: it reads and patches it.
      await sim.stop();
      sim = await startSimulatedNodes({ rest, clock, log, count: 1, namePrefix: 'sim-' });
      clock.step(10_000);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await sim.stop();
      rest.close();
    }
    assert.deepEqual(warnings, [], 'no request of the simulated kubelet was refused');
  });
});

describe('NodeGraph', () => {
  const pod = (name: string, nodeName: string, spec: Record<string, unknown> = {}, annotations?: Record<string, string>) =>
    ({ metadata: { name, namespace: 'ns', annotations }, spec: { nodeName, containers: [], ...spec } }) as never;

  it('keeps a shared secret reachable while any pod on the node uses it, and forgets everything once the pods go', () => {
    const g = new NodeGraph();
    const uses = { volumes: [{ name: 'v', secret: { secretName: 'shared' } }], imagePullSecrets: [{ name: 'pull' }], serviceAccountName: 'sa' };
    g.addPod(pod('a', 'n1', uses));
    g.addPod(pod('b', 'n1', uses));
    g.addPod(pod('c', 'n2', uses));
    g.addPod(pod('unbound', '', uses));
    assert.equal(g.hasPathFrom('n1', 'secret', 'ns', 'shared'), true);
    assert.equal(g.hasPathFrom('n1', 'secret', 'ns', 'pull'), true);
    assert.equal(g.hasPathFrom('n1', 'serviceAccount', 'ns', 'sa'), true);
    assert.equal(g.hasPathFrom('n1', 'secret', 'other', 'shared'), false, 'namespaces are kept apart');
    assert.equal(g.hasPathFrom('n3', 'secret', 'ns', 'shared'), false);
    g.deletePod('ns', 'a');
    assert.equal(g.hasPathFrom('n1', 'secret', 'ns', 'shared'), true, 'b still uses it');
    g.deletePod('ns', 'b');
    assert.equal(g.hasPathFrom('n1', 'secret', 'ns', 'shared'), false);
    assert.equal(g.hasPathFrom('n2', 'secret', 'ns', 'shared'), true);
    g.deletePod('ns', 'c');
    assert.equal(g.size, 0, 'no vertex outlives the pods');
  });

  it('grants nothing through mirror pods, and reaches PV secrets through the claim', () => {
    const g = new NodeGraph();
    g.addPod(pod('m', 'n1', { volumes: [{ name: 'v', secret: { secretName: 'x' } }] }, { 'kubernetes.io/config.mirror': 'h' }));
    assert.equal(g.hasPathFrom('n1', 'pod', 'ns', 'm'), true);
    assert.equal(g.hasPathFrom('n1', 'secret', 'ns', 'x'), false);
    g.addPV({
      metadata: { name: 'pv' },
      spec: { claimRef: { namespace: 'ns', name: 'claim' }, csi: { driver: 'd', volumeHandle: 'h', nodeStageSecretRef: { name: 'stage' }, controllerPublishSecretRef: { name: 'ctrl', namespace: 'ns' } } },
    });
    assert.equal(g.hasPathFrom('n1', 'pv', '', 'pv'), false, 'no pod uses the claim yet');
    g.addPod(pod('db', 'n1', { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'claim' } }, { name: 'scratch', ephemeral: {} }] }));
    assert.equal(g.hasPathFrom('n1', 'pv', '', 'pv'), true);
    assert.equal(g.hasPathFrom('n1', 'secret', 'ns', 'stage'), true, "a ref without a namespace is the claim's");
    assert.equal(g.hasPathFrom('n1', 'secret', 'ns', 'ctrl'), false, "controller secrets are not the kubelet's");
    assert.equal(g.hasPathFrom('n1', 'pvc', 'ns', 'db-scratch'), true, 'an ephemeral volume claims <pod>-<volume>');
    g.addVolumeAttachment('va', 'n2');
    assert.equal(g.hasPathFrom('n2', 'volumeattachment', '', 'va'), true);
    assert.equal(g.hasPathFrom('n1', 'volumeattachment', '', 'va'), false);
  });
});
