// Field paths and field sets as structured-merge-diff (v4.2.3) has them, with the FieldsV1 encoding
// managedFields carry: a path element is `f:<field>`, `k:{"key":value,...}` (an element of a list
// keyed by its list-map keys, keys sorted by name), `v:<json>` (an element of a set) or `i:<index>`.
// Elements are kept in that serialized (canonical) form, so sets are plain string-keyed tries.

/** A path element in its canonical FieldsV1 form. */
export type PathElement = string;
export type Path = readonly PathElement[];

export const fieldPE = (name: string): PathElement => 'f:' + name;
export const indexPE = (i: number): PathElement => 'i:' + i;
export const valuePE = (v: unknown): PathElement => 'v:' + canonicalJson(v);

/** A keyed element: key fields sorted by name, as fieldpath does before serializing. */
export function keyPE(fields: [string, unknown][]): PathElement {
  if (fields.length > 1) fields.sort((a, b) => compareStrings(a[0], b[0]));
  let s = 'k:{';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) s += ',';
    s += JSON.stringify(fields[i]![0]) + ':' + canonicalJson(fields[i]![1]);
  }
  return s + '}';
}

/** JSON with object keys sorted, so equal values always serialize alike. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
  const o = v as Record<string, unknown>;
  return '{' + Object.keys(o).sort(compareStrings).map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k])).join(',') + '}';
}

// Decoding managedFields on every write parses the same few keyed elements again and again.
const canonicalCache = new Map<string, PathElement>();

/** Parses a serialized element into its canonical form; undefined for an unknown element type. */
export function parsePathElement(s: string): PathElement | undefined {
  if (s.charCodeAt(0) === 102 /* f */ && s[1] === ':') return s;
  const hit = canonicalCache.get(s);
  if (hit !== undefined) return hit;
  const pe = parseUncached(s);
  if (pe !== undefined) {
    if (canonicalCache.size >= 10_000) canonicalCache.clear();
    canonicalCache.set(s, pe);
  }
  return pe;
}

function parseUncached(s: string): PathElement | undefined {
  if (s.length < 2 || s[1] !== ':') throw new Error(`missing colon: ${s}`);
  const body = s.slice(2);
  switch (s[0]) {
    case 'f':
      return s;
    case 'v':
      return valuePE(JSON.parse(body));
    case 'k': {
      const o = JSON.parse(body) as unknown;
      if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error(`key is not an object: ${s}`);
      return keyPE(Object.entries(o));
    }
    case 'i': {
      if (!/^-?\d+$/.test(body)) throw new Error(`invalid index: ${s}`);
      return indexPE(Number(body));
    }
    default:
      return undefined; // a future element type: ignored, as fieldpath does
  }
}

// ---- ordering (fieldpath.PathElement.Compare, value.Compare) --------------------------------

const TYPE_ORDER: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** Go compares strings bytewise; code-unit order agrees for everything but astral characters. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function comparePathElements(a: PathElement, b: PathElement): number {
  if (a === b) return 0;
  const ta = TYPE_ORDER[a[0]!]!;
  const tb = TYPE_ORDER[b[0]!]!;
  if (ta !== tb) return ta - tb;
  switch (a[0]) {
    case 'f':
      return compareStrings(a, b);
    case 'i':
      return Math.sign(Number(a.slice(2)) - Number(b.slice(2)));
    case 'v':
      return compareValues(JSON.parse(a.slice(2)), JSON.parse(b.slice(2)));
    default: {
      // Keys are sorted lists of (name, value): compared name, then value, shorter first.
      const ka = Object.entries(JSON.parse(a.slice(2)) as Record<string, unknown>);
      const kb = Object.entries(JSON.parse(b.slice(2)) as Record<string, unknown>);
      for (let i = 0; ; i++) {
        if (i >= ka.length || i >= kb.length) return Math.sign(ka.length - kb.length);
        const c = compareStrings(ka[i]![0], kb[i]![0]) || compareValues(ka[i]![1], kb[i]![1]);
        if (c !== 0) return c;
      }
    }
  }
}

function valueRank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (v !== null && typeof v === 'object') return 4;
  return 5; // null
}

/** value.Compare: numbers < strings < booleans < lists < maps < null. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return Math.sign((a as number) - (b as number));
    case 1:
      return compareStrings(a as string, b as string);
    case 2:
      return a === b ? 0 : a ? 1 : -1;
    case 3: {
      const la = a as unknown[];
      const lb = b as unknown[];
      for (let i = 0; i < Math.min(la.length, lb.length); i++) {
        const c = compareValues(la[i], lb[i]);
        if (c !== 0) return c;
      }
      return Math.sign(la.length - lb.length);
    }
    case 4: {
      const ka = Object.keys(a as object).sort(compareStrings);
      const kb = Object.keys(b as object).sort(compareStrings);
      for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
        const c = compareStrings(ka[i]!, kb[i]!) || compareValues((a as Record<string, unknown>)[ka[i]!], (b as Record<string, unknown>)[kb[i]!]);
        if (c !== 0) return c;
      }
      return Math.sign(ka.length - kb.length);
    }
    default:
      return 0;
  }
}

/** PathElement.String: `.name`, `[k1=v1,k2="s"]`, `[="v"]`, `[0]`. */
export function pathElementString(pe: PathElement): string {
  const body = pe.slice(2);
  switch (pe[0]) {
    case 'f':
      return '.' + body;
    case 'i':
      return `[${body}]`;
    case 'v':
      return `[=${valueToString(JSON.parse(body))}]`;
    default: {
      const o = JSON.parse(body) as Record<string, unknown>;
      return '[' + Object.entries(o).map(([k, v]) => `${k}=${valueToString(v)}`).join(',') + ']';
    }
  }
}

export function pathString(p: Path): string {
  return p.map(pathElementString).join('');
}

/** value.ToString: strings quoted (Go %q), everything else as Go prints it. */
function valueToString(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(valueToString).join(',') + ']';
  if (typeof v === 'object') return Object.entries(v as object).map(([k, x]) => `${k}=${valueToString(x)}`).join('');
  return String(v);
}

// ---- sets ---------------------------------------------------------------------------------

/**
 * A set of paths as a trie (fieldpath.Set): `members` are the elements that are themselves in the
 * set at this level; `children` hold the paths that continue below an element. Children are never
 * left empty by the operations here, so emptiness is cheap to test.
 */
export class FieldSet {
  members = new Set<PathElement>();
  children = new Map<PathElement, FieldSet>();

  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(path: Path): void {
    if (path.length === 0) return;
    let node: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) {
      let next = node.children.get(path[i]!);
      if (!next) node.children.set(path[i]!, (next = new FieldSet()));
      node = next;
    }
    node.members.add(path[path.length - 1]!);
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    let node: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && node; i++) node = node.children.get(path[i]!);
    return !!node && node.members.has(path[path.length - 1]!);
  }

  /** Children are never left empty (every operation prunes them), so this is O(1). */
  empty(): boolean {
    return this.members.size === 0 && this.children.size === 0;
  }

  /** The paths below `pe`, without the prefix (Set.WithPrefix). */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(pe) ?? EMPTY;
  }

  // Sets are immutable once built (only insert, while building, mutates), so the operations
  // below share unchanged subtrees instead of copying them.

  union(o: FieldSet): FieldSet {
    if (o.empty()) return this;
    if (this.empty()) return o;
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const m of o.members) out.members.add(m);
    for (const [pe, c] of this.children) {
      const oc = o.children.get(pe);
      out.children.set(pe, oc ? c.union(oc) : c);
    }
    for (const [pe, c] of o.children) if (!this.children.has(pe)) out.children.set(pe, c);
    return out;
  }

  intersection(o: FieldSet): FieldSet {
    const out = new FieldSet();
    if (this.empty() || o.empty()) return out;
    for (const m of this.members) if (o.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      const oc = o.children.get(pe);
      if (!oc) continue;
      const i = c.intersection(oc);
      if (!i.empty()) out.children.set(pe, i);
    }
    return out;
  }

  /** Paths of this set that are not in `o` (exact paths; a member of `o` keeps the paths below it). */
  difference(o: FieldSet): FieldSet {
    if (o.empty() || this.empty()) return this;
    const out = new FieldSet();
    for (const m of this.members) if (!o.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      const oc = o.children.get(pe);
      if (!oc) {
        out.children.set(pe, c);
        continue;
      }
      const d = c.difference(oc);
      if (!d.empty()) out.children.set(pe, d);
    }
    return out;
  }

  /** Paths of this set with no prefix in `o` (a member of `o` removes everything below it). */
  recursiveDifference(o: FieldSet): FieldSet {
    if (o.empty() || this.empty()) return this;
    const out = new FieldSet();
    for (const m of this.members) if (!o.members.has(m)) out.members.add(m);
    for (const [pe, c] of this.children) {
      if (o.members.has(pe)) continue;
      const oc = o.children.get(pe);
      if (!oc) {
        out.children.set(pe, c);
        continue;
      }
      const d = c.recursiveDifference(oc);
      if (!d.empty()) out.children.set(pe, d);
    }
    return out;
  }

  /** Every path in the set, in fieldpath's sorted order. */
  paths(): Path[] {
    const out: Path[] = [];
    const walk = (s: FieldSet, prefix: PathElement[]) => {
      for (const pe of sortedElements(s)) {
        if (s.members.has(pe)) out.push([...prefix, pe]);
        const c = s.children.get(pe);
        if (c) walk(c, [...prefix, pe]);
      }
    };
    walk(this, []);
    return out;
  }

  equals(o: FieldSet): boolean {
    return this.difference(o).empty() && o.difference(this).empty();
  }

  /** FieldsV1 JSON: `{"f:a":{},"f:b":{".":{},"f:c":{}}}`, elements sorted as fieldpath sorts them. */
  toJSON(): Record<string, unknown> {
    return emit(this, false);
  }

  static fromJSON(v: unknown): FieldSet {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('fieldsV1 must be a JSON object');
    const { children } = read(v as Record<string, unknown>);
    return children ?? new FieldSet();
  }
}

const EMPTY = new FieldSet();

function sortedElements(s: FieldSet): PathElement[] {
  const all = [...s.members];
  let fieldsOnly = true;
  for (const pe of all) if (pe.charCodeAt(0) !== 102 /* f */) fieldsOnly = false;
  for (const pe of s.children.keys()) {
    if (s.members.has(pe)) continue;
    all.push(pe);
    if (pe.charCodeAt(0) !== 102) fieldsOnly = false;
  }
  if (all.length < 2) return all;
  // Field names alone sort as plain strings (the common case, and much cheaper).
  return fieldsOnly ? all.sort() : all.sort(comparePathElements);
}

function emit(s: FieldSet, includeSelf: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const elements = sortedElements(s);
  if (includeSelf && elements.length > 0) out['.'] = {};
  for (const pe of elements) {
    const c = s.children.get(pe);
    out[pe] = c ? emit(c, s.members.has(pe)) : {};
  }
  return out;
}

/** readIterV1: a key whose value has no children, or has ".", is a member. */
function read(o: Record<string, unknown>): { children?: FieldSet; isMember: boolean } {
  let children: FieldSet | undefined;
  let isMember = false;
  for (const [key, val] of Object.entries(o)) {
    if (key === '.') {
      isMember = true;
      continue;
    }
    const pe = parsePathElement(key);
    if (pe === undefined) continue;
    if (typeof val !== 'object' || val === null || Array.isArray(val)) throw new Error(`fieldsV1: value of ${key} must be an object`);
    const sub = read(val as Record<string, unknown>);
    children ??= new FieldSet();
    if (sub.isMember) children.members.add(pe);
    if (sub.children && !sub.children.empty()) children.children.set(pe, sub.children);
  }
  if (!children) isMember = true;
  return { children, isMember };
}
