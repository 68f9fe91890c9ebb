// OpenAPI 3.0 documents served at /openapi/v3/<group-version>, one per group-version, as kubectl
// 1.29+ reads them: same operations and extensions as v2, schemas under components.schemas.
import type { Schema } from '../../api/openapi/schema.js';
import { loadDefinitions } from '../../api/openapi/definitions.js';
import { reachable, type Catalog } from './catalog.js';
import { INFO } from './v2.js';
import type { Op, Param, PathEntry } from './operations.js';

const V2 = '#/definitions/';
const V3 = '#/components/schemas/';
const MEDIA = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

/**
 * A schema with refs moved to #/components/schemas. A $ref with siblings (description,
 * extensions) becomes allOf: [{$ref}] so the siblings stay meaningful in OpenAPI 3.0, as newer
 * kube-apiservers publish it.
 */
export function toV3Schema(s: Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref') continue;
    if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([n, p]) => [n, toV3Schema(p)]));
    } else if ((k === 'items' || k === 'not') && v && typeof v === 'object' && !Array.isArray(v)) out[k] = toV3Schema(v as Schema);
    else if (k === 'additionalProperties' && v && typeof v === 'object') out[k] = toV3Schema(v as Schema);
    else if ((k === 'allOf' || k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) out[k] = v.map((x) => toV3Schema(x as Schema));
    else out[k] = v;
  }
  if (typeof s.$ref === 'string') {
    const ref = s.$ref.startsWith(V2) ? V3 + s.$ref.slice(V2.length) : s.$ref;
    if (Object.keys(out).length === 0) return { $ref: ref };
    return { allOf: [{ $ref: ref }], ...out };
  }
  return out;
}

const builtinV3 = new Map<string, Schema>();
function builtinSchema(name: string, def: Schema): Schema {
  let s = builtinV3.get(name);
  if (!s) {
    s = toV3Schema(def);
    builtinV3.set(name, s);
  }
  return s;
}

function v3Param(p: Param): Record<string, unknown> {
  const out: Record<string, unknown> = { name: p.name, in: p.in, description: p.description };
  if (p.required) out.required = true;
  out.schema = p.in === 'query' ? { type: p.type, uniqueItems: true } : { type: p.type };
  return out;
}

const content = (def: string, types = MEDIA) => Object.fromEntries(types.map((t) => [t, { schema: { $ref: V3 + def } }]));

function v3Op(o: Op): Record<string, unknown> {
  const out: Record<string, unknown> = {
    tags: [o.tag],
    description: o.description,
    operationId: o.operationId,
    parameters: o.params.map(v3Param),
  };
  if (o.body) {
    const types = o.method === 'patch' ? o.consumes : ['*/*'];
    const body: Record<string, unknown> = { content: content(o.body.def, types) };
    if (o.body.required) body.required = true;
    out.requestBody = body;
  }
  const responses: Record<string, unknown> = {};
  for (const [code, def] of o.responses) {
    const text = code === '401' ? 'Unauthorized' : code === '201' ? 'Created' : code === '202' ? 'Accepted' : 'OK';
    responses[code] = def ? { description: text, content: content(def, o.produces) } : { description: text };
  }
  out.responses = responses;
  out['x-kubernetes-action'] = o.action;
  out['x-kubernetes-group-version-kind'] = o.gvk;
  return out;
}

function v3PathItem(p: PathEntry): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const o of p.ops) item[o.method] = v3Op(o);
  item.parameters = p.params.map(v3Param);
  return item;
}

/** Group-version keys present in a catalog ("api/v1", "apis/apps/v1"), sorted. */
export function groupVersions(cat: Catalog): string[] {
  return [...new Set(cat.paths.map((p) => p.gv))].sort();
}

export function buildV3Group(cat: Catalog, gv: string): Record<string, unknown> | undefined {
  const entries = cat.paths.filter((p) => p.gv === gv);
  if (!entries.length) return undefined;
  const paths: Record<string, unknown> = {};
  for (const p of entries) paths[p.path] = v3PathItem(p);
  const builtins = loadDefinitions();
  const schemas: Record<string, Schema> = {};
  for (const name of reachable(entries, cat.custom)) {
    const c = cat.custom[name];
    schemas[name] = c ? toV3Schema(c) : builtinSchema(name, builtins[name]!);
  }
  return {
    openapi: '3.0.0',
    info: INFO,
    paths,
    components: {
      schemas,
      securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    },
    security: [{ BearerToken: [] }],
  };
}
