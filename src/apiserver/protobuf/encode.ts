// Kubernetes JSON → protobuf (application/vnd.kubernetes.protobuf): the inverse of ./decode.ts,
// driven by the same plans (field tables + OpenAPI definitions), so what this writes the decoder
// reads back. The output is the `k8s\0` magic plus runtime.Unknown{typeMeta, raw, "", ""} whose
// raw is the typed message, fields in ascending number order and map entries sorted by key, as
// gogo-generated code writes them.
//
// Only properties present in the JSON are written (Go would also write zero non-pointer fields;
// a reader cannot tell the difference). A property without a field number, a value of the wrong
// JSON type, or a message without a table is an EncodeError: the caller answers 406 rather than
// send an object with fields silently missing.
import { definitionNameFor } from '../../api/openapi/definitions.js';
import { isObject, parseApiVersion } from '../../api/object.js';
import { planFor, type Field, type Plan, type ValueType } from './decode.js';
import { tableFor } from './fields/index.js';
import { INT, IntOrString, STRING } from './fields/intstr.js';
import { Timestamp } from './fields/meta-v1.js';
import { Quantity } from './fields/resource.js';
import { ExtraValue, MAGIC, MapEntry, RawExtension, TypeMeta, Unknown } from './fields/runtime.js';

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;

export class EncodeError extends Error {
  constructor(message: string) {
    super(`protobuf: ${message}`);
    this.name = 'EncodeError';
  }
}

// ---------------------------------------------------------------------------------------------
// Wire writing

function varint(n: number | bigint): Buffer {
  if (typeof n === 'number' && n >= 0 && n < 0x80) return Buffer.from([n]);
  // Negative int32/int64 values are sign-extended to 64 bits, as Go writes them.
  let x = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
  return Buffer.from(out);
}

const key = (no: number, wt: number) => varint(no * 8 + wt);
const delimited = (no: number, payload: Buffer): Buffer => Buffer.concat([key(no, LEN), varint(payload.length), payload]);
const str = (no: number, s: string) => delimited(no, Buffer.from(s, 'utf8'));
const int = (no: number, n: number | bigint) => Buffer.concat([key(no, VARINT), varint(n)]);

// ---------------------------------------------------------------------------------------------
// Values

const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?([Zz]|([+-])(\d\d):(\d\d))$/;

/** google.protobuf.Timestamp layout of an RFC 3339 time (metav1.Time / MicroTime). */
function timestamp(v: unknown, path: string): Buffer {
  const m = typeof v === 'string' ? RFC3339.exec(v) : null;
  if (!m) throw new EncodeError(`${path}: ${JSON.stringify(v)} is not an RFC 3339 time`);
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  let seconds = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
  if (sign) seconds -= (sign === '+' ? 1 : -1) * (Number(oh) * 3600 + Number(om) * 60);
  const nanos = frac ? Number(frac.padEnd(9, '0')) : 0;
  return Buffer.concat([int(Timestamp.seconds, seconds), int(Timestamp.nanos, nanos)]);
}

function expect(ok: boolean, path: string, want: string, v: unknown): void {
  if (!ok) throw new EncodeError(`${path}: expected ${want}, got ${JSON.stringify(v)}`);
}

/** Field `no` holding `v` as type `vt`. */
function value(no: number, vt: ValueType, v: unknown, path: string): Buffer {
  switch (vt.kind) {
    case 'int':
      expect(typeof v === 'number' && Number.isInteger(v), path, 'an integer', v);
      return int(no, v as number);
    case 'bool':
      expect(typeof v === 'boolean', path, 'a boolean', v);
      return int(no, v ? 1 : 0);
    case 'string':
      expect(typeof v === 'string', path, 'a string', v);
      return str(no, v as string);
    case 'bytes':
      expect(typeof v === 'string', path, 'a base64 string', v);
      return delimited(no, Buffer.from(v as string, 'base64'));
    case 'double': {
      expect(typeof v === 'number', path, 'a number', v);
      const b = Buffer.alloc(8);
      b.writeDoubleLE(v as number);
      return Buffer.concat([key(no, FIXED64), b]);
    }
    case 'message':
      expect(isObject(v), path, 'an object', v);
      return delimited(no, message(planFor(vt.message!), v as Record<string, unknown>, path));
    case 'time':
    case 'microTime':
      return delimited(no, timestamp(v, path));
    case 'intOrString':
      if (typeof v === 'number' && Number.isInteger(v)) return delimited(no, Buffer.concat([int(IntOrString.type, INT), int(IntOrString.intVal, v), str(IntOrString.strVal, '')]));
      expect(typeof v === 'string', path, 'an integer or a string', v);
      return delimited(no, Buffer.concat([int(IntOrString.type, STRING), int(IntOrString.intVal, 0), str(IntOrString.strVal, v as string)]));
    case 'quantity':
      expect(typeof v === 'string' || typeof v === 'number', path, 'a quantity', v);
      return delimited(no, str(Quantity.string, String(v)));
    case 'json':
      // RawExtension and FieldsV1 both carry their JSON text in field 1.
      return delimited(no, delimited(RawExtension.raw, Buffer.from(JSON.stringify(v), 'utf8')));
    case 'strings':
      expect(Array.isArray(v) && v.every((x) => typeof x === 'string'), path, 'a list of strings', v);
      return delimited(no, Buffer.concat((v as string[]).map((x) => str(ExtraValue.items, x))));
    default:
      throw new EncodeError(`${path}: no field table for ${vt.message ?? 'this type'}`);
  }
}

function mapEntries(f: Field, v: unknown, path: string): Buffer[] {
  expect(isObject(v), path, 'an object', v);
  const m = v as Record<string, unknown>;
  return Object.keys(m)
    .sort()
    .map((k) => {
      const x = m[k];
      const parts = [str(MapEntry.key, k)];
      if (x !== null && x !== undefined) parts.push(value(MapEntry.value, f.value, x, `${path}[${k}]`));
      return delimited(f.no, Buffer.concat(parts));
    });
}

/** Properties a plan (with its inlined structs) writes. */
function propsOf(plan: Plan, into = new Set<string>()): Set<string> {
  for (const f of plan.fields) {
    if (!f) continue;
    if (f.inline) propsOf(f.inline, into);
    else into.add(f.prop);
  }
  return into;
}

const propCache = new WeakMap<Plan, Set<string>>();

/** `inline`: an embedded struct writing from its parent's object, whose properties the parent checks. */
function message(plan: Plan, obj: Record<string, unknown>, path: string, inline = false): Buffer {
  let known = propCache.get(plan);
  if (!known) propCache.set(plan, (known = propsOf(plan)));
  if (!inline) {
    for (const [k, v] of Object.entries(obj)) {
      // Nested objects may repeat their TypeMeta (list items do); protobuf carries it only in the envelope.
      if (v === null || v === undefined || known.has(k) || k === 'apiVersion' || k === 'kind') continue;
      throw new EncodeError(`${path ? `${path}.` : ''}${k}: no field number in ${plan.name}`);
    }
  }
  const out: Buffer[] = [];
  for (const f of plan.fields) {
    if (!f) continue;
    if (f.inline) {
      out.push(delimited(f.no, message(f.inline, obj, path, true)));
      continue;
    }
    const v = obj[f.prop];
    if (v === null || v === undefined) continue;
    const p = path ? `${path}.${f.prop}` : f.prop;
    if (f.shape === 'map') out.push(...mapEntries(f, v, p));
    else if (f.shape === 'list') {
      expect(Array.isArray(v), p, 'a list', v);
      (v as unknown[]).forEach((x, i) => out.push(value(f.no, f.value, x, `${p}[${i}]`)));
    } else out.push(value(f.no, f.value, v, p));
  }
  return Buffer.concat(out);
}

// ---------------------------------------------------------------------------------------------
// Entry points

/** The definition an object of this apiVersion/kind encodes with, when it has a field table. */
export function encodableDefinition(apiVersion: unknown, kind: unknown): string | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const gv = parseApiVersion(apiVersion);
  const name = definitionNameFor(gv.group, gv.version, kind);
  return name && tableFor(name) ? name : undefined;
}

/** The typed message bytes of `obj` as definition `name` (no envelope). */
export function encodeMessage(obj: Record<string, unknown>, name: string): Buffer {
  return message(planFor(name), obj, '');
}

/** A whole object (or list, or Status) as a protobuf body: magic, runtime.Unknown, typed message. */
export function encodeProtobuf(obj: Record<string, unknown>): Buffer {
  const name = encodableDefinition(obj.apiVersion, obj.kind);
  if (!name) throw new EncodeError(`no field table for ${String(obj.apiVersion)} ${String(obj.kind)}`);
  const raw = encodeMessage(obj, name);
  const typeMeta = Buffer.concat([str(TypeMeta.apiVersion, obj.apiVersion as string), str(TypeMeta.kind, obj.kind as string)]);
  return Buffer.concat([MAGIC, delimited(Unknown.typeMeta, typeMeta), delimited(Unknown.raw, raw), str(Unknown.contentEncoding, ''), str(Unknown.contentType, '')]);
}
