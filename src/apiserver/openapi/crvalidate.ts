// Validation of custom resources against their CRD schema, reproducing kube-openapi's schema
// validator (as apiextensions-apiserver v1.25 runs it) and its mapping to field errors, e.g.
//   spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"
//   spec.size: Required value
//   spec.color: Unsupported value: "pink": supported values: "red", "green"
//   spec.name: Too long: may not be longer than 5
// Not covered: allOf/anyOf/oneOf/not, x-kubernetes-validations (CEL), list-type uniqueness.
import type { Schema } from '../../api/openapi/schema.js';
import { invalid, notSupported, required, tooMany, typeInvalid, type FieldError } from '../../machinery/fielderrors.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON type and Go format of a decoded value, as kube-openapi's type validator infers them. */
function jsonType(v: unknown): [string, string] {
  if (typeof v === 'boolean') return ['boolean', ''];
  if (typeof v === 'string') return ['string', ''];
  // An integer beyond int64 decodes as a float64 upstream (ConvertMapNumbers).
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? ['integer', 'int64'] : ['number', 'float64'];
  if (Array.isArray(v)) return ['array', ''];
  return ['object', ''];
}

/** Go's %q for the strings this code quotes. */
const quote = (s: string) => JSON.stringify(s);
/** Go's %v for a float64 bound (matches for ordinary magnitudes). */
const num = (n: number) => String(n);

const typeMsg = (path: string, type: string, got: string) => `${path} in body must be of type ${type}: ${quote(got)}`;

const patterns = new Map<string, RegExp | null>();
function regex(p: string): RegExp | null {
  if (!patterns.has(p)) {
    let r: RegExp | null = null;
    try {
      r = new RegExp(p);
    } catch {
      r = null; // not valid in JS: not enforced (the CRD was accepted by a Go RE2 check upstream)
    }
    patterns.set(p, r);
  }
  return patterns.get(p)!;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const FORMATS: Record<string, (s: string) => boolean> = {
  'date-time': (s) => /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s.replace(' ', 'T'))),
  datetime: (s) => FORMATS['date-time']!(s),
  date: (s) => /^\d{4}-\d\d-\d\d$/.test(s) && !Number.isNaN(Date.parse(s)),
  byte: (s) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0,
  uuid: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  ipv4: (s) => IPV4.test(s),
  ipv6: (s) => s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s) && isIPv6(s),
  cidr: (s) => {
    const [ip, bits, extra] = s.split('/');
    if (extra !== undefined || ip === undefined || bits === undefined || !/^\d+$/.test(bits)) return false;
    return IPV4.test(ip) ? Number(bits) <= 32 : isIPv6(ip) && Number(bits) <= 128;
  },
  hostname: (s) => s.length <= 255 && /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/.test(s),
};

function isIPv6(s: string): boolean {
  const parts = s.split('::');
  if (parts.length > 2) return false;
  const groups = (x: string) => (x === '' ? [] : x.split(':'));
  const all = parts.flatMap(groups);
  let count = all.length;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!IPV4.test(last)) return false;
    count += 1;
  }
  if (!all.every((g) => g.includes('.') || /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return parts.length === 2 ? count < 8 : count === 8;
}

interface Ctx {
  errs: FieldError[];
}

/** kube-openapi's names carry a leading "." at the root; the field path drops it. */
const fieldOf = (name: string) => (name.startsWith('.') ? name.slice(1) : name);

function validateNode(s: Schema, data: unknown, name: string, ctx: Ctx): void {
  const field = fieldOf(name);
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const types = intOrString ? ['integer', 'string'] : typeof s.type === 'string' && s.type ? [s.type] : [];
  const format = typeof s.format === 'string' ? s.format : '';

  if (data === null || data === undefined) {
    if (types.length && !types.includes('null') && s.nullable !== true) ctx.errs.push(typeInvalid(field, 'null', typeMsg(field, types.join(','), 'null')));
    return;
  }

  // type (kube-openapi's typeValidator, format checks for numbers included)
  if (types.length || format) {
    const [schType, dataFormat] = jsonType(data);
    const isFloatInt = schType === 'number' && Number.isSafeInteger(data) && types.includes('integer');
    const isIntFloat = schType === 'integer' && types.includes('number');
    const stringOrArray = typeof data === 'string' || Array.isArray(data);
    const numeric = types.includes('number') || types.includes('integer');
    if (!stringOrArray && format && !(types.includes(schType) || dataFormat === format || isFloatInt || isIntFloat)) {
      ctx.errs.push(typeInvalid(field, dataFormat, typeMsg(field, format, dataFormat)));
    } else if (!(!numeric && format && stringOrArray) && !(types.includes(schType) || isFloatInt || isIntFloat)) {
      ctx.errs.push(typeInvalid(field, schType, typeMsg(field, types.join(','), schType)));
    }
  }

  // string: maxLength, minLength, pattern (first failure only), then format
  if (typeof data === 'string') {
    const len = [...data].length;
    if (typeof s.maxLength === 'number' && len > s.maxLength) {
      ctx.errs.push({ type: 'FieldValueTooLong', field, badValue: data, detail: `may not be longer than ${s.maxLength}` });
    } else if (typeof s.minLength === 'number' && len < s.minLength) {
      ctx.errs.push(invalid(field, data, `${field} in body should be at least ${s.minLength} chars long`));
    } else if (typeof s.pattern === 'string' && regex(s.pattern) && !regex(s.pattern)!.test(data)) {
      ctx.errs.push(invalid(field, data, `${field} in body should match '${s.pattern}'`));
    }
    const check = format ? FORMATS[format] : undefined;
    if (check && !check(data)) ctx.errs.push(typeInvalid(field, data, typeMsg(field, format, data)));
  }

  // number: multipleOf, maximum, minimum (all reported)
  if (typeof data === 'number') {
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
      const q = data / s.multipleOf;
      if (Math.abs(q - Math.round(q)) > 1e-9) ctx.errs.push(invalid(field, data, `${field} in body should be a multiple of ${num(s.multipleOf)}`));
    }
    if (typeof s.maximum === 'number') {
      const excl = s.exclusiveMaximum === true;
      if (excl ? data >= s.maximum : data > s.maximum) {
        ctx.errs.push(invalid(field, data, `${field} in body should be less than ${excl ? '' : 'or equal to '}${num(s.maximum)}`));
      }
    }
    if (typeof s.minimum === 'number') {
      const excl = s.exclusiveMinimum === true;
      if (excl ? data <= s.minimum : data < s.minimum) {
        ctx.errs.push(invalid(field, data, `${field} in body should be greater than ${excl ? '' : 'or equal to '}${num(s.minimum)}`));
      }
    }
  }

  // array: items, minItems, maxItems, uniqueItems
  if (Array.isArray(data)) {
    if (isObj(s.items)) data.forEach((v, i) => validateNode(s.items as Schema, v, `${name}[${i}]`, ctx));
    if (typeof s.minItems === 'number' && data.length < s.minItems) {
      ctx.errs.push(invalid(field, data.length, `${field} in body should have at least ${s.minItems} items`));
    }
    if (typeof s.maxItems === 'number' && data.length > s.maxItems) ctx.errs.push(tooMany(field, data.length, s.maxItems));
    if (s.uniqueItems === true && new Set(data.map((x) => JSON.stringify(x))).size !== data.length) {
      ctx.errs.push(invalid(field, '', `${field} in body shouldn't contain duplicates`));
    }
  }

  // enum
  if (Array.isArray(s.enum) && s.enum.length && !s.enum.some((e) => deepEqual(e, data))) {
    ctx.errs.push(notSupported(field, data, s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))));
  }

  // object: min/maxProperties (stop there on failure), additionalProperties, properties, required
  if (isObj(data)) {
    const n = Object.keys(data).length;
    if (typeof s.minProperties === 'number' && n < s.minProperties) {
      ctx.errs.push(invalid(field, n, `${field} in body should have at least ${s.minProperties} properties`));
      return;
    }
    if (typeof s.maxProperties === 'number' && n > s.maxProperties) {
      ctx.errs.push(tooMany(field, n, s.maxProperties));
      return;
    }
    const props = isObj(s.properties) ? (s.properties as Record<string, Schema>) : {};
    if (isObj(s.additionalProperties)) {
      for (const [k, v] of Object.entries(data)) if (!(k in props)) validateNode(s.additionalProperties as Schema, v, `${name}.${k}`, ctx);
    }
    for (const [k, p] of Object.entries(props)) {
      if (k in data) validateNode(p, data[k], name ? `${name}.${k}` : k, ctx);
    }
    if (Array.isArray(s.required)) {
      for (const k of s.required) if (typeof k === 'string' && !(k in data)) ctx.errs.push(required(fieldOf(`${name}.${k}`)));
    }
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Validates a custom resource against its CRD version's openAPIV3Schema. Paths are relative to the
 * object root (spec.replicas). Run after pruning, as apiextensions-apiserver does.
 */
export function validateCustomResource(schema: unknown, obj: unknown): FieldError[] {
  if (!isObj(schema)) return [];
  const ctx: Ctx = { errs: [] };
  validateNode(schema as Schema, obj, '', ctx);
  return ctx.errs;
}
