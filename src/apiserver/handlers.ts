// The REST verbs over one served resource: get, list, create, update, patch, delete,
// deletecollection, and the status and scale subresources. Watch lives in ./watch.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdmissionChain } from '../admission/chain.js';
import type { Operation } from '../admission/plugin.js';
import type { UserInfo } from '../api/user.js';
import { isObject, parseApiVersion, type KObject } from '../api/object.js';
import { Errors, StatusError } from '../machinery/errors.js';
import { invalid, notSupported } from '../machinery/fielderrors.js';
import { jsonPatch, mergePatch, PatchError } from '../machinery/patch.js';
import { definition, definitionNameFor } from '../api/openapi/definitions.js';
import { parseFieldSelector, parseLabelSelector, SelectorError, labelSelectorFromObject } from '../machinery/selectors.js';
import { parseResourceVersion, validateListOptions, type DeleteOptions as StoreDeleteOptions, type ListOptions, type PropagationPolicy, type WriteHooks } from '../registry/generic/store.js';
import type { RequestAudit } from './audit/index.js';
import { decodeBody, mediaTypeOf, readBody } from './body.js';
import { negotiateObject, parseAccept } from './negotiation.js';
import type { RequestInfo } from './requestinfo.js';
import type { ServedResource } from './resources.js';
import { sendJson, sendNegotiated } from './respond.js';
import { parseIncludeObject, partialObjectMetadata, scalePrinter, toTable } from './table.js';
import type { TablePrinter } from '../registry/strategy.js';
import { bodySource, checkFields, checkPatchedFields, goJson, goSprint, patchBodyIssues, type BodySource, type FieldValidation } from './fieldcheck.js';
import { builtinTypeError, metadataTypeError, patchTypeError } from './openapi/typeerrors.js';
import { applyIgnored, checkWriteOptions, decodeApplyBody, fieldManagerFor, parseBoolParam, trackFields } from './fieldmanager.js';

export interface HandlerContext {
  req: IncomingMessage;
  res: ServerResponse;
  info: RequestInfo;
  query: URLSearchParams;
  /** Who the request acts as (after authentication and impersonation). */
  user: UserInfo;
  served: ServedResource;
  admission: AdmissionChain;
  /** The request's audit record: its user, and the annotations admission adds. */
  audit: RequestAudit;
  now(): Date;
}

const JSON_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];
const SMP = 'application/strategic-merge-patch+json';
const APPLY = 'application/apply-patch+yaml';
// Custom resources have no Go types to carry patch strategies, so apiextensions-apiserver offers no SMP.
const CR_PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', APPLY];

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
    if (!fitsInt64(limit)) throw Errors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(limit)}: value out of range`);
    opts.limit = Number(limit);
  }
  // Only watches use it, but a malformed one fails the decoding of any list's options.
  const timeoutSeconds = query.get('timeoutSeconds');
  if (timeoutSeconds !== null && timeoutSeconds !== '') {
    if (!/^[+-]?\d+$/.test(timeoutSeconds)) throw Errors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(timeoutSeconds)}: invalid syntax`);
    if (!fitsInt64(timeoutSeconds)) throw Errors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(timeoutSeconds)}: value out of range`);
  }
  const cont = query.get('continue');
  if (cont) opts.continue = cont;
  const rv = query.get('resourceVersion');
  if (rv !== null) opts.resourceVersion = rv;
  const rvm = query.get('resourceVersionMatch');
  if (rvm) opts.resourceVersionMatch = rvm;
  return opts;
}

const fitsInt64 = (digits: string) => BigInt(digits) >= -(2n ** 63n) && BigInt(digits) < 2n ** 63n;

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

/** Respond with an object in the representation the client asked for (`printer` for subresources' Tables). */
function sendObject(c: HandlerContext, code: number, obj: KObject, warnings: string[] = [], printer?: TablePrinter): void {
  const accept = parseAccept(c.req.headers.accept);
  const rep = negotiateObject(accept, 'single', true);
  if (rep.as === 'Table') {
    const table = toTable(c.served.strategy, [obj], {
      version: rep.version,
      includeObject: parseIncludeObject(c.query.get('includeObject')),
      now: c.now(),
      listMeta: { resourceVersion: obj.metadata.resourceVersion },
      printer,
    });
    c.audit.response(table);
    return sendJson(c.res, code, table, { warnings });
  }
  const body = rep.as === 'PartialObjectMetadata' ? partialObjectMetadata(obj, rep.version) : obj;
  c.audit.response(body);
  if (rep.as === 'PartialObjectMetadata') return sendJson(c.res, code, body, { warnings });
  sendNegotiated(c.res, code, obj, accept, { warnings });
}

/** The admission chain for this request, for an object of `kind` (the served kind unless a subresource's). */
export function admissionRequest(c: HandlerContext, operation: Operation, dryRun: boolean, kind: { group: string; version: string; kind: string } = c.served.strategy) {
  return c.admission.request({
    operation,
    group: kind.group,
    version: kind.version,
    kind: kind.kind,
    resource: c.served.strategy.resource,
    subresource: c.info.subresource,
    namespace: c.info.namespace,
    name: c.info.name,
    dryRun,
    user: c.user,
    addAuditAnnotation: (k, v) => c.audit.annotate(k, v),
  });
}

function admissionHooks(c: HandlerContext, operation: Operation, dryRun: boolean): WriteHooks {
  const request = admissionRequest(c, operation, dryRun);
  return {
    dryRun,
    mutate: async (obj, old) => (await request.admit(obj, old)).warnings,
    validate: async (obj, old) => (await request.validate(obj, old)).warnings,
  };
}

/**
 * Decode a body as an object of this resource's kind; the URL decides the kind when the body is
 * silent. `source` is the JSON/YAML text, for the repeated-key checks of field validation.
 */
async function decodeObject(c: HandlerContext): Promise<{ obj: KObject; source?: BodySource }> {
  const media = mediaTypeOf(c.req);
  if (!JSON_TYPES.includes(media)) throw Errors.unsupportedMediaType(media, ['application/json', 'application/yaml']);
  const raw = await readBody(c.req);
  const s = c.served.strategy;
  let value: unknown;
  let source: BodySource | undefined;
  // Loaded on first use: only kubectl 1.32+ typed writes send protobuf.
  if (media === 'application/vnd.kubernetes.protobuf') value = (await import('./protobuf/index.js')).decodeProtobuf(raw, s);
  else ({ source, value } = bodySource(raw, media, decodeBody(raw, media), !c.served.custom));
  if (!isObject(value)) throw Errors.badRequest(`Object '${s.kind}' is not a valid object: the body must be a JSON object`);
  const obj = value as KObject;
  checkKind(c, obj);
  if (obj.metadata !== undefined && !isObject(obj.metadata)) throw Errors.badRequest(`${s.kind} in version "${s.version}" cannot be handled as a ${s.kind}: metadata must be an object`);
  const typeError = c.served.custom ? metadataTypeError(obj) : builtinTypeError(s.group, s.version, s.kind, obj);
  if (typeError) throw Errors.badRequest(`${s.kind} in version "${s.version}" cannot be handled as a ${s.kind}: ${typeError}`);
  obj.metadata ??= {};
  return { obj, source };
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
  parseResourceVersion(c.query.get('resourceVersion') ?? undefined); // a malformed one is a 400
  const obj = await c.served.store.get(c.info.namespace, c.info.name);
  if (c.info.subresource === 'scale') return sendObject(c, 200, toScale(c, obj), [], scalePrinter);
  sendObject(c, 200, obj);
}

export async function handleList(c: HandlerContext): Promise<void> {
  const opts = listOptions(c.query);
  const accept = parseAccept(c.req.headers.accept);
  const rep = negotiateObject(accept, 'list', true);
  const result = await c.served.store.list(c.info.namespace, opts);
  const listMeta = { resourceVersion: result.resourceVersion, continue: result.continue, remainingItemCount: result.remainingItemCount };
  if (rep.as === 'Table') {
    const table = toTable(c.served.strategy, result.items, {
      version: rep.version,
      includeObject: parseIncludeObject(c.query.get('includeObject')),
      now: c.now(),
      listMeta,
    });
    c.audit.response(table);
    return sendJson(c.res, 200, table);
  }
  const s = c.served.strategy;
  if (rep.as === 'PartialObjectMetadata') {
    const list = {
      kind: 'PartialObjectMetadataList',
      apiVersion: `meta.k8s.io/${rep.version}`,
      metadata: cleanListMeta(listMeta),
      items: result.items.map((o) => partialObjectMetadata(o, rep.version)),
    };
    c.audit.response(list);
    return sendJson(c.res, 200, list);
  }
  const list = { kind: `${s.kind}List`, apiVersion: c.served.store.apiVersion, metadata: cleanListMeta(listMeta), items: result.items };
  c.audit.response(list);
  sendNegotiated(c.res, 200, list, accept);
}

function cleanListMeta(m: { resourceVersion?: string; continue?: string; remainingItemCount?: number }) {
  const out: Record<string, unknown> = { resourceVersion: m.resourceVersion };
  if (m.continue) out['continue'] = m.continue;
  if (m.remainingItemCount !== undefined) out['remainingItemCount'] = m.remainingItemCount;
  return out;
}

export async function handleCreate(c: HandlerContext): Promise<void> {
  if (c.info.subresource) throw Errors.methodNotAllowed();
  checkWriteOptions(c, 'CreateOptions');
  const { obj, source } = await decodeObject(c);
  c.audit.requestObject(obj);
  const warnings = checkFields(c.served, obj, fieldValidationOf(c.query), source);
  const dryRun = dryRunOf(c.query);
  const result = await c.served.store.create(c.info.namespace, obj, { ...admissionHooks(c, 'CREATE', dryRun), trackFields: trackFields(c, '') });
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
  checkWriteOptions(c, 'UpdateOptions');
  const { obj, source } = await decodeObject(c);
  c.audit.requestObject(obj);
  const warnings = checkFields(c.served, obj, fieldValidationOf(c.query), source);
  const dryRun = dryRunOf(c.query);
  const hooks = { ...admissionHooks(c, 'UPDATE', dryRun), subresource: sub, trackFields: trackFields(c, sub) };
  const result = await c.served.store.update(c.info.namespace, c.info.name, obj, hooks);
  sendObject(c, 200, result.object, [...warnings, ...result.warnings]);
}

/**
 * Apply a JSON merge patch, JSON patch or strategic merge patch document to a JSON value, failing as
 * apiserver's patchers do: a JSON patch that is not a list of operations is a 400 (decoding), one that
 * cannot be applied a 422 with the generic text and empty details; a merge patch that is not an object
 * is a 400. `smpSchema` names the OpenAPI definition whose patch strategies a strategic merge patch uses.
 */
function applyPatch(media: string, current: unknown, patch: unknown, smpSchema?: string): unknown {
  if (media === 'application/json-patch+json') {
    if (!Array.isArray(patch)) throw Errors.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    try {
      return jsonPatch(current, patch);
    } catch (err) {
      if (!(err instanceof PatchError)) throw err;
      throw Errors.patchRejected();
    }
  }
  if (media === SMP) return strategicPatch(current, patch, smpSchema);
  if (!isObject(patch)) throw Errors.badRequest('Invalid JSON Patch');
  return mergePatch(current, patch);
}

/** Go's json error for a patch body that is not an object (strategicPatchObject decodes into a map). */
function checkSmpBody(patch: unknown): void {
  if (patch === null || isObject(patch)) return;
  const kind = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
  throw Errors.badRequest(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
}

/**
 * Strategic merge patch with the definition's patch strategies. Errors map as apiserver's
 * interpretStrategicMergePatchError does: format errors 400, lists of lists 422 (generic text), the
 * rest (a missing merge key, an unknown directive) plain errors that become a 500 with no reason.
 */
function strategicPatch(current: unknown, patch: unknown, definitionName: string | undefined): unknown {
  checkSmpBody(patch);
  const { patchMetaFor, strategicMergePatch, StrategicMergePatchError } = smp!;
  try {
    const out = strategicMergePatch(current as Record<string, unknown>, (patch ?? {}) as Record<string, unknown>, patchMetaFor(definitionName, definition));
    return dropNulls(out);
  } catch (err) {
    if (!(err instanceof StrategicMergePatchError)) throw err;
    if (err.kind === 'BadRequest') throw Errors.badRequest(err.message);
    if (err.kind === 'Invalid') throw Errors.patchRejected();
    throw Errors.plain(500, err.message);
  }
}

/** Decoding into typed structs turns a null field into its zero value, which is then omitted. */
function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) v.forEach(dropNulls);
  else if (isObject(v))
    for (const [k, x] of Object.entries(v)) {
      if (x === null) delete v[k];
      else dropNulls(x);
    }
  return v;
}

let smp: typeof import('../machinery/strategicpatch.js') | undefined;

export async function handlePatch(c: HandlerContext): Promise<void> {
  const media = mediaTypeOf(c.req);
  // Strategic merge patch is loaded on first use, keeping it off the start-up path.
  if (media === SMP) smp ??= await import('../machinery/strategicpatch.js');
  const accepted = c.served.custom ? CR_PATCH_TYPES : PATCH_TYPES;
  if (!accepted.includes(media)) throw Errors.unsupportedMediaType(media, accepted);
  if (media === APPLY) return handleApply(c);
  checkWriteOptions(c, 'PatchOptions');
  const raw = await readBody(c.req);
  const patch = decodeBody(raw, 'application/json');
  c.audit.requestPatch(patch);
  if (media === SMP) checkSmpBody(patch);
  const dryRun = dryRunOf(c.query);
  const fv = fieldValidationOf(c.query);
  const patchIssues = fv === 'Ignore' ? [] : patchBodyIssues(media, raw.toString('utf8'));
  const sub = c.info.subresource;
  if (sub === 'scale') return updateScale(c, (scale) => applyPatch(media, scale, patch, 'io.k8s.api.autoscaling.v1.Scale') as KObject);
  if (sub && sub !== 'status') throw Errors.notFoundPath();
  const s = c.served.strategy;
  const smpSchema = media === SMP ? definitionNameFor(s.group, s.version, s.kind) : undefined;
  let fieldWarnings: string[] = [];
  const hooks = { ...admissionHooks(c, 'UPDATE', dryRun), trackFields: trackFields(c, sub) };
  const result = await c.served.store.guaranteedUpdate(
    c.info.namespace,
    c.info.name,
    (current) => {
      const patched = applyPatch(media, current, patch, smpSchema);
      if (!isObject(patched)) throw Errors.badRequest('the patched object is not a JSON object');
      const obj = patched as KObject;
      checkKind(c, obj);
      if (!isObject(obj.metadata)) throw Errors.badRequest('metadata must be an object');
      if (obj.metadata.name !== current.metadata.name)
        throw Errors.badRequest(`the name of the object (${String(obj.metadata.name)}) does not match the name on the URL (${c.info.name})`);
      // The patched object must still decode into the kind's Go type (patch.go: a 422 on "patch").
      const typeError = c.served.custom ? metadataTypeError(obj) : builtinTypeError(s.group, s.version, s.kind, obj);
      if (typeError) throw patchTypeError(media === SMP ? goSprint(patch) : goJson(patched), typeError);
      const wantRV = obj.metadata.resourceVersion;
      if (wantRV && wantRV !== current.metadata.resourceVersion)
        throw Errors.conflict(c.served.store.groupResource, c.info.name, 'the object has been modified; please apply your changes to the latest version and try again');
      fieldWarnings = checkPatchedFields(c.served, obj, fv, patchIssues, () => (media === SMP ? goSprint(patch) : goJson(patched)));
      return obj;
    },
    { dryRun, subresource: sub, hooks },
  );
  sendObject(c, 200, result.object, [...fieldWarnings, ...result.warnings]);
}

// ---- server-side apply ---------------------------------------------------------------------

/**
 * PATCH with application/apply-patch+yaml: the applied configuration is merged into the live object
 * by the field manager (ownership, conflicts, force); an absent object is created (201), except
 * through a subresource. /scale applies are applies of spec.replicas to the parent.
 */
async function handleApply(c: HandlerContext): Promise<void> {
  checkWriteOptions(c, 'PatchOptions', true);
  const force = parseBoolParam('force', c.query.get('force'));
  const dryRun = dryRunOf(c.query);
  const fv = fieldValidationOf(c.query);
  const sub = c.info.subresource;
  if (sub && sub !== 'status' && sub !== 'scale') throw Errors.notFoundPath();
  const body = decodeApplyBody(await readBody(c.req));
  c.audit.requestPatch(body.value);
  let config = body.value;
  const strictWarnings: string[] = [];
  const strict = () => {
    if (!body.strictError || fv === 'Ignore') return;
    if (fv === 'Strict') throw Errors.badRequest(`error strict decoding YAML: ${body.strictError}`);
    strictWarnings.push(body.strictError);
  };
  const s = c.served.strategy;
  const scale = sub === 'scale' ? s.subresources?.scale : undefined;
  if (sub === 'scale') {
    if (!scale) throw Errors.notFoundPath();
    config = scaleToParentConfig(c, config, scale.specReplicasPath);
  }
  const fm = fieldManagerFor(c.served);
  const options = (live: KObject | undefined) => ({ manager: c.query.get('fieldManager')!, subresource: sub, force, now: c.now(), ignored: applyIgnored(s, sub, live, config) });
  const checkName = (obj: KObject) => {
    checkKind(c, obj);
    if (obj.metadata.name !== c.info.name)
      throw Errors.badRequest(`the name of the object (${String(obj.metadata.name ?? '')}) does not match the name on the URL (${c.info.name})`);
    if (s.namespaced && obj.metadata.namespace && obj.metadata.namespace !== c.info.namespace)
      throw Errors.badRequest(`the namespace of the object (${obj.metadata.namespace}) does not match the namespace on the URL (${c.info.namespace})`);
  };

  if (!sub && !(await c.served.store.tryGet(c.info.namespace, c.info.name))) {
    const obj = fm.apply(undefined, config, options(undefined));
    checkName(obj);
    strict();
    // A precondition on an object that does not exist cannot hold.
    if (obj.metadata.resourceVersion) throw Errors.notFound(c.served.store.groupResource, c.info.name);
    try {
      const created = await c.served.store.create(c.info.namespace, obj, admissionHooks(c, 'CREATE', dryRun));
      return sendObject(c, 201, created.object, [...strictWarnings, ...created.warnings]);
    } catch (err) {
      // Created by someone else in between: apply to theirs.
      if (!(err instanceof StatusError && err.reason === 'AlreadyExists')) throw err;
      strictWarnings.length = 0;
    }
  }
  let managedFields: unknown;
  const result = await c.served.store.guaranteedUpdate(
    c.info.namespace,
    c.info.name,
    (current) => {
      strictWarnings.length = 0;
      const obj = fm.apply(current, structuredClone(config), options(current));
      managedFields = obj.metadata.managedFields;
      checkName(obj);
      strict();
      const wantRV = obj.metadata.resourceVersion;
      if (wantRV && wantRV !== current.metadata.resourceVersion)
        throw Errors.conflict(c.served.store.groupResource, c.info.name, 'the object has been modified; please apply your changes to the latest version and try again');
      if (scale) {
        const replicas = getPath(obj, scale.specReplicasPath);
        if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
          throw Errors.invalid({ group: 'autoscaling', kind: 'Scale' }, c.info.name, [invalid('spec.replicas', replicas ?? null, 'must be greater than or equal to 0')]);
      }
      return obj;
    },
    // /scale writes the main resource; the field manager has already recorded it as a scale apply.
    // The hook puts the apply's managedFields on what is stored (/status keeps the rest of metadata).
    {
      dryRun,
      subresource: scale ? undefined : sub,
      hooks: {
        ...admissionHooks(c, 'UPDATE', dryRun),
        trackFields: (obj) => {
          if (managedFields === undefined) delete obj.metadata.managedFields;
          else obj.metadata.managedFields = managedFields as never;
        },
      },
    },
  );
  if (scale) return sendObject(c, 200, toScale(c, result.object), [...strictWarnings, ...result.warnings], scalePrinter);
  sendObject(c, 200, result.object, [...strictWarnings, ...result.warnings]);
}

/** An applied Scale as the parent's configuration: its name and spec.replicas at the replicas path. */
function scaleToParentConfig(c: HandlerContext, scale: KObject, specReplicasPath: string[]): KObject {
  const gv = typeof scale.apiVersion === 'string' ? scale.apiVersion : '';
  if (gv !== 'autoscaling/v1') throw Errors.badRequest(`Incorrect version specified in apply patch. Specified patch version: ${gv}, expected: autoscaling/v1`);
  if (scale.metadata?.managedFields !== undefined && scale.metadata?.managedFields !== null) throw Errors.badRequest('metadata.managedFields must be nil');
  const out: KObject = { apiVersion: c.served.store.apiVersion, kind: c.served.strategy.kind, metadata: { name: scale.metadata?.name ?? c.info.name } };
  const replicas = (scale as { spec?: { replicas?: unknown } }).spec?.replicas;
  if (replicas !== undefined) setPath(out as Record<string, unknown>, specReplicasPath, replicas);
  return out;
}

interface DeleteBody {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

/**
 * DeleteOptions from the body or, when there is none, from the query (as handlers/delete.go decodes
 * them), validated as ValidateDeleteOptions does: a 422 on DeleteOptions.meta.k8s.io.
 */
async function deleteOptions(c: HandlerContext): Promise<{ options: StoreDeleteOptions; dryRun: boolean }> {
  const raw = await readBody(c.req);
  let body: DeleteBody = {};
  if (raw.length > 0) {
    const v = decodeBody(raw, mediaTypeOf(c.req) === 'application/yaml' ? 'application/yaml' : 'application/json');
    if (!isObject(v)) throw Errors.badRequest('DeleteOptions must be a JSON object');
    body = v as DeleteBody;
  } else {
    const grace = c.query.get('gracePeriodSeconds');
    if (grace !== null) {
      if (!/^-?\d+$/.test(grace)) throw Errors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(grace)}: invalid syntax`);
      body.gracePeriodSeconds = Number(grace);
    }
    const pp = c.query.get('propagationPolicy');
    if (pp) body.propagationPolicy = pp;
    const orphan = c.query.get('orphanDependents');
    if (orphan !== null) {
      if (!/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(orphan)) throw Errors.badRequest(`strconv.ParseBool: parsing ${JSON.stringify(orphan)}: invalid syntax`);
      body.orphanDependents = /^(1|t|T|TRUE|true|True)$/.test(orphan);
    }
  }
  const badType = (field: string, want: string) =>
    Errors.badRequest(`json: cannot unmarshal ${typeof (body as Record<string, unknown>)[field]} into Go struct field DeleteOptions.${field} of type ${want}`);
  if (body.gracePeriodSeconds !== undefined && body.gracePeriodSeconds !== null && !Number.isInteger(body.gracePeriodSeconds)) throw badType('gracePeriodSeconds', 'int64');
  if (body.orphanDependents !== undefined && body.orphanDependents !== null && typeof body.orphanDependents !== 'boolean') throw badType('orphanDependents', 'bool');
  if (body.propagationPolicy !== undefined && body.propagationPolicy !== null && typeof body.propagationPolicy !== 'string') throw badType('propagationPolicy', 'v1.DeletionPropagation');
  const pp = body.propagationPolicy ?? undefined;
  const orphanDependents = body.orphanDependents ?? undefined;
  const errs = [];
  if (orphanDependents !== undefined && pp !== undefined) errs.push(invalid('propagationPolicy', pp, 'orphanDependents and deletionPropagation cannot be both set'));
  if (pp !== undefined && pp !== 'Foreground' && pp !== 'Background' && pp !== 'Orphan')
    errs.push(notSupported('propagationPolicy', pp, ['Foreground', 'Background', 'Orphan', 'nil']));
  if (errs.length) throw Errors.invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', errs);
  const options: StoreDeleteOptions = { preconditions: body.preconditions ?? undefined };
  if (body.gracePeriodSeconds !== undefined && body.gracePeriodSeconds !== null) options.gracePeriodSeconds = body.gracePeriodSeconds;
  if (pp !== undefined) options.propagationPolicy = pp as PropagationPolicy;
  if (orphanDependents !== undefined) options.orphanDependents = orphanDependents;
  return { options, dryRun: dryRunOf(c.query, body.dryRun) };
}

export async function handleDelete(c: HandlerContext): Promise<void> {
  if (c.info.subresource) throw Errors.methodNotAllowed();
  const { options, dryRun } = await deleteOptions(c);
  const hooks = admissionHooks(c, 'DELETE', dryRun);
  const r = await c.served.store.delete(c.info.namespace, c.info.name, { ...hooks, ...options });
  // Still there (finalizers, a grace period, a namespace being emptied): the object, with 202 only
  // for the legacy orphanDependents=false, as handlers/delete.go answers.
  if (!r.deleted) return sendObject(c, options.orphanDependents === false ? 202 : 200, r.object, r.warnings);
  const s = c.served.strategy;
  if (s.returnDeletedObject) return sendObject(c, 200, r.object, r.warnings);
  const details: Record<string, string> = { name: c.info.name, kind: s.resource, uid: r.object.metadata.uid ?? '' };
  if (s.group) details['group'] = s.group;
  // Store.finalizeDelete's Status: no code (omitempty in Go), and kind is the plural.
  const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
  c.audit.response(status);
  sendNegotiated(c.res, 200, status, parseAccept(c.req.headers.accept), { warnings: r.warnings });
}

export async function handleDeleteCollection(c: HandlerContext): Promise<void> {
  const { options, dryRun } = await deleteOptions(c);
  const opts = listOptions(c.query);
  validateListOptions(opts, false); // checked even though only the selectors are used, as upstream does
  const listed = await c.served.store.list(c.info.namespace, { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector });
  for (const obj of listed.items) {
    try {
      const hooks = { ...admissionHooks(c, 'DELETE', dryRun), ...options };
      await c.served.store.delete(obj.metadata.namespace ?? '', obj.metadata.name!, hooks);
    } catch (err) {
      // Already gone (deleted concurrently) is fine for a collection delete.
      if (!(err instanceof StatusError && err.code === 404)) throw err;
    }
  }
  const s = c.served.strategy;
  // Store.DeleteCollection answers with the list it worked from, as listed.
  const list = { kind: `${s.kind}List`, apiVersion: c.served.store.apiVersion, metadata: { resourceVersion: listed.resourceVersion }, items: listed.items };
  c.audit.response(list);
  sendNegotiated(c.res, 200, list, parseAccept(c.req.headers.accept));
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
    { dryRun, hooks: { ...admissionHooks(c, 'UPDATE', dryRun), trackFields: trackFields(c, 'scale') } },
  );
  sendObject(c, 200, toScale(c, result.object), result.warnings, scalePrinter);
}
