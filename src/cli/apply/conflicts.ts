// strategicpatch.MergingMapsHaveConflicts, for `kubectl apply --overwrite=false`: the apply patch
// conflicts with the changes made to the live object since the last apply (original→current) when
// both set one field differently. Merge-strategy lists compare element by merge key; scalar merge
// lists never conflict; other lists conflict unless equal element by element (scalars sorted).
import type { LookupPatchMeta } from '../../machinery/strategicpatch.js';
import { compareGoStrings } from '../printers/gofmt.js';
import { goJson } from '../printers/json.js';
import { DIRECTIVE, RETAIN_KEYS, type JsonMap, deduplicateScalars, deepEqual, errNoMergeKey, fmtV, has, isMap, sliceElementType, retainKeysStrategy } from './values.js';

export class MergeConflictError extends Error {}

export function detectConflicts(patch: JsonMap, changed: JsonMap, schema: LookupPatchMeta): void {
  if (fieldsConflict(patch, changed, schema, '', ''))
    throw new MergeConflictError(`patch:\n${goJson(patch)}\nconflicts with changes made from original to current:\n${goJson(changed)}\n`);
}

function fieldsConflict(left: unknown, right: unknown, schema: LookupPatchMeta | undefined, strategy: string, mergeKey: string): boolean {
  if (isMap(left)) {
    if (!isMap(right)) return true;
    const l = has(left, DIRECTIVE);
    const r = has(right, DIRECTIVE);
    if ((l || r) && (l !== r || left[DIRECTIVE] !== right[DIRECTIVE])) return true;
    if (strategy === 'replace') return false;
    return mapsConflict(left, right, schema);
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right)) return true;
    return slicesConflict(left, right, schema, strategy, mergeKey);
  }
  return !deepEqual(left, right);
}

function mapsConflict(left: JsonMap, right: JsonMap, schema: LookupPatchMeta | undefined): boolean {
  for (const key of Object.keys(left)) {
    if (key === DIRECTIVE || key === RETAIN_KEYS || !has(right, key)) continue;
    const lv = left[key];
    let sub = schema;
    let strategy = '';
    let mergeKey = '';
    if (schema && (Array.isArray(lv) || isMap(lv))) {
      const [s, meta] = Array.isArray(lv) ? schema.lookupForSlice(key) : schema.lookupForStruct(key);
      sub = s;
      strategy = retainKeysStrategy(meta.strategies)[1];
      mergeKey = meta.mergeKey;
    }
    if (fieldsConflict(lv, right[key], sub, strategy, mergeKey)) return true;
  }
  return false;
}

function slicesConflict(left: unknown[], right: unknown[], schema: LookupPatchMeta | undefined, strategy: string, mergeKey: string): boolean {
  const kind = sliceElementType([left, right]);
  if (strategy === 'merge') {
    if (kind !== 'map') return false;
    const l = byMergeKey(left, mergeKey);
    const r = byMergeKey(right, mergeKey);
    return [...l.keys()].some((k) => r.has(k) && fieldsConflict(l.get(k), r.get(k), schema, '', ''));
  }
  if (left.length !== right.length) return true;
  const sort = (s: unknown[]) => deduplicateScalars(s).sort((x, y) => compareGoStrings(fmtV(x), fmtV(y)));
  const [a, b] = kind === 'map' ? [left, right] : [sort(left), sort(right)];
  return a.some((v, i) => fieldsConflict(v, b[i], schema, '', ''));
}

function byMergeKey(list: unknown[], mergeKey: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const v of list) {
    if (!isMap(v) || !has(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    out.set(fmtV(v[mergeKey]), v);
  }
  return out;
}
