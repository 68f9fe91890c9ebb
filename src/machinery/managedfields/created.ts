// The fast path of the commonest write: a create that carries no managedFields. Its Update entry
// is Compare(zero object, new object).changed minus the stripped metadata paths, which this walk
// emits as FieldsV1 directly, without building field sets. It follows compare() step for step
// (test/managedfields.test.ts checks the two agree); anything unusual throws, as compare does.
import { comparePathElements, fieldPE, pathElementString, type PathElement } from './fieldpath.js';
import type { Atom, TypeRef } from './schema.js';
import { UNTYPED_ATOMIC_REF } from './schema.js';
import { deepEqual, listItemPE, TypedError } from './typed.js';

type Node = Map<PathElement, Entry>;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function pick(a: Atom, v: unknown): 'map' | 'scalar' | 'list' | undefined {
  if (v !== undefined && v !== null) {
    if (Array.isArray(v)) {
      if (a.list) return 'list';
    } else if (typeof v === 'object') {
      if (a.map) return 'map';
    } else if (a.scalar) return 'scalar';
  }
  return a.map ? 'map' : a.scalar ? 'scalar' : a.list ? 'list' : undefined;
}

const fail = (message: string): never => {
  throw new TypedError([{ path: '', message }]);
};

function scalarOk(kind: string, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (kind === 'numeric') return typeof v === 'number';
  if (kind === 'string') return typeof v === 'string';
  if (kind === 'boolean') return typeof v === 'boolean';
  return true;
}

function isEmpty(m: Record<string, unknown> | undefined): boolean {
  if (!m) return true;
  for (const k in m) if (m[k] !== undefined) return false;
  return true;
}

interface Entry {
  member: boolean;
  children?: Node;
}
const MEMBER: Entry = Object.freeze({ member: true });

/** Walks `o` against the zero value `z`: what changed at and below this path (undefined: nothing). */
function walk(z: unknown, o: unknown, tr: TypeRef): Entry | undefined {
  const a = tr.resolve();
  switch (pick(a, o)) {
    case 'scalar':
      if (!scalarOk(a.scalar!, z) || !scalarOk(a.scalar!, o)) fail('scalar type mismatch');
      return z === undefined || !deepEqual(z, o) ? MEMBER : undefined;
    case 'list': {
      const r = Array.isArray(o) ? o : undefined;
      const l = Array.isArray(z) ? z : undefined;
      if (a.list!.atomic || ((!l || l.length === 0) && (!r || r.length === 0))) return z === undefined || !deepEqual(z, o) ? MEMBER : undefined;
      // Zero lists are nil: every item is new.
      if (l && l.length) fail('unexpected zero list items');
      const children: Node = new Map();
      for (let i = 0; i < r!.length; i++) {
        const pe = listItemPE(a.list!, i, r![i]);
        if (typeof pe !== 'string') return fail(`element ${i}: ${pe.error}`);
        if (children.has(pe)) fail(`duplicate entries for key ${pathElementString(pe)}`);
        const e = walk(undefined, r![i], a.list!.elem);
        children.set(pe, e?.children ? { member: true, children: e.children } : MEMBER);
      }
      return { member: z === undefined, children };
    }
    case 'map': {
      const r = isMap(o) ? o : undefined;
      const l = isMap(z) ? z : undefined;
      if (a.map!.atomic || (isEmpty(l) && isEmpty(r))) return z === undefined || !deepEqual(z, o) ? MEMBER : undefined;
      const m = a.map!;
      let children: Node | undefined;
      if (r)
        for (const key in r) {
          const v = r[key];
          if (v === undefined) continue;
          const e = walk(l?.[key], v, m.fields?.get(key)?.type ?? m.elem ?? UNTYPED_ATOMIC_REF);
          if (!e) continue;
          (children ??= new Map()).set(fieldPE(key), e);
        }
      if (z !== undefined && !children) return undefined;
      return children ? { member: z === undefined, children } : MEMBER;
    }
    default:
      return fail('schema error: invalid atom: inlined');
  }
}

const STRIP_ROOT = new Set(['f:apiVersion', 'f:kind']);
const STRIP_META = new Set(['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map(fieldPE));

function emit(node: Node, self: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (self && node.size > 0) out['.'] = {};
  const keys = [...node.keys()];
  let fieldsOnly = true;
  for (const k of keys) if (k.charCodeAt(0) !== 102) fieldsOnly = false;
  if (keys.length > 1) {
    if (fieldsOnly) keys.sort();
    else keys.sort(comparePathElements);
  }
  for (const k of keys) {
    const e = node.get(k)!;
    out[k] = e.children ? emit(e.children, e.member) : {};
  }
  return out;
}

/** FieldsV1 of a create (no managedFields given), or undefined when it owns nothing. */
export function createdFieldsV1(zero: unknown, obj: unknown, root: TypeRef): Record<string, unknown> | undefined {
  const top = walk(zero, obj, root)?.children;
  if (!top) return undefined;
  for (const k of STRIP_ROOT) top.delete(k);
  const meta = top.get('f:metadata');
  if (meta) {
    const children = meta.children;
    if (children) for (const k of STRIP_META) children.delete(k);
    if (children?.size) top.set('f:metadata', { member: false, children });
    else top.delete('f:metadata');
  }
  return top.size ? emit(top, false) : undefined;
}
