// The REST verbs over one served resource: get, list, create, update, patch, delete,
// deletecollection, and the status and scale subresources. Watch lives in ./watch.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdmissionChain } from '../admission/chain.js';
import type { AdmissionAttributes, Operation } from '../admission/plugin.js';
import { isObject, parseApiVersion, type KObject } from '../api/object.js';
import { Errors, StatusError } from '../machinery/errors.js';
import { invalid } from '../machinery/fielderrors.js';
import { jsonPatch, mergePatch, PatchError } from '../machinery/patch.js';
import { parseFieldSelector, parseLabelSelector, SelectorError, labelSelectorFromObject } from '../machinery/selectors.js';
import { validateListOptions, type ListOptions, type WriteHooks } from '../registry/generic/store.js';
import { decodeBody, mediaTypeOf, readBody } from './body.js';
import { negotiateObject, parseAccept, wantsYaml } from './negotiation.js';
import type { RequestInfo } from './requestinfo.js';
import type { ServedResource } from './resources.js';
import { sendJson } from './respond.js';
import { parseIncludeObject, partialObjectMetadata, toTable } from './table.js';
import { checkFields, type FieldValidation } from './fieldcheck.js';
import { decodeProtobuf } from './protobuf/index.js';

export interface HandlerContext {
  req: IncomingMessage;
  res: ServerResponse;
  info: RequestInfo;
  query: URLSearchParams;
  served: ServedResource;
  admission: AdmissionChain;
  now(): Date;
}

const JSON_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

export function listOptions(query: URLSearchParams): ListOptions {
  const opts: ListOptions = {};
  try {
    const ls = query.get('labelSelector');
    if (ls) opts.labelSelector = parseLabelSelector(ls);
    const fs = query.get('fieldSelector');
    if (fs) opts.fieldSelector = parseFieldSelector(fs);
  } catch (err) {
    if (err instanceof SelectorError) throw Errors.badRequest(err.message);
    throw err;
  }
  const limit = query.get('limit');
  if (limit) {
    if (!/^-?\d+$/.test(limit)) throw Errors.badRequest(`limit: Invalid value: "${limit}": must be an integer`);
    opts.limit = Number(limit);
  }
  const cont = query.get('continue');
  if (cont) opts.continue = cont;
  const rv = query.get('resourceVersion');
  if (rv !== null) opts.resourceVersion = rv;
  const rvm = query.get('resourceVersionMatch');
  if (rvm) opts.resourceVersionMatch = rvm;
  return opts;
}

function dryRunOf(query: URLSearchParams, fromBody?: unknown): boolean {
  const values = [...query.getAll('dryRun'), ...(Array.isArray(fromBody) ? (fromBody as string[]) : [])];
  for (const v of values) if (v !== 'All') throw Errors.badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  return values.length > 0;
}

function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const v = query.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw Errors.badRequest(`fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Warn", "Strict"`);
}

/** Respond with an object in the representation the client asked for. */
function sendObject(c: HandlerContext, code: number, obj: KObject, warnings: string[] = []): void {
  const accept = parseAccept(c.req.headers.accept);
  const rep = negotiateObject(accept, 'single');
  if (rep.as === 'Table') {
    const table = toTable(c.served.strategy, [obj], {
      version: rep.version,
      includeObject: parseIncludeObject(c.query.get('includeObject')),
      now: c.now(),
      listMeta: { resourceVersion: obj.metadata.resourceVersion },
    });
    return sendJson(c.res, code, table, { warnings });
  }
  if (rep.as === 'PartialObjectMetadata') return sendJson(c.res, code, partialObjectMetadata(obj, rep.version), { warnings });
  sendJson(c.res, code, obj, { warnings, yaml: wantsYaml(accept) });
}

function admissionHooks(c: HandlerContext, operation: Operation, dryRun: boolean): WriteHooks {
  const s = c.served.strategy;
  const attrs = (obj: KObject | undefined, old: KObject | undefined): AdmissionAttributes => ({
    operation,
    group: s.group,
    version: s.version,
    kind: s.kind,
    resource: s.resource,
    subresource: c.info.subresource,
    namespace: c.info.namespace,
    name: obj?.metadata.name ?? c.info.name,
    object: obj,
    oldObject: old,
    dryRun,
  });
  return {
    dryRun,
    mutate: async (obj, old) => (await c.admission.admit(attrs(obj, old))).warnings,
    validate: async (obj, old) => (await c.admission.validate(attrs(obj, old))).warnings,
  };
}

/** Decode a body as an object of this resource's kind; the URL decides the kind when the body is silent. */
async function decodeObject(c: HandlerContext): Promise<KObject> {
  const media = mediaTypeOf(c.req);
  if (!JSON_TYPES.includes(media)) throw Errors.unsupportedMediaType(media, ['application/json', 'application/yaml']);
  const raw = await readBody(c.req);
  const s = c.served.strategy;
  const value = media === 'application/vnd.kubernetes.protobuf' ? decodeProtobuf(raw, s) : decodeBody(raw, media);
  if (!isObject(value)) throw Errors.badRequest(`Object '${s.kind}' is not a valid object: the body must be a JSON object`);
  const obj = value as KObject;
  checkKind(c, obj);
  if (obj.metadata !== undefined && !isObject(obj.metadata)) throw Errors.badRequest(`${s.kind} in version "${s.version}" cannot be handled as a ${s.kind}: metadata must be an object`);
  obj.metadata ??= {};
  return obj;
}

function checkKind(c: HandlerContext, obj: KObject): void {
  const s = c.served.strategy;
  const want = s.group ? `${s.group}/${s.version}` : s.version;
  if (obj.apiVersion !== undefined && obj.apiVersion !== want) {
    const gv = parseApiVersion(String(obj.apiVersion));
    if (gv.group !== s.group || gv.version !== s.version)
      throw Errors.badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${want})`);
  }
  if (obj.kind !== undefined && obj.kind !== s.kind)
    throw Errors.badRequest(`${String(obj.kind)} in version "${s.version}" cannot be handled as a ${s.kind}: the kind in the data (${String(obj.kind)}) does not match the expected kind (${s.kind})`);
}

export async function handleGet(c: HandlerContext): Promise<void> {
  const obj = await c.served.store.get(c.info.namespace, c.info.name);
  if (c.info.subresource === 'scale') return sendJson(c.res, 200, toScale(c, obj));
  sendObject(c, 200, obj);
}

export async function handleList(c: HandlerContext): Promise<void> {
  const opts = listOptions(c.query);
  const accept = parseAccept(c.req.headers.accept);
  const rep = negotiateObject(accept, 'list');
  const result = await c.served.store.list(c.info.namespace, opts);
  const listMeta = { resourceVersion: result.resourceVersion, continue: result.continue, remainingItemCount: result.remainingItemCount };
  if (rep.as === 'Table') {
    const table = toTable(c.served.strategy, result.items, {
      version: rep.version,
      includeObject: parseIncludeObject(c.query.get('includeObject')),
      now: c.now(),
      listMeta,
    });
    return sendJson(c.res, 200, table);
  }
  const s = c.served.strategy;
  if (rep.as === 'PartialObjectMetadata') {
    return sendJson(c.res, 200, {
      kind: 'PartialObjectMetadataList',
      apiVersion: `meta.k8s.io/${rep.version}`,
      metadata: cleanListMeta(listMeta),
      items: result.items.map((o) => partialObjectMetadata(o, rep.version)),
    });
  }
  sendJson(
    c.res,
    200,
    { kind: `${s.kind}List`, apiVersion: c.served.store.apiVersion, metadata: cleanListMeta(listMeta), items: result.items },
    { yaml: wantsYaml(accept) },
  );
}

function cleanListMeta(m: { resourceVersion?: string; continue?: string; remainingItemCount?: number }) {
  const out: Record<string, unknown> = { resourceVersion: m.resourceVersion };
  if (m.continue) out['continue'] = m.continue;
  if (m.remainingItemCount !== undefined) out['remainingItemCount'] = m.remainingItemCount;
  return out;
}

export async function handleCreate(c: HandlerContext): Promise<void> {
  if (c.info.subresource) throw Errors.methodNotAllowed();
  const obj = await decodeObject(c);
  const warnings = checkFields(c.served, obj, fieldValidationOf(c.query));
  const dryRun = dryRunOf(c.query);
  const result = await c.served.store.create(c.info.namespace, obj, admissionHooks(c, 'CREATE', dryRun));
  sendObject(c, 201, result.object, [...warnings, ...result.warnings]);
}

export async function handleUpdate(c: HandlerContext): Promise<void> {
  const sub = c.info.subresource;
  if (sub === 'scale') {
    const scale = decodeBody(await readBody(c.req), mediaTypeOf(c.req));
    if (!isObject(scale)) throw Errors.badRequest('Scale must be a JSON object');
    return updateScale(c, () => scale as KObject);
  }
  if (sub && sub !== 'status') throw Errors.notFoundPath();
  const obj = await decodeObject(c);
  const warnings = checkFields(c.served, obj, fieldValidationOf(c.query));
  const dryRun = dryRunOf(c.query);
  const result = await c.served.store.update(c.info.namespace, c.info.name, obj, { ...admissionHooks(c, 'UPDATE', dryRun), subresource: sub });
  sendObject(c, 200, result.object, [...warnings, ...result.warnings]);
}

/**
 * Apply a JSON merge patch or JSON patch document to a JSON value, failing as apiserver's patchers do:
 * a JSON patch that is not a list of operations is a 400 (decoding), one that cannot be applied a 422
 * with the generic text and empty details; a merge patch that is not an object is a 400.
 */
function applyPatch(media: string, current: unknown, patch: unknown): unknown {
  if (media === 'application/json-patch+json') {
    if (!Array.isArray(patch)) throw Errors.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    try {
      return jsonPatch(current, patch);
    } catch (err) {
      if (!(err instanceof PatchError)) throw err;
      throw Errors.patchRejected();
    }
  }
  if (!isObject(patch)) throw Errors.badRequest('Invalid JSON Patch');
  return mergePatch(current, patch);
}

export async function handlePatch(c: HandlerContext): Promise<void> {
  const media = mediaTypeOf(c.req);
  if (!PATCH_TYPES.includes(media)) throw Errors.unsupportedMediaType(media, PATCH_TYPES);
  if (media === 'application/strategic-merge-patch+json' || media === 'application/apply-patch+yaml')
    // Strategic merge patch and server-side apply come with the API-fidelity work; say so plainly.
    throw Errors.unsupportedMediaType(media, ['application/json-patch+json', 'application/merge-patch+json']);
  const raw = await readBody(c.req);
  const patch = decodeBody(raw, 'application/json');
  const dryRun = dryRunOf(c.query);
  const fv = fieldValidationOf(c.query);
  const sub = c.info.subresource;
  if (sub === 'scale') return updateScale(c, (scale) => applyPatch(media, scale, patch) as KObject);
  if (sub && sub !== 'status') throw Errors.notFoundPath();
  let fieldWarnings: string[] = [];
  const hooks = admissionHooks(c, 'UPDATE', dryRun);
  const result = await c.served.store.guaranteedUpdate(
    c.info.namespace,
    c.info.name,
    (current) => {
      const patched = applyPatch(media, current, patch);
      if (!isObject(patched)) throw Errors.badRequest('the patched object is not a JSON object');
      const obj = patched as KObject;
      checkKind(c, obj);
      if (!isObject(obj.metadata)) throw Errors.badRequest('metadata must be an object');
      if (obj.metadata.name !== current.metadata.name)
        throw Errors.badRequest(`the name of the object (${String(obj.metadata.name)}) does not match the name on the URL (${c.info.name})`);
      const wantRV = obj.metadata.resourceVersion;
      if (wantRV && wantRV !== current.metadata.resourceVersion)
        throw Errors.conflict(c.served.store.groupResource, c.info.name, 'the object has been modified; please apply your changes to the latest version and try again');
      fieldWarnings = checkFields(c.served, obj, fv);
      return obj;
    },
    { dryRun, subresource: sub, hooks },
  );
  sendObject(c, 200, result.object, [...fieldWarnings, ...result.warnings]);
}

interface DeleteBody {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

async function deleteOptions(c: HandlerContext): Promise<{ body: DeleteBody; dryRun: boolean }> {
  const raw = await readBody(c.req);
  let body: DeleteBody = {};
  if (raw.length > 0) {
    const v = decodeBody(raw, mediaTypeOf(c.req) === 'application/yaml' ? 'application/yaml' : 'application/json');
    if (!isObject(v)) throw Errors.badRequest('DeleteOptions must be a JSON object');
    body = v as DeleteBody;
  }
  const pp = c.query.get('propagationPolicy') ?? body.propagationPolicy;
  if (pp && !['Orphan', 'Background', 'Foreground'].includes(pp))
    throw Errors.badRequest(`propagationPolicy: Unsupported value: "${pp}": supported values: "Foreground", "Background", "Orphan"`);
  return { body, dryRun: dryRunOf(c.query, body.dryRun) };
}

export async function handleDelete(c: HandlerContext): Promise<void> {
  if (c.info.subresource) throw Errors.methodNotAllowed();
  const { body, dryRun } = await deleteOptions(c);
  const hooks = admissionHooks(c, 'DELETE', dryRun);
  const r = await c.served.store.delete(c.info.namespace, c.info.name, { ...hooks, preconditions: body.preconditions });
  if (!r.deleted) return sendObject(c, 200, r.object, r.warnings);
  const s = c.served.strategy;
  const details: Record<string, string> = { name: c.info.name, kind: s.resource, uid: r.object.metadata.uid ?? '' };
  if (s.group) details['group'] = s.group;
  // Store.finalizeDelete's Status: no code (omitempty in Go), and kind is the plural.
  sendJson(c.res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details }, { warnings: r.warnings });
}

export async function handleDeleteCollection(c: HandlerContext): Promise<void> {
  const { body, dryRun } = await deleteOptions(c);
  const opts = listOptions(c.query);
  validateListOptions(opts, false); // checked even though only the selectors are used, as upstream does
  const listed = await c.served.store.list(c.info.namespace, { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector });
  const deleted: KObject[] = [];
  for (const obj of listed.items) {
    try {
      const hooks = { ...admissionHooks(c, 'DELETE', dryRun), preconditions: body.preconditions };
      const r = await c.served.store.delete(obj.metadata.namespace ?? '', obj.metadata.name!, hooks);
      deleted.push(r.object);
    } catch (err) {
      // Already gone (deleted concurrently) is fine for a collection delete.
      if (!(err instanceof StatusError && err.code === 404)) throw err;
    }
  }
  const s = c.served.strategy;
  sendJson(c.res, 200, { kind: `${s.kind}List`, apiVersion: c.served.store.apiVersion, metadata: { resourceVersion: listed.resourceVersion }, items: deleted });
}

// ---- scale subresource ---------------------------------------------------------------------

function getPath(obj: unknown, path: string[]): unknown {
  let cur = obj;
  for (const p of path) cur = isObject(cur) ? cur[p] : undefined;
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = obj;
  for (const p of path.slice(0, -1)) {
    if (!isObject(cur[p])) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = value;
}

function selectorString(sel: unknown): string {
  if (typeof sel === 'string') return sel;
  if (!isObject(sel)) return '';
  return labelSelectorFromObject(sel as never)
    .map((r) => {
      switch (r.op) {
        case '=':
          return `${r.key}=${r.values[0]}`;
        case 'in':
          return `${r.key} in (${[...r.values].sort().join(',')})`;
        case 'notin':
          return `${r.key} notin (${[...r.values].sort().join(',')})`;
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
        default:
          return '';
      }
    })
    .sort()
    .join(',');
}

function toScale(c: HandlerContext, obj: KObject): KObject {
  const mapping = c.served.strategy.subresources?.scale;
  if (!mapping) throw Errors.notFoundPath();
  const m = obj.metadata;
  const status: Record<string, unknown> = { replicas: Number(getPath(obj, mapping.statusReplicasPath) ?? 0) };
  if (mapping.labelSelectorPath) {
    const sel = selectorString(getPath(obj, mapping.labelSelectorPath));
    if (sel) status['selector'] = sel;
  }
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: Number(getPath(obj, mapping.specReplicasPath) ?? 0) },
    status,
  };
}

/**
 * Update the scale subresource: `newScale` maps the current Scale to the desired one (a PUT body,
 * or the patch applied to fresh state on every retry); its spec.replicas is written into the object.
 */
async function updateScale(c: HandlerContext, newScale: (current: KObject) => KObject): Promise<void> {
  const mapping = c.served.strategy.subresources?.scale;
  if (!mapping) throw Errors.notFoundPath();
  const dryRun = dryRunOf(c.query);
  const result = await c.served.store.guaranteedUpdate(
    c.info.namespace,
    c.info.name,
    (current) => {
      const target = newScale(toScale(c, current));
      const replicas = (target as { spec?: { replicas?: unknown } }).spec?.replicas;
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
        throw Errors.invalid({ group: 'autoscaling', kind: 'Scale' }, c.info.name, [invalid('spec.replicas', replicas ?? null, 'must be greater than or equal to 0')]);
      const wantRV = target.metadata?.resourceVersion;
      if (wantRV && wantRV !== current.metadata.resourceVersion)
        throw Errors.conflict(c.served.store.groupResource, c.info.name, 'the object has been modified; please apply your changes to the latest version and try again');
      setPath(current as Record<string, unknown>, mapping.specReplicasPath, replicas);
      return current;
    },
    { dryRun, hooks: admissionHooks(c, 'UPDATE', dryRun) },
  );
  sendJson(c.res, 200, toScale(c, result.object), { warnings: result.warnings });
}
