// Schema-driven protobuf → Kubernetes JSON. The field tables (./fields) give proto field numbers →
// JSON property names; the generated OpenAPI definitions give each property's JSON type, so the
// wire value is read as exactly what the property needs. Plans (number → how to read) are compiled
// once per message and cached.
//
// Zero values: gogo writes every non-pointer scalar even when it is "" / 0 / false, and the Go
// server cannot tell those from unset, so they are dropped here (as Go's JSON omitempty would);
// pointer scalars ('*' in the tables) keep explicit zeros. Messages present on the wire are kept
// even when empty ("strategy": {} is what kubectl's JSON sends too).
import { definition } from '../../api/openapi/definitions.js';
import type { Schema } from '../../api/openapi/schema.js';
import { Errors, type StatusError } from '../../machinery/errors.js';
import { tableFor } from './fields/index.js';
import { INT_OR_STRING_DEF, IntOrString, STRING } from './fields/intstr.js';
import { FIELDS_V1_DEF, FieldsV1, MICRO_TIME_DEF, TIME_DEF, Timestamp } from './fields/meta-v1.js';
import { QUANTITY_DEF, Quantity } from './fields/resource.js';
import { ExtraValue, MapEntry, RAW_EXTENSION_DEF, RawExtension } from './fields/runtime.js';

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;

export type Kind = 'string' | 'bytes' | 'int' | 'bool' | 'double' | 'message' | 'time' | 'microTime' | 'intOrString' | 'quantity' | 'json' | 'strings' | 'unsupported';

export interface ValueType {
  kind: Kind;
  /** For 'message': the definition to decode with (plan compiled on first use). */
  message?: string;
}

export interface Field {
  no: number;
  prop: string;
  pointer: boolean;
  shape: 'single' | 'list' | 'map';
  value: ValueType;
  /** For an inlined struct: its plan, writing into the enclosing object. */
  inline?: Plan;
}

export interface Plan {
  name: string;
  /** Indexed by field number. */
  fields: (Field | undefined)[];
}

/** Decoding position plus the notes about skipped fields. */
interface Cursor {
  buf: Buffer;
  pos: number;
  notes: string[];
}

const OMIT = Symbol('omit');

export function malformed(detail: string): StatusError {
  return Errors.badRequest(`unable to decode protobuf body: ${detail}`);
}

// ---------------------------------------------------------------------------------------------
// Plans

const plans = new Map<string, Plan>();

function refName(s: Schema): string | undefined {
  return s.$ref?.startsWith('#/definitions/') ? s.$ref.slice('#/definitions/'.length) : undefined;
}

function valueType(s: Schema): ValueType {
  const ref = refName(s);
  if (ref) {
    switch (ref) {
      case TIME_DEF:
        return { kind: 'time' };
      case MICRO_TIME_DEF:
        return { kind: 'microTime' };
      case INT_OR_STRING_DEF:
        return { kind: 'intOrString' };
      case QUANTITY_DEF:
        return { kind: 'quantity' };
      case RAW_EXTENSION_DEF:
      case FIELDS_V1_DEF:
        return { kind: 'json' };
    }
    return tableFor(ref) ? { kind: 'message', message: ref } : { kind: 'unsupported', message: ref };
  }
  switch (s.type) {
    case 'string':
      return { kind: s.format === 'byte' ? 'bytes' : 'string' };
    case 'integer':
      return { kind: 'int' };
    case 'boolean':
      return { kind: 'bool' };
    case 'number':
      return { kind: 'double' };
    case 'array':
      // Only a map value can be a bare list (ExtraValue); lists of lists do not occur in these APIs.
      return s.items?.type === 'string' ? { kind: 'strings' } : { kind: 'unsupported' };
  }
  return { kind: 'unsupported' };
}

/**
 * The plan for message `name` whose JSON properties are described by definition `schemaName`
 * (the same, except for inlined structs, which write into their parent's properties).
 */
export function planFor(name: string, schemaName = name): Plan {
  const key = name === schemaName ? name : `${name}@${schemaName}`;
  let plan = plans.get(key);
  if (plan) return plan;
  const table = tableFor(name);
  const schema = definition(schemaName);
  if (!table || !schema) throw new Error(`protobuf: no field table or definition for ${name}`);
  plan = { name, fields: [] };
  plans.set(key, plan); // cached before compiling inlined structs, which recurse
  const props = schema.properties ?? {};
  for (const t of table) {
    if (t.inline) {
      plan.fields[t.no] = { no: t.no, prop: '', pointer: false, shape: 'single', value: { kind: 'message' }, inline: planFor(t.inline, schemaName) };
      continue;
    }
    const prop = t.prop!;
    const s = props[prop];
    if (!s) continue; // a field newer than v1.25: skipped like any unknown one
    let shape: Field['shape'] = 'single';
    let vs: Schema = s;
    if (s.type === 'array' && s.items) {
      shape = 'list';
      vs = s.items;
    } else if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
      shape = 'map';
      vs = s.additionalProperties;
    }
    plan.fields[t.no] = { no: t.no, prop, pointer: t.pointer, shape, value: valueType(vs) };
  }
  return plan;
}

/** True when `name` can be decoded (it has a field table and a definition). */
export function canDecode(name: string): boolean {
  return tableFor(name) !== undefined && definition(name) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Wire reading

function varint(c: Cursor, end: number): number {
  const b = c.buf;
  let pos = c.pos;
  let x = 0;
  // Up to 4 bytes (28 bits) fit plain int arithmetic; almost every value is this small.
  for (let shift = 0; shift < 28; shift += 7) {
    if (pos >= end) throw malformed('truncated varint');
    const byte = b[pos++]!;
    x |= (byte & 0x7f) << shift;
    if (byte < 0x80) {
      c.pos = pos;
      return x;
    }
  }
  let big = BigInt(x);
  for (let shift = 28n; shift < 70n; shift += 7n) {
    if (pos >= end) throw malformed('truncated varint');
    const byte = b[pos++]!;
    big |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) {
      c.pos = pos;
      // int32/int64 negatives are sign-extended to 64 bits on the wire.
      return Number(BigInt.asIntN(64, big));
    }
  }
  throw malformed('varint longer than 10 bytes');
}

/** Reads a length prefix and returns the end offset of the delimited bytes. */
function delimited(c: Cursor, end: number): number {
  const len = varint(c, end);
  if (len < 0 || c.pos + len > end) throw malformed(`length ${len} runs past the end of its message`);
  return c.pos + len;
}

function skip(c: Cursor, end: number, wt: number): void {
  switch (wt) {
    case VARINT:
      varint(c, end);
      return;
    case FIXED64:
      c.pos += 8;
      break;
    case LEN:
      c.pos = delimited(c, end);
      return;
    case FIXED32:
      c.pos += 4;
      break;
    default:
      throw malformed(`unsupported wire type ${wt}`);
  }
  if (c.pos > end) throw malformed('truncated fixed-width value');
}

/** Reads a field key; returns [field number, wire type]. */
function key(c: Cursor, end: number): [number, number] {
  const k = varint(c, end);
  const no = Math.floor(k / 8);
  if (no <= 0) throw malformed(`invalid field number ${no}`);
  return [no, k & 7];
}

function expectWire(wt: number, want: number, path: string): void {
  if (wt !== want) throw malformed(`${path}: wire type ${wt}, expected ${want}`);
}

function utf8(c: Cursor, end: number): string {
  const stop = delimited(c, end);
  const s = c.buf.toString('utf8', c.pos, stop);
  c.pos = stop;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Values

function rfc3339(seconds: number): string {
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) throw malformed(`time ${seconds}s is out of range`);
  return d.toISOString().replace('.000Z', 'Z');
}

function timestamp(c: Cursor, end: number, micro: boolean): string | typeof OMIT {
  if (c.pos === end) return OMIT; // a zero Time marshals as an empty message
  let seconds = 0;
  let nanos = 0;
  while (c.pos < end) {
    const [no, wt] = key(c, end);
    if (no === Timestamp.seconds && wt === VARINT) seconds = varint(c, end);
    else if (no === Timestamp.nanos && wt === VARINT) nanos = varint(c, end);
    else skip(c, end, wt);
  }
  // metav1.Time has second precision (its proto decoding drops nanos too); MicroTime keeps µs.
  if (!micro) return rfc3339(seconds);
  const base = rfc3339(seconds).slice(0, -1);
  return `${base}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
}

function intOrString(c: Cursor, end: number): number | string {
  let type = 0;
  let intVal = 0;
  let strVal = '';
  while (c.pos < end) {
    const [no, wt] = key(c, end);
    if (no === IntOrString.type && wt === VARINT) type = varint(c, end);
    else if (no === IntOrString.intVal && wt === VARINT) intVal = varint(c, end) | 0;
    else if (no === IntOrString.strVal && wt === LEN) strVal = utf8(c, end);
    else skip(c, end, wt);
  }
  return type === STRING ? strVal : intVal;
}

function quantity(c: Cursor, end: number): string {
  let s = '0';
  while (c.pos < end) {
    const [no, wt] = key(c, end);
    if (no === Quantity.string && wt === LEN) s = utf8(c, end);
    else skip(c, end, wt);
  }
  return s;
}

/** RawExtension / FieldsV1: field 1 holds JSON. */
function embeddedJson(c: Cursor, end: number, path: string): unknown {
  let raw: Buffer | undefined;
  while (c.pos < end) {
    const [no, wt] = key(c, end);
    if ((no === RawExtension.raw || no === FieldsV1.raw) && wt === LEN) {
      const stop = delimited(c, end);
      raw = c.buf.subarray(c.pos, stop);
      c.pos = stop;
    } else skip(c, end, wt);
  }
  if (!raw || raw.length === 0) return OMIT;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw malformed(`${path}: embedded object is not JSON`);
  }
}

function stringList(c: Cursor, end: number): string[] {
  const out: string[] = [];
  while (c.pos < end) {
    const [no, wt] = key(c, end);
    if (no === ExtraValue.items && wt === LEN) out.push(utf8(c, end));
    else skip(c, end, wt);
  }
  return out;
}

/**
 * One value of type `vt` with wire type `wt`. `keepZero` for pointer fields and list/map elements;
 * `into` is an earlier occurrence of the same message field (proto merges repeated occurrences).
 */
function value(c: Cursor, end: number, wt: number, vt: ValueType, keepZero: boolean, path: string, into?: unknown): unknown {
  switch (vt.kind) {
    case 'int': {
      expectWire(wt, VARINT, path);
      const v = varint(c, end);
      return !keepZero && v === 0 ? OMIT : v;
    }
    case 'bool': {
      expectWire(wt, VARINT, path);
      const v = varint(c, end) !== 0;
      return !keepZero && !v ? OMIT : v;
    }
    case 'string': {
      expectWire(wt, LEN, path);
      const v = utf8(c, end);
      return !keepZero && v === '' ? OMIT : v;
    }
    case 'bytes': {
      expectWire(wt, LEN, path);
      const stop = delimited(c, end);
      const v = c.buf.toString('base64', c.pos, stop);
      c.pos = stop;
      return !keepZero && v === '' ? OMIT : v;
    }
    case 'double': {
      expectWire(wt, FIXED64, path);
      if (c.pos + 8 > end) throw malformed(`${path}: truncated double`);
      const v = c.buf.readDoubleLE(c.pos);
      c.pos += 8;
      return !keepZero && v === 0 ? OMIT : v;
    }
  }
  expectWire(wt, LEN, path);
  const stop = delimited(c, end);
  let v: unknown;
  switch (vt.kind) {
    case 'message': {
      const obj = into !== null && typeof into === 'object' && !Array.isArray(into) ? (into as Record<string, unknown>) : {};
      messageInto(c, stop, planFor(vt.message!), obj, path);
      v = obj;
      break;
    }
    case 'time':
    case 'microTime':
      v = timestamp(c, stop, vt.kind === 'microTime');
      break;
    case 'intOrString': {
      const x = intOrString(c, stop);
      // A non-pointer IntOrString left at int 0 is Go's "unset" (targetPort defaults to port).
      v = !keepZero && x === 0 ? OMIT : x;
      break;
    }
    case 'quantity':
      v = quantity(c, stop);
      break;
    case 'json':
      v = embeddedJson(c, stop, path);
      break;
    case 'strings':
      v = stringList(c, stop);
      break;
    default:
      c.notes.push(`${path}: no field table for ${vt.message ?? 'this type'}; value skipped`);
      v = OMIT;
  }
  if (c.pos !== stop) throw malformed(`${path}: message overran its length`);
  c.pos = stop;
  return v;
}

function mapEntry(c: Cursor, end: number, f: Field, out: Record<string, unknown>, path: string): void {
  const stop = delimited(c, end);
  let k = '';
  let v: unknown = OMIT;
  while (c.pos < stop) {
    const [no, wt] = key(c, stop);
    if (no === MapEntry.key) {
      expectWire(wt, LEN, `${path} key`);
      k = utf8(c, stop);
    } else if (no === MapEntry.value) {
      v = value(c, stop, wt, f.value, true, `${path}[${k}]`);
    } else skip(c, stop, wt);
  }
  if (v === OMIT) v = zeroOf(f.value); // proto omits a value equal to its type's default
  const map = (out[f.prop] ??= {}) as Record<string, unknown>;
  map[k] = v;
}

function zeroOf(vt: ValueType): unknown {
  switch (vt.kind) {
    case 'int':
    case 'double':
      return 0;
    case 'bool':
      return false;
    case 'quantity':
      return '0';
    case 'strings':
      return [];
    case 'message':
      return {};
    default:
      return '';
  }
}

const PACKABLE = new Set<Kind>(['int', 'bool', 'double']);

function messageInto(c: Cursor, end: number, plan: Plan, out: Record<string, unknown>, path: string): void {
  while (c.pos < end) {
    const [no, wt] = key(c, end);
    const f = plan.fields[no];
    if (!f) {
      c.notes.push(`${path || '<root>'}: unknown field ${no} of ${plan.name} skipped`);
      skip(c, end, wt);
      continue;
    }
    if (f.inline) {
      expectWire(wt, LEN, path);
      const stop = delimited(c, end);
      messageInto(c, stop, f.inline, out, path);
      continue;
    }
    const p = path ? `${path}.${f.prop}` : f.prop;
    if (f.shape === 'map') {
      expectWire(wt, LEN, p);
      mapEntry(c, end, f, out, p);
      continue;
    }
    if (f.shape === 'list') {
      const list = (out[f.prop] ??= []) as unknown[];
      if (wt === LEN && PACKABLE.has(f.value.kind)) {
        const stop = delimited(c, end);
        const elemWire = f.value.kind === 'double' ? FIXED64 : VARINT;
        while (c.pos < stop) list.push(value(c, stop, elemWire, f.value, true, `${p}[${list.length}]`));
      } else {
        const v = value(c, end, wt, f.value, true, `${p}[${list.length}]`);
        if (v !== OMIT) list.push(v);
      }
      continue;
    }
    const v = value(c, end, wt, f.value, f.pointer, p, out[f.prop]);
    if (v === OMIT) delete out[f.prop];
    else out[f.prop] = v;
  }
  if (c.pos !== end) throw malformed(`${path || plan.name}: message overran its length`);
}

/**
 * Decodes the bytes buf[start, end) as message `name` (a definition name with a field table) into
 * `out`. Returns notes about fields that were skipped.
 */
export function decodeMessage(buf: Buffer, start: number, end: number, name: string, out: Record<string, unknown> = {}): { object: Record<string, unknown>; skipped: string[] } {
  const c: Cursor = { buf, pos: start, notes: [] };
  messageInto(c, end, planFor(name), out, '');
  return { object: out, skipped: c.notes };
}

// Exposed for the envelope reader.
export const wire = { varint, delimited, skip, key, utf8, LEN };
export type { Cursor };
