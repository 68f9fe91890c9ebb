// The client-side merge of two strategic merge patches (strategicpatch.mergeMap with MergeOptions{}:
// parallel lists are not applied, nulls are kept), used to join apply's deletions patch and its
// additions/changes patch. Directive keys ($retainKeys, $setElementOrder/…, $deleteFromPrimitiveList/…)
// are carried over into the result instead of being executed; lists sharing a $setElementOrder are
// merged and put in its order. Both arguments are modified, as upstream does.
import type { LookupPatchMeta } from '../../machinery/strategicpatch.js';
import { directiveInMap, findByKey, normalizeElementOrder, partitionMaps, partitionPrimitives } from '../../machinery/strategicpatch.js';
import {
  DELETE_FROM_PRIMITIVE_LIST,
  DIRECTIVE,
  RETAIN_KEYS,
  SET_ELEMENT_ORDER,
  retainKeysStrategy,
  type JsonMap,
  deduplicateScalars, deepEqual, errNoMergeKey, fmtV, goEq, goType, has, isMap, put, sliceElementType } from './values.js';

const errBadSetElementOrder = () => new Error('invalid patch format of setElementOrder list');

export function mergeSmpPatches(original: JsonMap, patch: JsonMap, schema: LookupPatchMeta): JsonMap {
  if (has(patch, DIRECTIVE)) return directiveInMap(patch[DIRECTIVE], patch);
  carryRetainKeys(original, patch);
  mergeOrderedLists(original, patch, schema);
  for (const k of Object.keys(patch)) {
    const pv = patch[k];
    if (k.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      put(original, k, pv);
      continue;
    }
    if (pv === null) delete original[k]; // then kept as an explicit null below
    if (!has(original, k)) {
      put(original, k, pv);
      continue;
    }
    const ov = original[k];
    if (goType(ov) !== goType(pv)) {
      put(original, k, pv);
      continue;
    }
    if (isMap(ov)) {
      const [sub, meta] = schema.lookupForStruct(k);
      const [, strategy] = retainKeysStrategy(meta.strategies);
      put(original, k, strategy !== 'replace' ? mergeSmpPatches(ov, pv as JsonMap, sub) : pv);
    } else if (Array.isArray(ov)) {
      const [sub, meta] = schema.lookupForSlice(k);
      const [, strategy] = retainKeysStrategy(meta.strategies);
      put(original, k, strategy === 'merge' ? mergeSlice(ov, pv as unknown[], sub, meta.mergeKey) : pv);
    } else put(original, k, pv);
  }
  return original;
}

/** Both halves carry the same $retainKeys (both come from the same modified map): keep one. */
function carryRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!has(patch, RETAIN_KEYS)) return;
  const keys = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!has(original, RETAIN_KEYS)) original[RETAIN_KEYS] = keys;
  else if (!deepEqual(original[RETAIN_KEYS], keys))
    throw new Error(`${fmtV(original[RETAIN_KEYS])} and ${fmtV(keys)} are not deep equal: this may happen when calculating the 3-way diff patch`);
}

/** mergePatchIntoOriginal: each $setElementOrder list moves to original, with its list merged and ordered. */
function mergeOrderedLists(original: JsonMap, patch: JsonMap, schema: LookupPatchMeta): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    if (!has(original, key)) put(original, key, order);
    else if (!deepEqual(original[key], order)) throw errBadSetElementOrder();
    delete patch[key];
    if (!Array.isArray(order)) throw new Error(`expected a []interface {}, but received a ${goType(order)}`);
    const slash = key.indexOf('/');
    if (slash < 0 || key.slice(0, slash) !== SET_ELEMENT_ORDER) throw errBadSetElementOrder();
    const listKey = key.slice(slash + 1);
    const foundO = has(original, listKey);
    const foundP = has(patch, listKey);
    const ol = foundO ? original[listKey] : [];
    const pl = foundP ? patch[listKey] : [];
    if (!Array.isArray(ol) || !Array.isArray(pl)) throw new Error(`expected a []interface {}, but received a ${goType(Array.isArray(ol) ? pl : ol)}`);
    const [sub, meta] = schema.lookupForSlice(listKey);
    const [, strategy] = retainKeysStrategy(meta.strategies);
    let merged: unknown[];
    if (foundO && !foundP) merged = ol;
    else if (!foundO && foundP) merged = pl;
    else if (foundO && foundP) merged = strategy === 'merge' ? mergeSlice(ol, pl, sub, meta.mergeKey) : pl;
    else continue;
    const [inOrder, serverOnly] = partition(merged, order, meta.mergeKey);
    const kind = sliceElementType([ol, pl]);
    put(original, listKey, normalizeElementOrder(inOrder, serverOnly, order, ol, meta.mergeKey, kind));
    delete patch[listKey];
  }
}

/** Items of `list` present in `by` (maps by merge key), and the others. */
const partition = (list: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] =>
  mergeKey ? partitionMaps(list, by, mergeKey) : partitionPrimitives(list, by);

function mergeSlice(original: unknown[], patch: unknown[], schema: LookupPatchMeta, mergeKey: string): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType([original, patch]);
  let merged: unknown[];
  if (kind !== 'map') merged = deduplicateScalars([...original, ...patch]);
  else {
    if (!mergeKey) throw new Error(`cannot merge lists without merge key for ${schema.name()}`);
    [original, patch] = withSpecialElements(original, patch, mergeKey);
    merged = [...original];
    for (const v of patch) {
      const m = v as JsonMap;
      if (!has(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
      const at = findByKey(merged, mergeKey, m[mergeKey]);
      if (at >= 0) merged[at] = mergeSmpPatches(merged[at] as JsonMap, m, schema);
      else merged.push(v);
    }
  }
  const [inPatch, serverOnly] = partition(merged, patch, mergeKey);
  return normalizeElementOrder(inPatch, serverOnly, patch, original, mergeKey, kind);
}

/** mergeSliceWithSpecialElements: `$patch` items of the patch list act on original. */
function withSpecialElements(original: unknown[], patch: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const plain: unknown[] = [];
  let replace = false;
  for (const v of patch) {
    const m = v as JsonMap;
    if (!has(m, DIRECTIVE)) {
      plain.push(v);
      continue;
    }
    const d = m[DIRECTIVE];
    if (d === 'delete') {
      if (!has(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
      original = original.filter((x) => !(isMap(x) && has(x, mergeKey) && goEq(x[mergeKey], m[mergeKey])));
    } else if (d === 'replace') replace = true;
    else if (d === 'merge') throw new Error('merging lists cannot yet be specified in the patch');
    else throw new Error(`unknown patch type: ${fmtV(d)} in map: ${fmtV(m)}`);
  }
  return replace ? [plain, []] : [original, plain];
}
