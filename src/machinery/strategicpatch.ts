// Strategic merge patch (SMP), pure: k8s.io/apimachinery v0.25 pkg/util/strategicpatch's server-side
// apply path (StrategicMergeMapPatch: parallel lists merged, unmatched nulls ignored). Patch strategies
// and merge keys come from OpenAPI definitions (x-kubernetes-patch-strategy / -merge-key), which carry
// the same values as the Go struct tags kube-apiserver reads. Quirks of upstream are kept on purpose
// (new list items go before server-only items unless $setElementOrder says otherwise; values the
// original lacks are taken raw), because kubectl's patches are computed against that behaviour.
// Error texts are upstream's, including Go's %v rendering of maps, since clients print them verbatim.
import type { Schema } from '../api/openapi/schema.js';

export type JsonMap = Record<string, unknown>;

/** How the HTTP layer must answer: apiserver's interpretStrategicMergePatchError. */
export type SmpErrorKind = 'BadRequest' | 'Invalid' | 'Internal';

export class StrategicMergePatchError extends Error {
  constructor(
    message: string,
    readonly kind: SmpErrorKind = 'Internal',
  ) {
    super(message);
    this.name = 'StrategicMergePatchError';
  }
}

export const DIRECTIVE = '$patch';
export const RETAIN_KEYS = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER = '$setElementOrder';

// mergepatch's sentinel errors; the kind is how apiserver maps each to a Status.
const errBadPatchFormatForPrimitiveList = () => new StrategicMergePatchError('invalid patch format of primitive list', 'BadRequest');
const errBadPatchFormatForRetainKeys = () => new StrategicMergePatchError('invalid patch format of retainKeys', 'BadRequest');
const errBadPatchFormatForSetElementOrderList = () => new StrategicMergePatchError('invalid patch format of setElementOrder list', 'BadRequest');
const errNoListOfLists = () => new StrategicMergePatchError('lists of lists are not supported', 'Invalid');
export const errNoMergeKey = (m: unknown, key: string) => new StrategicMergePatchError(`map: ${goV(m)} does not contain declared merge key: ${key}`);
const errBadPatchType = (t: unknown, m: JsonMap) => new StrategicMergePatchError(`unknown patch type: ${goS(t)} in map: ${goV(m)}`);
const MAP_TYPE = 'map[string]interface {}';
const SLICE_TYPE = '[]interface {}';
const errBadArgType = (expected: string, actual: unknown) => new StrategicMergePatchError(`expected a ${expected}, but received a ${goTypeName(actual)}`);

// ---- Go value rendering (fmt %v / %s of decoded JSON) -----------------------------------------

export const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);
// Own keys only: a patch key such as "toString" must not find Object.prototype's.
export const has = (m: JsonMap, k: string): boolean => Object.prototype.hasOwnProperty.call(m, k);

/** Set a key even when it is "__proto__", which plain assignment would turn into a prototype change. */
export function put(m: JsonMap, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
  else m[k] = v;
}

function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '%!s(<nil>)';
  if (Array.isArray(v)) return SLICE_TYPE;
  if (isMap(v)) return MAP_TYPE;
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

/** fmt's %v: maps print with sorted keys, `map[k:v k2:v2]`; slices `[a b]`; nil `<nil>`. */
export function goV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  if (isMap(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goV(v[k])}`)
      .join(' ')}]`;
  return String(v);
}

/** fmt's %s, which only strings satisfy; other values print as %!s(type=value). */
function goS(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '%!s(<nil>)';
  if (Array.isArray(v)) return `[${v.map(goS).join(' ')}]`;
  if (isMap(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goS(v[k])}`)
      .join(' ')}]`;
  return `%!s(${goTypeName(v)}=${String(v)})`;
}

// ---- schema lookup --------------------------------------------------------------------------

export interface PatchMeta {
  strategies: string[];
  mergeKey: string;
}

/** strategicpatch.LookupPatchMeta: where a field's patch strategy and its value's schema come from. */
export interface LookupPatchMeta {
  lookupForStruct(key: string): [LookupPatchMeta, PatchMeta];
  lookupForSlice(key: string): [LookupPatchMeta, PatchMeta];
  name(): string;
}

const NO_META: PatchMeta = { strategies: [], mergeKey: '' };

/**
 * Patch metadata read from OpenAPI definitions, following `$ref`s through `resolve`. A value with no
 * schema (RawExtension, apiextensions JSON, ...) is free-form: its maps merge and its lists replace.
 */
export class OpenAPIPatchMeta implements LookupPatchMeta {
  private readonly schema: Schema | undefined;
  private readonly typeName: string;

  constructor(
    schema: Schema | undefined,
    private readonly resolve: (definitionName: string) => Schema | undefined,
  ) {
    let s = schema;
    let n = '';
    for (let depth = 0; s?.$ref && depth < 32; depth++) {
      n = s.$ref.replace(/^#\/(definitions|components\/schemas)\//, '');
      s = resolve(n);
    }
    this.schema = s;
    this.typeName = n.slice(n.lastIndexOf('.') + 1);
  }

  /** Go reflect.Kind names, as upstream errors print them (IntOrString, Quantity, Time are structs in Go). */
  private kind(): string {
    const s = this.schema;
    if (!s) return 'interface';
    if (s.type === 'array') return 'slice';
    if (s.properties || this.typeName) return 'struct';
    if (isMap(s.additionalProperties)) return 'map';
    if (s.type === 'integer') return s.format === 'int32' ? 'int32' : 'int64';
    if (s.type === 'number') return 'float64';
    if (s.type === 'boolean') return 'bool';
    return s.type ?? 'interface';
  }

  private freeForm(): boolean {
    const s = this.schema;
    return !s || (!s.properties && !isMap(s.additionalProperties) && !s.items && (s.type === undefined || s.type === 'object'));
  }

  lookupForStruct(key: string): [LookupPatchMeta, PatchMeta] {
    const s = this.schema;
    if (!s || this.freeForm()) return [new OpenAPIPatchMeta(undefined, this.resolve), NO_META];
    if (isMap(s.additionalProperties)) return [new OpenAPIPatchMeta(s.additionalProperties as Schema, this.resolve), NO_META];
    if (!s.properties) throw new StrategicMergePatchError(`merging an object in json but data type is not map or struct, instead is: ${this.kind()}`);
    const field = s.properties[key];
    if (!field) throw new StrategicMergePatchError(`unable to find api field in struct ${this.typeName} for the json field ${JSON.stringify(key)}`);
    const strategy = field['x-kubernetes-patch-strategy'];
    const mergeKey = field['x-kubernetes-patch-merge-key'];
    return [
      new OpenAPIPatchMeta(field, this.resolve),
      { strategies: typeof strategy === 'string' && strategy ? strategy.split(',') : [], mergeKey: typeof mergeKey === 'string' ? mergeKey : '' },
    ];
  }

  lookupForSlice(key: string): [LookupPatchMeta, PatchMeta] {
    const [sub, meta] = this.lookupForStruct(key);
    const field = (sub as OpenAPIPatchMeta).schema;
    if (!field) return [sub, meta];
    if (field.type !== 'array') throw new StrategicMergePatchError(`expected slice or array type, but got: ${this.kind()}`);
    const items = new OpenAPIPatchMeta(field.items, this.resolve);
    if (items.schema?.type === 'array') throw new StrategicMergePatchError('unexpected slice of slice');
    return [items, meta];
  }

  name(): string {
    return this.kind();
  }
}

// ---- the merge ------------------------------------------------------------------------------

/** Go's view of a decoded JSON value's type (int64 and float64 differ, as apimachinery's json decodes them). */
export type GoType = 'map' | 'slice' | 'string' | 'int64' | 'float64' | 'bool' | 'nil';

export function goType(v: unknown): GoType {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (isMap(v)) return 'map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

/**
 * Apply `patch` to `original` and return the result; neither input is modified. Throws
 * StrategicMergePatchError with upstream's text and the kind of Status apiserver answers with.
 */
export function strategicMergePatch(original: JsonMap, patch: JsonMap, schema: LookupPatchMeta): JsonMap {
  return mergeMap(structuredClone(original), structuredClone(patch), schema);
}

function mergeMap(original: JsonMap | null, patch: JsonMap, schema: LookupPatchMeta): JsonMap {
  if (has(patch, DIRECTIVE)) return directiveInMap(patch[DIRECTIVE], patch);
  const out = original ?? {};
  applyRetainKeys(out, patch);
  mergeOrderedLists(out, patch, schema);
  for (const [key, patchV] of Object.entries(patch)) {
    let k = key;
    let isDeleteList = false;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      const stripped = extractKey(key, DELETE_FROM_PRIMITIVE_LIST);
      if (stripped) k = stripped;
      isDeleteList = true;
    }
    if (patchV === null) {
      delete out[k];
      continue;
    }
    if (!has(out, k) || goType(out[k]) !== goType(patchV)) {
      // Absent or of another type: the patch value is taken as it is, nulls dropped.
      if (!isDeleteList) put(out, k, discardNulls(patchV));
      continue;
    }
    const cur = out[k];
    if (isMap(cur)) {
      const [sub, meta] = schema.lookupForStruct(k);
      const [, strategy] = retainKeysStrategy(meta.strategies);
      put(out, k, strategy === 'replace' ? patchV : mergeMap(cur, patchV as JsonMap, sub));
    } else if (Array.isArray(cur)) {
      const [sub, meta] = schema.lookupForSlice(k);
      const [, strategy] = retainKeysStrategy(meta.strategies);
      put(out, k, mergeSliceHandler(cur, patchV, sub, strategy, meta.mergeKey, isDeleteList));
    } else put(out, k, patchV);
  }
  return out;
}

/** `$patch` in a map: replace (the patch map without the directive) or delete (an empty map). */
export function directiveInMap(directive: unknown, patch: JsonMap): JsonMap {
  if (directive === 'replace') {
    delete patch[DIRECTIVE];
    return patch;
  }
  if (directive === 'delete') return {};
  throw errBadPatchType(directive, patch);
}

function discardNulls<T>(v: T): T {
  if (Array.isArray(v)) v.forEach(discardNulls);
  else if (isMap(v))
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else discardNulls(x);
    }
  return v;
}

function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST) throw errBadPatchFormatForPrimitiveList();
    throw errBadPatchFormatForSetElementOrderList();
  }
  return key.slice(slash + 1);
}

/** Split "merge,retainKeys" into whether retainKeys is set and the other strategy. */
export function retainKeysStrategy(strategies: string[]): [boolean, string] {
  if (strategies.length === 0) return [false, ''];
  if (strategies.length === 1) return strategies[0] === 'retainKeys' ? [true, ''] : [false, strategies[0]!];
  if (strategies.length === 2) {
    if (strategies[0] === 'retainKeys') return [true, strategies[1]!];
    if (strategies[1] === 'retainKeys') return [true, strategies[0]!];
  }
  throw new StrategicMergePatchError(`unexpected patch strategy: ${goV(strategies)}`);
}

/** `$retainKeys`: keys of the original not listed are cleared; every key the patch sets must be listed. */
function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!has(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw errBadPatchFormatForRetainKeys();
  const keep = new Set<unknown>(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(k)) throw errBadPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/**
 * `$setElementOrder/<field>`: merge the field's patch list (if any) into the original and order the
 * result: the directive's order first, then the patch's, then the live list's. Both keys leave the patch.
 */
function mergeOrderedLists(original: JsonMap, patch: JsonMap, schema: LookupPatchMeta): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw errBadArgType(SLICE_TYPE, order);
    const field = extractKey(key, SET_ELEMENT_ORDER);
    const foundOriginal = has(original, field);
    const foundPatch = has(patch, field);
    if (foundOriginal && !Array.isArray(original[field])) throw errBadArgType(SLICE_TYPE, original[field]);
    if (foundPatch && !Array.isArray(patch[field])) throw errBadArgType(SLICE_TYPE, patch[field]);
    const originalList = foundOriginal ? (original[field] as unknown[]) : [];
    const patchList = foundPatch ? (patch[field] as unknown[]) : [];
    const [sub, meta] = schema.lookupForSlice(field);
    const [, strategy] = retainKeysStrategy(meta.strategies);
    validateAgainstOrder(patchList, order, meta.mergeKey);
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = patchList;
    else if (foundOriginal && foundPatch) merged = mergeSliceHandler(originalList, patchList, sub, strategy, meta.mergeKey, false);
    else continue;
    const [patchItems, serverOnly] = meta.mergeKey ? partitionMaps(merged, order, meta.mergeKey) : partitionPrimitives(merged, order);
    const kind = sliceElementType([originalList, patchList]);
    put(original, field, normalizeElementOrder(patchItems, serverOnly, order, originalList, meta.mergeKey, kind));
    delete patch[field];
  }
}

/** The patch list's items (deletions aside) must appear in the `$setElementOrder` list, in its order. */
function validateAgainstOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? extractToDeleteItems(patchList)[0] : patchList;
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    if (isMap(items[p]) && has(items[p] as JsonMap, DIRECTIVE)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(items[p], order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length && o >= order.length)
    throw new StrategicMergePatchError(`The order in patch list:\n${goV(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goV(order)}\n`);
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  if (!isMap(left)) throw errBadArgType(MAP_TYPE, left);
  if (!isMap(right)) throw errBadArgType(MAP_TYPE, right);
  if (!has(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!has(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

function mergeSliceHandler(original: unknown, patch: unknown, schema: LookupPatchMeta, strategy: string, mergeKey: string, isDeleteList: boolean): unknown[] {
  if (!Array.isArray(original)) throw errBadArgType(SLICE_TYPE, original);
  if (!Array.isArray(patch)) throw errBadArgType(SLICE_TYPE, patch);
  return strategy === 'merge' ? mergeSlice(original, patch, schema, mergeKey, isDeleteList) : patch;
}

/** The one element type of the lists (Go reflect types: int64 and float64 differ); lists of lists are refused. */
export function sliceElementType(lists: unknown[][]): GoType {
  let prev: GoType | undefined;
  for (const list of lists)
    for (const v of list) {
      const t = goType(v);
      if (prev === undefined) {
        prev = t;
        if (t === 'slice') throw errNoListOfLists();
      } else if (t !== prev) throw new StrategicMergePatchError(`list element types are not identical: ${goV(lists)}`);
    }
  if (prev === undefined) throw new StrategicMergePatchError('no elements in any of the given slices');
  return prev;
}

function mergeSlice(original: unknown[], patch: unknown[], schema: LookupPatchMeta, mergeKey: string, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType([original, patch]);
  let merged: unknown[];
  let base = original;
  let items = patch;
  if (kind !== 'map') {
    if (isDeleteList) return deleteFromSlice(original, patch);
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (!mergeKey) throw new StrategicMergePatchError(`cannot merge lists without merge key for ${schema.name()}`);
    [base, items] = applySpecialElements(original, patch as JsonMap[], mergeKey);
    merged = mergeByKey(base, items as JsonMap[], mergeKey, schema);
  }
  const [patchItems, serverOnly] = mergeKey ? partitionMaps(merged, items, mergeKey) : partitionPrimitives(merged, items);
  return normalizeElementOrder(patchItems, serverOnly, items, base, mergeKey, kind);
}

/**
 * Elements carrying `$patch`: delete removes every element with the merge key value; replace makes the
 * rest of the patch list the whole list. Returns the new base list and the plain patch elements.
 */
function applySpecialElements(original: unknown[], patch: JsonMap[], mergeKey: string): [unknown[], unknown[]] {
  const plain: unknown[] = [];
  let base = original;
  let replace = false;
  for (const el of patch) {
    if (!has(el, DIRECTIVE)) {
      plain.push(el);
      continue;
    }
    const directive = el[DIRECTIVE];
    if (directive === 'delete') {
      if (!has(el, mergeKey)) throw errNoMergeKey(el, mergeKey);
      base = base.filter((x, i) => {
        if (!isMap(x)) throw new StrategicMergePatchError(`value for key ${i} is not a map`);
        return !(has(x, mergeKey) && x[mergeKey] === el[mergeKey]);
      });
    } else if (directive === 'replace') replace = true;
    else if (directive === 'merge') throw new StrategicMergePatchError('merging lists cannot yet be specified in the patch');
    else throw errBadPatchType(directive, el);
  }
  return replace ? [plain, []] : [base, plain];
}

/** Merge each patch element into the element with the same merge key value, or add it. */
function mergeByKey(original: unknown[], patch: JsonMap[], mergeKey: string, schema: LookupPatchMeta): unknown[] {
  const out = [...original];
  for (const el of patch) {
    if (!has(el, mergeKey)) throw errNoMergeKey(el, mergeKey);
    const i = findByKey(out, mergeKey, el[mergeKey]);
    if (i >= 0) out[i] = mergeMap(out[i] as JsonMap, el, schema);
    else out.push(el);
  }
  return out;
}

export function findByKey(list: unknown[], key: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (!isMap(x)) throw new StrategicMergePatchError(`value for key ${i} is not a map`);
    if (has(x, key) && x[key] === value) return i;
  }
  return -1;
}

function deleteFromSlice(current: unknown[], toDelete: unknown[]): unknown[] {
  const drop = new Set(toDelete);
  return current.filter((v) => !drop.has(v));
}

/** Go's deduplicateScalars, order effects included (a duplicate is replaced by the last element). */
export function deduplicateScalars(s: unknown[]): unknown[] {
  const out = [...s];
  let last = out.length - 1;
  for (let i = 0; i < last; i++)
    for (let j = i + 1; j <= last; j++)
      if (out[i] === out[j]) {
        out[j] = out[last];
        out.length = last;
        last--;
        j--;
      }
  return out;
}

export function partitionPrimitives(list: unknown[], by: unknown[]): [unknown[], unknown[]] {
  const inPatch = new Set(by);
  return [list.filter((v) => inPatch.has(v)), list.filter((v) => !inPatch.has(v))];
}

export function partitionMaps(list: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const patchItems: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of list) {
    if (!isMap(v)) throw errBadArgType(MAP_TYPE, v);
    if (!has(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    (findByKey(by, mergeKey, v[mergeKey]) >= 0 ? patchItems : serverOnly).push(v);
  }
  return [patchItems, serverOnly];
}

function indexIn(list: unknown[], v: unknown, mergeKey: string, kind: GoType): number {
  const val = (x: unknown) => (kind === 'map' ? (isMap(x) ? x[mergeKey] : undefined) : x);
  const want = val(v);
  return list.findIndex((x) => val(x) === want);
}

function extractToDeleteItems(list: unknown[]): [unknown[], unknown[]] {
  const keep: unknown[] = [];
  const del: unknown[] = [];
  for (const v of list) {
    if (!isMap(v)) throw errBadArgType(MAP_TYPE, v);
    (v[DIRECTIVE] === 'delete' ? del : keep).push(v);
  }
  return [keep, del];
}

/** Stable sort of `toSort` by position in `order`; deletion elements go last. */
export function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: GoType): unknown[] {
  let items = toSort;
  let del: unknown[] = [];
  if (kind === 'map') {
    for (const list of [toSort, order])
      for (const item of list) {
        if (!isMap(item)) throw errBadArgType(MAP_TYPE, item);
        if (!has(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
      }
    [items, del] = extractToDeleteItems(toSort);
  }
  // Go's sort.SliceStable is an insertion sort at these sizes; its less() answers true when either
  // item is missing from `order`, so it is reproduced as written rather than with a comparator.
  const out = [...items];
  const less = (a: unknown, b: unknown) => {
    const ia = indexIn(order, a, mergeKey, kind);
    if (ia < 0) return true;
    const ib = indexIn(order, b, mergeKey, kind);
    return ib < 0 || ia < ib;
  };
  for (let i = 1; i < out.length; i++)
    for (let j = i; j > 0 && less(out[j], out[j - 1]); j--) [out[j], out[j - 1]] = [out[j - 1], out[j]];
  return [...out, ...del];
}

/**
 * Order patch items by the patch order and server-only items by the live order, then interleave:
 * a server-only item goes before a patch item only when the live list has it earlier.
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

/** Patch metadata for a built-in definition (e.g. io.k8s.api.apps.v1.Deployment). */
export function patchMetaFor(definitionName: string | undefined, resolve: (definitionName: string) => Schema | undefined): LookupPatchMeta {
  return new OpenAPIPatchMeta(definitionName ? { $ref: `#/definitions/${definitionName}` } : undefined, resolve);
}
