// Client-side strategic merge patch creation, as kubectl 1.25 computes it (apimachinery v0.25
// strategicpatch: CreateThreeWayMergePatch for `apply`, CreateTwoWayMergePatch for `edit`). The
// three-way patch is the additions/changes from current (live) to modified (file) plus the deletions
// from original (last-applied) to modified, merged client-side. Upstream quirks kept on purpose:
// merge-strategy scalar lists are sorted IN PLACE before the order check, so an unsorted list such as
// finalizers [b, a] always yields `$setElementOrder/finalizers` (kubectl then says "configured"); a
// `replace`-strategy map always appears in the patch (PodDisruptionBudget.spec.selector).
import type { LookupPatchMeta } from '../../machinery/strategicpatch.js';
import { mergeSmpPatches } from './patchmerge.js';
import { normalizeSliceOrder } from '../../machinery/strategicpatch.js';
import { detectConflicts } from './conflicts.js';
import {
  type JsonMap,
  deduplicateScalars,
  deepEqual,
  errNoMergeKey,
  fmtV,
  goType,
  has,
  isMap,
  put,
  sliceElementType,
  sortScalarsInPlace,
  DIRECTIVE,
  RETAIN_KEYS,
  DELETE_FROM_PRIMITIVE_LIST,
  SET_ELEMENT_ORDER,
  retainKeysStrategy,
} from './values.js';
import { compareGoStrings } from '../printers/gofmt.js';

export type { JsonMap } from './values.js';
export { createThreeWayJsonMergePatch, createJsonMergePatch } from './jsonmerge.js';

export interface DiffOptions {
  setElementOrder?: boolean;
  ignoreChangesAndAdditions?: boolean;
  ignoreDeletions?: boolean;
  buildRetainKeysDirective?: boolean;
}

const nonEmpty = (m: JsonMap) => Object.keys(m).length > 0;

/** The patch that turns `original` into `modified` (recursively), within `o`'s ignore rules. */
export function diffMaps(original: JsonMap, modified: JsonMap, schema: LookupPatchMeta, o: DiffOptions): JsonMap {
  const patch: JsonMap = {};
  const retainKeys: string[] = [];
  for (const key of Object.keys(modified)) {
    const mv = modified[key];
    if (o.buildRetainKeysDirective && mv !== null) retainKeys.push(key);
    if (!has(original, key)) {
      if (!o.ignoreChangesAndAdditions) put(patch, key, mv);
      continue;
    }
    const ov = original[key];
    if (key === DIRECTIVE) {
      if (typeof ov !== 'string' || typeof mv !== 'string') throw new Error(`invalid value for special key: ${DIRECTIVE}`);
      if (ov !== mv) patch[DIRECTIVE] = mv;
      continue;
    }
    if (goType(ov) !== goType(mv)) {
      if (!o.ignoreChangesAndAdditions) put(patch, key, mv);
      continue;
    }
    if (isMap(ov)) handleMapDiff(key, ov, mv as JsonMap, patch, schema, o);
    else if (Array.isArray(ov)) handleSliceDiff(key, ov, mv as unknown[], patch, schema, o);
    else if (!o.ignoreChangesAndAdditions && !deepEqual(ov, mv)) put(patch, key, mv);
  }
  if (!o.ignoreDeletions) for (const key of Object.keys(original)) if (!has(modified, key)) put(patch, key, null);
  if (retainKeys.length > 0 && (nonEmpty(patch) || hasAdditionalNewField(original, modified))) patch[RETAIN_KEYS] = sortScalarsInPlace(retainKeys);
  return patch;
}

/** A non-null key of original that modified lacks. */
function hasAdditionalNewField(original: JsonMap, modified: JsonMap): boolean {
  return Object.keys(original).some((k) => original[k] !== null && !has(modified, k));
}

function lookup(schema: LookupPatchMeta, key: string, slice: boolean, ov: unknown, mv: unknown) {
  try {
    return slice ? schema.lookupForSlice(key) : schema.lookupForStruct(key);
  } catch (e) {
    if (deepEqual(ov, mv)) return undefined; // no metadata, but nothing to patch either
    throw e;
  }
}

function handleMapDiff(key: string, ov: JsonMap, mv: JsonMap, patch: JsonMap, schema: LookupPatchMeta, o: DiffOptions): void {
  const found = lookup(schema, key, false, ov, mv);
  if (!found) return;
  const [sub, meta] = found;
  const [retainKeys, strategy] = retainKeysStrategy(meta.strategies);
  if (strategy === 'replace') {
    if (!o.ignoreChangesAndAdditions) put(patch, key, mv);
    return;
  }
  const value = diffMaps(ov, mv, sub, { ...o, buildRetainKeysDirective: retainKeys });
  if (nonEmpty(value)) put(patch, key, value);
}

function handleSliceDiff(key: string, ov: unknown[], mv: unknown[], patch: JsonMap, schema: LookupPatchMeta, o: DiffOptions): void {
  const found = lookup(schema, key, true, ov, mv);
  if (!found) return;
  const [sub, meta] = found;
  const [retainKeys, strategy] = retainKeysStrategy(meta.strategies);
  if (strategy !== 'merge') {
    if (!o.ignoreChangesAndAdditions && !deepEqual(ov, mv)) put(patch, key, mv);
    return;
  }
  const [add, del, order] = diffLists(ov, mv, sub, meta.mergeKey, { ...o, buildRetainKeysDirective: retainKeys });
  if (add.length > 0) put(patch, key, add);
  if (del.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST}/${key}`] = del;
  if (order.length > 0) patch[`${SET_ELEMENT_ORDER}/${key}`] = order;
}

/** [patch list, scalar deletion list, $setElementOrder list] of a merge-strategy list. */
function diffLists(original: unknown[], modified: unknown[], schema: LookupPatchMeta, mergeKey: string, o: DiffOptions): [unknown[], unknown[], unknown[]] {
  if (original.length === 0) {
    if (modified.length === 0 || o.ignoreChangesAndAdditions) return [[], [], []];
    return [modified, [], []];
  }
  const kind = sliceElementType([original, modified]);
  if (kind === 'map') {
    const [changes, deletions] = diffListsOfMaps(original, modified, schema, mergeKey, o);
    const patchList = [...normalizeSliceOrder(changes, modified, mergeKey, kind), ...deletions];
    const orderSame = isOrderSame(original, modified, mergeKey);
    const wantOrder = o.setElementOrder && ((!o.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) || (!o.ignoreDeletions && patchList.length > 0));
    const order = wantOrder ? modified.map((v) => ({ [mergeKey]: (v as JsonMap)[mergeKey] })) : [];
    return [patchList, [], order];
  }
  // diffListsOfScalars sorts `original` in place; the DeepEqual below then sees it sorted.
  const [adds, deletions] = diffListsOfScalars(original, modified, o);
  const patchList = normalizeSliceOrder(adds, modified, mergeKey, kind);
  const wantOrder = o.setElementOrder && ((!o.ignoreDeletions && deletions.length > 0) || (!o.ignoreChangesAndAdditions && !deepEqual(original, modified)));
  return [patchList, deletions, wantOrder ? modified : []];
}

function isOrderSame(original: unknown[], modified: unknown[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return modified.every((m, i) => {
    const a = original[i] as JsonMap;
    if (!has(a, mergeKey)) throw errNoMergeKey(a, mergeKey);
    if (!has(m as JsonMap, mergeKey)) throw errNoMergeKey(m, mergeKey);
    return a[mergeKey] === (m as JsonMap)[mergeKey];
  });
}

function diffListsOfScalars(original: unknown[], modified: unknown[], o: DiffOptions): [unknown[], unknown[]] {
  const os = sortScalarsInPlace(original);
  const ms = sortScalarsInPlace([...modified]);
  const adds: unknown[] = [];
  const deletions: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < os.length || j < ms.length) {
    const oIn = i < os.length;
    const mIn = j < ms.length;
    const c = oIn && mIn ? compareGoStrings(fmtV(os[i]), fmtV(ms[j])) : 0;
    if (oIn && mIn && c === 0) {
      i++;
      j++;
    } else if (!oIn || c > 0) {
      if (!o.ignoreChangesAndAdditions) adds.push(ms[j]);
      j++;
    } else {
      if (!o.ignoreDeletions) deletions.push(os[i]);
      i++;
    }
  }
  return [adds, deduplicateScalars(deletions)];
}

/** Elements sorted by the %v text of their merge key (sortMergeListsByNameArray, not recursive). */
function sortByMergeKey(list: unknown[], mergeKey: string): JsonMap[] {
  return [...(list as JsonMap[])].sort((a, b) => compareGoStrings(fmtV(a[mergeKey]), fmtV(b[mergeKey])));
}

function diffListsOfMaps(original: unknown[], modified: unknown[], schema: LookupPatchMeta, mergeKey: string, o: DiffOptions): [unknown[], unknown[]] {
  const patch: unknown[] = [];
  const deletions: unknown[] = [];
  const os = sortByMergeKey(original, mergeKey);
  const ms = sortByMergeKey(modified, mergeKey);
  const keyOf = (m: JsonMap) => {
    if (!has(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
    return m[mergeKey];
  };
  let i = 0;
  let j = 0;
  while (i < os.length || j < ms.length) {
    const oIn = i < os.length;
    const mIn = j < ms.length;
    const ov = oIn ? keyOf(os[i]) : undefined;
    const mv = mIn ? keyOf(ms[j]) : undefined;
    const c = oIn && mIn ? compareGoStrings(fmtV(ov), fmtV(mv)) : 0;
    if (oIn && mIn && c === 0) {
      const value = diffMaps(os[i], ms[j], schema, o);
      if (nonEmpty(value)) {
        put(value, mergeKey, mv);
        patch.push(value);
      }
      i++;
      j++;
    } else if (!oIn || c > 0) {
      if (!o.ignoreChangesAndAdditions) patch.push(ms[j]);
      j++;
    } else {
      if (!o.ignoreDeletions) deletions.push({ [mergeKey]: ov, [DIRECTIVE]: 'delete' });
      i++;
    }
  }
  return [patch, deletions];
}

/**
 * kubectl apply's patch: deletions original→modified plus additions/changes current→modified.
 * `original` is the parsed last-applied annotation (undefined when absent). overwrite defaults to true
 * (kubectl's --overwrite); with false, changes made to the live object since the last apply that the
 * patch would overwrite are an error.
 */
export function createThreeWayMergePatch(original: JsonMap | undefined, modified: JsonMap, current: JsonMap, meta: LookupPatchMeta, opts: { overwrite?: boolean } = {}): JsonMap {
  // Upstream works on freshly decoded documents and sorts some of their lists in place.
  const o = structuredClone(original ?? {});
  const m = structuredClone(modified);
  const c = structuredClone(current);
  const delta = diffMaps(c, m, meta, { ignoreDeletions: true, setElementOrder: true });
  const deletions = diffMaps(o, m, meta, { setElementOrder: true, ignoreChangesAndAdditions: true });
  const patch = mergeSmpPatches(deletions, delta, meta);
  if (opts.overwrite === false) {
    const changed = diffMaps(o, c, meta, {});
    detectConflicts(patch, changed, meta);
  }
  return patch;
}

/** `edit`'s patch for built-in kinds: original → modified, with $setElementOrder lists. */
export function createTwoWayMergePatch(original: JsonMap, modified: JsonMap, meta: LookupPatchMeta): JsonMap {
  return diffMaps(structuredClone(original), structuredClone(modified), meta, { setElementOrder: true });
}
