// Server-side field validation (fieldValidation=Strict|Warn|Ignore): unknown fields are always
// dropped, as decoding into typed structs does upstream; Strict turns them into a 400 and Warn
// into Warning headers. Schemas come from the OpenAPI module, so what is served is what is checked.
import type { KObject } from '../api/object.js';
import { isObject } from '../api/object.js';
import { Errors } from '../machinery/errors.js';
import { pruneUnknownFields, unknownFields } from './openapi/index.js';
import type { ServedResource } from './resources.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Returns the warnings to send; throws 400 under Strict. Removes unknown fields from `obj`. */
export function checkFields(served: ServedResource, obj: KObject, mode: FieldValidation): string[] {
  const s = served.strategy;
  let unknown: string[];
  if (s.openAPISchema) {
    unknown = pruneUnknownFields(s.openAPISchema as never, obj);
  } else {
    unknown = unknownFields(s, obj);
    for (const path of unknown) removePath(obj, path);
  }
  if (unknown.length === 0 || mode === 'Ignore') return [];
  const texts = unknown.map((p) => `unknown field "${p}"`);
  if (mode === 'Strict') throw Errors.badRequest(`${s.kind} in version "${s.version}" cannot be handled as a ${s.kind}: strict decoding error: ${texts.join(', ')}`);
  return texts;
}

/** Delete the field at a strict-decoding path such as `spec.containers[0].bogusField`. */
export function removePath(obj: unknown, path: string): void {
  const tokens: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return;
    if (m[1]) tokens.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) tokens.push(Number(idx[1]));
  }
  let cur: unknown = obj;
  for (const t of tokens.slice(0, -1)) {
    if (typeof t === 'number') cur = Array.isArray(cur) ? cur[t] : undefined;
    else cur = isObject(cur) ? cur[t] : undefined;
    if (cur === undefined) return;
  }
  const last = tokens[tokens.length - 1];
  if (typeof last === 'string' && isObject(cur)) delete cur[last];
}
