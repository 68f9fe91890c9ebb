// /logs/ (kube-apiserver's --enable-logs-handler): the server's log directory served as Go's
// http.ServeFile serves it — an HTML listing for the directory, files as they are (text/plain for
// logs), Last-Modified and single byte ranges. Nothing outside the directory is reachable: a path
// with `..`, or a symlink resolving elsewhere, is not found. Authorization happened before: this is
// a non-resource GET on the path, which RBAC grants only to those allowed `/logs/*`.
import { createReadStream } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';

const PREFIX = '/logs';

export async function serveLogs(req: IncomingMessage, res: ServerResponse, urlPath: string, dir: string): Promise<void> {
  const rest = urlPath.slice(PREFIX.length);
  let segments: string[];
  try {
    segments = rest.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return notFound(res);
  }
  if (segments.some((s) => s === '..' || s.includes('/') || s.includes('\\') || s.includes('\0'))) return notFound(res);
  let root: string;
  let target: string;
  try {
    root = await realpath(dir);
    target = await realpath(join(root, ...segments));
  } catch {
    return notFound(res);
  }
  if (target !== root && !target.startsWith(root + sep)) return notFound(res);
  const info = await stat(target).catch(() => undefined);
  if (!info) return notFound(res);
  if (info.isDirectory()) {
    // ServeFile sends a directory asked for without its trailing slash to the slashed URL.
    if (!urlPath.endsWith('/')) return redirect(res, `${urlPath.slice(urlPath.lastIndexOf('/') + 1)}/`);
    if (notModified(req, res, info.mtime)) return;
    return listDirectory(req, res, target);
  }
  if (!info.isFile()) return notFound(res);
  if (notModified(req, res, info.mtime)) return;
  return serveFile(req, res, target, info.size);
}

function notFound(res: ServerResponse): void {
  plain(res, 404, '404 page not found');
}

function plain(res: ServerResponse, code: number, text: string): void {
  res.statusCode = code;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(text + '\n');
}

function redirect(res: ServerResponse, location: string): void {
  res.statusCode = 301;
  res.setHeader('Location', location);
  res.end();
}

/** Last-Modified, and a 304 when If-Modified-Since is not older (HTTP dates have whole seconds). */
function notModified(req: IncomingMessage, res: ServerResponse, mtime: Date): boolean {
  const seconds = Math.floor(mtime.getTime() / 1000) * 1000;
  res.setHeader('Last-Modified', new Date(seconds).toUTCString());
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (Number.isNaN(since) || seconds > since) return false;
  res.removeHeader('Content-Type');
  res.statusCode = 304;
  res.end();
  return true;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

async function listDirectory(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let body = '<pre>\n';
  for (const e of entries) {
    const name = e.isDirectory() ? `${e.name}/` : e.name;
    const href = name.split('/').map(encodeURIComponent).join('/');
    body += `<a href="${href}">${name.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)}</a>\n`;
  }
  body += '</pre>\n';
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** mime.TypeByExtension's built-in types that a log directory may hold; the rest are sniffed. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'text/xml; charset=utf-8',
  '.gz': 'application/gzip',
};

/** http.DetectContentType, reduced to what logs are: text unless there are binary bytes. */
async function sniff(path: string, size: number): Promise<string> {
  if (size === 0) return 'text/plain; charset=utf-8';
  const fh = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(512), 0, 512, 0);
    const head = buffer.subarray(0, bytesRead);
    const binary = head.some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b);
    return binary ? 'application/octet-stream' : 'text/plain; charset=utf-8';
  } finally {
    await fh.close();
  }
}

async function serveFile(req: IncomingMessage, res: ServerResponse, path: string, size: number): Promise<void> {
  res.setHeader('Content-Type', TYPES[extname(path).toLowerCase()] ?? (await sniff(path, size)));
  res.setHeader('Accept-Ranges', 'bytes');
  let start = 0;
  let end = size - 1;
  const range = req.headers.range;
  if (range) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    // Only a single range is honoured; Go answers several with multipart/byteranges.
    if (m && (m[1] || m[2])) {
      if (m[1]) {
        start = Number(m[1]);
        if (m[2]) end = Math.min(Number(m[2]), size - 1);
      } else start = Math.max(0, size - Number(m[2]));
      if (start >= size || start > end) {
        res.setHeader('Content-Range', `bytes */${size}`);
        return plain(res, 416, 'invalid range: failed to overlap');
      }
      res.statusCode = 206;
      res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
    }
  }
  res.setHeader('Content-Length', String(Math.max(0, end - start + 1)));
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(path, { start, end });
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    stream.on('end', resolve);
    stream.pipe(res);
  });
}
