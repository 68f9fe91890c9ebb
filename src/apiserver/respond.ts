// Writing responses: JSON (or YAML) bodies, Status errors, and Warning headers.
import type { ServerResponse } from 'node:http';
import { stringify } from 'yaml';
import type { Status } from '../machinery/errors.js';

export function sendJson(res: ServerResponse, code: number, body: unknown, opts: { contentType?: string; yaml?: boolean; warnings?: string[] } = {}): void {
  if (opts.warnings?.length) setWarnings(res, opts.warnings);
  const text = opts.yaml ? stringify(body) : JSON.stringify(body);
  res.statusCode = code;
  res.setHeader('Content-Type', opts.yaml ? 'application/yaml' : (opts.contentType ?? 'application/json'));
  res.setHeader('Cache-Control', 'no-cache, private');
  res.end(text + (opts.yaml ? '' : '\n'));
}

export function sendStatus(res: ServerResponse, status: Status): void {
  const headers: Record<string, string> = {};
  if (status.details?.retryAfterSeconds) headers['Retry-After'] = String(status.details.retryAfterSeconds);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
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
