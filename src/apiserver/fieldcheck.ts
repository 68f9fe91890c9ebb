// Server-side field validation (fieldValidation=Strict|Warn|Ignore): unknown fields are always
// dropped, as decoding into typed structs does upstream; Strict turns them into a 400 and Warn
// into Warning headers. Schemas come from the OpenAPI module, so what is served is what is checked.
// Repeated keys in the body (./duplicates.ts) are reported alongside, in the order and wording of
// kube-apiserver's strict decoding.
import type { KObject } from '../api/object.js';
import { isObject } from '../api/object.js';
import { Errors } from '../machinery/errors.js';
import { invalid } from '../machinery/fielderrors.js';
import { goMarshalOrder, jsonPatchIssues, parseJsonMergingRepeats, scanJson, yamlDuplicates, yamlUnmarshalErrors, type JsonScan } from './duplicates.js';
import { unknownFields } from './openapi/fields.js';
import { pruneUnknownFields } from './openapi/prune.js';
import type { ServedResource } from './resources.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** sigs.k8s.io/json stops collecting strict errors at 100. */
const MAX_STRICT_ERRORS = 100;

/** The text of a JSON or YAML body, for what strict decoding reads from it (repeated keys). */
export interface BodySource {
  yaml: boolean;
  text: string;
  /** For JSON: its repeated keys and where each field path first occurs. */
  scan?: JsonScan;
}

/**
 * The source of a create/update body and the value Go would decode from it: for built-in kinds a
 * repeated key whose values are objects merges them (typed decoding fills the same struct twice),
 * where JSON.parse kept only the last; custom resources decode into maps, where the last wins.
 */
export function bodySource(raw: Buffer, media: string, parsed: unknown, typed: boolean): { source: BodySource; value: unknown } {
  const text = raw.toString('utf8');
  if (media === 'application/yaml') return { source: { yaml: true, text }, value: parsed };
  const scan = scanJson(text);
  const value = typed && scan.duplicates.length ? parseJsonMergingRepeats(text) : parsed;
  return { source: { yaml: false, text, scan }, value };
}

/** Removes from `obj` the fields its schema does not know; returns their paths. */
function dropUnknown(served: ServedResource, obj: KObject): string[] {
  const s = served.strategy;
  if (s.openAPISchema) return pruneUnknownFields(s.openAPISchema as never, obj);
  const unknown = unknownFields(s, obj);
  for (const path of unknown) removePath(obj, path);
  return unknown;
}

const unknownText = (p: string) => `unknown field ${JSON.stringify(p)}`;
const duplicateText = (p: string) => `duplicate field ${JSON.stringify(p)}`;
const under = (p: string, root: string) => p === root || p.startsWith(`${root}.`) || p.startsWith(`${root}[`);

/**
 * Strict-decoding problems of a create/update body: `error` parts joined into the Strict message,
 * `warnings` one per Warning header (a YAML error's lines are separate warnings upstream).
 */
function bodyIssues(served: ServedResource, unknown: string[], source: BodySource | undefined): { error: string[]; warnings: string[] } {
  const typed = !served.strategy.openAPISchema;
  if (!source) {
    const texts = unknown.map(unknownText);
    return { error: texts, warnings: texts };
  }
  if (source.yaml) {
    // YAML is converted to JSON (keys sorted) before the typed decode meets unknown fields.
    const lines = yamlDuplicates(source.text);
    const texts = (typed ? goMarshalOrder(unknown) : unknown).map(unknownText);
    return { error: [...(lines.length ? [yamlUnmarshalErrors(lines)] : []), ...texts], warnings: [...lines, ...texts] };
  }
  const scan = source.scan ?? scanJson(source.text);
  let texts: string[];
  if (typed) {
    // One pass in document order; an unknown field's value is skipped, repeats in it unseen.
    const dups = scan.duplicates.filter((d) => !unknown.some((u) => under(d.path, u)));
    const all = [...dups.map((d) => ({ at: d.offset, text: duplicateText(d.path) })), ...unknown.map((u) => ({ at: scan.firstOffset.get(u) ?? Infinity, text: unknownText(u) }))];
    texts = all.sort((a, b) => a.at - b.at).map((x) => x.text);
  } else {
    // Custom resources: the map decode reports every repeat, then pruning the unknown fields.
    texts = [...scan.duplicates.map((d) => duplicateText(d.path)), ...unknown.map(unknownText)];
  }
  texts = texts.slice(0, MAX_STRICT_ERRORS);
  return { error: texts, warnings: texts };
}

/** Returns the warnings to send; throws 400 under Strict. Removes unknown fields from `obj`. */
export function checkFields(served: ServedResource, obj: KObject, mode: FieldValidation, source?: BodySource): string[] {
  const s = served.strategy;
  const unknown = dropUnknown(served, obj);
  if (mode === 'Ignore') return [];
  const issues = bodyIssues(served, unknown, source);
  if (issues.error.length === 0) return [];
  if (mode === 'Strict') throw Errors.badRequest(`${s.kind} in version "${s.version}" cannot be handled as a ${s.kind}: strict decoding error: ${issues.error.join(', ')}`);
  return issues.warnings;
}

/**
 * What patch.go's strict decoding of the patch document itself reports: repeated keys for merge
 * and strategic merge patches (decoded as maps, so every repeat), and for JSON patches unknown
 * operation fields and repeats, prefixed "json patch".
 */
export function patchBodyIssues(media: string, text: string): string[] {
  if (media === 'application/json-patch+json') return jsonPatchIssues(text);
  return scanJson(text).duplicates.map((d) => duplicateText(d.path));
}

/**
 * Field validation of a patched object: the patch's own issues, then the unknown fields of the
 * result in the order Go meets them (it re-marshals the patched object, keys sorted). Under Strict
 * a 422 on field "patch" with `badValue` (the patched JSON, or the strategic patch as Go prints a
 * map), as patch.go answers; kubectl prints it as "The request is invalid: patch: ...".
 */
export function checkPatchedFields(served: ServedResource, obj: KObject, mode: FieldValidation, patchIssues: string[], badValue: () => string): string[] {
  const value = mode === 'Strict' ? badValue() : ''; // before the unknown fields are dropped
  const unknown = dropUnknown(served, obj);
  if (mode === 'Ignore') return [];
  const texts = [...patchIssues, ...(served.strategy.openAPISchema ? unknown : goMarshalOrder(unknown)).map(unknownText)].slice(0, MAX_STRICT_ERRORS);
  if (texts.length === 0 || mode === 'Warn') return texts;
  const err = Errors.invalid({ group: '', kind: '' }, '', [invalid('patch', value, `strict decoding error: ${texts.join(', ')}`)]);
  // NewInvalid with an empty GroupKind and name: omitempty leaves them out of the details.
  delete err.status.details!.name;
  delete err.status.details!.kind;
  throw err;
}

/** Go's json.Marshal of a decoded JSON value: map keys sorted, <, > and & escaped. */
export function goJson(v: unknown): string {
  const sorted = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sorted);
    if (!isObject(x)) return x;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x).sort()) Object.defineProperty(out, k, { value: sorted(x[k]), enumerable: true, writable: true, configurable: true });
    return out;
  };
  return JSON.stringify(sorted(v)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Go's %+v of a decoded JSON value (map[string]interface{}, []interface{}, int64, float64, ...). */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (isObject(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goSprint(v[k])}`).join(' ')}]`;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  return String(v);
}

/** %v of a float64 (%g, shortest): exponent form below 1e-4 and from 1e6, with a two-digit exponent. */
function goFloat(f: number): string {
  const exp = Math.floor(Math.log10(Math.abs(f)));
  if (exp >= -4 && exp < 6) return String(f);
  const [m, e] = f.toExponential().split('e');
  const sign = e!.startsWith('-') ? '-' : '+';
  return `${m}e${sign}${e!.replace(/^[+-]/, '').padStart(2, '0')}`;
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
