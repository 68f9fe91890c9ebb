// Decoded-JSON helpers shared by the patch makers: Go's view of a value's type (int64 and float64
// differ, as k8s.io/apimachinery/pkg/util/json decodes them), reflect.DeepEqual, and fmt's %v order.
import { goV } from '../../machinery/strategicpatch.js';
import { goCompare } from './gojson.js';

export type JsonMap = Record<string, unknown>;

export const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);
export const has = (m: JsonMap, k: string): boolean => Object.prototype.hasOwnProperty.call(m, k);

/** Set a key even when it is "__proto__". */
export function put(m: JsonMap, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
  else m[k] = v;
}

export type GoType = 'map' | 'slice' | 'string' | 'int64' | 'float64' | 'bool' | 'nil';

export function goType(v: unknown): GoType {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (isMap(v)) return 'map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => has(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Go's `==` on two interface{} scalars (a missing map key reads as nil). */
export const goEq = (a: unknown, b: unknown): boolean => (a ?? null) === (b ?? null) && goType(a) === goType(b);

/** fmt.Sprintf("%v", v). */
export const fmtV = (v: unknown): string => goV(v);

/** sort.Sort of scalars by their %v text, in place (upstream sorts the caller's slice). */
export function sortScalarsInPlace(s: unknown[]): unknown[] {
  return s.sort((x, y) => goCompare(fmtV(x), fmtV(y)));
}

/** mergepatch's deduplicateScalars: its swap-with-last removal order included. */
export function deduplicateScalars(input: unknown[]): unknown[] {
  const s = [...input];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (goEq(s[i], s[j])) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

/** sliceElementType: every element of every slice has one Go type, not a slice; returns it. */
export function sliceElementType(...slices: unknown[][]): GoType {
  let prev: GoType | undefined;
  for (const s of slices)
    for (const v of s) {
      const t = goType(v);
      if (prev === undefined) {
        if (t === 'slice') throw new Error('lists of lists are not supported');
        prev = t;
      } else if (prev !== t) throw new Error(`list element types are not identical: ${fmtV(slices)}`);
    }
  if (prev === undefined) throw new Error('no elements in any of the given slices');
  return prev;
}

export const errNoMergeKey = (m: unknown, key: string) => new Error(`map: ${fmtV(m)} does not contain declared merge key: ${key}`);

export const DIRECTIVE = '$patch';
export const RETAIN_KEYS = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER = '$setElementOrder';


/** extractRetainKeysPatchStrategy: [retainKeys?, the other strategy or ''] */
export function splitStrategies(strategies: string[]): [boolean, string] {
  if (strategies.length === 0) return [false, ''];
  if (strategies.length === 1) return strategies[0] === 'retainKeys' ? [true, ''] : [false, strategies[0]];
  if (strategies.length === 2) {
    if (strategies[0] === 'retainKeys') return [true, strategies[1]];
    if (strategies[1] === 'retainKeys') return [true, strategies[0]];
  }
  throw new Error(`unexpected patch strategy: ${fmtV(strategies)}`);
}

