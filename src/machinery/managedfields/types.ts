// The ObjectType of a served resource: built-ins from the generated v1.25 definitions, custom
// resources from their CRD version's openAPIV3Schema (with apiVersion, kind and ObjectMeta added,
// as apiextensions-apiserver publishes it), anything without a schema as a deduced type.
import { loadDefinitions } from '../../api/openapi/definitions.js';
import type { Schema } from '../../api/openapi/schema.js';
import { DEDUCED_REF, SchemaConverter, type TypeRef } from './schema.js';
import type { ObjectType } from './manager.js';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const TIME_TYPES = new Set(['io.k8s.apimachinery.pkg.apis.meta.v1.Time', 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime']);

/**
 * Struct fields Go keeps as values although they are optional (omitempty does not drop a struct),
 * so the zero object already has them. The definitions cannot tell a value from a pointer; this is
 * hand-kept from the k8s.io/api v0.25 types, for the paths a create reaches through maps.
 */
const VALUE_STRUCTS: Record<string, string[]> = {
  'io.k8s.api.core.v1.PodTemplateSpec': ['metadata', 'spec'],
  'io.k8s.api.batch.v1.JobTemplateSpec': ['metadata', 'spec'],
  'io.k8s.api.apps.v1.ReplicaSetSpec': ['template'],
  'io.k8s.api.apps.v1.DeploymentSpec': ['strategy'],
  'io.k8s.api.apps.v1.DaemonSetSpec': ['updateStrategy'],
  'io.k8s.api.apps.v1.StatefulSetSpec': ['updateStrategy'],
  'io.k8s.api.core.v1.ServiceStatus': ['loadBalancer'],
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': ['resources'],
  'io.k8s.api.core.v1.NodeStatus': ['daemonEndpoints', 'nodeInfo'],
  'io.k8s.api.core.v1.NodeDaemonEndpoints': ['kubeletEndpoint'],
  'io.k8s.api.core.v1.Event': ['source'],
};
/** Top-level spec and status of every built-in kind are value structs, as is metadata. */
const ROOT_STRUCTS = ['metadata', 'spec', 'status'];

let builtinConverter: SchemaConverter | undefined;
function converter(): SchemaConverter {
  builtinConverter ??= new SchemaConverter((name) => loadDefinitions()[name]);
  return builtinConverter;
}

const zeroCache = new Map<string, Record<string, unknown>>();

/**
 * Creater.New(kind) as JSON: required (non-omitempty) fields with Go's zero values, value structs
 * as zero structs, nil slices, maps and pointers as null. Only presence matters to the comparison
 * a create makes against it (a field present in the zero object is "modified", not "added").
 */
function zeroOf(name: string, extra: string[], depth: number): Record<string, unknown> {
  const key = `${name}|${extra.join(',')}`;
  const cached = zeroCache.get(key);
  if (cached) return cached;
  const def = loadDefinitions()[name];
  const out: Record<string, unknown> = {};
  if (def?.properties && depth < 12) {
    for (const f of new Set([...(def.required ?? []), ...(VALUE_STRUCTS[name] ?? []), ...extra])) {
      const p = def.properties[f];
      if (p) out[f] = zeroValue(p, depth);
    }
  }
  zeroCache.set(key, out);
  return out;
}

function zeroValue(p: Schema, depth: number): unknown {
  if (typeof p.$ref === 'string') {
    const name = p.$ref.replace(/^#\/definitions\//, '');
    if (TIME_TYPES.has(name)) return null;
    if (name.endsWith('.IntOrString')) return 0;
    if (name.endsWith('.Quantity')) return '0';
    const target = loadDefinitions()[name];
    if (!target) return null;
    if (target.properties) return zeroOf(name, [], depth + 1);
    return zeroValue(target, depth + 1);
  }
  switch (p.type) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

export interface ResourceTypeInfo {
  group: string;
  version: string;
  kind: string;
  /** Name of the built-in definition, if any. */
  definition?: string;
  /** A custom resource's openAPIV3Schema; `custom` without one is schemaless (deduced). */
  openAPISchema?: unknown;
  custom?: boolean;
}

/** The ObjectType the field manager uses for a resource. */
export function objectTypeFor(r: ResourceTypeInfo): ObjectType {
  const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
  const kind = `${r.group}/${r.version}, Kind=${r.kind}`;
  if (r.custom) {
    let root: TypeRef = DEDUCED_REF;
    if (typeof r.openAPISchema === 'object' && r.openAPISchema !== null) {
      const given = r.openAPISchema as Schema;
      const withMeta: Schema = {
        ...given,
        type: 'object',
        properties: {
          ...(given.properties ?? {}),
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { $ref: `#/definitions/${OBJECT_META}` },
        },
      };
      root = converter().ref(withMeta, false);
    }
    return { root, apiVersion, kind, zero: () => ({}) };
  }
  if (!r.definition) return { root: DEDUCED_REF, apiVersion, kind, zero: () => ({}) };
  const name = r.definition;
  const def = loadDefinitions()[name];
  const rootStructs = ROOT_STRUCTS.filter((f) => {
    const p = def?.properties?.[f];
    return typeof p?.$ref === 'string' && !!loadDefinitions()[p.$ref.replace(/^#\/definitions\//, '')]?.properties;
  });
  return { root: converter().named_(name), apiVersion, kind, zero: () => zeroOf(name, rootStructs, 0) };
}
