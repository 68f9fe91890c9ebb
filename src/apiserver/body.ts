// Reading and decoding request bodies: size limit first, then the media type, then JSON or YAML.
import type { IncomingMessage } from 'node:http';
import { yaml } from '../machinery/yaml.js';
import { Errors } from '../machinery/errors.js';

/** kube-apiserver's limit for a request body (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

const limits = new WeakMap<IncomingMessage, number>();
const bodyErrors = new WeakMap<IncomingMessage, Error>();

/** The HTTP parser could not frame this request's body (a bad chunk, a bad Transfer-Encoding): reading it fails with 400. */
export function failBody(req: IncomingMessage, err: Error): void {
  bodyErrors.set(req, err);
  req.emit('bodyError', err);
}

const unreadable = (err: Error) => Errors.badRequest(`unable to read the request body: ${err.message}`);

/** The body limit for this request (the server's configured MaxRequestBodyBytes; 0 = none). */
export function setBodyLimit(req: IncomingMessage, bytes: number): void {
  limits.set(req, bytes);
}

/**
 * The whole body, or a 413 as soon as it is known to exceed the limit: from Content-Length before
 * reading anything, or mid-stream. Reading then stops (the request is paused, not drained or
 * destroyed), so the 413 can still be answered; the response closes the connection (respond.ts).
 */
export function readBody(req: IncomingMessage, limit = limits.get(req) ?? MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (limit > 0 && declared > limit) return Promise.reject(Errors.tooLarge(limit));
  const failed = bodyErrors.get(req);
  if (failed) return Promise.reject(unreadable(failed));
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Once an answer went out early (a deadline), the server lets go of the request: only the
    // socket closing tells this read that no more is coming.
    const socket = req.socket;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      req.off('bodyError', onError);
      socket?.off('close', onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (limit > 0 && size > limit) {
        cleanup();
        req.pause();
        reject(Errors.tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(unreadable(err));
    };
    const onAborted = () => onError(new Error('the client closed the connection before sending the whole body'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
    req.on('bodyError', onError);
    socket?.on('close', onAborted);
  });
}

export function mediaTypeOf(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
}

/** Decode a JSON or YAML body into a value; malformed input is a 400 with the parser's reason. */
export function decodeBody(body: Buffer, mediaType: string): unknown {
  const text = body.toString('utf8');
  if (mediaType === 'application/yaml' || mediaType === 'application/apply-patch+yaml') {
    // Repeated keys are not a parse error: the last wins, and field validation reports them.
    const docs = yaml().parseAllDocuments(text, { uniqueKeys: false });
    const list = Array.isArray(docs) ? docs : [docs];
    if (list.length === 0) throw Errors.badRequest('error converting YAML to JSON: empty body');
    const doc = list[0]!;
    if (doc.errors.length) throw Errors.badRequest(`error converting YAML to JSON: yaml: ${doc.errors[0]!.message}`);
    return yamlDocToJSON(doc);
  }
  if (text.trim() === '') throw Errors.badRequest('couldn\'t get version/kind; json parse error: unexpected end of JSON input');
  if (nestingDepth(text) > MAX_JSON_DEPTH) throw Errors.badRequest('couldn\'t get version/kind; json parse error: exceeded max depth');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw Errors.badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

/**
 * A parsed YAML document as JSON data, as sigs.k8s.io/yaml converts it: aliases the converter
 * refuses (unknown anchors, alias bombs) and keys that are collections are a 400, not a crash.
 */
export function yamlDocToJSON(doc: import('yaml').Document.Parsed, prefix = ''): unknown {
  const Y = yaml();
  let complexKey = '';
  Y.visit(doc, {
    Pair(_, pair) {
      if (Y.isCollection(pair.key)) complexKey = String(pair.key);
    },
  });
  if (complexKey) throw Errors.badRequest(`${prefix}error converting YAML to JSON: Unsupported map key of type: ${complexKey.startsWith('[') ? 'slice' : 'map'}`);
  try {
    return doc.toJSON();
  } catch (err) {
    throw Errors.badRequest(`${prefix}error converting YAML to JSON: yaml: ${(err as Error).message}`);
  }
}

/** Go's JSON decoder refuses nesting deeper than this (and so stack-bound walkers never meet it). */
const MAX_JSON_DEPTH = 10_000;

/** The deepest nesting of arrays and objects in a JSON text (strings skipped). */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}
