// Strategies of storage.k8s.io, policy, rbac.authorization.k8s.io, networking.k8s.io and
// apiextensions.k8s.io, called directly in the store's order (defaults → prepare → validate).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import type { Ingress, NetworkPolicy } from 'kubernetes-types/networking/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import type { CSIDriver, StorageClass } from 'kubernetes-types/storage/v1.js';
import { errorString } from '../src/machinery/fielderrors.js';
import { apiextensionsStrategies, crdServedVersions } from '../src/registry/apiextensions/index.js';
import { networkingStrategies } from '../src/registry/networking/index.js';
import { policyStrategies } from '../src/registry/policy/index.js';
import { rbacStrategies } from '../src/registry/rbac/index.js';
import { storageStrategies } from '../src/registry/storage/index.js';
import type { AnyStrategy } from '../src/registry/strategy.js';
import { isPathSegmentName } from '../src/validation/names.js';

const all = [...storageStrategies, ...policyStrategies, ...rbacStrategies, ...networkingStrategies, ...apiextensionsStrategies];
const strategy = (resource: string): AnyStrategy => {
  const s = all.find((x) => x.resource === resource);
  assert.ok(s, `no strategy for ${resource}`);
  return s;
};
const clone = <T>(v: T): T => structuredClone(v);
const now = new Date('2024-05-01T12:00:00Z');
const created = '2024-05-01T11:55:00Z';

function create<T>(resource: string, obj: T): { obj: T; errors: string[] } {
  const s = strategy(resource);
  const o = clone(obj);
  s.defaults?.(o);
  s.prepareForCreate?.(o);
  return { obj: o, errors: (s.validate?.(o) ?? []).map(errorString) };
}

/** Like the store: defaults, then stored status carried over when status is a subresource, prepare, validate. */
function update<T>(resource: string, obj: T, old: T): { obj: T; errors: string[] } {
  const s = strategy(resource);
  const o = clone(obj);
  s.defaults?.(o);
  if (s.subresources?.status) (o as { status?: unknown }).status = clone((old as { status?: unknown }).status);
  s.prepareForUpdate?.(o, old);
  return { obj: o, errors: (s.validateUpdate?.(o, old) ?? []).map(errorString) };
}

const cells = (resource: string, obj: unknown) => strategy(resource).printer!.cells(obj, now);
const columns = (resource: string) => strategy(resource).printer!.columns.map((c) => `${c.name}:${c.type}:${c.priority}`);

describe('storage.k8s.io StorageClass', () => {
  const sc: StorageClass = { metadata: { name: 'fast', creationTimestamp: created }, provisioner: 'kubernetes.io/no-provisioner' };

  it('defaults reclaimPolicy and volumeBindingMode and validates clean', () => {
    const { obj, errors } = create('storageclasses', sc);
    assert.equal(obj.reclaimPolicy, 'Delete');
    assert.equal(obj.volumeBindingMode, 'Immediate');
    assert.deepEqual(errors, []);
  });

  it('requires a provisioner and a supported reclaim policy', () => {
    const { errors } = create('storageclasses', { ...sc, provisioner: '', reclaimPolicy: 'Recycle' });
    assert.deepEqual(errors, ['provisioner: Required value', 'reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"']);
  });

  it('forbids changing parameters, provisioner, reclaimPolicy and volumeBindingMode', () => {
    const old = create('storageclasses', sc).obj;
    const changed: StorageClass = {
      ...clone(old),
      provisioner: 'example.com/other',
      parameters: { type: 'ssd' },
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
    };
    assert.deepEqual(update('storageclasses', changed, old).errors, [
      'parameters: Forbidden: updates to parameters are forbidden.',
      'provisioner: Forbidden: updates to provisioner are forbidden.',
      'reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.',
      'volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable',
    ]);
    const relabeled = { ...clone(old), metadata: { ...old.metadata, labels: { tier: 'gold' } }, allowVolumeExpansion: true };
    assert.deepEqual(update('storageclasses', relabeled, old).errors, []);
  });

  it('prints " (default)" on the name of the default class, with a boolean expansion cell', () => {
    const def = create('storageclasses', { ...sc, metadata: { ...sc.metadata, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } }).obj;
    assert.deepEqual(cells('storageclasses', def), ['fast (default)', 'kubernetes.io/no-provisioner', 'Delete', 'Immediate', false, '5m']);
    const notDefault = { ...def, metadata: { ...def.metadata, annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'True' } } };
    assert.equal(cells('storageclasses', notDefault)[0], 'fast');
    assert.deepEqual(columns('storageclasses'), [
      'Name:string:0',
      'Provisioner:string:0',
      'ReclaimPolicy:string:0',
      'VolumeBindingMode:string:0',
      'AllowVolumeExpansion:string:0',
      'Age:string:0',
    ]);
  });
});

describe('storage.k8s.io CSIDriver, CSINode, VolumeAttachment', () => {
  it('defaults a CSIDriver and keeps attachRequired and lifecycle modes immutable', () => {
    const { obj, errors } = create<CSIDriver>('csidrivers', { metadata: { name: 'hostpath.csi.k8s.io', creationTimestamp: created }, spec: {} });
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.spec, {
      attachRequired: true,
      podInfoOnMount: false,
      storageCapacity: false,
      fsGroupPolicy: 'ReadWriteOnceWithFSType',
      volumeLifecycleModes: ['Persistent'],
      requiresRepublish: false,
    });
    const changed = clone(obj);
    changed.spec!.attachRequired = false;
    changed.spec!.volumeLifecycleModes = ['Persistent', 'Ephemeral'];
    changed.spec!.storageCapacity = true;
    assert.deepEqual(update('csidrivers', changed, obj).errors, [
      'spec.attachedRequired: Invalid value: false: field is immutable',
      'spec.volumeLifecycleModes: Invalid value: []storage.VolumeLifecycleMode{"Persistent", "Ephemeral"}: field is immutable',
    ]);
    assert.deepEqual(cells('csidrivers', obj), ['hostpath.csi.k8s.io', true, false, false, '<unset>', false, 'Persistent', '5m']);
  });

  it('counts CSINode drivers and rejects duplicates', () => {
    const node = {
      metadata: { name: 'node-1', creationTimestamp: created },
      spec: { drivers: [{ name: 'a.csi.io', nodeID: 'n1' }, { name: 'a.csi.io', nodeID: 'n1' }] },
    };
    assert.deepEqual(create('csinodes', node).errors, ['spec.drivers[1].name: Duplicate value: "a.csi.io"']);
    assert.deepEqual(cells('csinodes', node), ['node-1', 2, '5m']);
  });

  it('requires exactly one VolumeAttachment source, resets status and freezes the spec', () => {
    const va = { metadata: { name: 'csi-123', creationTimestamp: created }, spec: { attacher: 'a.csi.io', nodeName: 'node-1', source: {} }, status: { attached: true } };
    const bad = create('volumeattachments', va);
    assert.deepEqual(bad.errors, ['spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName']);
    assert.deepEqual(bad.obj.status, { attached: false });
    const good = create('volumeattachments', { ...va, spec: { ...va.spec, source: { persistentVolumeName: 'pv-1' } } });
    assert.deepEqual(good.errors, []);
    const moved = clone(good.obj);
    moved.spec.nodeName = 'node-2';
    assert.deepEqual(update('volumeattachments', moved, good.obj).errors, [
      'spec: Invalid value: storage.VolumeAttachmentSpec{Attacher:"a.csi.io", Source:storage.VolumeAttachmentSource{PersistentVolumeName:(*string)(0xc000a4b2c0), InlineVolumeSpec:(*core.PersistentVolumeSpec)(nil)}, NodeName:"node-2"}: field is immutable',
    ]);
    assert.deepEqual(cells('volumeattachments', good.obj), ['csi-123', 'a.csi.io', 'pv-1', 'node-1', false, '5m']);
    assert.equal(strategy('volumeattachments').printer!.columns[1]!.format, 'name');
  });
});

describe('policy PodDisruptionBudget', () => {
  const pdb: PodDisruptionBudget = { metadata: { name: 'web', namespace: 'default', creationTimestamp: created }, spec: { selector: { matchLabels: { app: 'web' } } } };

  it('rejects minAvailable together with maxUnavailable', () => {
    const { errors } = create('poddisruptionbudgets', { ...pdb, spec: { ...pdb.spec, minAvailable: 1, maxUnavailable: 1 } });
    assert.deepEqual(errors, [
      'spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000a4b2c0), Selector:(*v1.LabelSelector)(0xc000a4b2c0), MaxUnavailable:(*intstr.IntOrString)(0xc000a4b2c0)}: minAvailable and maxUnavailable cannot be both set',
    ]);
  });

  it('validates int-or-string values like upstream', () => {
    assert.deepEqual(create('poddisruptionbudgets', { ...pdb, spec: { ...pdb.spec, minAvailable: '50' } }).errors, [
      `spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"50"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
    ]);
    assert.deepEqual(create('poddisruptionbudgets', { ...pdb, spec: { ...pdb.spec, maxUnavailable: -1 } }).errors, [
      'spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0',
    ]);
    assert.deepEqual(create('poddisruptionbudgets', { ...pdb, spec: { ...pdb.spec, maxUnavailable: '150%' } }).errors, [
      'spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%',
    ]);
    assert.deepEqual(create('poddisruptionbudgets', { ...pdb, spec: { ...pdb.spec, minAvailable: '100%' } }).errors, []);
  });

  it('starts from a zero status and prints N/A for the unset bound', () => {
    const { obj } = create('poddisruptionbudgets', { ...pdb, spec: { ...pdb.spec, minAvailable: '50%' }, status: { disruptionsAllowed: 7, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 } });
    assert.deepEqual(obj.status, { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
    assert.deepEqual(cells('poddisruptionbudgets', obj), ['web', '50%', 'N/A', 0, '5m']);
    assert.equal(strategy('poddisruptionbudgets').generation, true);
  });
});

describe('rbac.authorization.k8s.io', () => {
  it('uses path-segment names for every RBAC kind', () => {
    for (const r of ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings']) assert.equal(strategy(r).nameValidator, isPathSegmentName);
    assert.deepEqual(isPathSegmentName('system:controller:foo'), []);
  });

  it('reports rule errors with upstream messages', () => {
    const role: Role = {
      metadata: { name: 'r', namespace: 'default' },
      rules: [{ verbs: [], resources: ['pods'] }, { verbs: ['get'], nonResourceURLs: ['/healthz'] }],
    };
    assert.deepEqual(create('roles', role).errors, [
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[1].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
    ]);
    const cr: ClusterRole = { metadata: { name: 'c' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/metrics'], resources: ['pods'] }, { verbs: ['get'], nonResourceURLs: ['/healthz'] }] };
    assert.deepEqual(create('clusterroles', cr).errors, [
      'rules[0].nonResourceURLs: Invalid value: []string{"/metrics"}: rules cannot apply to both regular resources and non-resource URLs',
    ]);
    const agg: ClusterRole = { metadata: { name: 'agg' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-admin': 'true' } }] } };
    assert.deepEqual(create('clusterroles', agg).errors, []);
    assert.deepEqual(create('clusterroles', { ...agg, aggregationRule: {} }).errors, [
      'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
    ]);
    assert.equal(strategy('roles').printer, undefined);
    assert.equal(strategy('clusterroles').printer, undefined);
  });

  it('defaults API groups, validates roleRef and subjects', () => {
    const rb = { metadata: { name: 'rb', namespace: 'default' }, roleRef: { kind: 'Role', name: 'reader' }, subjects: [{ kind: 'User', name: 'alice' }, { kind: 'ServiceAccount', name: 'default' }] } as RoleBinding;
    const { obj, errors } = create('rolebindings', rb);
    assert.deepEqual(errors, []);
    assert.equal(obj.roleRef.apiGroup, 'rbac.authorization.k8s.io');
    assert.deepEqual(obj.subjects!.map((s) => s.apiGroup), ['rbac.authorization.k8s.io', '']);
    const crb = { metadata: { name: 'crb' }, roleRef: { kind: 'Role', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'default' }, { kind: 'Robot', name: 'r2' }] } as ClusterRoleBinding;
    assert.deepEqual(create('clusterrolebindings', crb).errors, [
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'subjects[0].namespace: Required value',
      'subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    ]);
  });

  it('refuses to change roleRef with the exact upstream message', () => {
    const old = create('clusterrolebindings', { metadata: { name: 'crb' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' } } as ClusterRoleBinding).obj;
    const changed = { ...clone(old), roleRef: { ...old.roleRef, name: 'edit' } };
    assert.deepEqual(update('clusterrolebindings', changed, old).errors, [
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    ]);
    const sameRef: ClusterRoleBinding = { ...clone(old), subjects: [{ kind: 'Group', name: 'devs' }] };
    assert.deepEqual(update('clusterrolebindings', sameRef, old).errors, []);
  });

  it('prints Role, Age and the wide subject columns', () => {
    const rb = {
      metadata: { name: 'rb', namespace: 'default', creationTimestamp: created },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'Group', name: 'devs' },
        { kind: 'User', name: 'bob' },
        { kind: 'ServiceAccount', name: 'builder', namespace: 'ci' },
        { kind: 'ServiceAccount', name: 'deployer', namespace: 'cd' },
      ],
    };
    assert.deepEqual(cells('rolebindings', rb), ['rb', 'ClusterRole/admin', '5m', 'alice, bob', 'devs', 'ci/builder, cd/deployer']);
    assert.deepEqual(cells('clusterrolebindings', { ...rb, subjects: undefined }), ['rb', 'ClusterRole/admin', '5m', '', '', '']);
    assert.deepEqual(columns('clusterrolebindings'), ['Name:string:0', 'Role:string:0', 'Age:string:0', 'Users:string:1', 'Groups:string:1', 'ServiceAccounts:string:1']);
  });
});

describe('networking.k8s.io Ingress', () => {
  const backend = { service: { name: 'web', port: { number: 80 } } };
  const ing = (rules: unknown[], extra: Record<string, unknown> = {}): Ingress =>
    ({ metadata: { name: 'ing', namespace: 'default', creationTimestamp: created }, spec: { rules, ...extra } }) as Ingress;

  it('accepts a valid ingress, wildcard hosts included, and resets status', () => {
    const { obj, errors } = create('ingresses', {
      ...ing([{ host: '*.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }]),
      status: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } },
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(obj.status, { loadBalancer: {} });
  });

  it('validates paths, path types, backends and hosts with upstream messages', () => {
    const { errors } = create(
      'ingresses',
      ing([
        {
          host: 'foo.*.com',
          http: {
            paths: [
              { path: '/a', backend },
              { path: 'relative', pathType: 'Exact', backend },
              { path: '/b', pathType: 'Regex', backend },
              { path: '/c', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http', number: 80 } } } },
              { path: '/d', pathType: 'Prefix', backend: { service: { name: 'Web', port: {} } } },
            ],
          },
        },
        { host: '10.1.2.3', http: { paths: [{ path: '/', pathType: 'ImplementationSpecific', backend }] } },
      ]),
    );
    const p = 'spec.rules[0].http.paths';
    assert.deepEqual(errors, [
      `spec.rules[0].host: Invalid value: "foo.*.com": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      `${p}[0].pathType: Required value: pathType must be specified`,
      `${p}[1].path: Invalid value: "relative": must be an absolute path`,
      `${p}[2].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"`,
      `${p}[3].backend: Invalid value: "": cannot set both port name & port number`,
      `${p}[4].backend.service.name: Invalid value: "Web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      `${p}[4].backend: Required value: port name or number is required`,
      'spec.rules[1].host: Invalid value: "10.1.2.3": must be a DNS name, not an IP address',
    ]);
    assert.deepEqual(create('ingresses', ing([])).errors, ['spec: Invalid value: []networking.IngressRule{}: either `defaultBackend` or `rules` must be specified']);
  });

  it('prints Hosts capped at three with " + N more...", fixed Ports and sorted addresses', () => {
    const rules = [{ host: 'a.example.com' }, {}, { host: 'b.example.com' }, { host: 'c.example.com' }, { host: 'd.example.com' }];
    const obj = {
      ...ing(rules, { ingressClassName: 'nginx', tls: [{ hosts: ['a.example.com'] }] }),
      status: { loadBalancer: { ingress: [{ ip: '10.0.0.9' }, { hostname: 'lb.example.com' }, { ip: '10.0.0.10' }, { ip: '10.0.0.9' }] } },
    };
    assert.deepEqual(cells('ingresses', obj), ['ing', 'nginx', 'a.example.com,b.example.com,c.example.com + 2 more...', '10.0.0.10,10.0.0.9,lb.example.com', '80, 443', '5m']);
    assert.deepEqual(cells('ingresses', ing([{ host: 'a.io' }, { host: 'b.io' }, { host: 'c.io' }])).slice(1, 5), ['<none>', 'a.io,b.io,c.io', '', '80']);
    assert.equal(cells('ingresses', ing([{}]))[2], '*');
    assert.equal(strategy('ingresses').storagePrefix, 'ingress');
  });
});

describe('networking.k8s.io NetworkPolicy', () => {
  it('defaults policy types and port protocols, validates ports and ipBlocks', () => {
    const np = {
      metadata: { name: 'np', namespace: 'default', creationTimestamp: created },
      spec: {
        podSelector: { matchLabels: { app: 'db' } },
        egress: [{ ports: [{ port: 5432 }], to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '192.168.0.0/24'] } }] }],
        ingress: [{ ports: [{ port: 'http', endPort: 90, protocol: 'ICMP' }] }],
      },
    };
    const { obj, errors } = create('networkpolicies', np as NetworkPolicy);
    assert.deepEqual(obj.spec!.policyTypes, ['Ingress', 'Egress']);
    assert.equal(obj.spec!.egress![0]!.ports![0]!.protocol, 'TCP');
    assert.deepEqual(errors, [
      'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
      'spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric',
      'spec.egress[0].to[0].ipBlock.except[1]: Invalid value: "192.168.0.0/24": must be a strict subset of `cidr`',
    ]);
    assert.deepEqual(cells('networkpolicies', obj), ['np', 'app=db', '5m']);
    assert.equal(cells('networkpolicies', { ...obj, spec: { podSelector: {} } })[1], '<none>');
  });
});

describe('apiextensions.k8s.io CustomResourceDefinition', () => {
  const schema = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' } } } } } };
  const crd = (over: Record<string, unknown> = {}): CustomResourceDefinition =>
    ({
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget', shortNames: ['wd'] },
        versions: [{ name: 'v1', served: true, storage: true, schema }],
        ...over,
      },
    }) as CustomResourceDefinition;

  it('defaults names and conversion and establishes the CRD on create', () => {
    const { obj, errors } = create<CustomResourceDefinition>('customresourcedefinitions', { ...crd(), status: { storedVersions: ['v0'] } });
    assert.deepEqual(errors, []);
    assert.equal(obj.spec.names.singular, 'widget');
    assert.equal(obj.spec.names.listKind, 'WidgetList');
    assert.deepEqual(obj.spec.conversion, { strategy: 'None' });
    assert.deepEqual(obj.status!.acceptedNames, { plural: 'widgets', kind: 'Widget', shortNames: ['wd'], singular: 'widget', listKind: 'WidgetList' });
    assert.deepEqual(obj.status!.storedVersions, ['v1']);
    const conds = obj.status!.conditions!;
    assert.deepEqual(
      conds.map(({ lastTransitionTime: _t, ...c }) => c),
      [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ],
    );
    for (const c of conds) assert.match(c.lastTransitionTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const s = strategy('customresourcedefinitions');
    assert.deepEqual([s.shortNames, s.categories, s.storagePrefix, s.printer], [['crd', 'crds'], ['api-extensions'], 'apiextensions.k8s.io/customresourcedefinitions', undefined]);
  });

  it('requires the name to be <plural>.<group> and a dotted group', () => {
    const { errors } = create('customresourcedefinitions', { ...crd({ group: 'example' }), metadata: { name: 'gadgets.example.com' } });
    assert.deepEqual(errors, [
      'metadata.name: Invalid value: "gadgets.example.com": must be spec.names.plural+"."+spec.group',
      'spec.group: Invalid value: "example": should be a domain with at least one dot',
    ]);
  });

  it('requires exactly one storage version', () => {
    const { errors } = create('customresourcedefinitions', crd({ versions: [{ name: 'v1', served: true, storage: false, schema }] }));
    assert.deepEqual(errors, [
      'spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{apiextensions.CustomResourceDefinitionVersion{Name:"v1", Served:true, Storage:false, Deprecated:false, DeprecationWarning:(*string)(nil), Schema:(*apiextensions.CustomResourceValidation)(nil), Subresources:(*apiextensions.CustomResourceSubresources)(nil), AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil)}}: must have exactly one version marked as storage version',
      'status.storedVersions: Invalid value: []string(nil): must have at least one stored version',
    ]);
    const two = create('customresourcedefinitions', crd({ versions: [{ name: 'v1', served: true, storage: true, schema }, { name: 'v2', served: true, storage: true, schema }] }));
    assert.match(two.errors[0]!, /^spec\.versions: Invalid value: .*: must have exactly one version marked as storage version$/);
  });

  it('requires object schemas at the root, reported where upstream reports them', () => {
    const single = create('customresourcedefinitions', crd({ versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'string' } } }] }));
    assert.deepEqual(single.errors, ['spec.validation.openAPIV3Schema.type: Invalid value: "string": must be object at the root']);
    const multi = create(
      'customresourcedefinitions',
      crd({
        versions: [
          { name: 'v1', served: true, storage: true, schema },
          { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: { properties: { spec: { properties: { x: { type: 'string' } } } } } } },
          { name: 'v3', served: false, storage: false },
        ],
      }),
    );
    assert.deepEqual(multi.errors, [
      'spec.versions[2].schema.openAPIV3Schema: Required value: schemas are required',
      'spec.versions[1].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
      'spec.versions[1].schema.openAPIV3Schema.type: Required value: must not be empty at the root',
    ]);
  });

  it('validates printer columns and scale paths', () => {
    const { errors } = create(
      'customresourcedefinitions',
      crd({
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema,
            subresources: { status: {}, scale: { specReplicasPath: '.status.replicas', statusReplicasPath: '.status.replicas' } },
            additionalPrinterColumns: [{ name: 'Replicas', type: 'int', jsonPath: 'spec.replicas' }],
          },
        ],
      }),
    );
    assert.deepEqual(errors, [
      'spec.subresources.scale.specReplicasPath: Invalid value: ".status.replicas": should be a json path under .spec',
      'spec.additionalPrinterColumns[0].type: Invalid value: "int": must be one of boolean,date,integer,number,string',
      'spec.additionalPrinterColumns[0].JSONPath: Invalid value: "spec.replicas": must be a simple json path starting with .',
    ]);
  });

  it('keeps scope, kind and group immutable and only ever adds stored versions', () => {
    const old = create('customresourcedefinitions', crd()).obj;
    const moved = clone(old);
    moved.spec.scope = 'Cluster';
    moved.spec.names.kind = 'Gadget';
    assert.deepEqual(update('customresourcedefinitions', moved, old).errors, [
      'spec.scope: Invalid value: "Cluster": field is immutable',
      'spec.names.kind: Invalid value: "Gadget": field is immutable',
    ]);

    const v2 = clone(old);
    v2.spec.versions = [
      { name: 'v1', served: true, storage: false, schema },
      { name: 'v2', served: true, storage: true, schema },
    ];
    const next = update('customresourcedefinitions', v2, old);
    assert.deepEqual(next.errors, []);
    assert.deepEqual(next.obj.status!.storedVersions, ['v1', 'v2']);
    assert.deepEqual(
      next.obj.status!.conditions!.map((c) => c.lastTransitionTime),
      old.status!.conditions!.map((c) => c.lastTransitionTime),
    );

    const dropped = clone(next.obj);
    dropped.spec.versions = [{ name: 'v2', served: true, storage: true, schema }];
    assert.deepEqual(update('customresourcedefinitions', dropped, next.obj).errors, ['status.storedVersions[0]: Invalid value: "v1": must appear in spec.versions']);
  });

  it('describes served versions for registering custom resources', () => {
    const { obj } = create(
      'customresourcedefinitions',
      crd({
        scope: 'Cluster',
        versions: [
          { name: 'v1beta1', served: false, storage: false, schema },
          { name: 'v1', served: true, storage: true, schema, subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } } },
        ],
      }),
    );
    const served = crdServedVersions(obj);
    assert.equal(served.length, 1);
    assert.deepEqual(served[0], {
      group: 'example.com',
      version: 'v1',
      kind: 'Widget',
      listKind: 'WidgetList',
      plural: 'widgets',
      singular: 'widget',
      shortNames: ['wd'],
      categories: [],
      namespaced: false,
      storage: true,
      deprecated: false,
      schema: schema.openAPIV3Schema,
      subresources: { status: true, scale: { specReplicasPath: ['spec', 'replicas'], statusReplicasPath: ['status', 'replicas'] } },
      additionalPrinterColumns: [],
    });
  });

  it('validates webhook conversion on the internal field names', () => {
    assert.deepEqual(create('customresourcedefinitions', crd({ conversion: { strategy: 'Webhook' } })).errors, [
      'spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook',
      'spec.conversion.conversionReviewVersions: Required value',
    ]);
    const webhook = { strategy: 'Webhook', webhook: { clientConfig: { url: 'http://conv.example.com/convert' }, conversionReviewVersions: ['v2'] } };
    assert.deepEqual(create('customresourcedefinitions', crd({ conversion: webhook })).errors, [
      `spec.conversion.webhookClientConfig.url: Invalid value: "http": 'https' is the only allowed URL scheme; desired format: https://host[/path]`,
      'spec.conversion.conversionReviewVersions: Invalid value: []string{"v2"}: must include at least one of v1, v1beta1',
    ]);
    const service = { strategy: 'Webhook', webhook: { clientConfig: { service: { name: 'conv', namespace: 'system' } }, conversionReviewVersions: ['v1'] } };
    const ok = create('customresourcedefinitions', crd({ conversion: service }));
    assert.deepEqual(ok.errors, []);
    assert.equal(ok.obj.spec.conversion!.webhook!.clientConfig!.service!.port, 443);
  });

  it('asks protected groups for API approval', () => {
    const k8s = crd({ group: 'widgets.k8s.io' });
    k8s.metadata!.name = 'widgets.widgets.k8s.io';
    assert.deepEqual(create('customresourcedefinitions', k8s).errors, [
      'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
    ]);
    k8s.metadata!.annotations = { 'api-approved.kubernetes.io': 'https://github.com/kubernetes/kubernetes/pull/1' };
    assert.deepEqual(create('customresourcedefinitions', k8s).errors, []);
  });
});

