// Request bodies and replies of subresources whose kind is not the parent's (Binding, Eviction,
// TokenRequest) and of create-only kinds: decode JSON, YAML or protobuf as that kind, drop unknown
// fields per fieldValidation, and answer with a Status or an object.
import type { ServerResponse } from 'node:http';
import { isObject, parseApiVersion, type KObject } from '../../api/object.js';
import { Errors, StatusError, type Status } from '../../machinery/errors.js';
import type { AnyStrategy } from '../../registry/strategy.js';
import { decodeBody, mediaTypeOf, readBody } from '../body.js';
import { checkFields } from '../fieldcheck.js';
import type { HandlerContext } from '../handlers.js';
import { sendJson } from '../respond.js';

export interface Kind {
  group: string;
  version: string;
  kind: string;
  /** Other versions of the same group whose bodies are accepted too (Eviction: policy/v1beta1). */
  alsoVersions?: string[];
}

const MEDIA = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

/** Decode the body as `kind`; the URL decides the kind when the body is silent, as upstream's decoder does. */
export async function decodeAs(c: HandlerContext, kind: Kind): Promise<{ obj: KObject; warnings: string[] }> {
  const media = mediaTypeOf(c.req);
  if (!MEDIA.includes(media)) throw Errors.unsupportedMediaType(media, ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']);
  const raw = await readBody(c.req);
  // The decoders and field checks only read group, version and kind.
  const shape = { group: kind.group, version: kind.version, kind: kind.kind, resource: '', singular: '', namespaced: true } as AnyStrategy;
  const value = media === 'application/vnd.kubernetes.protobuf' ? (await import('../protobuf/index.js')).decodeProtobuf(raw, shape) : decodeBody(raw, media);
  if (!isObject(value)) throw Errors.badRequest(`Object '${kind.kind}' is not a valid object: the body must be a JSON object`);
  const obj = value as KObject;
  if (obj.apiVersion !== undefined) {
    const gv = parseApiVersion(String(obj.apiVersion));
    if (gv.group !== kind.group || (gv.version !== kind.version && !kind.alsoVersions?.includes(gv.version)))
      throw Errors.badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${kind.group ? `${kind.group}/` : ''}${kind.version})`);
  }
  if (obj.kind !== undefined && obj.kind !== kind.kind)
    throw Errors.badRequest(`${String(obj.kind)} in version "${kind.version}" cannot be handled as a ${kind.kind}: the kind in the data (${String(obj.kind)}) does not match the expected kind (${kind.kind})`);
  if (obj.metadata !== undefined && !isObject(obj.metadata)) throw Errors.badRequest(`${kind.kind} in version "${kind.version}" cannot be handled as a ${kind.kind}: metadata must be an object`);
  obj.metadata ??= {};
  const fv = c.query.get('fieldValidation') || 'Warn';
  if (fv !== 'Strict' && fv !== 'Warn' && fv !== 'Ignore') throw Errors.badRequest(`fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Warn", "Strict"`);
  const warnings = checkFields({ strategy: shape, store: undefined as never, custom: false }, obj, fv);
  obj.apiVersion = kind.group ? `${kind.group}/${kind.version}` : kind.version;
  obj.kind = kind.kind;
  return { obj, warnings };
}

/** dryRun=All from the query (and a body's DeleteOptions.dryRun), rejecting anything else as upstream does. */
export function dryRunOf(query: URLSearchParams, fromBody?: unknown): boolean {
  const values = [...query.getAll('dryRun'), ...(Array.isArray(fromBody) ? (fromBody as string[]) : [])];
  for (const v of values) if (v !== 'All') throw Errors.badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  return values.length > 0;
}

/** The name in the body must be the URL's (upstream's named creaters: binding, eviction). */
export function requireNameMatch(c: HandlerContext, obj: KObject, kind: string): void {
  if (obj.metadata.name !== c.info.name) throw Errors.badRequest(`name in URL does not match name in ${kind} object`);
  const ns = obj.metadata.namespace;
  if (ns && ns !== c.info.namespace) throw Errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  obj.metadata.namespace = c.info.namespace;
}

/**
 * A create that answers with a metav1.Status: the create handler fills in code 201 when the Status
 * has none, and the HTTP code is 201 whatever the body says.
 */
export function sendCreatedStatus(res: ServerResponse, status: Partial<Status> = {}, warnings: string[] = []): void {
  sendJson(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', ...status, code: status.code ?? 201 }, { warnings });
}

export function sendCreated(c: HandlerContext, obj: KObject, warnings: string[] = []): void {
  sendJson(c.res, 201, obj, { warnings });
}

/** An error that is not a Status upstream (a plain Go error from REST storage): 500, reason Unknown. */
export function unknownError(message: string, code = 500): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Unknown', code });
}
