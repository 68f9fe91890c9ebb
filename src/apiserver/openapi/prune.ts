// Pruning of custom resources against their structural schema, following apiextensions-apiserver's
// pruning: fields not in `properties` (and not covered by `additionalProperties`) are removed,
// x-kubernetes-preserve-unknown-fields keeps them (while known fields below are still pruned), and
// apiVersion/kind/metadata stay at the root and in x-kubernetes-embedded-resource objects.
import type { Schema } from '../../api/openapi/schema.js';
import { metadataUnknown } from './builtin.js';

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function subSchema(v: unknown): Schema | undefined {
  return isObj(v) ? (v as Schema) : undefined;
}

function walk(s: Schema | undefined, x: unknown, path: string, remove: boolean, out: string[]): void {
  if (s?.['x-kubernetes-preserve-unknown-fields'] === true) {
    keep(s, x, path, remove, out);
    return;
  }
  if (Array.isArray(x)) {
    const items = subSchema(s?.items);
    x.forEach((v, i) => walk(items, v, `${path}[${i}]`, remove, out));
    return;
  }
  if (!isObj(x)) return;
  if (!s) {
    for (const k of Object.keys(x)) {
      out.push(join(path, k));
      if (remove) delete x[k];
    }
    return;
  }
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const props = isObj(s.properties) ? (s.properties as Record<string, Schema>) : {};
  for (const [k, v] of Object.entries(x)) {
    if (embedded && META_FIELDS.has(k)) continue;
    const p = props[k];
    if (p) walk(p, v, join(path, k), remove, out);
    else if (s.additionalProperties !== undefined && s.additionalProperties !== false) walk(subSchema(s.additionalProperties), v, join(path, k), remove, out);
    else {
      out.push(join(path, k));
      if (remove) delete x[k];
    }
  }
}

/** Inside x-kubernetes-preserve-unknown-fields: unknown keys stay, known ones are still walked. */
function keep(s: Schema, x: unknown, path: string, remove: boolean, out: string[]): void {
  if (Array.isArray(x)) {
    const items = subSchema(s.items);
    if (items) x.forEach((v, i) => walk(items, v, `${path}[${i}]`, remove, out));
    return;
  }
  if (!isObj(x)) return;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const props = isObj(s.properties) ? (s.properties as Record<string, Schema>) : {};
  for (const [k, v] of Object.entries(x)) {
    if (embedded && META_FIELDS.has(k)) continue;
    const p = props[k];
    if (p) walk(p, v, join(path, k), remove, out);
    else if (isObj(s.additionalProperties)) walk(s.additionalProperties as Schema, v, join(path, k), remove, out);
  }
}

/**
 * Walks a custom resource against its schema, treating the root as an embedded resource; with
 * `remove` the unknown fields are deleted in place. Returns their paths (metadata not included).
 */
export function pruneWalk(schema: Schema, obj: unknown, remove: boolean): string[] {
  const out: string[] = [];
  const root: Schema = isObj(schema) ? { ...schema, 'x-kubernetes-embedded-resource': true } : { 'x-kubernetes-embedded-resource': true };
  walk(root, obj, '', remove, out);
  return out;
}

/**
 * Removes from a custom resource, in place, every field its structural schema (the CRD version's
 * openAPIV3Schema) does not describe, and unknown fields inside metadata (checked against
 * ObjectMeta); returns the removed paths, sorted, for fieldValidation Warn/Strict reporting.
 */
export function pruneUnknownFields(schema: unknown, obj: unknown): string[] {
  const meta: string[] = [];
  metadataUnknown(obj, meta, true);
  return [...meta, ...pruneWalk(schema as Schema, obj, true)].sort();
}
