// The untyped shape every stored object has. Strategies narrow it with kubernetes-types where useful;
// the generic machinery only relies on what is declared here.
import type { ObjectMeta as K8sObjectMeta } from 'kubernetes-types/meta/v1.js';

/** kubernetes-types marks server-set fields readonly; the server is what sets them. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type ObjectMeta = Mutable<K8sObjectMeta>;

export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export const apiVersionOf = (group: string, version: string) => (group ? `${group}/${version}` : version);

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** A JSON object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A decoded JSON value's type as encoding/json names it in "cannot unmarshal <type> into …". */
export function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}
