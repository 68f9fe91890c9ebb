// The first JSON type a built-in kind's Go struct cannot take, as encoding/json reports it when
// kube-apiserver decodes a body or a patched object: "json: cannot unmarshal string into Go struct
// field DeploymentSpec.spec.replicas of type int32". Without this check a wrong-typed field would
// reach validation and storage as if it were well-formed.
import { isObject, jsonTypeName } from '../../api/object.js';
import type { Schema } from '../../api/openapi/schema.js';
import { definition, definitionNameFor } from '../../api/openapi/definitions.js';
import { Errors, type StatusError } from '../../machinery/errors.js';
import { invalid } from '../../machinery/fielderrors.js';

const INT_RANGE: Record<string, [number, number]> = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [-(2 ** 63), 2 ** 63] };
/** Types with their own JSON decoders, taking more than their schema's type says. */
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

const refName = (s: Schema) => (s.$ref ? s.$ref.slice(s.$ref.lastIndexOf('/') + 1) : '');

/** The Go type name the definition stands for (v1.Container, []v1.EnvVar, map[string]string, int32). */
function goType(s: Schema): string {
  const ref = refName(s);
  if (ref) return ref === QUANTITY ? 'resource.Quantity' : `${ref.split('.').at(-2)}.${ref.split('.').at(-1)}`;
  switch (s.type) {
    case 'integer':
      return s.format === 'int64' ? 'int64' : 'int32';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'array':
      return `[]${s.items ? goType(s.items) : 'interface {}'}`;
    case 'object':
      return isObject(s.additionalProperties) ? `map[string]${goType(s.additionalProperties)}` : 'map[string]interface {}';
    default:
      return 'string';
  }
}

interface Found {
  value: unknown;
  struct: string;
  field: string[];
  type: string;
}

function walk(schema: Schema, value: unknown, struct: string, field: string[], depth: number): Found | undefined {
  if (value === null || value === undefined || depth > 64) return undefined;
  const ref = refName(schema);
  const s = ref ? definition(ref) : schema;
  if (!s) return undefined;
  const bad = (): Found => ({ value, struct, field, type: goType(schema) });
  if (ref === QUANTITY) return typeof value === 'string' || typeof value === 'number' ? undefined : bad();
  if (s.format === 'int-or-string') return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)) ? undefined : bad();
  switch (s.type) {
    case 'string':
      return typeof value === 'string' ? undefined : bad();
    case 'boolean':
      return typeof value === 'boolean' ? undefined : bad();
    case 'number':
      return typeof value === 'number' ? undefined : bad();
    case 'integer': {
      const [lo, hi] = INT_RANGE[s.format === 'int64' ? 'int64' : 'int32']!;
      return typeof value === 'number' && Number.isInteger(value) && value >= lo && value <= hi ? undefined : bad();
    }
    case 'array':
      if (!Array.isArray(value)) return bad();
      for (const item of value) {
        const f = s.items && walk(s.items, item, struct, field, depth + 1);
        if (f) return f;
      }
      return undefined;
  }
  if (!s.properties && !isObject(s.additionalProperties)) return s.type === 'object' && !isObject(value) ? bad() : undefined;
  if (!isObject(value)) return bad();
  const name = ref ? ref.slice(ref.lastIndexOf('.') + 1) : struct;
  for (const [k, v] of Object.entries(value)) {
    const p = s.properties ? s.properties[k] : isObject(s.additionalProperties) ? s.additionalProperties : undefined;
    const f = p && walk(p, v, s.properties ? name : struct, s.properties ? [...field, k] : field, depth + 1);
    if (f) return f;
  }
  return undefined;
}

/** encoding/json's UnmarshalTypeError text for the first misfit in `obj`, or undefined. */
export function builtinTypeError(group: string, version: string, kind: string, obj: unknown): string | undefined {
  const name = definitionNameFor(group, version, kind);
  if (!name) return undefined;
  const f = walk({ $ref: `#/definitions/${name}` }, obj, kind, [], 0);
  if (!f) return undefined;
  // Go names the literal only when it is a number that does not fit a numeric field.
  const what = typeof f.value === 'number' && /^(int|float)/.test(f.type) ? `number ${f.value}` : jsonTypeName(f.value);
  const at = f.field.length ? `Go struct field ${f.struct}.${f.field.join('.')}` : 'Go value';
  return `json: cannot unmarshal ${what} into ${at} of type ${f.type}`;
}

/** patch.go's answer when the patched object does not decode: 422 Invalid on field "patch". */
export function patchTypeError(badValue: string, detail: string): StatusError {
  const err = Errors.invalid({ group: '', kind: '' }, '', [invalid('patch', badValue, detail)]);
  // NewInvalid with an empty GroupKind and name: omitempty leaves them out of the details.
  delete err.status.details!.name;
  delete err.status.details!.kind;
  return err;
}

/** The same for a custom resource's metadata, which is ObjectMeta too (decoding coerces it into one). */
export function metadataTypeError(obj: unknown): string | undefined {
  if (!isObject(obj) || obj.metadata === undefined) return undefined;
  const f = walk({ $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }, obj.metadata, 'ObjectMeta', ['metadata'], 0);
  if (!f) return undefined;
  return `json: cannot unmarshal ${jsonTypeName(f.value)} into Go struct field ${f.struct}.${f.field.join('.')} of type ${f.type}`;
}
