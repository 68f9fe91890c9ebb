// Managed fields and server-side apply, the pure core, against the real generated v1.25 definitions:
// FieldsV1 encoding (keyed lists, sets, atomic lists and structs), ownership on Update, the apply
// merge and its pruning, conflicts and force, manager bookkeeping, and custom-resource schemas.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitionNameFor } from '../src/api/openapi/definitions.js';
import type { KObject } from '../src/api/object.js';
import { StatusError } from '../src/machinery/errors.js';
import {
  FieldManager,
  FieldSet,
  managerOrUserAgent,
  objectTypeFor,
  toFieldSet,
  validateFieldManager,
  type ObjectType,
} from '../src/machinery/managedfields/index.js';

type Obj = Record<string, any>;

const builtin = (group: string, version: string, kind: string): ObjectType =>
  objectTypeFor({ group, version, kind, definition: definitionNameFor(group, version, kind) });
const podType = builtin('', 'v1', 'Pod');
const deployType = builtin('apps', 'v1', 'Deployment');
const cmType = builtin('', 'v1', 'ConfigMap');
const T0 = new Date('2024-05-01T10:00:00Z');
const T1 = new Date('2024-05-01T10:05:00Z');
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The fieldsV1 of an object's entry for `manager` (and operation, when given). */
function fieldsOf(obj: Obj, manager: string, operation?: string): Obj | undefined {
  const e = (obj.metadata.managedFields as Obj[] | undefined)?.find((x) => x.manager === manager && (!operation || x.operation === operation));
  return e?.fieldsV1;
}

function entries(obj: Obj): [string, string][] {
  return ((obj.metadata.managedFields as Obj[] | undefined) ?? []).map((e) => [e.manager, e.operation]);
}

/** Create as the API does: the field manager records the create against the empty object. */
function created(type: ObjectType, obj: Obj, manager: string): KObject {
  const o = clone(obj) as KObject;
  new FieldManager(type).update(undefined, o, { manager, now: T0 });
  o.metadata.uid = 'uid-1';
  return o;
}

function deployment(extra: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx',
              imagePullPolicy: 'Always',
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
            },
          ],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
      ...extra,
    },
  };
}

describe('field sets (FieldsV1)', () => {
  it('encodes a create of a Deployment exactly as kube-apiserver does', () => {
    const d = created(deployType, deployment(), 'kubectl-create');
    const mf = d.metadata.managedFields as Obj[];
    assert.equal(mf.length, 1);
    assert.deepEqual(Object.keys(mf[0]!), ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1']);
    assert.deepEqual(mf[0]!.manager, 'kubectl-create');
    assert.equal(mf[0]!.operation, 'Update');
    assert.equal(mf[0]!.apiVersion, 'apps/v1');
    assert.equal(mf[0]!.time, '2024-05-01T10:00:00Z');
    assert.equal(mf[0]!.fieldsType, 'FieldsV1');
    // Value structs of the zero Deployment (spec, strategy, template) get no "." entry; what the
    // zero object lacks (labels, rollingUpdate, the container) does.
    assert.deepEqual(mf[0]!.fieldsV1, {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:progressDeadlineSeconds': {},
        'f:replicas': {},
        'f:revisionHistoryLimit': {},
        'f:selector': {},
        'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} }, 'f:type': {} },
        'f:template': {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {},
                'f:image': {},
                'f:imagePullPolicy': {},
                'f:name': {},
                'f:resources': {},
                'f:terminationMessagePath': {},
                'f:terminationMessagePolicy': {},
              },
            },
            'f:dnsPolicy': {},
            'f:restartPolicy': {},
            'f:schedulerName': {},
            'f:securityContext': {},
            'f:terminationGracePeriodSeconds': {},
          },
        },
      },
    });
    // Keys come out in fieldpath's order, as the JSON encoder emits them.
    assert.deepEqual(Object.keys(mf[0]!.fieldsV1['f:spec']), [
      'f:progressDeadlineSeconds',
      'f:replicas',
      'f:revisionHistoryLimit',
      'f:selector',
      'f:strategy',
      'f:template',
    ]);
  });

  it('keys containers by name, ports by (containerPort, protocol) with protocol defaulted to TCP, env by name', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [
          { name: 'a', image: 'x', ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }], env: [{ name: 'E', value: '1' }] },
          { name: 'b', image: 'y' },
        ],
      },
    };
    const set = toFieldSet(pod, podType.root).toJSON() as Obj;
    const containers = set['f:spec']['f:containers'];
    assert.deepEqual(Object.keys(containers), ['k:{"name":"a"}', 'k:{"name":"b"}']);
    const a = containers['k:{"name":"a"}'];
    assert.deepEqual(a['.'], {});
    // Keys sort by value within a type (53 before 80); a missing protocol counts as its default.
    assert.deepEqual(Object.keys(a['f:ports']), ['k:{"containerPort":53,"protocol":"UDP"}', 'k:{"containerPort":80,"protocol":"TCP"}']);
    assert.deepEqual(a['f:ports']['k:{"containerPort":80,"protocol":"TCP"}'], { '.': {}, 'f:containerPort': {} });
    assert.deepEqual(a['f:env'], { 'k:{"name":"E"}': { '.': {}, 'f:name': {}, 'f:value': {} } });
  });

  it('finalizers are a set (v:), labels a granular map, tolerations and nodeSelector atomic, owner references atomic elements', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'p',
        labels: { app: 'x', tier: 'y' },
        finalizers: ['b.example.com/f', 'a.example.com/f'],
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u-1' }],
      },
      spec: {
        containers: [{ name: 'c', image: 'i' }],
        tolerations: [{ key: 'k', operator: 'Exists' }],
        nodeSelector: { disk: 'ssd' },
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } },
      },
    };
    const set = toFieldSet(pod, podType.root).toJSON() as Obj;
    assert.deepEqual(set['f:metadata']['f:finalizers'], { 'v:"a.example.com/f"': {}, 'v:"b.example.com/f"': {} });
    assert.deepEqual(set['f:metadata']['f:labels'], { 'f:app': {}, 'f:tier': {} });
    assert.deepEqual(set['f:metadata']['f:ownerReferences'], { 'k:{"uid":"u-1"}': {} });
    assert.deepEqual(set['f:spec']['f:tolerations'], {});
    assert.deepEqual(set['f:spec']['f:nodeSelector'], {});
    // NodeSelector is an atomic struct type: owned as one value.
    assert.deepEqual(set['f:spec']['f:affinity'], { 'f:nodeAffinity': { 'f:requiredDuringSchedulingIgnoredDuringExecution': {} } });
  });

  it('a field-level map type overrides the struct type: PV claimRef is granular, other ObjectReferences atomic', () => {
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv' },
      spec: { capacity: { storage: '1Gi' }, claimRef: { namespace: 'ns', name: 'c' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/x' } },
    };
    const set = toFieldSet(pv, builtin('', 'v1', 'PersistentVolume').root).toJSON() as Obj;
    assert.deepEqual(set['f:spec']['f:claimRef'], { 'f:name': {}, 'f:namespace': {} });
    assert.deepEqual(set['f:spec']['f:capacity'], { 'f:storage': {} }, 'ResourceList is a granular map');
    assert.deepEqual(set['f:spec']['f:accessModes'], {});
    const rb = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb' }, roleRef: { apiGroup: 'g', kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'u' }] };
    const rbSet = toFieldSet(rb, builtin('rbac.authorization.k8s.io', 'v1', 'RoleBinding').root).toJSON() as Obj;
    assert.deepEqual(rbSet, { 'f:apiVersion': {}, 'f:kind': {}, 'f:metadata': { 'f:name': {} }, 'f:roleRef': {}, 'f:subjects': {} });
  });

  it('round-trips through JSON, reads "." as membership and orders f: < k: < v: < i:', () => {
    const json = {
      'f:spec': { '.': {}, 'f:b': {}, 'f:a': { 'f:x': {} } },
      'f:list': { 'i:10': {}, 'i:2': {}, 'v:"z"': {}, 'v:3': {}, 'k:{"b":1,"a":2}': {} },
    };
    const s = FieldSet.fromJSON(json);
    assert.ok(s.has(['f:spec']));
    assert.ok(s.has(['f:spec', 'f:a', 'f:x']));
    assert.ok(!s.has(['f:spec', 'f:a']));
    assert.ok(s.has(['f:list', 'k:{"a":2,"b":1}']), 'key fields are sorted by name');
    const out = s.toJSON() as Obj;
    assert.deepEqual(Object.keys(out), ['f:list', 'f:spec']);
    assert.deepEqual(Object.keys(out['f:list']), ['k:{"a":2,"b":1}', 'v:3', 'v:"z"', 'i:2', 'i:10']);
    assert.deepEqual(out['f:spec'], { '.': {}, 'f:a': { 'f:x': {} }, 'f:b': {} });
  });

  it('difference is exact, recursive difference removes whole subtrees, intersection keeps common paths', () => {
    const a = FieldSet.of(['f:a'], ['f:a', 'f:b'], ['f:a', 'f:c'], ['f:d']);
    const b = FieldSet.of(['f:a'], ['f:d']);
    assert.deepEqual(a.difference(b).paths(), [
      ['f:a', 'f:b'],
      ['f:a', 'f:c'],
    ]);
    assert.deepEqual(a.recursiveDifference(b).paths(), []);
    assert.deepEqual(a.intersection(FieldSet.of(['f:a', 'f:c'], ['f:z'])).paths(), [['f:a', 'f:c']]);
    assert.ok(a.union(b).equals(a));
  });
});

describe('managedFields on writes (Update)', () => {
  it('the fast path for plain creates records exactly what the general comparison does', () => {
    const seed = [{ manager: 'seed', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:annotations': { 'f:unrelated': {} } } } }];
    const crType = objectTypeFor({
      group: 'ex.com',
      version: 'v1',
      kind: 'Thing',
      custom: true,
      openAPISchema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { n: { type: 'integer' } } } } },
    });
    const cases: [ObjectType, Obj][] = [
      [deployType, deployment()],
      [
        podType,
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p', namespace: 'ns', labels: { a: 'b' }, annotations: {}, finalizers: ['x/y'], ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u' }] },
          spec: {
            containers: [
              { name: 'c', image: 'i', ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }], env: [{ name: 'E', valueFrom: { fieldRef: { fieldPath: 'x' } } }], resources: { limits: { cpu: '1' }, requests: {} } },
              { name: 'd', image: 'j', command: [], args: ['a'] },
            ],
            volumes: [{ name: 'v', emptyDir: {} }],
            tolerations: [{ key: 'k' }],
            nodeSelector: { d: 'e' },
            affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } },
            securityContext: {},
            hostNetwork: false,
          },
          status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] },
        },
      ],
      [builtin('', 'v1', 'Service'), { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }], selector: { a: 'b' }, type: 'ClusterIP' }, status: { loadBalancer: {} } }],
      [crType, { apiVersion: 'ex.com/v1', kind: 'Thing', metadata: { name: 't', labels: { x: 'y' } }, spec: { n: 1, free: { deep: [1, 2], m: { k: null } } } }],
      [cmType, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'only-name' } }],
    ];
    for (const [type, obj] of cases) {
      const fast = clone(obj) as KObject;
      new FieldManager(type).update(undefined, fast, { manager: 'creator', now: T0 });
      const general = clone(obj) as KObject;
      general.metadata.managedFields = clone(seed) as never;
      new FieldManager(type).update(undefined, general, { manager: 'creator', now: T0 });
      assert.deepEqual(fieldsOf(fast, 'creator'), fieldsOf(general, 'creator'), `${String(obj.kind)}`);
      assert.deepEqual(JSON.stringify(fieldsOf(fast, 'creator')), JSON.stringify(fieldsOf(general, 'creator')), `${String(obj.kind)}: key order`);
      assert.ok(fieldsOf(general, 'seed'), 'the general path ran');
    }
    const nothing = clone(cases[4]![1]) as KObject;
    new FieldManager(cmType).update(undefined, nothing, { manager: 'creator', now: T0 });
    assert.equal(nothing.metadata.managedFields, undefined, 'a create that sets no field records no entry');
    // As in v1.25, an object whose keyed list repeats a key cannot be typed: it is stored without managedFields.
    const dup = clone(cases[1]![1]) as Obj;
    dup.spec.containers[0].env.push({ name: 'E', value: 'again' });
    new FieldManager(podType).update(undefined, dup as KObject, { manager: 'creator', now: T0 });
    assert.equal(dup.metadata.managedFields, undefined);
  });

  it('moves a changed field to the writer, keeps the rest with its owner, merges repeat writes of one manager', () => {
    const d = created(deployType, deployment(), 'kubectl-create');
    const next = clone(d);
    next.spec = { ...(next.spec as Obj), replicas: 3 };
    new FieldManager(deployType).update(d, next, { manager: 'kube-controller', now: T1 });
    assert.deepEqual(fieldsOf(next, 'kube-controller'), { 'f:spec': { 'f:replicas': {} } });
    assert.equal((next.metadata.managedFields as Obj[]).find((e) => e.manager === 'kube-controller')!.time, '2024-05-01T10:05:00Z');
    assert.equal(fieldsOf(next, 'kubectl-create')!['f:spec']['f:replicas'], undefined);
    assert.ok(fieldsOf(next, 'kubectl-create')!['f:spec']['f:selector']);

    // The same manager again: its entry grows, it does not get a second one.
    const again = clone(next);
    (again.metadata as Obj).annotations = { note: 'x' };
    new FieldManager(deployType).update(next, again, { manager: 'kube-controller', now: T1 });
    assert.deepEqual(fieldsOf(again, 'kube-controller'), { 'f:metadata': { 'f:annotations': { '.': {}, 'f:note': {} } }, 'f:spec': { 'f:replicas': {} } });
    assert.equal(entries(again).length, 2);
  });

  it('drops an entry whose last field another manager took or removed', () => {
    const cm = created(cmType, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } }, 'first');
    const next = clone(cm);
    next.data = { a: '2' };
    new FieldManager(cmType).update(cm, next, { manager: 'second', now: T1 });
    // "first" still owns the data map itself ("."), so it keeps an entry.
    assert.deepEqual(fieldsOf(next, 'first'), { 'f:data': {} });
    const gone = clone(next);
    delete gone.data;
    new FieldManager(cmType).update(next, gone, { manager: 'third', now: T1 });
    assert.deepEqual(entries(gone), [], 'every field was removed: no entries, and no managedFields at all');
    assert.equal(gone.metadata.managedFields, undefined);
  });

  it('an unchanged write leaves managedFields as they were (time included)', () => {
    const cm = created(cmType, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } }, 'first');
    const same = clone(cm);
    new FieldManager(cmType).update(cm, same, { manager: 'other', now: T1 });
    assert.deepEqual(same.metadata.managedFields, cm.metadata.managedFields);
  });

  it('a client may send managedFields; [{}] clears them; invalid ones are replaced by the live object\'s', () => {
    const cm = created(cmType, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } }, 'first');
    const fm = new FieldManager(cmType);
    const cleared = clone(cm);
    cleared.metadata.managedFields = [{}] as never;
    fm.update(cm, cleared, { manager: 'x', now: T1 });
    assert.equal(cleared.metadata.managedFields, undefined);
    // An object nobody tracks stays untracked on update (skipNonApplied).
    const later = clone(cleared);
    later.data = { a: '5' };
    fm.update(cleared, later, { manager: 'x', now: T1 });
    assert.equal(later.metadata.managedFields, undefined);

    const invalid = clone(cm);
    invalid.metadata.managedFields = [{ manager: 'evil', operation: 'Delete', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: {} }] as never;
    invalid.data = { a: '2' };
    fm.update(cm, invalid, { manager: 'writer', now: T1 });
    assert.deepEqual(entries(invalid), [
      ['first', 'Update'],
      ['writer', 'Update'],
    ]);

    const rewritten = clone(cm);
    (rewritten.metadata.managedFields as Obj[])[0]!.manager = 'renamed';
    fm.update(cm, rewritten, { manager: 'writer', now: T1 });
    assert.deepEqual(entries(rewritten), [['renamed', 'Update']], 'valid managedFields in the request win');
  });

  it('records subresource writes with their subresource, and caps Update entries at ten', () => {
    const d = created(deployType, deployment(), 'creator');
    const scaled = clone(d);
    (scaled.spec as Obj).replicas = 7;
    new FieldManager(deployType).update(d, scaled, { manager: 'kubectl', subresource: 'scale', now: T1 });
    const e = (scaled.metadata.managedFields as Obj[]).find((x) => x.subresource === 'scale');
    assert.deepEqual(e, {
      manager: 'kubectl',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: '2024-05-01T10:05:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      subresource: 'scale',
    });

    let cur = created(cmType, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k0: 'v' } }, 'm0');
    for (let i = 1; i <= 11; i++) {
      const next = clone(cur);
      (next.data as Obj)[`k${i}`] = 'v';
      new FieldManager(cmType).update(cur, next, { manager: `m${i}`, now: new Date(T0.getTime() + i * 1000) });
      cur = next;
    }
    const names = entries(cur).map(([m]) => m);
    assert.equal(names.length, 10);
    assert.ok(names.includes('ancient-changes'), names.join(','));
    assert.ok(!names.includes('m0') && !names.includes('m1') && !names.includes('m2'));
    const ancient = fieldsOf(cur, 'ancient-changes')!;
    assert.ok(ancient['f:data']['f:k0'] && ancient['f:data']['f:k1'] && ancient['f:data']['f:k2']);
  });
});

describe('server-side apply', () => {
  const applyCfg = (spec: Obj, meta: Obj = {}): KObject =>
    ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', ...meta }, spec }) as KObject;

  it('creates from the applied configuration alone: the Apply entry owns exactly what was applied', () => {
    const fm = new FieldManager(deployType);
    const obj = fm.apply(undefined, applyCfg({ replicas: 2, template: { spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }] }] } } }, { labels: { a: 'b' } }), {
      manager: 'kubectl',
      force: false,
      now: T0,
    });
    assert.deepEqual(obj.metadata.managedFields, [
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2024-05-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:a': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:template': {
              'f:spec': {
                'f:containers': {
                  'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it('merges keyed lists by key, replaces atomic lists, unions sets, and keeps what others set', () => {
    const live = created(
      podType,
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', finalizers: ['x/keep'] },
        spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }], tolerations: [{ key: 'old', operator: 'Exists' }] },
      },
      'creator',
    );
    const out = new FieldManager(podType).apply(
      live,
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', finalizers: ['y/new'] },
        spec: { containers: [{ name: 'b', image: 'b:2' }, { name: 'z', image: 'z:1' }], tolerations: [{ key: 'new', operator: 'Exists' }] },
      } as KObject,
      { manager: 'applier', force: true, now: T1 },
    ) as Obj;
    assert.deepEqual(
      out.spec.containers.map((c: Obj) => `${c.name}=${c.image}`),
      ['a=a:1', 'b=b:2', 'z=z:1'],
      'live order first, new items after',
    );
    assert.deepEqual(out.spec.tolerations, [{ key: 'new', operator: 'Exists' }]);
    assert.deepEqual(out.metadata.finalizers, ['x/keep', 'y/new']);
  });

  it('removes what the applier applied before and no longer applies, unless another manager owns it', () => {
    const fm = new FieldManager(cmType);
    const cfg = (data: Obj, labels?: Obj) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', ...(labels ? { labels } : {}) }, data }) as KObject;
    let live = fm.apply(undefined, cfg({ a: '1', b: '2', c: '3' }, { l: 'v' }), { manager: 'mine', force: false, now: T0 });
    live.metadata.uid = 'u';
    // Another applier co-owns c (same value: no conflict).
    live = fm.apply(live, cfg({ c: '3' }), { manager: 'theirs', force: false, now: T0 });
    const next = fm.apply(live, cfg({ a: '1' }), { manager: 'mine', force: false, now: T1 }) as Obj;
    assert.deepEqual(next.data, { a: '1', c: '3' }, 'b is pruned, c stays because "theirs" owns it');
    assert.equal(next.metadata.labels, undefined, 'the label map emptied by pruning is dropped');
    assert.deepEqual(fieldsOf(next, 'mine'), { 'f:data': { 'f:a': {} } });
    assert.deepEqual(fieldsOf(next, 'theirs'), { 'f:data': { 'f:c': {} } });
  });

  it('a field owned by another manager with a different value is a conflict; force takes it over', () => {
    const fm = new FieldManager(deployType);
    const live = created(deployType, deployment(), 'kubectl-create');
    let err: unknown;
    try {
      fm.apply(live, applyCfg({ replicas: 5 }), { manager: 'kubectl', force: false, now: T1 });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof StatusError);
    assert.deepEqual(err.status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1: .spec.replicas',
      reason: 'Conflict',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-create" using apps/v1', field: '.spec.replicas' }] },
      code: 409,
    });
    // The same value is no conflict: both own it.
    const shared = fm.apply(live, applyCfg({ replicas: 1 }), { manager: 'kubectl', force: false, now: T1 });
    assert.ok(fieldsOf(shared, 'kubectl-create')!['f:spec']['f:replicas']);
    assert.ok(fieldsOf(shared, 'kubectl', 'Apply')!['f:spec']['f:replicas']);

    const forced = fm.apply(live, applyCfg({ replicas: 5 }), { manager: 'kubectl', force: true, now: T1 }) as Obj;
    assert.equal(forced.spec.replicas, 5);
    assert.equal(fieldsOf(forced, 'kubectl-create')!['f:spec']['f:replicas'], undefined);
    assert.deepEqual(fieldsOf(forced, 'kubectl', 'Apply'), { 'f:spec': { 'f:replicas': {} } });
    assert.deepEqual(entries(forced), [
      ['kubectl', 'Apply'],
      ['kubectl-create', 'Update'],
    ], 'Apply entries sort first');
  });

  it('reports several conflicts grouped by manager, with keyed paths', () => {
    const fm = new FieldManager(deployType);
    let live = created(deployType, deployment(), 'creator');
    live = fm.apply(live, applyCfg({ replicas: 1 }), { manager: 'scaler', force: false, now: T0 });
    const cfg = applyCfg({ replicas: 3, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:2' }] } } });
    assert.throws(
      () => fm.apply(live, cfg, { manager: 'me', force: false, now: T1 }),
      (e: unknown) => {
        const s = (e as StatusError).status;
        assert.equal(
          s.message,
          'Apply failed with 3 conflicts: conflicts with "creator" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image\nconflicts with "scaler":\n- .spec.replicas',
        );
        assert.deepEqual(
          s.details!.causes!.map((c) => c.field),
          ['.spec.replicas', '.spec.template.spec.containers[name="nginx"].image', '.spec.replicas'],
        );
        return true;
      },
    );
  });

  it('client-side apply upgrade: kubectl may take fields its last-applied annotation set', () => {
    const lastApplied = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } });
    const live = created(
      cmType,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } }, data: { a: '1' } },
      'kubectl-client-side-apply',
    );
    const cfg = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '2' } } as KObject;
    assert.throws(() => new FieldManager(cmType).apply(live, cfg, { manager: 'someone', force: false, now: T1 }), /conflict with "kubectl-client-side-apply"/);
    const out = new FieldManager(cmType).apply(live, cfg, { manager: 'kubectl', force: false, now: T1 }) as Obj;
    assert.equal(out.data.a, '2');
    // The annotation follows the applied configuration (keys sorted, newline-terminated, as kubectl writes it).
    assert.equal(out.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], '{"apiVersion":"v1","data":{"a":"2"},"kind":"ConfigMap","metadata":{"name":"c"}}\n');
  });

  it('rejects as upstream: a wrong apiVersion (400), managedFields in the body (400), undeclared fields and missing keys (500)', () => {
    const fm = new FieldManager(deployType);
    const status = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as StatusError).status;
      }
      assert.fail('no error');
    };
    const wrong = status(() => fm.apply(undefined, { apiVersion: 'apps/v1beta1', kind: 'Deployment', metadata: { name: 'web' } } as KObject, { manager: 'm', force: false, now: T0 }));
    assert.equal(wrong.code, 400);
    assert.equal(wrong.message, 'Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1');
    const mf = status(() => fm.apply(undefined, applyCfg({}, { managedFields: [] }), { manager: 'm', force: false, now: T0 }));
    assert.equal(mf.code, 400);
    assert.equal(mf.message, 'metadata.managedFields must be nil');
    const unknown = status(() => fm.apply(undefined, applyCfg({ bogus: 1 }, { namespace: 'ns' }), { manager: 'm', force: false, now: T0 }));
    assert.equal(unknown.code, 500);
    assert.equal(unknown.reason, undefined);
    assert.equal(unknown.message, 'failed to create typed patch object (ns/web; apps/v1, Kind=Deployment): .spec.bogus: field not declared in schema');
    const noKey = status(() => fm.apply(undefined, applyCfg({ template: { spec: { containers: [{ image: 'x' }] } } }), { manager: 'm', force: false, now: T0 }));
    assert.equal(
      noKey.message,
      'failed to create typed patch object (/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    );
  });

  it('custom resources: x-kubernetes-list-type map and set, preserve-unknown-fields, ObjectMeta from the built-ins', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            size: { type: 'integer' },
            tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
            ports: {
              type: 'array',
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['name', 'proto'],
              items: { type: 'object', properties: { name: { type: 'string' }, proto: { type: 'string', default: 'tcp' }, port: { type: 'integer' } } },
            },
            plain: { type: 'array', items: { type: 'string' } },
            extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
      },
    };
    const type = objectTypeFor({ group: 'ex.com', version: 'v1', kind: 'Gadget', custom: true, openAPISchema: schema });
    const fm = new FieldManager(type);
    const obj = fm.apply(
      undefined,
      {
        apiVersion: 'ex.com/v1',
        kind: 'Gadget',
        metadata: { name: 'g', finalizers: ['f'] },
        spec: { size: 1, tags: ['b', 'a'], ports: [{ name: 'http', port: 80 }], plain: ['x'], extra: { deep: { k: 1 } } },
      } as KObject,
      { manager: 'm', force: false, now: T0 },
    );
    assert.deepEqual(fieldsOf(obj, 'm'), {
      'f:metadata': { 'f:finalizers': { 'v:"f"': {} } },
      'f:spec': {
        'f:extra': { 'f:deep': { '.': {}, 'f:k': {} } },
        'f:plain': {},
        'f:ports': { 'k:{"name":"http","proto":"tcp"}': { '.': {}, 'f:name': {}, 'f:port': {} } },
        'f:size': {},
        'f:tags': { 'v:"a"': {}, 'v:"b"': {} },
      },
    });
    // A create through the update path: the zero custom resource is empty, so spec gets ".".
    const o = { apiVersion: 'ex.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { size: 1 } } as KObject;
    fm.update(undefined, o, { manager: 'c', now: T0 });
    assert.deepEqual(fieldsOf(o, 'c'), { 'f:spec': { '.': {}, 'f:size': {} } });
    assert.throws(
      () => fm.apply(undefined, { apiVersion: 'ex.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { nope: 1 } } as KObject, { manager: 'm', force: false, now: T0 }),
      /\.spec\.nope: field not declared in schema/,
    );
  });
});

describe('managers', () => {
  it('derives the manager from the User-Agent as upstream: the part before the first "/", printable, at most 128 bytes', () => {
    assert.equal(managerOrUserAgent(null, 'kubectl/v1.25.0 (linux/amd64) kubernetes/a866cbe'), 'kubectl');
    assert.equal(managerOrUserAgent('', 'curl/8.0'), 'curl');
    assert.equal(managerOrUserAgent('mine', 'curl/8.0'), 'mine');
    assert.equal(managerOrUserAgent(null, 'a\u0007b/1'), 'ab');
    assert.equal(managerOrUserAgent(null, 'x'.repeat(200)).length, 128);
    assert.equal(managerOrUserAgent(null, undefined), '');
  });

  it('validates a fieldManager parameter as ValidateFieldManager does', () => {
    assert.deepEqual(validateFieldManager('ok-manager'), []);
    const long = validateFieldManager('x'.repeat(129));
    assert.equal(long.length, 1);
    assert.equal(long[0]!.type, 'FieldValueTooLong');
    const bad = validateFieldManager('a\u0001');
    assert.equal(bad[0]!.detail, 'invalid character U+0001 (at position 1)');
  });
});
