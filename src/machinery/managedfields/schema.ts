// The type model server-side apply walks objects with (structured-merge-diff's schema.Atom), built
// from OpenAPI schemas the way kube-openapi's schemaconv (v1.25) converts them:
//  - lists: x-kubernetes-list-type wins (map + list-map-keys / set / atomic); otherwise a patch
//    strategy "merge" makes the list associative, keyed by its patch merge key (a set without one);
//    otherwise atomic;
//  - objects with properties are structs, granular unless x-kubernetes-map-type: atomic (on the
//    type, or on the field that refers to it); x-kubernetes-preserve-unknown-fields lets any other
//    key in, as an untyped "deduced" value; objects without properties are maps of their
//    additionalProperties (granular unless marked atomic);
//  - schemas without a type, and objects without properties or additionalProperties, are
//    "deduced": maps granular (recursively), lists atomic; RawExtension is atomic through and through.
import type { Schema } from '../../api/openapi/schema.js';

export type ScalarKind = 'string' | 'numeric' | 'boolean' | 'untyped';

export interface StructField {
  type: TypeRef;
  /** The field's OpenAPI default; fills a missing list-map key (protocol: TCP). */
  default?: unknown;
}

export interface MapType {
  /** Declared fields (struct); undefined for a plain map. */
  fields?: Map<string, StructField>;
  /** Type of keys that are not declared fields; undefined: such keys are not allowed. */
  elem?: TypeRef;
  atomic: boolean;
}

export interface ListType {
  elem: TypeRef;
  atomic: boolean;
  /** Associative lists: the list-map keys; empty for a set. */
  keys: string[];
}

export interface Atom {
  scalar?: ScalarKind;
  list?: ListType;
  map?: MapType;
}

/** A lazily resolved type (definitions refer to each other, recursively). */
export interface TypeRef {
  resolve(): Atom;
}

const fixed = (a: Atom): TypeRef => ({ resolve: () => a });

export const UNTYPED_ATOMIC: Atom = { scalar: 'untyped' };
UNTYPED_ATOMIC.list = { elem: fixed(UNTYPED_ATOMIC), atomic: true, keys: [] };
UNTYPED_ATOMIC.map = { elem: fixed(UNTYPED_ATOMIC), atomic: true };

export const DEDUCED: Atom = { scalar: 'untyped' };
DEDUCED.list = { elem: fixed(UNTYPED_ATOMIC), atomic: true, keys: [] };
DEDUCED.map = { elem: fixed(DEDUCED), atomic: false };

export const UNTYPED_ATOMIC_REF = fixed(UNTYPED_ATOMIC);
export const DEDUCED_REF = fixed(DEDUCED);

const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** Converts schemas of one definitions namespace (built-ins) plus inline schemas (CRDs). */
export class SchemaConverter {
  private readonly named = new Map<string, Atom>();
  private readonly namedRefs = new Map<string, TypeRef>();

  constructor(private readonly lookup: (name: string) => Schema | undefined) {}

  /** The type of a named definition; unknown names are deduced (what upstream does for unknown kinds). */
  named_(name: string): TypeRef {
    let ref = this.namedRefs.get(name);
    if (!ref) {
      const self = this;
      ref = {
        resolve() {
          let a = self.named.get(name);
          if (!a) {
            const s = self.lookup(name);
            a = s ? self.atomOf(s, false, name) : DEDUCED;
            self.named.set(name, a);
          }
          return a;
        },
      };
      this.namedRefs.set(name, ref);
    }
    return ref;
  }

  /** makeRef: a property's type, either a reference (with a field-level map-type override) or inline. */
  ref(s: Schema | undefined, preserveUnknown: boolean): TypeRef {
    if (!s) return UNTYPED_ATOMIC_REF;
    if (typeof s.$ref === 'string') {
      const name = s.$ref.replace(/^#\/definitions\//, '').replace(/^#\/components\/schemas\//, '');
      if (name === RAW_EXTENSION) return UNTYPED_ATOMIC_REF;
      const target = this.named_(name);
      const mt = s['x-kubernetes-map-type'];
      if (mt !== 'atomic' && mt !== 'granular') return target;
      const atomic = mt === 'atomic';
      let cached: Atom | undefined;
      return {
        resolve() {
          if (cached) return cached;
          const a = target.resolve();
          // Resolve's override: the relationship applies to the map (or, failing that, the list).
          if (a.map) cached = { ...a, map: { ...a.map, atomic } };
          else if (a.list) cached = { ...a, list: { ...a.list, atomic } };
          else cached = a;
          return cached;
        },
      };
    }
    return fixed(this.atomOf(s, preserveUnknown, undefined));
  }

  /** The Atom of an inline schema or a definition. */
  atomOf(s: Schema, preserveUnknown: boolean, name: string | undefined): Atom {
    const type = typeof s.type === 'string' ? s.type : undefined;
    if (type === 'array') {
      const list: ListType = { elem: this.ref(s.items as Schema | undefined, preserveUnknown), atomic: true, keys: [] };
      const lt = s['x-kubernetes-list-type'];
      if (lt === 'set') list.atomic = false;
      else if (lt === 'map') {
        list.atomic = false;
        list.keys = Array.isArray(s['x-kubernetes-list-map-keys']) ? (s['x-kubernetes-list-map-keys'] as string[]).filter((k) => typeof k === 'string') : [];
      } else if (lt === undefined) {
        const ps = s['x-kubernetes-patch-strategy'];
        if (ps === 'merge' || ps === 'merge,retainKeys') {
          list.atomic = false;
          const mk = s['x-kubernetes-patch-merge-key'];
          if (typeof mk === 'string') list.keys = [mk];
        }
      }
      return { list };
    }
    if (type === 'object' || (type === undefined && s.properties)) {
      const mt = s['x-kubernetes-map-type'];
      const atomic = mt === 'atomic';
      if (s.properties) {
        const preserve = preserveUnknown || s['x-kubernetes-preserve-unknown-fields'] === true;
        const fields = new Map<string, StructField>();
        for (const [k, p] of Object.entries(s.properties)) {
          const f: StructField = { type: this.ref(p, preserve) };
          if (p.default !== undefined) f.default = p.default;
          fields.set(k, f);
        }
        return { map: { fields, elem: preserve ? DEDUCED_REF : undefined, atomic } };
      }
      const ap = s.additionalProperties;
      const elem = typeof ap === 'object' && ap !== null ? this.ref(ap, preserveUnknown) : DEDUCED_REF;
      return { map: { elem, atomic } };
    }
    if (type === undefined) return name === QUANTITY ? { scalar: 'untyped' } : DEDUCED;
    if (name === QUANTITY) return { scalar: 'untyped' };
    switch (type) {
      case 'integer':
      case 'number':
        return { scalar: 'numeric' };
      case 'boolean':
        return { scalar: 'boolean' };
      case 'string':
        return { scalar: s.format === undefined || s.format === '' || s.format === 'byte' ? 'string' : 'untyped' };
      default:
        return { scalar: 'untyped' };
    }
  }
}
