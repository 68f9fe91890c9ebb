// A minimal protobuf writer for tests: bodies built by field number, with numbers typed in from
// upstream generated.proto, independent of the server's decoder and encoder tables.
import assert from 'node:assert/strict';
import { builtinStrategies } from '../../src/registry/index.js';
import type { AnyStrategy } from '../../src/registry/strategy.js';

export type Bytes = Buffer | number[];
export const cat = (...parts: Bytes[]): Buffer => Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))));
export function varint(n: number | bigint): number[] {
  let x = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
  return out;
}
export const tag = (no: number, wt: number) => varint(no * 8 + wt);
export const int = (no: number, n: number | bigint) => cat(tag(no, 0), varint(n));
export const bool = (no: number, b: boolean) => int(no, b ? 1 : 0);
export const bytes = (no: number, b: Bytes) => {
  const buf = cat(b);
  return cat(tag(no, 2), varint(buf.length), buf);
};
export const str = (no: number, s: string) => bytes(no, Buffer.from(s, 'utf8'));
export const msg = (no: number, ...parts: Bytes[]) => bytes(no, cat(...parts));
/** map<string, V> entry; `value` is the already-encoded field 2. */
export const entry = (no: number, k: string, value: Bytes) => msg(no, str(1, k), value);
export const sentry = (no: number, k: string, v: string) => entry(no, k, str(2, v));
/** intstr.IntOrString */
export const intOrString = (no: number, v: number | string) =>
  typeof v === 'number' ? msg(no, int(1, 0), int(2, v), str(3, '')) : msg(no, int(1, 1), int(2, 0), str(3, v));
export const quantity = (no: number, s: string) => msg(no, str(1, s));
export const MAGIC = [0x6b, 0x38, 0x73, 0x00];
/** The `k8s\0` envelope around runtime.Unknown{typeMeta, raw, contentEncoding, contentType}. */
export const envelope = (apiVersion: string, kind: string, raw: Buffer) =>
  cat(MAGIC, msg(1, str(1, apiVersion), str(2, kind)), bytes(2, raw), str(3, ''), str(4, ''));

/** The built-in strategy serving group/kind. */
export function strategy(group: string, kind: string): AnyStrategy {
  const s = builtinStrategies.find((x) => x.group === group && x.kind === kind);
  assert.ok(s, `no strategy for ${group}/${kind}`);
  return s;
}
