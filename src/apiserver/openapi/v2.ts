// The Swagger 2.0 document served at /openapi/v2 (JSON form; gnostic.ts encodes it as protobuf).
import type { Schema } from '../../api/openapi/schema.js';
import { loadDefinitions } from '../../api/openapi/definitions.js';
import { reachable, type Catalog } from './catalog.js';
import type { Op, Param, PathEntry } from './operations.js';

export const INFO = { title: 'Kubernetes', version: 'v1.25.0' };
export const SECURITY_DEFINITIONS = {
  BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' },
};

const ref = (def: string) => ({ $ref: `#/definitions/${def}` });

function v2Param(p: Param): Record<string, unknown> {
  const out: Record<string, unknown> = { description: p.description, in: p.in, name: p.name };
  if (p.required) out.required = true;
  out.type = p.type;
  // Upstream marks query parameters uniqueItems (a quirk of its generator); kept for fidelity.
  if (p.in === 'query') out.uniqueItems = true;
  return out;
}

function v2Op(o: Op): Record<string, unknown> {
  const params: Record<string, unknown>[] = [];
  if (o.body) {
    const b: Record<string, unknown> = { in: 'body', name: 'body', schema: ref(o.body.def) };
    if (o.body.required) b.required = true;
    params.push(b);
  }
  params.push(...o.params.map(v2Param));
  const responses: Record<string, unknown> = {};
  for (const [code, def] of o.responses) {
    const text = code === '401' ? 'Unauthorized' : code === '201' ? 'Created' : code === '202' ? 'Accepted' : 'OK';
    responses[code] = def ? { description: text, schema: ref(def) } : { description: text };
  }
  return {
    consumes: o.consumes,
    description: o.description,
    operationId: o.operationId,
    parameters: params,
    produces: o.produces,
    responses,
    schemes: ['https'],
    tags: [o.tag],
    'x-kubernetes-action': o.action,
    'x-kubernetes-group-version-kind': o.gvk,
  };
}

export function v2PathItem(p: PathEntry): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const o of p.ops) item[o.method] = v2Op(o);
  item.parameters = p.params.map(v2Param);
  return item;
}

export function buildV2(cat: Catalog): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const p of cat.paths) paths[p.path] = v2PathItem(p);
  const builtins = loadDefinitions();
  const definitions: Record<string, Schema> = {};
  for (const name of reachable(cat.paths, cat.customV2)) definitions[name] = cat.customV2[name] ?? builtins[name]!;
  return {
    swagger: '2.0',
    info: INFO,
    paths,
    definitions,
    securityDefinitions: SECURITY_DEFINITIONS,
    security: [{ BearerToken: [] }],
  };
}
