// JSON merge patch (RFC 7386) creation as kubectl uses it for kinds its scheme does not know (custom
// resources, CRDs, APIServices): apimachinery's jsonmergepatch.CreateThreeWayJSONMergePatch for
// `apply` and evanphx/json-patch's CreateMergePatch for `edit`. Lists are replaced whole; numbers
// compare by value (evanphx decodes every number as float64).
import { type JsonMap, deepEqual, fmtV, has, isMap, put } from './values.js';

type Tag = 'map' | 'slice' | 'string' | 'number' | 'bool' | 'nil';
const tag = (v: unknown): Tag =>
  v === null || v === undefined ? 'nil' : Array.isArray(v) ? 'slice' : isMap(v) ? 'map' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'string';

/** evanphx getDiff: the merge patch turning a into b (removed keys become null). */
function getDiff(a: JsonMap, b: JsonMap): JsonMap {
  const into: JsonMap = {};
  for (const key of Object.keys(b)) {
    const bv = b[key];
    if (!has(a, key) || tag(a[key]) !== tag(bv)) {
      put(into, key, bv);
      continue;
    }
    const av = a[key];
    if (isMap(av)) {
      const dst = getDiff(av, bv as JsonMap);
      if (Object.keys(dst).length > 0) put(into, key, dst);
    } else if (!deepEqual(av, bv)) put(into, key, bv);
  }
  for (const key of Object.keys(a)) if (!has(b, key)) put(into, key, null);
  return into;
}

/** Two-way merge patch (edit of a custom resource). */
export function createJsonMergePatch(original: JsonMap, modified: JsonMap): JsonMap {
  return getDiff(original, modified);
}

/** keepOrDeleteNullInObj: only the nulls (deletions), or everything but the nulls. */
function keepOrDeleteNull(m: JsonMap, keepNull: boolean): JsonMap {
  const out: JsonMap = {};
  for (const key of Object.keys(m)) {
    const v = m[key];
    if (v === null) {
      if (keepNull) put(out, key, null);
    } else if (isMap(v)) {
      // An explicitly empty map is a value, not an empty patch.
      if (Object.keys(v).length === 0) {
        if (!keepNull) put(out, key, v);
        continue;
      }
      const sub = keepOrDeleteNull(v, keepNull);
      if (Object.keys(sub).length > 0) put(out, key, sub);
    } else if (!keepNull) put(out, key, v);
  }
  return out;
}

/** mergepatch.HasConflicts: the same path set to different values. */
function hasConflicts(left: unknown, right: unknown): boolean {
  if (isMap(left)) {
    if (!isMap(right)) return true;
    return Object.keys(left).some((k) => has(right, k) && hasConflicts(left[k], right[k]));
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return true;
    return left.some((v, i) => hasConflicts(v, right[i]));
  }
  return !deepEqual(left, right);
}

/** evanphx MergePatch of one patch document into another (nulls of `patch` delete, values win). */
function mergeDocs(doc: JsonMap, patch: JsonMap): JsonMap {
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (v === null) delete doc[k];
    else if (!has(doc, k) || doc[k] === null) put(doc, k, pruneNulls(v));
    else if (isMap(doc[k]) && isMap(v)) mergeDocs(doc[k] as JsonMap, v);
    else put(doc, k, isMap(doc[k]) ? v : pruneNulls(v));
  }
  return doc;
}

function pruneNulls(v: unknown): unknown {
  if (isMap(v)) for (const k of Object.keys(v)) if (v[k] === null) delete v[k];
    else pruneNulls(v[k]);
  else if (Array.isArray(v)) v.forEach(pruneNulls);
  return v;
}

export class JsonMergePatchError extends Error {}

/**
 * kubectl apply's patch for kinds without strategic merge metadata: deletions original→modified,
 * additions/changes current→modified. Throws when apiVersion, kind or metadata.name would change
 * (kubectl's preconditions), as upstream does, with upstream's text.
 */
export function createThreeWayJsonMergePatch(original: JsonMap | undefined, modified: JsonMap, current: JsonMap): JsonMap {
  const addAndChange = keepOrDeleteNull(getDiff(structuredClone(current), structuredClone(modified)), false);
  const deletions = keepOrDeleteNull(getDiff(structuredClone(original ?? {}), structuredClone(modified)), true);
  if (hasConflicts(addAndChange, deletions))
    throw new JsonMergePatchError(`patch:\n${JSON.stringify(addAndChange)}\nconflicts with changes made from original to current:\n${JSON.stringify(deletions)}\n`);
  const patch = mergeDocs(deletions, addAndChange);
  const meta = patch.metadata;
  if (has(patch, 'apiVersion') || has(patch, 'kind') || (isMap(meta) && has(meta, 'name')))
    throw new JsonMergePatchError(`precondition failed for: ${fmtV(patch)}`);
  return patch;
}
