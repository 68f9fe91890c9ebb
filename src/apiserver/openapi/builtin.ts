// Unknown fields of values checked against generated built-in definitions, with the semantics of
// kube-apiserver's strict JSON decoding into Go structs (sigs.k8s.io/json): a key no struct field
// matches is unknown; map keys are joined into the path with "."; at most 100 are reported.
import type { Schema } from '../../api/openapi/schema.js';
import { definition } from '../../api/openapi/definitions.js';
import { OBJECT_META } from './names.js';

export const MAX_UNKNOWN = 100;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function resolve(s: Schema | undefined): Schema | undefined {
  let cur = s;
  for (let i = 0; cur?.$ref && i < 8; i++) cur = definition(cur.$ref.slice(cur.$ref.lastIndexOf('/') + 1));
  return cur;
}

/**
 * Walks a value against a built-in definition, appending unknown paths to `out` (and deleting
 * them when `remove`). Objects without declared properties or additionalProperties (RawExtension,
 * FieldsV1, JSON, ...) accept anything, as their Go decoders do.
 */
export function builtinUnknown(schema: Schema | undefined, value: unknown, path: string, out: string[], remove = false): void {
  if (out.length >= MAX_UNKNOWN) return;
  const s = resolve(schema);
  if (!s) return;
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v, i) => builtinUnknown(s.items, v, `${path}[${i}]`, out, remove));
    return;
  }
  if (!isObj(value)) return;
  if (s.properties) {
    for (const [k, v] of Object.entries(value)) {
      const p = s.properties[k];
      if (p) builtinUnknown(p, v, join(path, k), out, remove);
      else {
        if (out.length < MAX_UNKNOWN) out.push(join(path, k));
        if (remove) delete value[k];
      }
    }
  } else if (isObj(s.additionalProperties)) {
    for (const [k, v] of Object.entries(value)) builtinUnknown(s.additionalProperties, v, join(path, k), out, remove);
  }
}

/** Unknown fields inside a custom resource's metadata, checked against ObjectMeta as upstream does. */
export function metadataUnknown(obj: unknown, out: string[], remove = false): void {
  if (isObj(obj) && isObj(obj.metadata)) builtinUnknown({ $ref: `#/definitions/${OBJECT_META}` }, obj.metadata, 'metadata', out, remove);
}
