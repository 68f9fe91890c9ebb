// Deletion as upstream does it, against the real `kubette up` with its controllers and the real
// kubectl 1.25.0 and 1.33: cascading deletion through the garbage collector (background, orphan,
// foreground with blockOwnerDeletion, owners known by uid, custom resources), namespace deletion by
// the namespace controller, and the store's side of it (grace periods, GC finalizers, DELETE answers).
// There is no Deployment controller yet, so Deployment → ReplicaSet → Pod chains are built by hand.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { api, apiOnly, kubetteBin, startCluster, type Cluster } from './helpers/cluster.js';
import { client, kubectl125, kubectlVersion } from './helpers/tools.js';

let cluster: Cluster;
let base: string;
const kubectls: ReturnType<typeof client>[] = [];

before(async () => {
  cluster = await startCluster({ args: apiOnly });
  base = cluster.url;
  kubectls.push(client(kubectl125(), cluster.kubeconfig), client(kubectlVersion(33), cluster.kubeconfig));
});
after(async () => {
  for (const k of kubectls) k.cleanup();
  if (!cluster) return; // start-up failed; the before hook reported why
  await cluster.stop();
  cluster.cleanup();
});

const kubectl = (minor: 25 | 33) => kubectls[minor === 25 ? 0 : 1]!;
async function ok(minor: 25 | 33, args: string[]): Promise<string> {
  const r = await kubectl(minor).run(args);
  assert.equal(r.code, 0, `kubectl 1.${minor} ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

/** Polls every 20 ms until `cond` holds; fails after `ms` with what it was waiting for. */
async function until(what: string, cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function create(path: string, body: object): Promise<any> {
  const r = await api(base, 'POST', path, body);
  assert.equal(r.status, 201, `POST ${path}: ${r.text}`);
  return r.body;
}
const exists = async (path: string) => (await api(base, 'GET', path)).status === 200;
const gone = async (path: string) => (await api(base, 'GET', path)).status === 404;
const get = async (path: string) => {
  const r = await api(base, 'GET', path);
  assert.equal(r.status, 200, `GET ${path}: ${r.text}`);
  return r.body;
};
const patch = (path: string, body: object) => api(base, 'PATCH', path, body, { 'Content-Type': 'application/merge-patch+json' });

const nsPath = (ns: string) => `/api/v1/namespaces/${ns}`;
const deployPath = (ns: string, n = '') => `/apis/apps/v1/namespaces/${ns}/deployments${n ? `/${n}` : ''}`;
const rsPath = (ns: string, n = '') => `/apis/apps/v1/namespaces/${ns}/replicasets${n ? `/${n}` : ''}`;
const podPath = (ns: string, n = '') => `/api/v1/namespaces/${ns}/pods${n ? `/${n}` : ''}`;
const cmPath = (ns: string, n = '') => `/api/v1/namespaces/${ns}/configmaps${n ? `/${n}` : ''}`;

const ownerRef = (o: any, block = true) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: block });
const podTemplate = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } };

async function namespace(name: string): Promise<void> {
  await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

/** Deployment web → ReplicaSet web-1 → Pods web-1-a, web-1-b, with blockOwnerDeletion as a deployment controller sets it. */
async function chain(ns: string, podFinalizers: string[] = []) {
  const deploy = await create(deployPath(ns), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: podTemplate },
  });
  const rs = await create(rsPath(ns), {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-1', ownerReferences: [ownerRef(deploy)] },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: podTemplate },
  });
  const pods = [];
  for (const p of ['a', 'b'])
    pods.push(
      await create(podPath(ns), {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `web-1-${p}`, labels: { app: 'web' }, ownerReferences: [ownerRef(rs)], ...(podFinalizers.length ? { finalizers: podFinalizers } : {}) },
        spec: podTemplate.spec,
      }),
    );
  return { deploy, rs, pods };
}

describe('garbage collector', { concurrency: true }, () => {
  it('kubectl 1.25 delete deployment (Background, its default): the ReplicaSet and its Pods are collected', async () => {
    const ns = 'gc-background';
    await namespace(ns);
    await chain(ns);
    assert.equal((await ok(25, ['delete', 'deployment', 'web', '-n', ns])).trim(), 'deployment.apps "web" deleted');
    assert.ok(await gone(deployPath(ns, 'web')), 'the owner itself goes at once');
    await until('the ReplicaSet and Pods to be collected', async () => (await gone(rsPath(ns, 'web-1'))) && (await get(podPath(ns))).items.length === 0);
  });

  for (const minor of [25, 33] as const) {
    it(`kubectl 1.${minor} --cascade=orphan: the ReplicaSet stays, without its ownerReference; its Pods keep theirs`, async () => {
      const ns = `gc-orphan-${minor}`;
      await namespace(ns);
      const { rs } = await chain(ns);
      // kubectl waits until the Deployment is gone: the GC orphans the ReplicaSet, then drops the orphan finalizer.
      assert.equal((await ok(minor, ['delete', 'deployment', 'web', '-n', ns, '--cascade=orphan'])).trim(), 'deployment.apps "web" deleted');
      assert.ok(await gone(deployPath(ns, 'web')));
      const kept = await get(rsPath(ns, 'web-1'));
      assert.equal(kept.metadata.uid, rs.metadata.uid);
      assert.equal(kept.metadata.ownerReferences, undefined);
      assert.equal(kept.metadata.deletionTimestamp, undefined);
      const pods = (await get(podPath(ns))).items;
      assert.equal(pods.length, 2);
      for (const p of pods) assert.deepEqual(p.metadata.ownerReferences, [ownerRef(rs)]);
    });

    it(`kubectl 1.${minor} --cascade=foreground: the owner stays, marked, until the blocking dependents are gone`, async () => {
      const ns = `gc-foreground-${minor}`;
      await namespace(ns);
      // The pods hold on with a finalizer of their own, so the waiting can be seen.
      const { deploy } = await chain(ns, ['example.com/hold']);
      assert.equal((await ok(minor, ['delete', 'deployment', 'web', '-n', ns, '--cascade=foreground', '--wait=false'])).trim(), 'deployment.apps "web" deleted');
      // The ReplicaSet has dependents of its own, so the GC deletes it in the foreground too; the pods are marked.
      await until('the ReplicaSet to be deleted in the foreground and the Pods marked', async () => {
        const rs = await api(base, 'GET', rsPath(ns, 'web-1'));
        const pods = (await get(podPath(ns))).items;
        return !!rs.body.metadata?.deletionTimestamp && rs.body.metadata.finalizers?.includes('foregroundDeletion') && pods.every((p: any) => p.metadata.deletionTimestamp);
      });
      const owner = await get(deployPath(ns, 'web'));
      assert.equal(owner.metadata.uid, deploy.metadata.uid);
      assert.deepEqual(owner.metadata.finalizers, ['foregroundDeletion']);
      assert.match(owner.metadata.deletionTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(owner.metadata.deletionGracePeriodSeconds, 0);
      assert.equal(owner.metadata.generation, 2, 'marking for deletion bumps generation (markAsDeleting)');
      const rs = await get(rsPath(ns, 'web-1'));
      assert.deepEqual(rs.metadata.finalizers, ['foregroundDeletion']);

      for (const p of ['a', 'b']) assert.equal((await patch(podPath(ns, `web-1-${p}`), { metadata: { finalizers: null } })).status, 200);
      await until('the Deployment to go once the ReplicaSet and Pods are gone', () => gone(deployPath(ns, 'web')));
      assert.ok(await gone(rsPath(ns, 'web-1')));
      assert.equal((await get(podPath(ns))).items.length, 0);
    });
  }

  it('a dependent without blockOwnerDeletion does not hold its owner’s foreground deletion', async () => {
    const ns = 'gc-nonblocking';
    await namespace(ns);
    const owner = await create(cmPath(ns), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner' } });
    await create(cmPath(ns), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dep', finalizers: ['example.com/hold'], ownerReferences: [ownerRef(owner, false)] } });
    const r = await api(base, 'DELETE', cmPath(ns, 'owner'), { propagationPolicy: 'Foreground' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.metadata.finalizers, ['foregroundDeletion']);
    await until('the owner to go while its dependent is still being deleted', () => gone(cmPath(ns, 'owner')));
    // A non-blocking dependent is collected once its owner is gone (it held nothing): asynchronously,
    // so wait for it rather than expect it in the same instant.
    await until('the dependent to be deleted too (held only by its own finalizer)', async () => !!(await get(cmPath(ns, 'dep'))).metadata.deletionTimestamp);
    assert.equal((await patch(cmPath(ns, 'dep'), { metadata: { finalizers: null } })).status, 200);
    assert.ok(await gone(cmPath(ns, 'dep')));
  });

  it('owners are known by uid: a re-created owner of the same name does not own the old dependents, nor lose the new ones', async () => {
    const ns = 'gc-uid';
    await namespace(ns);
    const rsBody = (name: string, owner: any) => ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name, ownerReferences: [ownerRef(owner)] },
      spec: { selector: { matchLabels: { app: 'web' } }, template: podTemplate },
    });
    const deployBody = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template: podTemplate } };
    const first = await create(deployPath(ns), deployBody);
    await create(rsPath(ns), rsBody('old', first));
    // Same name, a uid no object has: the owner it names does not exist, so it is garbage.
    await create(rsPath(ns), rsBody('stale', { ...first, metadata: { ...first.metadata, uid: '00000000-0000-4000-8000-000000000000' } }));
    await until('the dependent of a non-existent uid to be collected', () => gone(rsPath(ns, 'stale')));
    assert.ok(await exists(rsPath(ns, 'old')), 'the dependent of the live uid stays');

    assert.equal((await ok(33, ['delete', 'deployment', 'web', '-n', ns])).trim(), 'deployment.apps "web" deleted');
    const second = await create(deployPath(ns), deployBody);
    assert.notEqual(second.metadata.uid, first.metadata.uid);
    const fresh = await create(rsPath(ns), rsBody('new', second));
    await until('the old owner’s dependent to be collected', () => gone(rsPath(ns, 'old')));
    // The GC has looked at the new one too (it was enqueued with its virtual owner); it stays.
    const kept = await get(rsPath(ns, 'new'));
    assert.equal(kept.metadata.uid, fresh.metadata.uid);
    assert.equal(kept.metadata.deletionTimestamp, undefined);
    assert.ok(await exists(deployPath(ns, 'web')));
  });

  it('follows CustomResourceDefinitions: custom resources as dependents and as owners', async () => {
    const ns = 'gc-crd';
    await namespace(ns);
    const group = 'gc.example.com';
    await create('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `gadgets.${group}` },
      spec: {
        group,
        scope: 'Namespaced',
        names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
    const crPath = (n = '') => `/apis/${group}/v1/namespaces/${ns}/gadgets${n ? `/${n}` : ''}`;
    await until('the custom resource to be served', () => exists(crPath()));
    const gadget = await create(crPath(), { apiVersion: `${group}/v1`, kind: 'Gadget', metadata: { name: 'g1' } });
    await create(cmPath(ns), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned-by-gadget', ownerReferences: [ownerRef(gadget)] } });
    const cmOwner = await create(cmPath(ns), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owns-a-gadget' } });
    await create(crPath(), { apiVersion: `${group}/v1`, kind: 'Gadget', metadata: { name: 'g2', ownerReferences: [ownerRef(cmOwner)] } });

    assert.equal((await ok(25, ['delete', 'gadgets', 'g1', '-n', ns])).trim(), `gadget.${group} "g1" deleted`);
    await until('the ConfigMap owned by the deleted Gadget to be collected', () => gone(cmPath(ns, 'owned-by-gadget')));
    assert.equal((await ok(33, ['delete', 'configmap', 'owns-a-gadget', '-n', ns])).trim(), 'configmap "owns-a-gadget" deleted');
    await until('the Gadget owned by the deleted ConfigMap to be collected', () => gone(crPath('g2')));

    // And when the CRD goes, so does the GC's informer for it.
    const monitorLine = (verb: string) => `garbage collector: ${verb} resource=${group}/v1/gadgets`;
    assert.ok(cluster.logs().includes(monitorLine('monitoring')));
    assert.equal((await api(base, 'DELETE', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.${group}`)).status, 200);
    await until('the GC to stop monitoring the removed resource', async () => cluster.logs().includes(monitorLine('stopped monitoring')));
  });
});

describe('namespace deletion', { concurrency: true }, () => {
  it('kubectl 1.25 delete namespace finishes, and everything that was in it is gone', async () => {
    const ns = 'ns-full';
    await namespace(ns);
    await chain(ns);
    await create(cmPath(ns), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } });
    await create(`/api/v1/namespaces/${ns}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { p: 'q' } });
    await create(`/api/v1/namespaces/${ns}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ port: 80 }] } });
    await create(`/apis/batch/v1/namespaces/${ns}/jobs`, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    const started = Date.now();
    // kubectl waits (GET, list, watch) until the namespace is gone.
    assert.equal((await ok(25, ['delete', 'namespace', ns])).trim(), `namespace "${ns}" deleted`);
    assert.ok(Date.now() - started < 10_000);
    assert.ok(await gone(nsPath(ns)));
    for (const path of [deployPath(ns), rsPath(ns), podPath(ns), cmPath(ns), `/api/v1/namespaces/${ns}/secrets`, `/api/v1/namespaces/${ns}/services`, `/apis/batch/v1/namespaces/${ns}/jobs`])
      assert.deepEqual((await get(path)).items, [], path);
  });

  it('waits for content held by finalizers, says so in its conditions, then finishes', async () => {
    const ns = 'ns-held';
    await namespace(ns);
    await create(cmPath(ns), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    assert.equal((await ok(33, ['delete', 'namespace', ns, '--wait=false'])).trim(), `namespace "${ns}" deleted`);
    const conditionsOf = async () => {
      const o = await get(nsPath(ns));
      return Object.fromEntries((o.status.conditions ?? []).map((c: any) => [c.type, c]));
    };
    await until('the namespace controller to report what remains', async () => (await conditionsOf())['NamespaceFinalizersRemaining']?.status === 'True');
    const held = await get(nsPath(ns));
    assert.equal(held.status.phase, 'Terminating');
    assert.deepEqual(held.spec.finalizers, ['kubernetes']);
    const c = await conditionsOf();
    assert.deepEqual(
      Object.values(c).map((x: any) => [x.type, x.status, x.reason, x.message]),
      [
        ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered', 'All resources successfully discovered'],
        ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
        ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
        ['NamespaceContentRemaining', 'True', 'SomeResourcesRemain', 'Some resources are remaining: configmaps. has 1 resource instances'],
        ['NamespaceFinalizersRemaining', 'True', 'SomeFinalizersRemain', 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances'],
      ],
    );
    const marked = await get(cmPath(ns, 'held'));
    assert.ok(marked.metadata.deletionTimestamp);
    // Creating in a terminating namespace is refused.
    const refused = await api(base, 'POST', cmPath(ns), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } });
    assert.equal(refused.status, 403);

    assert.equal((await patch(cmPath(ns, 'held'), { metadata: { finalizers: null } })).status, 200);
    // Upstream looks again after the finalizer estimate (15 s / 2 + 1 s).
    await until('the namespace to finish', () => gone(nsPath(ns)), 15_000);
  });
});

describe('deletion in the store', { concurrency: true }, () => {
  it('a pod on a node gets a grace period: deletionTimestamp ahead, shortened by a later DELETE, removed with grace 0', async () => {
    const ns = 'del-grace';
    await namespace(ns);
    await create(podPath(ns), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] } });
    const before = Date.now();
    const r = await api(base, 'DELETE', podPath(ns, 'p'), { propagationPolicy: 'Background' });
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, 'Pod');
    assert.equal(r.body.metadata.deletionGracePeriodSeconds, 30, 'the default terminationGracePeriodSeconds');
    const at = Date.parse(r.body.metadata.deletionTimestamp);
    assert.ok(at >= Math.floor(before / 1000) * 1000 + 29_000 && at <= Date.now() + 31_000, r.body.metadata.deletionTimestamp);
    assert.deepEqual(await get(podPath(ns, 'p')), r.body, 'it stays until the kubelet is done');

    const again = await api(base, 'DELETE', podPath(ns, 'p'));
    assert.equal(again.status, 200);
    assert.equal(again.body.metadata.resourceVersion, r.body.metadata.resourceVersion, 'a longer or equal grace changes nothing');

    const shorter = await api(base, 'DELETE', podPath(ns, 'p'), { gracePeriodSeconds: 10 });
    assert.equal(shorter.status, 200);
    assert.equal(shorter.body.metadata.deletionGracePeriodSeconds, 10);
    assert.equal(Date.parse(shorter.body.metadata.deletionTimestamp), at - 20_000, 'moved earlier by the difference');

    // What the kubelet sends once the containers have stopped.
    const final = await api(base, 'DELETE', podPath(ns, 'p'), { gracePeriodSeconds: 0, preconditions: { uid: r.body.metadata.uid } });
    assert.equal(final.status, 200);
    assert.equal(final.body.kind, 'Pod', 'pods answer with the deleted object (ReturnDeletedObject)');
    assert.equal(final.body.metadata.deletionGracePeriodSeconds, 0);
    assert.ok(await gone(podPath(ns, 'p')));
  });

  it('a pod on no node goes at once', async () => {
    const ns = 'del-unscheduled';
    await namespace(ns);
    await create(podPath(ns), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }], terminationGracePeriodSeconds: 60 } });
    const r = await api(base, 'DELETE', podPath(ns, 'p'), { gracePeriodSeconds: 45 });
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, 'Pod');
    assert.equal(r.body.metadata.deletionGracePeriodSeconds, 0);
    assert.ok(await gone(podPath(ns, 'p')));
  });

  it('propagation policies become GC finalizers; the legacy orphanDependents=false answers 202; bad options are a 422', async () => {
    const ns = 'del-options';
    await namespace(ns);
    const held = async (name: string) =>
      create(cmPath(ns), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, finalizers: ['example.com/hold'] } });
    await held('orphan');
    const orphan = await api(base, 'DELETE', cmPath(ns, 'orphan'), { propagationPolicy: 'Orphan' });
    assert.equal(orphan.status, 200);
    assert.deepEqual(orphan.body.metadata.finalizers, ['example.com/hold', 'orphan']);

    await held('fg-query');
    // No body: DeleteOptions come from the query.
    const fg = await api(base, 'DELETE', `${cmPath(ns, 'fg-query')}?propagationPolicy=Foreground`);
    assert.equal(fg.status, 200);
    assert.deepEqual(fg.body.metadata.finalizers, ['example.com/hold', 'foregroundDeletion']);

    await held('legacy');
    const legacy = await api(base, 'DELETE', cmPath(ns, 'legacy'), { orphanDependents: false });
    assert.equal(legacy.status, 202);
    assert.deepEqual(legacy.body.metadata.finalizers, ['example.com/hold']);

    const both = await api(base, 'DELETE', cmPath(ns, 'legacy'), { orphanDependents: true, propagationPolicy: 'Orphan' });
    assert.equal(both.status, 422);
    assert.equal(both.body.message, 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set');
    const bad = await api(base, 'DELETE', cmPath(ns, 'legacy'), { propagationPolicy: 'Sideways' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.message, 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"');

    // With no dependents the GC releases its finalizers at once; the object's own finalizer stays.
    await until('the GC finalizers to be released', async () => {
      const names = await Promise.all(['orphan', 'fg-query'].map(async (n) => (await get(cmPath(ns, n))).metadata.finalizers));
      return names.every((f) => f.length === 1 && f[0] === 'example.com/hold');
    });
  });

  it('batch/v1 Jobs orphan their pods when DELETE names no policy; kubectl asks for Background', async () => {
    const ns = 'del-jobs';
    await namespace(ns);
    const job = (name: string) =>
      create(`/apis/batch/v1/namespaces/${ns}/jobs`, {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
      });
    const pod = (name: string, owner: any) =>
      create(podPath(ns), { apiVersion: 'v1', kind: 'Pod', metadata: { name, ownerReferences: [ownerRef(owner)] }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } });
    const j1 = await job('j1');
    await pod('j1-pod', j1);
    const r = await api(base, 'DELETE', `/apis/batch/v1/namespaces/${ns}/jobs/j1`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.metadata.finalizers, ['orphan']);
    await until('the Job to go once its pod is orphaned', () => gone(`/apis/batch/v1/namespaces/${ns}/jobs/j1`));
    assert.equal((await get(podPath(ns, 'j1-pod'))).metadata.ownerReferences, undefined);

    const j2 = await job('j2');
    await pod('j2-pod', j2);
    assert.equal((await ok(25, ['delete', 'job', 'j2', '-n', ns])).trim(), 'job.batch "j2" deleted');
    await until('the pod of a Job deleted by kubectl to be collected', () => gone(podPath(ns, 'j2-pod')));
  });
});

describe('kubette controller-manager', () => {
  it('runs the controllers named, against the server its kubeconfig names, and stops cleanly on SIGTERM', async () => {
    const proc = spawn(process.execPath, [kubetteBin, 'controller-manager', '--kubeconfig', cluster.kubeconfig, '--controllers', 'namespace'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    try {
      await until('the controller manager to start', async () => out.includes('controller manager is running'));
      assert.match(out, new RegExp(`controller manager is running server=${base.replace(/[.]/g, '\\.')} controllers=namespace`));
      assert.doesNotMatch(out, /garbage collector/);
    } finally {
      proc.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    assert.match(out, /shutting down signal=SIGTERM/);
  });
});
