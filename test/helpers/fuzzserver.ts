// An in-process ApiServer on a real SQLite file, for the limits and fuzz tests: one function builds
// it from ApiServerOptions overrides (the lead runs the same server with authentication and TLS),
// and a small HTTP sender takes an agent and default headers.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiServer, type ApiServerOptions } from '../../src/apiserver/server.js';
import { silentLogger } from '../../src/machinery/log.js';
import type { Backend } from '../../src/storage/backend.js';
import { openSqliteBackend } from '../../src/storage/sqlite/backend.js';

export interface InProcessServer {
  server: ApiServer;
  backend: Backend;
  url: string;
  dir: string;
  stop(): Promise<void>;
}

export async function startInProcessServer(overrides: Partial<ApiServerOptions> = {}): Promise<InProcessServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kubette-limits-'));
  const backend = await openSqliteBackend(join(dir, 'state.db'), { durability: 'process', compactIntervalMs: 0 });
  const server = new ApiServer({ backend, log: silentLogger, ...overrides });
  const addr = await server.listen(0, '127.0.0.1');
  return {
    server,
    backend,
    url: `http://127.0.0.1:${addr.port}`,
    dir,
    async stop() {
      await server.close();
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined. */
  json: any;
}

export interface SendOptions {
  agent?: http.Agent;
  /** Headers every request carries (e.g. Authorization), under the request's own. */
  headers?: Record<string, string>;
  /** Give up (reject) after this long; the request is destroyed. */
  timeoutMs?: number;
}

/** One HTTP(S) request; the body is sent as given (a Buffer or string), never re-encoded. */
export function send(base: string, method: string, path: string, body?: Buffer | string, headers: Record<string, string> = {}, o: SendOptions = {}): Promise<Answer> {
  const url = new URL(base);
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      { host: url.hostname, port: url.port, method, path, agent: o.agent, headers: { ...o.headers, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    const timer = o.timeoutMs ? setTimeout(() => req.destroy(new Error(`no answer to ${method} ${path} within ${o.timeoutMs} ms`)), o.timeoutMs) : undefined;
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(body);
  });
}

/** Every key's modRevision and the current revision: equal snapshots mean nothing was written. */
export async function storeSnapshot(backend: Backend): Promise<{ revision: number; keys: Map<string, number> }> {
  const r = await backend.range('', '\0');
  return { revision: await backend.currentRevision(), keys: new Map(r.kvs.map((kv) => [kv.key, kv.modRevision])) };
}
