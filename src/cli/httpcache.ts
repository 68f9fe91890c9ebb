// kubectl's HTTP cache, for the large documents it fetches again and again (the OpenAPI spec):
// bodies kept under <cache-dir>/http/<sha256 of the request>, revalidated with If-None-Match so an
// unchanged spec costs one 304 instead of a megabyte.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { statusErrorFrom } from '../client/rest.js';
import type { Factory } from './factory.js';

interface Entry {
  etag: string;
  body: string;
}

export async function cachedGet(f: Factory, path: string, accept: string): Promise<string> {
  const dir = join(f.cacheDir(), 'http');
  const file = join(dir, createHash('sha256').update(`${f.config().server}${path}\n${accept}`).digest('hex'));
  let cached: Entry | undefined;
  try {
    cached = JSON.parse(readFileSync(file, 'utf8')) as Entry;
  } catch {
    /* not cached */
  }
  const res = await f.rest().requestText({ method: 'GET', path, accept, headers: cached ? { 'If-None-Match': cached.etag } : {} });
  if (res.code === 304 && cached) return cached.body;
  if (res.code < 200 || res.code > 299) throw statusErrorFrom(res.code, res.text);
  const etag = res.headers['etag'];
  if (typeof etag === 'string') {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o750 });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ etag, body: res.text }), { mode: 0o660 });
      renameSync(tmp, file);
    } catch {
      /* caching is an optimisation */
    }
  }
  return res.text;
}
