// Writing responses: JSON (or YAML) bodies, protobuf for protobuf-only clients, Status errors, and
// Warning headers.
import type { ServerResponse } from 'node:http';
import { yaml } from '../machinery/yaml.js';
import { Errors, type Status } from '../machinery/errors.js';
import { parseAccept, PROTOBUF, wantsProtobuf, wantsYaml, type MediaType } from './negotiation.js';
import { EncodeError, encodeProtobuf } from './protobuf/encode.js';
import { closeAfterAnswer } from './filters/linger.js';

export function sendJson(res: ServerResponse, code: number, body: unknown, opts: { contentType?: string; yaml?: boolean; warnings?: string[] } = {}): void {
  if (opts.warnings?.length) setWarnings(res, opts.warnings);
  const text = opts.yaml ? yaml().stringify(body) : JSON.stringify(body);
  res.statusCode = code;
  res.setHeader('Content-Type', opts.yaml ? 'application/yaml' : (opts.contentType ?? 'application/json'));
  res.setHeader('Cache-Control', 'no-cache, private');
  res.end(text + (opts.yaml ? '' : '\n'));
}

/**
 * An API object, list or Status in the representation Accept asks for: protobuf when the client
 * takes only protobuf (406 when this kind cannot be encoded, as for an unsupported serializer),
 * YAML when asked for first, else JSON.
 */
export function sendNegotiated(res: ServerResponse, code: number, body: Record<string, unknown>, accept: MediaType[], opts: { warnings?: string[] } = {}): void {
  if (wantsProtobuf(accept)) return sendProtobuf(res, code, body, opts.warnings);
  sendJson(res, code, body, { warnings: opts.warnings, yaml: wantsYaml(accept) });
}

function sendProtobuf(res: ServerResponse, code: number, body: Record<string, unknown>, warnings?: string[]): void {
  let bytes: Buffer;
  try {
    bytes = encodeProtobuf(body);
  } catch (err) {
    if (err instanceof EncodeError) throw Errors.notAcceptable(['application/json', 'application/yaml']);
    throw err;
  }
  if (warnings?.length) setWarnings(res, warnings);
  res.statusCode = code;
  res.setHeader('Content-Type', PROTOBUF);
  res.setHeader('Cache-Control', 'no-cache, private');
  res.end(bytes);
}

/** An error Status, in protobuf for protobuf-only clients (except the 406 saying so, which is JSON). */
export function sendStatus(res: ServerResponse, status: Status): void {
  const headers: Record<string, string> = {};
  if (status.details?.retryAfterSeconds) headers['Retry-After'] = String(status.details.retryAfterSeconds);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (res.req && !res.req.complete) closeAfterAnswer(res);
  const accept = parseAccept(res.req?.headers.accept);
  if (status.code !== 406 && wantsProtobuf(accept)) return sendProtobuf(res, status.code, status as unknown as Record<string, unknown>);
  sendJson(res, status.code, status);
}

/** `Warning: 299 - "text"` per warning, as kube-apiserver sends and kubectl prints. */
export function setWarnings(res: ServerResponse, warnings: string[]): void {
  const unique = [...new Set(warnings)];
  res.setHeader(
    'Warning',
    unique.map((w) => `299 - ${JSON.stringify(w.replace(/[\r\n]+/g, ' '))}`),
  );
}
