// Decoded-JSON helpers shared by the patch makers. Go's view of a value's type, the directive keys,
// list element checks and ordering are strategicpatch's own (src/machinery/strategicpatch.ts, pure);
// what only the client side needs is here: reflect.DeepEqual, Go's `==`, and fmt's %v order.
import { goType, goV, has, isMap } from '../../machinery/strategicpatch.js';
import { compareGoStrings } from '../printers/gofmt.js';

export {
  DELETE_FROM_PRIMITIVE_LIST,
  DIRECTIVE,
  RETAIN_KEYS,
  SET_ELEMENT_ORDER,
  deduplicateScalars,
  errNoMergeKey,
  goType,
  has,
  isMap,
  put,
  retainKeysStrategy,
  sliceElementType,
  type GoType,
  type JsonMap,
} from '../../machinery/strategicpatch.js';

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
  return s.sort((x, y) => compareGoStrings(fmtV(x), fmtV(y)));
}
