// Definitions for custom resources (and built-ins without a generated definition), built from the
// CRD version's openAPIV3Schema the way apiextensions-apiserver publishes them: the schema plus
// apiVersion, kind and metadata (a reference to ObjectMeta), a List kind, and the GVK extension.
import type { AnyStrategy } from '../../registry/strategy.js';
import type { Schema } from '../../api/openapi/schema.js';
import { LIST_META, OBJECT_META, kindNames } from './names.js';

const API_VERSION_DOC =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DOC =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const METADATA_DOC = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
const LIST_METADATA_DOC = 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The kind and list definitions of a custom resource ($refs in #/definitions/ form), from the
 * schema as given (for v3) or converted for Swagger 2.0 (`v2`).
 */
export function customDefinitions(s: AnyStrategy, v2: boolean): Record<string, Schema> {
  const names = kindNames(s);
  const given: Schema = isObj(s.openAPISchema) ? (s.openAPISchema as Schema) : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const root: Schema = v2 ? toV2Schema(given) : { ...given };
  root.type ??= 'object';
  root.properties = {
    ...(root.properties ?? {}),
    apiVersion: { type: 'string', description: API_VERSION_DOC },
    kind: { type: 'string', description: KIND_DOC },
    metadata: { $ref: `#/definitions/${OBJECT_META}`, description: METADATA_DOC },
  };
  root['x-kubernetes-group-version-kind'] = [{ group: s.group, kind: s.kind, version: s.version }];
  const list: Schema = {
    description: `${s.kind}List is a list of ${s.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { type: 'string', description: API_VERSION_DOC },
      items: { type: 'array', description: `List of ${s.resource}.`, items: { $ref: `#/definitions/${names.kind}` } },
      kind: { type: 'string', description: KIND_DOC },
      metadata: { $ref: `#/definitions/${LIST_META}`, description: LIST_METADATA_DOC },
    },
    'x-kubernetes-group-version-kind': [{ group: s.group, kind: `${s.kind}List`, version: s.version }],
  };
  return { [names.kind]: root, [names.list]: list };
}

// Keys Swagger 2.0 (and gnostic's Schema message) can carry; anything else in a structural
// schema (nullable, allOf, anyOf, oneOf, not, ...) is dropped for v2, as upstream does.
const V2_SCALARS = ['format', 'title', 'description', 'pattern'] as const;
const V2_NUMBERS = ['multipleOf', 'maximum', 'minimum', 'maxLength', 'minLength', 'maxItems', 'minItems', 'maxProperties', 'minProperties'] as const;
const V2_BOOLS = ['exclusiveMaximum', 'exclusiveMinimum', 'uniqueItems', 'readOnly'] as const;

/**
 * A JSONSchemaProps subtree converted the way apiextensions-apiserver publishes CRDs in Swagger 2.0
 * (ToStructuralOpenAPIV2), so kubectl's v2 parser accepts it: allOf/anyOf/oneOf/not and nullable
 * go; a nullable value loses its type, items and properties; x-kubernetes-preserve-unknown-fields
 * drops items and properties; an array left without items loses its type; nullable properties
 * leave `required`. Empty strings, false and empty lists are left out as protobuf cannot tell
 * them from absent.
 */
export function toV2Schema(s: Schema): Schema {
  const out: Schema = {};
  for (const k of V2_SCALARS) if (typeof s[k] === 'string' && s[k]) out[k] = s[k];
  for (const k of V2_NUMBERS) if (typeof s[k] === 'number') out[k] = s[k];
  for (const k of V2_BOOLS) if (s[k] === true) out[k] = true;
  if (Array.isArray(s.enum) && s.enum.length) out.enum = s.enum;
  if (s.default !== undefined) out.default = s.default;
  if (s.example !== undefined) out.example = s.example;
  const nullable = s.nullable === true;
  const open = nullable || s['x-kubernetes-preserve-unknown-fields'] === true;
  if (typeof s.type === 'string' && s.type && !nullable) out.type = s.type;
  const props = isObj(s.properties) && !open ? (s.properties as Record<string, unknown>) : undefined;
  if (props) {
    out.properties = {};
    for (const [k, v] of Object.entries(props)) if (isObj(v)) out.properties[k] = toV2Schema(v as Schema);
  }
  if (isObj(s.additionalProperties)) out.additionalProperties = toV2Schema(s.additionalProperties as Schema);
  else if (typeof s.additionalProperties === 'boolean') out.additionalProperties = s.additionalProperties;
  const items = Array.isArray(s.items) ? s.items[0] : s.items;
  if (isObj(items) && !open) out.items = toV2Schema(items as Schema);
  if (out.type === 'array' && !out.items) delete out.type;
  if (Array.isArray(s.required)) {
    const apNullable = isObj(s.additionalProperties) && s.additionalProperties.nullable === true;
    const req = apNullable ? [] : s.required.filter((r): r is string => typeof r === 'string' && !(props && isObj(props[r]) && props[r].nullable === true));
    if (req.length) out.required = req;
  }
  for (const [k, v] of Object.entries(s)) if (k.startsWith('x-') && v !== undefined) out[k] = v;
  return out;
}
