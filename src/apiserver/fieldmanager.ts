// The HTTP side of managed fields: which manager a request writes as, the field manager of a served
// resource, the store hook that records Update entries, and the decoding of apply bodies.
import { yaml } from '../machinery/yaml.js';
import { yamlDocToJSON } from './body.js';
import type { KObject } from '../api/object.js';
import { Errors } from '../machinery/errors.js';
import { forbidden, required, type FieldError } from '../machinery/fielderrors.js';
import { definitionNameFor } from '../api/openapi/definitions.js';
import { FieldManager, FieldSet, managerOrUserAgent, objectTypeFor, validateFieldManager } from '../machinery/managedfields/index.js';
import type { AnyStrategy } from '../registry/strategy.js';
import type { WriteHooks } from '../registry/generic/store.js';
import type { HandlerContext } from './handlers.js';
import type { ServedResource } from './resources.js';

const managers = new WeakMap<AnyStrategy, FieldManager>();

/** The field manager of a served resource (one per strategy; custom resources get theirs per CRD version). */
export function fieldManagerFor(served: ServedResource): FieldManager {
  const s = served.strategy;
  let fm = managers.get(s);
  if (!fm) {
    fm = new FieldManager(
      objectTypeFor({
        group: s.group,
        version: s.version,
        kind: s.kind,
        custom: served.custom,
        openAPISchema: s.openAPISchema,
        definition: served.custom ? undefined : definitionNameFor(s.group, s.version, s.kind),
      }),
    );
    managers.set(s, fm);
  }
  return fm;
}

/** The manager this request writes as: ?fieldManager=, else the User-Agent's product name. */
export function managerName(c: HandlerContext): string {
  return managerOrUserAgent(c.query.get('fieldManager'), c.req.headers['user-agent']);
}

/**
 * ValidateCreateOptions / ValidateUpdateOptions / ValidatePatchOptions for the field-manager
 * parameters: a 422 on <kind>.meta.k8s.io. Apply requires a fieldManager; only apply takes force.
 */
export function checkWriteOptions(c: HandlerContext, kind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions', apply = false): void {
  const fm = c.query.get('fieldManager') ?? '';
  const errs: FieldError[] = [];
  if (kind === 'PatchOptions') {
    if (!apply && c.query.has('force')) errs.push(forbidden('force', 'may not be specified for non-apply patch'));
    if (apply && fm === '') errs.push(required('fieldManager', 'is required for apply patch'));
  }
  errs.push(...validateFieldManager(fm));
  if (errs.length) throw Errors.invalid({ group: 'meta.k8s.io', kind }, '', errs);
}

/** The store hook recording this write's Update entry (create, update, non-apply patch). */
export function trackFields(c: HandlerContext, subresource: string): NonNullable<WriteHooks['trackFields']> {
  const fm = fieldManagerFor(c.served);
  const manager = managerName(c);
  return (obj, old) => fm.update(old, obj, { manager, subresource, now: c.now() });
}

/**
 * Fields an apply cannot set (the strategies' reset fields): status on a main resource that has a
 * status subresource; everything but status on /status.
 */
export function applyIgnored(s: AnyStrategy, subresource: string, live: KObject | undefined, config: KObject): FieldSet | undefined {
  if (subresource === 'status') {
    const keys = new Set([...Object.keys(live ?? {}), ...Object.keys(config)]);
    keys.delete('status');
    return FieldSet.of(...[...keys].map((k) => ['f:' + k]));
  }
  if (!subresource && s.subresources?.status) return FieldSet.of(['f:status']);
  return undefined;
}

/** Go's strconv.ParseBool, as query parameters are decoded. */
export function parseBoolParam(name: string, v: string | null): boolean {
  if (v === null || v === '') return false;
  if (/^(1|t|T|TRUE|true|True)$/.test(v)) return true;
  if (/^(0|f|F|FALSE|false|False)$/.test(v)) return false;
  throw Errors.badRequest(`${name}: strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
}

/**
 * An apply body: YAML or JSON, decoded as sigs.k8s.io/yaml does (a repeated key keeps the last
 * value). `strictError` is what fieldValidation=Strict|Warn report for repeated keys.
 */
export function decodeApplyBody(raw: Buffer): { value: KObject; strictError?: string } {
  const text = raw.toString('utf8');
  const doc = yaml().parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length) throw Errors.badRequest(`error decoding YAML: error converting YAML to JSON: yaml: ${doc.errors[0]!.message}`);
  const value = yamlDocToJSON(doc, 'error decoding YAML: ');
  if (value === null || value === undefined) return { value: { metadata: {} } as KObject };
  if (typeof value !== 'object' || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
    throw Errors.badRequest(`error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${what} into Go value of type map[string]interface {}`);
  }
  const strict = yaml().parseDocument(text);
  const dup = strict.errors.find((e) => e.code === 'DUPLICATE_KEY');
  if (!dup) return { value: value as KObject };
  const line = dup.linePos?.[0]?.line ?? 0;
  const key = /"([^"]*)"|'([^']*)'|(\S+)/.exec(text.split('\n')[line - 1]?.trim().replace(/:.*$/, '') ?? '');
  const name = key ? (key[1] ?? key[2] ?? key[3]) : '';
  return {
    value: value as KObject,
    strictError: `error converting YAML to JSON: yaml: unmarshal errors:\n  line ${line}: key ${JSON.stringify(name)} already set in map`,
  };
}
