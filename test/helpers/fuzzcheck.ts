// Judging the fuzzer's answers: every one must be a Status (kind Status, status Failure, a 4xx code
// equal to the HTTP code), or one of the few answers upstream deliberately gives otherwise. Raw
// requests go over a fresh socket and may get several answers (one per request the bytes frame).
import net from 'node:net';
import type { FuzzCase } from './fuzz.js';

/** 500s kube-apiserver itself answers for these malformed inputs (plain errors, not API errors). */
const UPSTREAM_500 = [
  /^(Internal error occurred: )?requested \[.*\] without impersonating a user$/, // WithImpersonation
  /^unknown patch type: /, // strategicpatch.ErrBadPatchType, returned as is by patch.go
  /does not contain declared merge key: /, // strategicpatch.ErrNoMergeKey
  /^expected a .+, but received a /, // mergepatch.ErrBadArgType (a strategic patch of the wrong shape)
  /^value for key .+ is not a map$/, // a $setElementOrder list of non-maps
  /^failed to create typed patch object /, // server-side apply of a wrong-typed value (kubernetes#122480)
];

export interface Judged {
  code: number;
  /** Why the answer is wrong, or undefined when it is a proper failure. */
  finding?: string;
}

export function judge(status: number, contentType: string | undefined, text: string): Judged {
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    if (status === 429 && text === 'Too many requests, please try again later.\n') return { code: status }; // upstream's plain-text 429
    return { code: status, finding: `not JSON (${contentType}): ${text.slice(0, 120)}` };
  }
  if (body?.kind !== 'Status') return { code: status, finding: `${status} ${body?.kind ?? typeof body}: ${text.slice(0, 160)}` };
  if (body.status !== 'Failure' || body.code !== status) return { code: status, finding: `Status ${body.status} code ${body.code} on HTTP ${status}` };
  if (!String(contentType).startsWith('application/json')) return { code: status, finding: `Status with Content-Type ${contentType}` };
  if (status >= 400 && status < 500) return { code: status };
  if (status === 500 && UPSTREAM_500.some((re) => re.test(body.message ?? ''))) return { code: status };
  return { code: status, finding: `${status} ${body.reason ?? ''}: ${String(body.message).slice(0, 160)}` };
}

/** Splits a byte stream of HTTP/1.1 responses (Content-Length framed, as ours all are). */
export function splitResponses(data: Buffer): { status: number; contentType?: string; text: string }[] | string {
  const out: { status: number; contentType?: string; text: string }[] = [];
  let at = 0;
  while (at < data.length) {
    const end = data.indexOf('\r\n\r\n', at);
    if (end < 0) return `truncated response head: ${data.subarray(at, at + 80).toString()}`;
    const head = data.subarray(at, end).toString('latin1');
    const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1]);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1]);
    if (!status || Number.isNaN(length)) return `unframed response: ${head.slice(0, 120)}`;
    const contentType = /\r\ncontent-type: *([^\r]*)/i.exec(head)?.[1];
    out.push({ status, contentType, text: data.subarray(end + 4, end + 4 + length).toString('utf8') });
    at = end + 4 + length;
  }
  return out;
}

/** Writes the case's raw bytes to a new connection and collects everything until the server closes. */
export function sendRaw(base: string, c: FuzzCase, timeoutMs = 10_000): Promise<Buffer> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const s = net.connect(Number(url.port), url.hostname, () => s.write(c.raw!));
    const timer = setTimeout(() => s.destroy(), timeoutMs);
    s.on('data', (d) => chunks.push(d));
    s.on('error', () => {});
    s.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}
