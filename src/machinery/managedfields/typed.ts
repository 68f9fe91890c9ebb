// Type-aware walks over plain JSON values (structured-merge-diff v4.2.3's typed package): the field
// set of a value, the comparison of two values, the apply merge, item removal, and validation.
// `undefined` is an absent value; `null` is a present JSON null, as a non-nil null Value is in Go.
import { fieldPE, FieldSet, indexPE, keyPE, pathElementString, pathString, valuePE, type PathElement } from './fieldpath.js';
import { UNTYPED_ATOMIC_REF, type Atom, type ListType, type MapType, type ScalarKind, type TypeRef } from './schema.js';

export interface ValidationError {
  path: string;
  message: string;
}

/** ValidationErrors.Error(): one error as `path: message`, several as a list under "errors:". */
export function validationErrorsText(errs: ValidationError[]): string {
  const one = (e: ValidationError) => (e.path ? `${e.path}: ${e.message}` : e.message);
  if (errs.length === 1) return one(errs[0]!);
  return ['errors:', ...errs.map((e) => '  ' + one(e))].join('\n');
}

export class TypedError extends Error {
  constructor(readonly errors: ValidationError[]) {
    super(validationErrorsText(errors));
    this.name = 'TypedError';
  }
}

type Kind = 'map' | 'scalar' | 'list' | undefined;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** deduceAtom + handleAtom's choice: the value's own shape if the type allows it, else map, scalar, list. */
function pick(a: Atom, v: unknown): Kind {
  if (v !== undefined && v !== null) {
    if (Array.isArray(v)) {
      if (a.list) return 'list';
    } else if (typeof v === 'object') {
      if (a.map) return 'map';
    } else if (a.scalar) return 'scalar';
  }
  return a.map ? 'map' : a.scalar ? 'scalar' : a.list ? 'list' : undefined;
}

function fieldType(m: MapType, key: string): TypeRef | undefined {
  return m.fields?.get(key)?.type ?? m.elem;
}

/**
 * listItemToPathElement: keyed lists use the item's key fields (a missing key takes the key field's
 * default), sets the item's value, atomic lists the index. Errors are returned as text.
 */
export function listItemPE(list: ListType, index: number, item: unknown): PathElement | { error: string } {
  if (list.atomic) return indexPE(index);
  if (list.keys.length > 0) {
    if (item === null) return { error: 'associative list with keys may not have a null element' };
    if (!isMap(item)) return { error: 'associative list with keys may not have non-map elements' };
    const fields: [string, unknown][] = [];
    for (const k of list.keys) {
      if (Object.prototype.hasOwnProperty.call(item, k) && item[k] !== undefined) {
        fields.push([k, item[k]]);
        continue;
      }
      const elem = list.elem.resolve();
      if (!elem.map) return { error: `couldn't find default value for ${k}: associative list may not have non-map types` };
      const def = elem.map.fields?.get(k)?.default;
      if (def === undefined) return { error: `associative list with keys has an element that omits key field ${JSON.stringify(k)} (and doesn't have default value)` };
      fields.push([k, def]);
    }
    return keyPE(fields);
  }
  if (isMap(item)) return { error: "associative list without keys has an element that's a map type" };
  if (Array.isArray(item)) return { error: 'not supported: associative list with lists as elements' };
  if (item === null) return { error: "associative list without keys has an element that's an explicit null" };
  return valuePE(item);
}

// ---- ToFieldSet -----------------------------------------------------------------------------

/** Every leaf field and list/map item the value mentions (TypedValue.ToFieldSet). */
export function toFieldSet(v: unknown, tr: TypeRef): FieldSet {
  const set = new FieldSet();
  const path: PathElement[] = [];
  const walk = (val: unknown, t: TypeRef): void => {
    const a = t.resolve();
    switch (pick(a, val)) {
      case 'scalar':
        set.insert(path);
        return;
      case 'list': {
        const l = a.list!;
        if (l.atomic) {
          set.insert(path);
          return;
        }
        if (!Array.isArray(val)) return;
        for (let i = 0; i < val.length; i++) {
          const pe = listItemPE(l, i, val[i]);
          if (typeof pe !== 'string') continue;
          path.push(pe);
          walk(val[i], l.elem);
          set.insert(path);
          path.pop();
        }
        return;
      }
      case 'map': {
        const m = a.map!;
        if (m.atomic) {
          set.insert(path);
          return;
        }
        if (!isMap(val)) return;
        for (const key of Object.keys(val)) {
          const x = val[key];
          if (x === undefined) continue;
          const declared = m.fields?.has(key) ?? false;
          path.push(fieldPE(key));
          walk(x, fieldType(m, key) ?? UNTYPED_ATOMIC_REF);
          if (!declared) set.insert(path);
          path.pop();
        }
        return;
      }
      default:
        set.insert(path);
    }
  };
  walk(v, tr);
  return set;
}

// ---- the merging walker (Compare, Merge) ---------------------------------------------------

interface Walk {
  /** Leaves (scalars, atomic lists and maps, and empty containers): returns the output value. */
  rule(lhs: unknown, rhs: unknown, path: PathElement[]): unknown;
  /** Called after a non-leaf item has been merged. */
  post?(lhs: unknown, rhs: unknown, path: PathElement[]): void;
  /** Whether an output value is wanted (Merge) or only the rule's side effects (Compare). */
  output: boolean;
  errors: ValidationError[];
  path: PathElement[];
}

function mergeValue(w: Walk, lhs: unknown, rhs: unknown, tr: TypeRef): unknown {
  const a = tr.resolve();
  const kl = lhs === undefined ? pick(a, undefined) : pick(a, lhs);
  const kr = rhs === undefined ? pick(a, undefined) : pick(a, rhs);
  // Two different shapes (only for untyped values): both are walked; the right-hand one wins.
  if (kl !== kr) handle(w, kl, a, lhs, rhs);
  const r = handle(w, kr, a, lhs, rhs);
  if (!r.leaf && w.post) w.post(lhs, rhs, w.path);
  return r.out;
}

interface Handled {
  out: unknown;
  leaf: boolean;
}

function handle(w: Walk, kind: Kind, a: Atom, lhs: unknown, rhs: unknown): Handled {
  switch (kind) {
    case 'scalar': {
      const e1 = scalarError(a.scalar!, lhs, 'lhs: ');
      const e2 = scalarError(a.scalar!, rhs, 'rhs: ');
      if (e1 || e2) {
        for (const e of [e1, e2]) if (e) w.errors.push({ path: pathString(w.path), message: e });
        return { out: undefined, leaf: false };
      }
      return { out: w.rule(lhs, rhs, w.path), leaf: true };
    }
    case 'list': {
      const l = Array.isArray(lhs) ? lhs : undefined;
      const r = Array.isArray(rhs) ? rhs : undefined;
      // Both empty or absent: a leaf, which keeps the empty/null distinction.
      if (a.list!.atomic || ((!l || l.length === 0) && (!r || r.length === 0))) return { out: w.rule(lhs, rhs, w.path), leaf: true };
      return { out: visitListItems(w, a.list!, l, r), leaf: false };
    }
    case 'map': {
      const l = isMap(lhs) ? lhs : undefined;
      const r = isMap(rhs) ? rhs : undefined;
      if (a.map!.atomic || ((!l || isEmptyObject(l)) && (!r || isEmptyObject(r)))) return { out: w.rule(lhs, rhs, w.path), leaf: true };
      return { out: visitMapItems(w, a.map!, l, r), leaf: false };
    }
    default:
      w.errors.push({ path: pathString(w.path), message: 'schema error: invalid atom: inlined' });
      return { out: undefined, leaf: false };
  }
}

function isEmptyObject(o: Record<string, unknown>): boolean {
  for (const k in o) if (o[k] !== undefined) return false;
  return true;
}

function visitListItems(w: Walk, t: ListType, lhs: unknown[] | undefined, rhs: unknown[] | undefined): unknown {
  const here = () => pathString(w.path);
  const rhsOrder: PathElement[] = [];
  const observedRHS = new Map<PathElement, unknown>();
  if (rhs) {
    for (let i = 0; i < rhs.length; i++) {
      const pe = listItemPE(t, i, rhs[i]);
      if (typeof pe !== 'string') {
        w.errors.push({ path: here(), message: `rhs: element ${i}: ${pe.error}` });
        continue;
      }
      if (observedRHS.has(pe)) w.errors.push({ path: here(), message: `rhs: duplicate entries for key ${pathElementString(pe)}` });
      observedRHS.set(pe, rhs[i]);
      rhsOrder.push(pe);
    }
  }
  const out: unknown[] = [];
  const observedLHS = new Set<PathElement>();
  if (lhs) {
    for (let i = 0; i < lhs.length; i++) {
      const pe = listItemPE(t, i, lhs[i]);
      if (typeof pe !== 'string') {
        w.errors.push({ path: here(), message: `lhs: element ${i}: ${pe.error}` });
        continue;
      }
      if (observedLHS.has(pe)) {
        w.errors.push({ path: here(), message: `lhs: duplicate entries for key ${pathElementString(pe)}` });
        continue;
      }
      observedLHS.add(pe);
      w.path.push(pe);
      const o = mergeValue(w, lhs[i], observedRHS.get(pe), t.elem);
      w.path.pop();
      if (o !== undefined && w.output) out.push(o);
    }
  }
  for (const pe of rhsOrder) {
    if (observedLHS.has(pe)) continue;
    w.path.push(pe);
    const o = mergeValue(w, undefined, observedRHS.get(pe), t.elem);
    w.path.pop();
    if (o !== undefined && w.output) out.push(o);
  }
  return out.length > 0 ? out : undefined;
}

function visitMapItems(w: Walk, t: MapType, lhs: Record<string, unknown> | undefined, rhs: Record<string, unknown> | undefined): unknown {
  const out: Record<string, unknown> | undefined = w.output ? {} : undefined;
  let any = false;
  const item = (key: string, l: unknown, r: unknown) => {
    w.path.push(fieldPE(key));
    const o = mergeValue(w, l, r, fieldType(t, key) ?? UNTYPED_ATOMIC_REF);
    w.path.pop();
    if (o !== undefined) {
      any = true;
      if (out) out[key] = o;
    }
  };
  if (lhs) for (const key of Object.keys(lhs)) if (lhs[key] !== undefined) item(key, lhs[key], rhs?.[key]);
  if (rhs) for (const key of Object.keys(rhs)) if (rhs[key] !== undefined && (!lhs || lhs[key] === undefined)) item(key, undefined, rhs[key]);
  return any ? (out ?? {}) : undefined;
}

function scalarError(kind: ScalarKind, v: unknown, prefix: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  switch (kind) {
    case 'numeric':
      return typeof v === 'number' ? undefined : `${prefix}expected numeric (int or float), got ${goTypeName(v)}`;
    case 'string':
      return typeof v === 'string' ? undefined : `${prefix}expected string, got ${goValue(v)}`;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `${prefix}expected boolean, got ${goValue(v)}`;
    default:
      return undefined;
  }
}

function goTypeName(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

function goValue(v: unknown): string {
  return `&value.valueUnstructured{Value:${typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v)}}`;
}

/**
 * A comparison (TypedValue.Compare). Every caller uses added and modified together, so they are
 * collected as one set: `changed`.
 */
export interface Comparison {
  changed: FieldSet;
  removed: FieldSet;
}

export function isSame(c: Comparison): boolean {
  return c.changed.empty() && c.removed.empty();
}

/** The paths `rhs` added or modified (`changed`) and removed relative to `lhs`. */
export function compare(lhs: unknown, rhs: unknown, tr: TypeRef): Comparison {
  const c: Comparison = { changed: new FieldSet(), removed: new FieldSet() };
  const w: Walk = {
    output: false,
    errors: [],
    path: [],
    rule(l, r, path) {
      if (l === undefined) c.changed.insert(path);
      else if (r === undefined) c.removed.insert(path);
      else if (!deepEqual(l, r)) c.changed.insert(path);
      return undefined;
    },
    post(l, r, path) {
      if (l === undefined) c.changed.insert(path);
      else if (r === undefined) c.removed.insert(path);
    },
  };
  mergeValue(w, lhs, rhs, tr);
  if (w.errors.length) throw new TypedError(w.errors);
  return c;
}

/** TypedValue.Merge: `pso` (a partially specified object) merged into `tv`; nothing is removed. */
export function merge(tv: unknown, pso: unknown, tr: TypeRef): unknown {
  const w: Walk = {
    output: true,
    errors: [],
    path: [],
    rule: (l, r) => (r !== undefined ? r : l),
  };
  const out = mergeValue(w, tv, pso, tr);
  if (w.errors.length) throw new TypedError(w.errors);
  return out === undefined ? null : out;
}

// ---- RemoveItems ---------------------------------------------------------------------------

/**
 * TypedValue.RemoveItems: the value without the list and map items in `set`. As upstream, a
 * container it descends into that ends up empty becomes null.
 */
export function removeItems(v: unknown, set: FieldSet, tr: TypeRef): unknown {
  const a = tr.resolve();
  switch (pick(a, v)) {
    case 'list': {
      if (!Array.isArray(v) || v.length === 0 || a.list!.atomic) return null;
      const t = a.list!;
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) {
        let item = v[i];
        const pe = listItemPE(t, i, item);
        if (typeof pe !== 'string') {
          out.push(item);
          continue;
        }
        if (set.members.has(pe)) continue;
        const sub = set.children.get(pe);
        if (sub && !sub.empty()) item = removeItems(item, sub, t.elem);
        out.push(item);
      }
      return out.length > 0 ? out : null;
    }
    case 'map': {
      if (!isMap(v) || isEmptyObject(v) || a.map!.atomic) return null;
      const t = a.map!;
      const out: Record<string, unknown> = {};
      let any = false;
      for (const key of Object.keys(v)) {
        let val = v[key];
        if (val === undefined) continue;
        const pe = fieldPE(key);
        if (set.members.has(pe)) continue;
        const sub = set.children.get(pe);
        if (sub && !sub.empty()) val = removeItems(val, sub, fieldType(t, key) ?? UNTYPED_ATOMIC_REF);
        out[key] = val;
        any = true;
      }
      return any ? out : null;
    }
    default:
      return v === undefined ? null : v;
  }
}

// ---- validation (AsTyped) ------------------------------------------------------------------

/**
 * Whether the value conforms to the type: undeclared fields, shapes, scalar kinds, list keys.
 * `keysOnly` checks only what the merge cannot do without (list keys and duplicates).
 */
export function validate(v: unknown, tr: TypeRef, keysOnly = false): ValidationError[] {
  const errors: ValidationError[] = [];
  const path: PathElement[] = [];
  const err = (message: string) => errors.push({ path: pathString(path), message });
  const walk = (val: unknown, t: TypeRef): void => {
    const a = t.resolve();
    const kind = pick(a, val);
    if (val === null || val === undefined) return;
    switch (kind) {
      case 'scalar': {
        const e = keysOnly ? undefined : scalarError(a.scalar!, val, '');
        if (e) err(e);
        return;
      }
      case 'list': {
        if (!Array.isArray(val)) {
          if (!keysOnly) err(`expected list, got ${goValue(val)}`);
          return;
        }
        const l = a.list!;
        const seen = new Set<PathElement>();
        for (let i = 0; i < val.length; i++) {
          let pe: PathElement;
          if (l.atomic) pe = indexPE(i);
          else {
            const r = listItemPE(l, i, val[i]);
            if (typeof r !== 'string') {
              err(`element ${i}: ${r.error}`);
              return;
            }
            if (seen.has(r)) err(`duplicate entries for key ${pathElementString(r)}`);
            seen.add(r);
            pe = r;
          }
          path.push(pe);
          walk(val[i], l.elem);
          path.pop();
        }
        return;
      }
      case 'map': {
        if (!isMap(val)) {
          if (!keysOnly) err(`expected map, got ${goValue(val)}`);
          return;
        }
        const m = a.map!;
        for (const key of Object.keys(val)) {
          if (val[key] === undefined) continue;
          const ft = fieldType(m, key);
          path.push(fieldPE(key));
          if (!ft) {
            if (!keysOnly) {
              err('field not declared in schema');
              path.pop();
              return;
            }
            path.pop();
            continue;
          }
          walk(val[key], ft);
          path.pop();
        }
        return;
      }
      default:
        err('schema error: invalid atom: inlined');
    }
  };
  walk(v, tr);
  return errors;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let n = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    n++;
    if (!deepEqual(ao[k], bo[k])) return false;
  }
  for (const k in bo) if (bo[k] !== undefined) n--;
  return n === 0;
}
