import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type * as PB from 'protobufjs';
import type { AnyStrategy } from '../src/registry/strategy.js';
import type { Schema } from '../src/api/openapi/schema.js';
import { loadDefinitions } from '../src/api/openapi/definitions.js';
import { generateDefinitions } from '../src/api/openapi/generate.js';
import {
  decodeV2,
  openapiV2,
  openapiV3Group,
  openapiV3Root,
  pruneUnknownFields,
  strictDecodingError,
  unknownFields,
  validateCustomResource,
} from '../src/apiserver/openapi/index.js';
import { documentType } from '../src/apiserver/openapi/gnostic.js';
import { errorString } from '../src/machinery/fielderrors.js';

type Obj = Record<string, any>;

const R = (group: string, version: string, kind: string, resource: string, namespaced: boolean, extra: Partial<AnyStrategy> = {}): AnyStrategy => ({
  group,
  version,
  kind,
  resource,
  singular: kind.toLowerCase(),
  namespaced,
  ...extra,
});
const scale = { specReplicasPath: ['spec', 'replicas'], statusReplicasPath: ['status', 'replicas'] };

const cronSchema = (): Schema => ({
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['cronSpec'],
      properties: {
        cronSpec: { type: 'string', minLength: 1, maxLength: 20, pattern: '^[0-9*/ ,-]+$' },
        replicas: { type: 'integer', minimum: 1, maximum: 10 },
        image: { type: 'string' },
        color: { type: 'string', enum: ['red', 'green'] },
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        note: { type: 'string', nullable: true },
        tags: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string' } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'object', properties: { a: { type: 'string' } } } } },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } } },
        items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
      },
    },
    status: { type: 'object', properties: { ready: { type: 'boolean' } } },
  },
});

const crontab = (schema: Schema = cronSchema()) =>
  R('stable.example.com', 'v1', 'CronTab', 'crontabs', true, { openAPISchema: schema, subresources: { status: true, scale } });

function resources(): AnyStrategy[] {
  return [
    R('', 'v1', 'Pod', 'pods', true, { subresources: { status: true } }),
    R('', 'v1', 'Node', 'nodes', false, { subresources: { status: true } }),
    R('', 'v1', 'ConfigMap', 'configmaps', true),
    R('', 'v1', 'Secret', 'secrets', true),
    R('', 'v1', 'Namespace', 'namespaces', false, { subresources: { status: true } }),
    R('apps', 'v1', 'Deployment', 'deployments', true, { subresources: { status: true, scale } }),
    R('batch', 'v1', 'Job', 'jobs', true, { subresources: { status: true } }),
    R('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
    R('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, { subresources: { status: true } }),
    R('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, { verbs: ['create'] }),
    crontab(),
  ];
}

/** Every $ref (v2 or v3 form) in a value. */
function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') out.push(x);
      else refs(x, out);
    }
  }
  return out;
}

test('generated definitions carry upstream names, refs, descriptions and markers', () => {
  const d = loadDefinitions();
  const pod = d['io.k8s.api.core.v1.Pod']!;
  assert.equal(pod.description, 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.');
  assert.equal(pod.type, 'object');
  assert.equal(pod.properties!.spec!.$ref, '#/definitions/io.k8s.api.core.v1.PodSpec');
  assert.match(pod.properties!.spec!.description!, /^Specification of the desired behavior of the pod/);
  assert.equal(pod.properties!.metadata!.$ref, '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
  assert.deepEqual(pod['x-kubernetes-group-version-kind'], [{ group: '', kind: 'Pod', version: 'v1' }]);
  assert.deepEqual(d['io.k8s.api.apps.v1.Deployment']!['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);

  const spec = d['io.k8s.api.core.v1.PodSpec']!;
  assert.deepEqual(spec.required, ['containers']);
  assert.deepEqual(spec.properties!.containers, {
    type: 'array',
    items: { $ref: '#/definitions/io.k8s.api.core.v1.Container' },
    description: spec.properties!.containers!.description,
    'x-kubernetes-patch-merge-key': 'name',
    'x-kubernetes-patch-strategy': 'merge',
  });
  assert.equal(spec.properties!.nodeSelector!.type, 'object');
  assert.deepEqual(spec.properties!.nodeSelector!.additionalProperties, { type: 'string' });
  assert.equal(spec.properties!.nodeSelector!['x-kubernetes-map-type'], 'atomic');
  assert.equal(spec.properties!.terminationGracePeriodSeconds!.format, 'int64');
  assert.equal(spec.properties!.priority!.format, 'int32');
  const ports = d['io.k8s.api.core.v1.Container']!.properties!.ports!;
  assert.deepEqual(ports['x-kubernetes-list-map-keys'], ['containerPort', 'protocol']);
  assert.equal(ports['x-kubernetes-list-type'], 'map');
  assert.equal(d['io.k8s.api.core.v1.ContainerPort']!.properties!.protocol!.default, 'TCP');

  assert.deepEqual(
    { type: d['io.k8s.apimachinery.pkg.apis.meta.v1.Time']!.type, format: d['io.k8s.apimachinery.pkg.apis.meta.v1.Time']!.format },
    { type: 'string', format: 'date-time' },
  );
  assert.equal(d['io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime']!.format, 'date-time');
  assert.equal(d['io.k8s.apimachinery.pkg.util.intstr.IntOrString']!.format, 'int-or-string');
  assert.equal(d['io.k8s.apimachinery.pkg.api.resource.Quantity']!.type, 'string');
  assert.equal(d['io.k8s.apimachinery.pkg.runtime.RawExtension']!.type, 'object');
  assert.equal(d['io.k8s.api.core.v1.Probe']!.properties!.periodSeconds!.format, 'int32');
  assert.equal(d['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']!.properties!.generation!.format, 'int64');
  assert.equal(d['io.k8s.api.apps.v1.DeploymentSpec']!.properties!.strategy!['x-kubernetes-patch-strategy'], 'retainKeys');
  assert.equal(d['io.k8s.api.apps.v1.RollingUpdateDeployment']!.properties!.maxSurge!.$ref, '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString');
  assert.deepEqual(d['io.k8s.api.core.v1.Secret']!.properties!.data!.additionalProperties, { type: 'string', format: 'byte' });
  assert.equal(d['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']!['x-kubernetes-map-type'], 'atomic');
  const jsp = d['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps']!;
  assert.equal(jsp.properties!['x-kubernetes-preserve-unknown-fields']!.type, 'boolean');
  assert.equal(jsp.properties!.maximum!.format, 'double');
  assert.equal(jsp.properties!.maxLength!.format, 'int64');

  // Every reference in the whole set resolves (kubectl's parser rejects dangling ones).
  for (const r of refs(d)) assert.ok(d[r.slice('#/definitions/'.length)], `dangling ${r}`);
  assert.ok(Object.keys(d).length > 450);
});

test('the generator reproduces the loaded definitions from kubernetes-types', () => {
  // Guards against a stale dist/.../definitions.json as well as testing the generator itself.
  const generated = generateDefinitions();
  assert.deepEqual(generated, loadDefinitions());
  assert.equal(generated['io.k8s.api.batch.v1.CronJobSpec']!.properties!.startingDeadlineSeconds!.format, 'int64');
});

test('v2: paths and operations for every resource, with PATCH, GVK and fieldValidation', () => {
  const rs = resources();
  const { json } = openapiV2(rs);
  const doc = json as Obj;
  assert.equal(doc.swagger, '2.0');
  assert.deepEqual(doc.info, { title: 'Kubernetes', version: 'v1.25.0' });

  for (const r of rs.filter((x) => !x.verbs)) {
    const gvk = { group: r.group, kind: r.kind, version: r.version };
    const patches = Object.entries(doc.paths as Obj).filter(([, item]) => item.patch && JSON.stringify(item.patch['x-kubernetes-group-version-kind']) === JSON.stringify(gvk));
    assert.ok(patches.length >= 1, `no PATCH for ${r.kind}`);
    for (const [, item] of patches) {
      assert.ok(item.patch.parameters.some((p: Obj) => p.name === 'fieldValidation' && p.in === 'query'), `${r.kind} PATCH lacks fieldValidation`);
      // Custom resources offer no strategic merge patch (kubectl 1.27+ picks apply's patch type from this).
      const smp = r.openAPISchema === undefined ? ['application/strategic-merge-patch+json'] : [];
      assert.deepEqual(item.patch.consumes, ['application/json-patch+json', 'application/merge-patch+json', ...smp, 'application/apply-patch+yaml']);
    }
  }

  const pods = doc.paths['/api/v1/namespaces/{namespace}/pods'];
  assert.equal(pods.get.operationId, 'listCoreV1NamespacedPod');
  assert.equal(pods.get['x-kubernetes-action'], 'list');
  assert.equal(pods.get.responses['200'].schema.$ref, '#/definitions/io.k8s.api.core.v1.PodList');
  assert.equal(pods.post.operationId, 'createCoreV1NamespacedPod');
  assert.deepEqual(pods.post.parameters.map((p: Obj) => p.name), ['body', 'dryRun', 'fieldManager', 'fieldValidation']);
  assert.equal(pods.delete.operationId, 'deleteCoreV1CollectionNamespacedPod');
  const pod = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}'];
  assert.equal(pod.patch.operationId, 'patchCoreV1NamespacedPod');
  assert.deepEqual(pod.patch.parameters.map((p: Obj) => p.name), ['body', 'dryRun', 'fieldManager', 'fieldValidation', 'force']);
  assert.equal(pod.put['x-kubernetes-action'], 'put');
  assert.deepEqual(pod.parameters.map((p: Obj) => `${p.in}:${p.name}`), ['path:name', 'path:namespace', 'query:pretty']);
  assert.equal(doc.paths['/api/v1/pods'].get.operationId, 'listCoreV1PodForAllNamespaces');
  assert.equal(doc.paths['/api/v1/namespaces/{namespace}/pods/{name}/status'].patch.operationId, 'patchCoreV1NamespacedPodStatus');
  assert.equal(doc.paths['/api/v1/nodes/{name}'].get.operationId, 'readCoreV1Node');
  assert.equal(doc.paths['/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}'].patch.tags[0], 'rbacAuthorization_v1');
  const depScale = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'];
  assert.deepEqual(depScale.patch['x-kubernetes-group-version-kind'], { group: 'autoscaling', kind: 'Scale', version: 'v1' });
  assert.equal(depScale.get.responses['200'].schema.$ref, '#/definitions/io.k8s.api.autoscaling.v1.Scale');
  // Verbs are honoured: a create-only kind has a POST and nothing else.
  const ssar = doc.paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'];
  assert.deepEqual(Object.keys(ssar).filter((k) => k !== 'parameters'), ['post']);
  assert.equal(doc.paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/{name}'], undefined);

  // Custom resource: reversed-group definition, GVK, metadata → ObjectMeta, list kind.
  const ct = doc.definitions['com.example.stable.v1.CronTab'];
  assert.deepEqual(ct['x-kubernetes-group-version-kind'], [{ group: 'stable.example.com', kind: 'CronTab', version: 'v1' }]);
  assert.equal(ct.properties.metadata.$ref, '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
  assert.equal(ct.properties.spec.properties.replicas.type, 'integer');
  assert.equal(ct.properties.spec.properties.note.type, undefined, 'nullable loses its type in v2');
  assert.equal(ct.properties.spec.properties.port.anyOf, undefined, 'anyOf is dropped in v2');
  assert.equal(ct.properties.spec.properties.extra.properties, undefined, 'preserve-unknown-fields drops properties in v2');
  assert.equal(doc.definitions['com.example.stable.v1.CronTabList'].properties.items.items.$ref, '#/definitions/com.example.stable.v1.CronTab');
  const ctPatch = doc.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}'].patch;
  assert.equal(ctPatch.operationId, 'patchStableExampleComV1NamespacedCronTab');

  // Definitions are closed under $ref and include the meta types.
  for (const r of refs(doc)) assert.ok(doc.definitions[r.slice('#/definitions/'.length)], `dangling ${r}`);
  for (const n of ['io.k8s.api.core.v1.PodList', 'io.k8s.apimachinery.pkg.apis.meta.v1.Status', 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions', 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch']) {
    assert.ok(doc.definitions[n], n);
  }
  assert.equal(doc.definitions['io.k8s.api.apps.v1.StatefulSet'], undefined, 'unreferenced kinds are left out');
});

/** Drops what proto3 cannot carry: zero numbers (minimum: 0 and the like) in schemas. */
function protoVisible(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(protoVisible);
  if (!v || typeof v !== 'object') return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('x-') || k === 'enum' || k === 'default' || k === 'example') out[k] = x;
    else if (x === 0 && /^(min|max|multipleOf)/.test(k)) continue;
    else out[k] = protoVisible(x);
  }
  return out;
}

test('v2 protobuf decodes (gnostic openapi.v2.Document) back to the same document', () => {
  const rs = [...resources().slice(0, -1), crontab({ type: 'object', properties: { spec: { type: 'object', properties: { n: { type: 'integer', minimum: 0, maximum: 3, default: 0 } } } } })];
  const v2 = openapiV2(rs);
  const expected = JSON.parse(v2.jsonText);
  assert.deepEqual(decodeV2(v2.protobuf), protoVisible(expected));
  assert.equal(JSON.stringify(v2.json), v2.jsonText);
  assert.match(v2.etag, /^"[0-9A-F]{128}"$/);

  // Wire details: Document.swagger is field 1; vendor extensions are NamedAny{name, Any{yaml: "<json>\n"}}.
  assert.deepEqual([...v2.protobuf.subarray(0, 5)], [0x0a, 0x03, 0x32, 0x2e, 0x30]);
  const t = documentType();
  const raw = t.toObject(t.decode(v2.protobuf), { longs: Number }) as Obj;
  const podPatch = raw.paths.path.find((p: Obj) => p.name === '/api/v1/namespaces/{namespace}/pods/{name}').value.patch;
  const gvk = podPatch.vendor_extension.find((e: Obj) => e.name === 'x-kubernetes-group-version-kind');
  assert.equal(gvk.value.yaml, '{"group":"","kind":"Pod","version":"v1"}\n');
  const fv = podPatch.parameters.find((p: Obj) => p.parameter?.non_body_parameter?.query_parameter_sub_schema?.name === 'fieldValidation');
  assert.ok(fv, 'fieldValidation is a query parameter sub-schema');

  // An independent decode with a schema built from field numbers alone agrees on a definition.
  const protobuf = createRequire(import.meta.url)('protobufjs') as typeof PB;
  const root = protobuf.Root.fromJSON({
    nested: {
      D: { fields: { swagger: { type: 'string', id: 1 }, definitions: { type: 'Defs', id: 9 } } },
      Defs: { fields: { e: { rule: 'repeated', type: 'NS', id: 1 } } },
      NS: { fields: { name: { type: 'string', id: 1 }, value: { type: 'S', id: 2 } } },
      S: { fields: { ref: { type: 'string', id: 1 }, description: { type: 'string', id: 4 }, type: { type: 'T', id: 22 }, properties: { type: 'Defs', id: 25 } } },
      T: { fields: { value: { rule: 'repeated', type: 'string', id: 1 } } },
    },
  });
  const d = root.lookupType('D').toObject(root.lookupType('D').decode(v2.protobuf)) as Obj;
  const podDef = d.definitions.e.find((e: Obj) => e.name === 'io.k8s.api.core.v1.Pod').value;
  assert.deepEqual(podDef.type.value, ['object']);
  assert.equal(podDef.properties.e.find((e: Obj) => e.name === 'spec').value.ref, '#/definitions/io.k8s.api.core.v1.PodSpec');
});

test('v2 and v3 results are memoized by resource set and rebuilt when it changes', () => {
  const a = openapiV2(resources());
  assert.equal(openapiV2(resources()), a, 'equal sets (new objects) reuse the result');
  assert.equal(openapiV2([...resources()].reverse()), a, 'order does not matter');
  const other = resources();
  other.push(R('stable.example.com', 'v1', 'Widget', 'widgets', false, { openAPISchema: { type: 'object' } }));
  const b = openapiV2(other);
  assert.notEqual(b, a);
  assert.ok((b.json as Obj).definitions['com.example.stable.v1.Widget']);
  assert.notEqual(b.etag, a.etag);
});

test('v3: root index with hashed URLs and per-group-version documents', () => {
  const rs = resources();
  const root = openapiV3Root(rs);
  assert.deepEqual(Object.keys(root.paths).sort(), [
    'api/v1',
    'apis/apiextensions.k8s.io/v1',
    'apis/apps/v1',
    'apis/authorization.k8s.io/v1',
    'apis/batch/v1',
    'apis/rbac.authorization.k8s.io/v1',
    'apis/stable.example.com/v1',
  ]);
  const core = openapiV3Group(rs, 'api/v1')!;
  assert.match(core.hash, /^[0-9A-F]{128}$/);
  assert.equal(root.paths['api/v1']!.serverRelativeURL, `/openapi/v3/api/v1?hash=${core.hash}`);
  const doc = core.doc as Obj;
  assert.equal(doc.openapi, '3.0.0');
  assert.deepEqual(doc.info, { title: 'Kubernetes', version: 'v1.25.0' });
  assert.ok(Object.keys(doc.paths).every((p) => p.startsWith('/api/v1/')));
  const patch = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch;
  assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: '', kind: 'Pod', version: 'v1' });
  assert.ok(patch.parameters.some((p: Obj) => p.name === 'fieldValidation' && p.in === 'query'));
  assert.deepEqual(Object.keys(patch.requestBody.content), ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml']);
  assert.equal(patch.responses['200'].content['application/json'].schema.$ref, '#/components/schemas/io.k8s.api.core.v1.Pod');
  const podSchema = doc.components.schemas['io.k8s.api.core.v1.Pod'];
  assert.deepEqual(podSchema.properties.spec.allOf, [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' }]);
  for (const r of refs(doc)) {
    assert.ok(r.startsWith('#/components/schemas/'), r);
    assert.ok(doc.components.schemas[r.slice('#/components/schemas/'.length)], `dangling ${r}`);
  }
  assert.equal(doc.components.schemas['io.k8s.api.apps.v1.Deployment'], undefined, 'other groups stay out');

  // The CRD group keeps its v3-only schema parts.
  const ct = openapiV3Group(rs, 'apis/stable.example.com/v1')!.doc as Obj;
  const spec = ct.components.schemas['com.example.stable.v1.CronTab'].properties.spec;
  assert.equal(spec.properties.note.nullable, true);
  assert.equal(spec.properties.port['x-kubernetes-int-or-string'], true);
  assert.ok(ct.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}'].patch.parameters.some((p: Obj) => p.name === 'fieldValidation'));

  // Hashes are stable across rebuilds and change with content.
  const changed = resources();
  changed[changed.length - 1] = crontab({ type: 'object', properties: { spec: { type: 'object' } } });
  const h2 = openapiV3Group(changed, 'apis/stable.example.com/v1')!.hash;
  assert.notEqual(h2, openapiV3Group(rs, 'apis/stable.example.com/v1')!.hash);
  assert.equal(openapiV3Group(resources(), 'api/v1')!.hash, core.hash);
  assert.equal(openapiV3Group(rs, 'apis/nope/v1'), undefined);
});

test('unknownFields: built-in kinds, strict decoding paths', () => {
  const pod = R('', 'v1', 'Pod', 'pods', true);
  const obj = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', labels: { 'any.key/x': 'y' }, annotations: { a: 'b' }, bogusMeta: 1, managedFields: [{ fieldsV1: { 'f:spec': {} } }] },
    spec: {
      containers: [
        { name: 'c', image: 'nginx', ports: [{ containerPort: 80, what: 1 }] },
        { name: 'd', image: 'x', bogusField: true, resources: { limits: { cpu: '1' } } },
      ],
      nodeSelector: { whatever: 'ok' },
    },
    extra: 1,
  };
  assert.deepEqual(unknownFields(pod, obj), ['metadata.bogusMeta', 'spec.containers[0].ports[0].what', 'spec.containers[1].bogusField', 'extra']);
  assert.deepEqual(unknownFields(pod, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }] } }), []);
  const dep = R('apps', 'v1', 'Deployment', 'deployments', true);
  assert.deepEqual(unknownFields(dep, { spec: { template: { spec: { initContainers: [{ name: 'i', restartPolicy: 'Always' }] } }, strategy: { rollingUpdate: { maxSurge: '25%' } } } }), [
    'spec.template.spec.initContainers[0].restartPolicy',
  ]);
  // Opaque values (RawExtension) accept anything; unknown kinds have no schema to check against.
  const cr = R('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true);
  assert.deepEqual(unknownFields(cr, { data: { anything: { goes: 1 } }, revision: 1 }), []);
  assert.deepEqual(unknownFields(R('example.io', 'v1', 'Thing', 'things', true), { x: 1 }), []);
  assert.equal(
    strictDecodingError('Pod', 'v1', ['spec.containers[0].bogusField', 'extra']),
    'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].bogusField", unknown field "extra"',
  );
});

test('unknownFields: custom resources follow the structural schema', () => {
  const ct = crontab();
  const obj = {
    apiVersion: 'stable.example.com/v1',
    kind: 'CronTab',
    metadata: { name: 'a', foo: 1 },
    spec: {
      cronSpec: '*',
      bogus: 1,
      labels: { any: 'thing' },
      extra: { free: { form: 1 }, known: { a: 'x', b: 'dropped' } },
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { x: 'y', z: 1 } },
      items: [{ name: 'n', other: 2 }],
    },
    top: true,
  };
  const before = JSON.stringify(obj);
  assert.deepEqual(unknownFields(ct, obj), ['metadata.foo', 'spec.bogus', 'spec.extra.known.b', 'spec.items[0].other', 'spec.template.spec.z', 'top']);
  assert.equal(JSON.stringify(obj), before, 'unknownFields does not modify the object');
});

test('pruneUnknownFields removes unknown fields in place and reports them', () => {
  const obj: Obj = {
    apiVersion: 'stable.example.com/v1',
    kind: 'CronTab',
    metadata: { name: 'a', labels: { x: 'y' }, junk: true },
    spec: { cronSpec: '*', bogus: 1, extra: { free: 1, known: { a: 'x', b: 2 } }, items: [{ name: 'n', other: 2 }], template: { kind: 'Pod', spec: { nope: 1 } } },
    status: { ready: true, phase: 'x' },
  };
  const removed = pruneUnknownFields(cronSchema(), obj);
  assert.deepEqual(removed, ['metadata.junk', 'spec.bogus', 'spec.extra.known.b', 'spec.items[0].other', 'spec.template.spec.nope', 'status.phase']);
  assert.deepEqual(obj, {
    apiVersion: 'stable.example.com/v1',
    kind: 'CronTab',
    metadata: { name: 'a', labels: { x: 'y' } },
    spec: { cronSpec: '*', extra: { free: 1, known: { a: 'x' } }, items: [{ name: 'n' }], template: { kind: 'Pod', spec: {} } },
    status: { ready: true },
  });
  // An object schema without properties keeps nothing; preserve-unknown-fields at the root keeps all.
  const o2: Obj = { apiVersion: 'a/v1', kind: 'K', metadata: { name: 'n' }, spec: { a: 1 } };
  assert.deepEqual(pruneUnknownFields({ type: 'object', properties: { spec: { type: 'object' } } }, o2), ['spec.a']);
  assert.deepEqual(o2.spec, {});
  const o3: Obj = { apiVersion: 'a/v1', kind: 'K', metadata: { name: 'n' }, anything: { a: 1 } };
  assert.deepEqual(pruneUnknownFields({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, o3), []);
  assert.deepEqual(o3.anything, { a: 1 });
});

test('validateCustomResource: apiextensions error messages', () => {
  const schema = cronSchema();
  const v = (spec: Obj) => validateCustomResource(schema, { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'a' }, spec }).map(errorString);

  assert.deepEqual(v({ cronSpec: '* * * * *', replicas: 3, color: 'red', port: 80, note: null, tags: ['a'] }), []);
  assert.deepEqual(v({ cronSpec: '*', port: 'http' }), []);
  assert.deepEqual(v({ cronSpec: '*', replicas: 'string' }), ['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"']);
  assert.deepEqual(v({ cronSpec: '*', replicas: true }), ['spec.replicas: Invalid value: "boolean": spec.replicas in body must be of type integer: "boolean"']);
  assert.deepEqual(v({ cronSpec: '*', replicas: 2.5 }), ['spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"']);
  assert.deepEqual(v({ cronSpec: '*', image: null }), ['spec.image: Invalid value: "null": spec.image in body must be of type string: "null"']);
  assert.deepEqual(v({ replicas: 2 }), ['spec.cronSpec: Required value']);
  assert.deepEqual(v({ cronSpec: '*', color: 'pink' }), ['spec.color: Unsupported value: "pink": supported values: "red", "green"']);
  assert.deepEqual(v({ cronSpec: '*', replicas: 0 }), ['spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1']);
  assert.deepEqual(v({ cronSpec: '*', replicas: 11 }), ['spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10']);
  assert.deepEqual(v({ cronSpec: '' }), ['spec.cronSpec: Invalid value: "": spec.cronSpec in body should be at least 1 chars long']);
  assert.deepEqual(v({ cronSpec: '1111111111111111111111' }), ['spec.cronSpec: Too long: may not be longer than 20']);
  assert.deepEqual(v({ cronSpec: 'abc' }), ["spec.cronSpec: Invalid value: \"abc\": spec.cronSpec in body should match '^[0-9*/ ,-]+$'"]);
  assert.deepEqual(v({ cronSpec: '*', tags: [] }), ['spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items']);
  assert.deepEqual(v({ cronSpec: '*', tags: ['a', 'b', 'c'] }), ['spec.tags: Too many: 3: must have at most 2 items']);
  assert.deepEqual(v({ cronSpec: '*', tags: ['a', 3] }), ['spec.tags[1]: Invalid value: "integer": spec.tags[1] in body must be of type string: "integer"']);
  assert.deepEqual(v({ cronSpec: '*', port: true }), ['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"']);
  assert.deepEqual(v({ cronSpec: '*', labels: { a: 1 } }), ['spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"']);
  assert.deepEqual(validateCustomResource(schema, { spec: 'x' }).map(errorString), ['spec: Invalid value: "string": spec in body must be of type object: "string"']);

  const fmt = { type: 'object', properties: { at: { type: 'string', format: 'date-time' }, n: { type: 'integer', format: 'int32' } } };
  assert.deepEqual(validateCustomResource(fmt, { at: '2024-01-02T03:04:05Z', n: 3 }), []);
  assert.deepEqual(validateCustomResource(fmt, { at: 'yesterday' }).map(errorString), ['at: Invalid value: "yesterday": at in body must be of type date-time: "yesterday"']);
});
