// List ordering shared by patch creation and the client-side merge of two patches
// (strategicpatch's normalizeSliceOrder / normalizeElementOrder / mergeSortedSlice).
import { type GoType, type JsonMap, errNoMergeKey, goEq, has, isMap } from './values.js';

const DELETE_DIRECTIVE = 'delete';

/** Position of an item in a list: maps by their merge key value, scalars by value; -1 if absent. */
export function indexIn(list: unknown[], item: unknown, mergeKey: string, kind: GoType): number {
  const val = (x: unknown) => (kind === 'map' ? (isMap(x) ? x[mergeKey] : undefined) : x);
  const want = val(item);
  return list.findIndex((x) => goEq(val(x), want));
}

/** sort.SliceStable with upstream's comparator, which calls an item "less" unless both are found. */
function stableSortByOrder(items: unknown[], order: unknown[], mergeKey: string, kind: GoType): unknown[] {
  const out = [...items];
  const less = (a: unknown, b: unknown): boolean => {
    const ia = indexIn(order, a, mergeKey, kind);
    if (ia >= 0) {
      const ib = indexIn(order, b, mergeKey, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  };
  // Go's stable sort is an insertion sort for up to 20 items; for consistent inputs any stable sort agrees.
  for (let i = 1; i < out.length; i++)
    for (let j = i; j > 0 && less(out[j], out[j - 1]); j--) [out[j], out[j - 1]] = [out[j - 1], out[j]];
  return out;
}

function requireMergeKey(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists)
    for (const item of list) {
      if (!isMap(item)) throw new Error(`expected a map[string]interface {}, but received a ${typeof item}`);
      if (!has(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
}

/** Sort `toSort` by `order`; for maps, `$patch: delete` items go last in their own order. */
export function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: GoType): unknown[] {
  let keep = toSort;
  const toDelete: unknown[] = [];
  if (kind === 'map') {
    requireMergeKey(mergeKey, toSort, order);
    keep = [];
    for (const v of toSort) ((v as JsonMap)['$patch'] === DELETE_DIRECTIVE ? toDelete : keep).push(v);
  }
  return [...stableSortByOrder(keep, order, mergeKey, kind), ...toDelete];
}

/**
 * Patch items in the patch order, server-only items in the server order, interleaved: a server-only
 * item goes first only when both are in `serverOrder` and it is earlier there.
 */
export function normalizeElementOrder(patch: unknown[], serverOnly: unknown[], patchOrder: unknown[], serverOrder: unknown[], mergeKey: string, kind: GoType): unknown[] {
  const right = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const left = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}
