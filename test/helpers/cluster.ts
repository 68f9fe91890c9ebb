// Starts the real `kubette up` in a child process on a free port with a fresh data dir, and
// stops it (gracefully, or with SIGKILL for crash tests). Tests talk to it over real HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const kubetteBin = join(repoRoot, 'bin', 'kubette.js');

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

export interface Cluster {
  url: string;
  port: number;
  dataDir: string;
  kubeconfig: string;
  proc: ChildProcess;
  logs: () => string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
  /** Remove the data dir (after stop). */
  cleanup(): void;
}

export async function startCluster(opts: { dataDir?: string; port?: number; env?: Record<string, string>; args?: string[] } = {}): Promise<Cluster> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'kubette-test-'));
  const port = opts.port ?? (await freePort());
  const proc = spawn(process.execPath, [kubetteBin, 'up', '--data-dir', dataDir, '--port', String(port), ...(opts.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`kubette up exited early (${proc.exitCode}):\n${out}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.status === 200 && (await r.text()) === 'ok') break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`kubette up not ready after 15s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url,
    port,
    dataDir,
    kubeconfig: join(dataDir, 'kubeconfig'),
    proc,
    logs: () => out,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await exited;
    },
    cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** JSON request helper over real HTTP. */
export async function api(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers; text: string }> {
  const init: RequestInit = { method, headers: { Accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] ??= 'application/json';
  }
  const r = await fetch(base + path, init);
  const text = await r.text();
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: r.status, body: parsed, headers: r.headers, text };
}

/**
 * One `kubette up` for a whole test file: started before its tests, stopped and removed after.
 * Returns a getter, since the cluster exists only once `before` has run.
 */
export function useCluster(opts: { env?: Record<string, string>; args?: string[] } = {}): () => Cluster {
  let cluster: Cluster | undefined;
  before(async () => {
    cluster = await startCluster(opts);
  });
  after(async () => {
    if (!cluster) return;
    await cluster.stop();
    cluster.cleanup();
  });
  return () => {
    if (!cluster) throw new Error('the cluster is not started yet (use it inside a test or hook)');
    return cluster;
  };
}

/**
 * Flags for suites about API semantics and printing that need objects to stay as they wrote them:
 * no workload controllers or scheduler acting on Deployments, Jobs and pods behind their backs
 * (garbage collection and namespace deletion stay on).
 */
export const apiOnly = ['--controllers=garbagecollector,namespace', '--disable-scheduler'];
