// kubectl 1.25 explain's printers (pkg/explain): walk the dotted field path down a model, then print
// KIND/VERSION, a RESOURCE or FIELD line, DESCRIPTION (the descriptions gathered through references,
// arrays and maps on the way, then the schema's own) and FIELDS — each field with its type and
// description, or with --recursive the names and types of every nested field, a reference never
// entered twice on one branch.
import { type Kind, type Model, sortedKeys } from './model.js';
import { Formatter } from './wrap.js';

export interface GVK {
  group: string;
  version: string;
  kind: string;
}

export class FieldError extends Error {}

/** The model at `path` below `m`; a primitive or arbitrary value ends the walk early. */
export function lookupField(m: Model, path: string[]): Model {
  let rest = path;
  let cur = m;
  for (;;) {
    switch (cur.t) {
      case 'primitive':
      case 'arbitrary':
        return cur;
      case 'ref':
        if (rest.length === 0) return cur;
        cur = cur.target();
        break;
      case 'array':
      case 'map':
        if (rest.length === 0) return cur;
        cur = cur.sub;
        break;
      case 'kind': {
        if (rest.length === 0) return cur;
        const next = cur.fields.get(rest[0]!);
        if (!next) throw new FieldError(`field "${rest[0]}" does not exist`);
        rest = rest.slice(1);
        cur = next;
      }
    }
  }
}

/** `Object`, `string`, `[]Object`, `map[string]string`; an arbitrary value has no name. */
export function typeName(m: Model): string {
  switch (m.t) {
    case 'ref':
      return typeName(m.target());
    case 'kind':
      return 'Object';
    case 'array':
      return `[]${typeName(m.sub)}`;
    case 'map':
      return `map[string]${typeName(m.sub)}`;
    case 'primitive':
      return m.type;
    case 'arbitrary':
      return '';
  }
}

const FIELD_INDENT = 3;
const DESCRIPTION_INDENT = 5;
const FIELD_DESCRIPTION_INDENT = 2;
const RECURSIVE_INDENT = 3;

/** The whole explanation of `m`, the schema found at the end of the field path (last element `name`). */
export function explainModel(m: Model, name: string, gvk: GVK, recursive: boolean): string {
  const out: string[] = [];
  const w = new Formatter(out);
  const descriptions: string[] = [];
  let type = '';
  const header = () => {
    w.write(`KIND:     ${gvk.kind}`);
    w.write(`VERSION:  ${gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version}\n`);
  };
  const description = (own: string) => {
    w.write('DESCRIPTION:');
    let empty = true;
    // The blank separator depends on the position in the list, so an empty first entry still yields one.
    [...descriptions, own].forEach((d, i) => {
      if (d === '') return;
      empty = false;
      if (i !== 0) w.write('');
      w.in(DESCRIPTION_INDENT).writeWrapped(d);
    });
    if (empty) w.in(DESCRIPTION_INDENT).writeWrapped('<empty>');
  };
  // References, arrays and maps only lend their descriptions (and the first of them the type name).
  let cur = m;
  while (cur.t === 'ref' || cur.t === 'array' || cur.t === 'map') {
    descriptions.push(cur.description);
    if (cur.t === 'ref') {
      cur = cur.target();
      continue;
    }
    if (type === '') type = typeName(cur);
    cur = cur.sub;
  }
  header();
  if (cur.t === 'kind') {
    if (name !== '') w.write(`RESOURCE: ${name} <${type || 'Object'}>\n`);
    description(cur.description);
    w.write('\nFIELDS:');
    if (recursive) recursiveFields(w.in(FIELD_INDENT), cur, new Set());
    else fields(w.in(FIELD_INDENT), cur);
  } else if (cur.t === 'primitive') {
    w.write(`FIELD:    ${name} <${type || cur.type}>\n`);
    description(cur.description);
  } else {
    description(cur.description);
  }
  return out.join('');
}

function fields(w: Formatter, k: Kind): void {
  for (const key of sortedKeys(k)) {
    const v = k.fields.get(key)!;
    w.write(`${key}\t<${typeName(v)}>${k.required.has(key) ? ' -required-' : ''}`);
    w.in(FIELD_DESCRIPTION_INDENT).writeWrapped(v.description);
    w.write('');
  }
}

function recursiveFields(w: Formatter, m: Model, visited: Set<string>): void {
  switch (m.t) {
    case 'ref':
      if (visited.has(m.name)) return;
      visited.add(m.name);
      recursiveFields(w, m.target(), visited);
      visited.delete(m.name);
      return;
    case 'array':
    case 'map':
      recursiveFields(w, m.sub, visited);
      return;
    case 'kind':
      for (const key of sortedKeys(m)) {
        const v = m.fields.get(key)!;
        w.write(`${key}\t<${typeName(v)}>`);
        recursiveFields(w.in(RECURSIVE_INDENT), v, visited);
      }
      return;
    default:
      return;
  }
}
