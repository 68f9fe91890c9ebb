// Build-time generator: kubernetes-types@1.25 .d.ts files → Kubernetes-style OpenAPI definitions
// (io.k8s.api.core.v1.Pod, ...), written to definitions.json beside the compiled module.
// Run by `npm run build` (node dist/src/api/openapi/generate.js); the server only reads the JSON.
import type * as TS from 'typescript';
import { createRequire } from 'node:module';
import { readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Definitions, Schema } from './schema.js';
import {
  ATOMIC_TYPES,
  BYTE_FIELDS,
  DOUBLE_FIELDS,
  FIELD_DEFAULTS,
  FIELD_MARKERS,
  INT64_FIELDS,
  JSON_SCHEMA_PROPS_EXTRA,
} from './markers.js';

const SPECIAL_PREFIX: Record<string, string> = {
  'meta/v1': 'io.k8s.apimachinery.pkg.apis.meta.v1',
  'apiextensions/v1': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1',
  runtime: 'io.k8s.apimachinery.pkg.runtime',
  'api/resource': 'io.k8s.apimachinery.pkg.api.resource',
  version: 'io.k8s.apimachinery.pkg.version',
};

/** Definition-name prefix of a kubernetes-types module ("apps/v1" → io.k8s.api.apps.v1). */
export function modulePrefix(mod: string): string {
  return SPECIAL_PREFIX[mod] ?? `io.k8s.api.${mod.replace('/', '.')}`;
}

export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const INT_OR_STRING_DEF: Schema = {
  description: 'IntOrString holds either an int32 or a string; JSON and YAML carry whichever was given.',
  type: 'string',
  format: 'int-or-string',
};

/** Opaque types: any JSON is accepted inside them (they decode through custom unmarshallers). */
const NO_TYPE = new Set(['apiextensions/v1:JSON']);

interface Marker {
  ps?: string;
  mk?: string;
  lt?: string;
  lmk?: string[];
  mt?: string;
}

function parseMarkers(): Map<string, Marker> {
  const out = new Map<string, Marker>();
  for (const line of FIELD_MARKERS.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 7) continue;
    const v = (s: string | undefined) => (s === undefined || s === '-' ? undefined : s);
    out.set(`${f[0]}:${f[1]}`, { ps: v(f[2]), mk: v(f[3]), lt: v(f[4]), lmk: v(f[5])?.split(','), mt: v(f[6]) });
  }
  out.set('apiextensions/v1:JSONSchemaProps.x-kubernetes-validations', { ps: 'merge', mk: 'rule', lt: 'map', lmk: ['rule'] });
  return out;
}

function kubernetesTypesDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('kubernetes-types/package.json'));
}

function listDts(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'node_modules') out.push(...listDts(p));
    } else if (name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

/** Generates every definition from the installed kubernetes-types package. */
export function generateDefinitions(): Definitions {
  // Loaded here, not at import, so the server can import this module without paying for typescript.
  const ts = createRequire(import.meta.url)('typescript') as typeof TS;
  const root = kubernetesTypesDir();
  const files = listDts(root);
  const program = ts.createProgram(files, { noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const markers = parseMarkers();
  const atomic = new Set(ATOMIC_TYPES);
  const defs: Definitions = { [INT_OR_STRING]: INT_OR_STRING_DEF };

  const moduleOf = (file: string) => relative(root, file).replace(/\.d\.ts$/, '').split(sep).join('/');
  const docOf = (node: TS.Node & { name?: TS.Node }): string | undefined => {
    const sym = node.name ? checker.getSymbolAtLocation(node.name) : undefined;
    const text = sym ? ts.displayPartsToString(sym.getDocumentationComment(checker)).trim() : '';
    return text || undefined;
  };
  const refTo = (mod: string, name: string): Schema => ({ $ref: `#/definitions/${modulePrefix(mod)}.${name}` });

  /** Resolves a type reference to the (module, name) of its declaration. */
  const declOf = (node: TS.TypeReferenceNode): { mod: string; name: string } => {
    let sym = checker.getSymbolAtLocation(node.typeName);
    if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    const decl = sym?.declarations?.[0];
    if (!sym || !decl) throw new Error(`unresolved type ${node.typeName.getText()}`);
    return { mod: moduleOf(decl.getSourceFile().fileName), name: sym.name };
  };

  interface Ctx {
    key: string; // "<Type>.<field>"
  }
  const numberSchema = (ctx: Ctx): Schema => {
    const field = ctx.key.slice(ctx.key.indexOf('.'));
    if (DOUBLE_FIELDS.has(ctx.key)) return { type: 'number', format: 'double' };
    if (INT64_FIELDS.has(ctx.key) || INT64_FIELDS.has(`*${field}`)) return { type: 'integer', format: 'int64' };
    return { type: 'integer', format: 'int32' };
  };

  const typeSchema = (node: TS.TypeNode, ctx: Ctx): Schema => {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return BYTE_FIELDS.has(ctx.key) ? { type: 'string', format: 'byte' } : { type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return numberSchema(ctx);
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.LiteralType:
        return { type: 'string' };
      case ts.SyntaxKind.ArrayType:
        return { type: 'array', items: typeSchema((node as TS.ArrayTypeNode).elementType, ctx) };
      case ts.SyntaxKind.UnionType: {
        const kinds = (node as TS.UnionTypeNode).types.map((t) => t.kind).sort();
        if (kinds.length === 2 && kinds.includes(ts.SyntaxKind.NumberKeyword) && kinds.includes(ts.SyntaxKind.StringKeyword)) {
          return { $ref: `#/definitions/${INT_OR_STRING}` };
        }
        throw new Error(`unsupported union at ${ctx.key}`);
      }
      case ts.SyntaxKind.TypeLiteral: {
        const index = (node as TS.TypeLiteralNode).members.find(ts.isIndexSignatureDeclaration);
        if (!index) throw new Error(`unsupported type literal at ${ctx.key}`);
        return { type: 'object', additionalProperties: typeSchema(index.type, ctx) };
      }
      case ts.SyntaxKind.TypeReference: {
        const ref = node as TS.TypeReferenceNode;
        if (ref.typeName.getText() === 'Array' && ref.typeArguments?.length === 1) {
          return { type: 'array', items: typeSchema(ref.typeArguments[0]!, ctx) };
        }
        const d = declOf(ref);
        return refTo(d.mod, d.name);
      }
      default:
        throw new Error(`unsupported type ${ts.SyntaxKind[node.kind]} at ${ctx.key}`);
    }
  };

  const withMarkers = (s: Schema, mod: string, key: string): Schema => {
    const m = markers.get(`${mod}:${key}`);
    const def = FIELD_DEFAULTS[`${mod}:${key}`];
    if (def !== undefined) s.default = def;
    if (!m) return s;
    // Key order follows upstream's (alphabetical) so documents diff cleanly.
    if (m.lmk) s['x-kubernetes-list-map-keys'] = m.lmk;
    if (m.lt) s['x-kubernetes-list-type'] = m.lt;
    if (m.mt) s['x-kubernetes-map-type'] = m.mt;
    if (m.mk) s['x-kubernetes-patch-merge-key'] = m.mk;
    if (m.ps) s['x-kubernetes-patch-strategy'] = m.ps;
    return s;
  };

  const interfaceSchema = (mod: string, decl: TS.InterfaceDeclaration): Schema => {
    const typeName = decl.name.text;
    const out: Schema = {};
    const desc = docOf(decl);
    if (desc) out.description = desc;
    if (!NO_TYPE.has(`${mod}:${typeName}`)) out.type = 'object';
    const props: Record<string, Schema> = {};
    const required: string[] = [];
    let apiVersion: string | undefined;
    let kind: string | undefined;
    for (const m of decl.members) {
      if (!ts.isPropertySignature(m) || !m.type) continue;
      const name = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : m.name.getText();
      const key = `${typeName}.${name}`;
      const s = typeSchema(m.type, { key });
      const pd = docOf(m);
      const prop: Schema = s.$ref ? { $ref: s.$ref } : { ...s };
      if (pd) prop.description = pd;
      props[name] = withMarkers(prop, mod, key);
      if (!m.questionToken) required.push(name);
      if (ts.isLiteralTypeNode(m.type) && ts.isStringLiteral(m.type.literal)) {
        if (name === 'apiVersion') apiVersion = m.type.literal.text;
        if (name === 'kind') kind = m.type.literal.text;
      }
    }
    if (mod === 'apiextensions/v1' && typeName === 'JSONSchemaProps') addSchemaPropsExtras(props, markers);
    if (Object.keys(props).length) out.properties = sortKeys(props);
    if (required.length) out.required = required.sort();
    if (atomic.has(`${mod}:${typeName}`)) out['x-kubernetes-map-type'] = 'atomic';
    if (apiVersion && kind) {
      const slash = apiVersion.indexOf('/');
      const group = slash < 0 ? '' : apiVersion.slice(0, slash);
      const version = apiVersion.slice(slash + 1);
      out['x-kubernetes-group-version-kind'] = [{ group, kind, version }];
    }
    return out;
  };

  const aliasSchema = (mod: string, decl: TS.TypeAliasDeclaration): Schema => {
    const name = decl.name.text;
    const out: Schema = {};
    const desc = docOf(decl);
    if (desc) out.description = desc;
    if (name === 'Time' || name === 'MicroTime') Object.assign(out, { type: 'string', format: 'date-time' });
    else if (decl.type.kind === ts.SyntaxKind.StringKeyword) out.type = 'string';
    // JSONSchemaPropsOr* unions stay untyped, as upstream publishes them.
    return out;
  };

  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) continue;
    const mod = moduleOf(file);
    for (const st of sf.statements) {
      if (ts.isInterfaceDeclaration(st)) defs[`${modulePrefix(mod)}.${st.name.text}`] = interfaceSchema(mod, st);
      else if (ts.isTypeAliasDeclaration(st)) defs[`${modulePrefix(mod)}.${st.name.text}`] = aliasSchema(mod, st);
    }
  }
  return sortKeys(defs);
}

function addSchemaPropsExtras(props: Record<string, Schema>, markers: Map<string, Marker>): void {
  for (const [name, x] of Object.entries(JSON_SCHEMA_PROPS_EXTRA)) {
    let s: Schema;
    if (x.type === 'strings') s = { type: 'array', items: { type: 'string' } };
    else if (x.type === 'rules') s = { type: 'array', items: { $ref: '#/definitions/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ValidationRule' } };
    else s = { type: x.type };
    s.description = x.description;
    const m = markers.get(`apiextensions/v1:JSONSchemaProps.${name}`);
    if (m?.lmk) s['x-kubernetes-list-map-keys'] = m.lmk;
    if (m?.lt) s['x-kubernetes-list-type'] = m.lt;
    if (m?.mk) s['x-kubernetes-patch-merge-key'] = m.mk;
    if (m?.ps) s['x-kubernetes-patch-strategy'] = m.ps;
    props[name] = s;
  }
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k]!;
  return out;
}

/** Where the build writes the definitions (next to this module in dist/). */
export const DEFINITIONS_FILE = fileURLToPath(new URL('./definitions.json', import.meta.url));

/** Writes the definitions atomically (parallel test processes may race to create it); false if read-only. */
export function writeDefinitionsFile(defs: Definitions): boolean {
  const tmp = `${DEFINITIONS_FILE}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(defs));
    renameSync(tmp, DEFINITIONS_FILE);
    return true;
  } catch {
    return false;
  }
}

// Entry point when run as a script by the build.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = performance.now();
  const defs = generateDefinitions();
  if (!writeDefinitionsFile(defs)) throw new Error(`cannot write ${DEFINITIONS_FILE}`);
  const ms = (performance.now() - t0).toFixed(0);
  console.log(`openapi: ${Object.keys(defs).length} definitions → ${DEFINITIONS_FILE} (${ms} ms)`);
}
