// Unknown-field detection for fieldValidation=Strict/Warn, matching what kube-apiserver's strict
// JSON decoding (sigs.k8s.io/json) reports for built-ins and what CRD pruning reports for custom
// resources: paths like spec.containers[0].bogusField, map keys joined with ".", at most 100.
import type { AnyStrategy } from '../../registry/strategy.js';
import type { Schema } from '../../api/openapi/schema.js';
import { definitionNameFor } from '../../api/openapi/definitions.js';
import { MAX_UNKNOWN, builtinUnknown, metadataUnknown } from './builtin.js';
import { pruneWalk } from './prune.js';

/**
 * Paths of the fields in `obj` that the kind's schema does not know: apiVersion, kind and known
 * metadata fields are always known; maps and x-kubernetes-preserve-unknown-fields subtrees never
 * yield unknown fields. Built-ins use the generated definitions; custom resources their
 * openAPISchema. A kind without any schema yields none.
 */
export function unknownFields(strategy: AnyStrategy, obj: unknown): string[] {
  const out: string[] = [];
  if (strategy.openAPISchema !== undefined) {
    metadataUnknown(obj, out);
    out.push(...pruneWalk(strategy.openAPISchema as Schema, obj, false));
    return out.sort().slice(0, MAX_UNKNOWN);
  }
  const name = definitionNameFor(strategy.group, strategy.version, strategy.kind);
  if (name) builtinUnknown({ $ref: `#/definitions/${name}` }, obj, '', out);
  return out;
}

/**
 * The 400 message for fieldValidation=Strict, as kube-apiserver words it:
 * `Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.x", unknown field "y"`.
 */
export function strictDecodingError(kind: string, version: string, paths: readonly string[]): string {
  return `${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${paths.map(unknownFieldWarning).join(', ')}`;
}

/** One field's text, also the Warning header text for fieldValidation=Warn: `unknown field "spec.x"`. */
export function unknownFieldWarning(path: string): string {
  return `unknown field ${JSON.stringify(path)}`;
}
