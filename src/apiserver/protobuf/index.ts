// Protobuf request bodies (application/vnd.kubernetes.protobuf): the `k8s\0` envelope around
// runtime.Unknown, whose raw bytes are the typed message of k8s.io/api's generated.proto. kubectl
// 1.32+ sends these from its typed clients (create deployment/job/cronjob/configmap/secret/...,
// create token, auth can-i, autoscale) and never retries in JSON, so they must decode.
import { definitionNameFor } from '../../api/openapi/definitions.js';
import { parseApiVersion } from '../../api/object.js';
import { Errors } from '../../machinery/errors.js';
import type { AnyStrategy } from '../../registry/strategy.js';
import { canDecode, decodeMessage, malformed, wire, type Cursor } from './decode.js';
import { MAGIC, TypeMeta, Unknown } from './fields/runtime.js';

export { decodeMessage } from './decode.js';

export interface Envelope {
  apiVersion: string;
  kind: string;
  /** Offsets of the typed message within the body. */
  rawStart: number;
  rawEnd: number;
  contentEncoding: string;
  contentType: string;
}

/** Reads the magic and the runtime.Unknown around the typed message. */
export function readEnvelope(body: Buffer): Envelope {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC))
    throw malformed('the body does not start with the protobuf magic number "k8s\\x00"');
  const c: Cursor = { buf: body, pos: MAGIC.length, notes: [] };
  const end = body.length;
  const env: Envelope = { apiVersion: '', kind: '', rawStart: 0, rawEnd: 0, contentEncoding: '', contentType: '' };
  while (c.pos < end) {
    const [no, wt] = wire.key(c, end);
    if (wt !== wire.LEN) {
      wire.skip(c, end, wt);
      continue;
    }
    if (no === Unknown.typeMeta) {
      const stop = wire.delimited(c, end);
      while (c.pos < stop) {
        const [tno, twt] = wire.key(c, stop);
        if (tno === TypeMeta.apiVersion && twt === wire.LEN) env.apiVersion = wire.utf8(c, stop);
        else if (tno === TypeMeta.kind && twt === wire.LEN) env.kind = wire.utf8(c, stop);
        else wire.skip(c, stop, twt);
      }
    } else if (no === Unknown.raw) {
      env.rawEnd = wire.delimited(c, end);
      env.rawStart = c.pos;
      c.pos = env.rawEnd;
    } else if (no === Unknown.contentEncoding) env.contentEncoding = wire.utf8(c, end);
    else if (no === Unknown.contentType) env.contentType = wire.utf8(c, end);
    else wire.skip(c, end, wt);
  }
  return env;
}

/**
 * The definition to decode with: the envelope's own kind when known (so subresource bodies such as
 * a TokenRequest posted under serviceaccounts decode as what they are), else the URL's kind. A
 * kind/apiVersion mismatch with the URL is left to the caller.
 */
function definitionToUse(env: Envelope, strategy: AnyStrategy): string | undefined {
  if (env.apiVersion && env.kind) {
    const gv = parseApiVersion(env.apiVersion);
    const name = definitionNameFor(gv.group, gv.version, env.kind);
    if (name && canDecode(name)) return name;
  }
  const name = definitionNameFor(strategy.group, strategy.version, strategy.kind);
  return name && canDecode(name) ? name : undefined;
}

/** Decode a protobuf body into the JSON shape of its kind, plus notes on any fields skipped. */
export function decodeProtobufDetailed(body: Buffer, strategy: AnyStrategy): { object: Record<string, unknown>; skipped: string[] } {
  const env = readEnvelope(body);
  if (env.contentEncoding) throw malformed(`unsupported contentEncoding "${env.contentEncoding}"`);
  const name = definitionToUse(env, strategy);
  if (!name) {
    const gvk = env.kind ? `${env.apiVersion} ${env.kind}` : `${strategy.kind}`;
    throw Errors.unsupportedMediaType('application/vnd.kubernetes.protobuf', [`application/json (no protobuf schema for ${gvk})`, 'application/yaml']);
  }
  const out: Record<string, unknown> = {};
  if (env.apiVersion) out.apiVersion = env.apiVersion;
  if (env.kind) out.kind = env.kind;
  return decodeMessage(body, env.rawStart, env.rawEnd, name, out);
}

/** Decode a protobuf body into the JSON shape of the strategy's kind. */
export function decodeProtobuf(body: Buffer, strategy: AnyStrategy): unknown {
  return decodeProtobufDetailed(body, strategy).object;
}
