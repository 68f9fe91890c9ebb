// The OpenAPI v2 definitions as kubectl 1.25 walks them (kube-openapi's util/proto): every schema is
// a reference ($ref to #/definitions/…), a kind (an object with properties), a map (an object
// without properties), an array, a primitive (string/integer/number/boolean) or an arbitrary value
// (no type, no properties). Definitions are parsed on first use and shared, so cycles are fine.

export interface RawSchema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, RawSchema>;
  required?: string[];
  additionalProperties?: RawSchema | boolean;
  items?: RawSchema | RawSchema[];
  [ext: string]: unknown;
}

interface Base {
  description: string;
}
export interface Ref extends Base {
  t: 'ref';
  name: string;
  target(): Model;
}
export interface Kind extends Base {
  t: 'kind';
  fields: Map<string, Model>;
  required: Set<string>;
}
export interface MapModel extends Base {
  t: 'map';
  sub: Model;
}
export interface ArrayModel extends Base {
  t: 'array';
  sub: Model;
}
export interface Primitive extends Base {
  t: 'primitive';
  type: string;
}
export interface Arbitrary extends Base {
  t: 'arbitrary';
}
export type Model = Ref | Kind | MapModel | ArrayModel | Primitive | Arbitrary;

export class SchemaError extends Error {}

export class Definitions {
  private readonly parsed = new Map<string, Model>();

  constructor(private readonly raw: Record<string, RawSchema>) {}

  has(name: string): boolean {
    return Object.hasOwn(this.raw, name);
  }

  model(name: string): Model {
    let m = this.parsed.get(name);
    if (!m) {
      m = this.parse(this.raw[name] ?? {}, name);
      this.parsed.set(name, m);
    }
    return m;
  }

  parse(s: RawSchema, path: string): Model {
    const description = typeof s.description === 'string' ? s.description : '';
    if (s.$ref) {
      const prefix = '#/definitions/';
      if (!s.$ref.startsWith(prefix)) throw new SchemaError(`SchemaError(${path}): unallowed reference to non-definition "${s.$ref}"`);
      const name = s.$ref.slice(prefix.length);
      if (!this.has(name)) throw new SchemaError(`SchemaError(${path}): unknown model in reference: "${name}"`);
      return { t: 'ref', name, description, target: () => this.model(name) };
    }
    const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
    if (types.length > 1) throw new SchemaError(`SchemaError(${path}): definitions with multiple types aren't supported`);
    const type = types[0] ?? '';
    if (s.properties && (type === '' || type === 'object')) return this.kind(s, path, description);
    if (type === '') return { t: 'arbitrary', description };
    if (type === 'object') {
      const ap = s.additionalProperties;
      const sub: Model = typeof ap === 'object' && ap !== null ? this.parse(ap, path) : { t: 'arbitrary', description };
      return { t: 'map', sub, description };
    }
    if (type === 'array') {
      const items = Array.isArray(s.items) ? s.items : s.items ? [s.items] : [];
      if (items.length !== 1) throw new SchemaError(`SchemaError(${path}): array should have exactly one sub-item`);
      return { t: 'array', sub: this.parse(items[0]!, path), description };
    }
    if (!['string', 'number', 'integer', 'boolean'].includes(type)) throw new SchemaError(`SchemaError(${path}): Unknown primitive type: "${type}"`);
    return { t: 'primitive', type, description };
  }

  private kind(s: RawSchema, path: string, description: string): Kind {
    const fields = new Map<string, Model>();
    for (const [k, v] of Object.entries(s.properties ?? {})) fields.set(k, this.parse(v, `${path}.${k}`));
    return { t: 'kind', fields, required: new Set(s.required ?? []), description };
  }
}

/** Field names in Go's sort.Strings order (bytes; code units agree for everything below U+D800). */
export const sortedKeys = (k: Kind): string[] => [...k.fields.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
