// Reading and decoding request bodies: size limit first, then the media type, then JSON or YAML.
import type { IncomingMessage } from 'node:http';
import { yaml } from '../machinery/yaml.js';
import { Errors } from '../machinery/errors.js';

/** kube-apiserver's limit for a request body (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume(); // drain without buffering
    throw Errors.tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw Errors.tooLarge(limit);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
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
    return doc.toJSON();
  }
  if (text.trim() === '') throw Errors.badRequest('couldn\'t get version/kind; json parse error: unexpected end of JSON input');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw Errors.badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}
