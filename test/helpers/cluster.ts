// Starts the real `kubette up` in a child process on a free port with a fresh data dir, and
// stops it (gracefully, or with SIGKILL for crash tests). Tests talk to it over real HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { Readable } from 'node:stream';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ServerConnection, TlsOptions } from '../../src/client/rest.js';

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
  /** The server and the admin's credentials (the kubeconfig's), for RestClient: `connect(cluster.connection)`. */
  connection: ServerConnection;
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
  const url = `https://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const deadline = Date.now() + 15_000;
  let tls: TlsOptions | undefined;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`kubette up exited early (${proc.exitCode}):\n${out}`);
    try {
      // The admin's credentials exist once the PKI is made; readiness is asked anonymously, as any probe would.
      tls ??= adminTls(dataDir);
      if (tls) {
        credentials.set(new URL(url).origin, tls);
        const r = await api(url, 'GET', '/readyz', undefined, {}, { anonymous: true });
        if (r.status === 200 && r.text === 'ok') break;
      }
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`kubette up not ready after 15s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  if (runsAggregation(opts.args ?? [])) await aggregated(url);
  return {
    url,
    connection: { server: url, tls },
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

/** Does the cluster run the ClusterRole aggregation controller (by default it does)? */
function runsAggregation(args: string[]): boolean {
  const flag = args.filter((a) => a.startsWith('--controllers=')).at(-1);
  if (!flag) return true;
  const list = flag.slice('--controllers='.length).split(',');
  return (list.includes('*') && !list.includes('-clusterrole-aggregation')) || list.includes('clusterrole-aggregation');
}

/**
 * Wait until the aggregation controller has filled admin, edit and view: a fresh cluster writes
 * them just after it is ready, and tests that compare store revisions must not see those writes.
 */
async function aggregated(url: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  const rules = async (name: string) => ((await api(url, 'GET', `/apis/rbac.authorization.k8s.io/v1/clusterroles/${name}`)).body?.rules ?? []).map((r: unknown) => JSON.stringify(r)) as string[];
  // view is aggregated into edit, and edit into admin: done when each holds the one before it.
  const within = (inner: string[], outer: string[]) => inner.length > 0 && outer.length > inner.length && inner.every((r) => outer.includes(r));
  for (;;) {
    const [view, edit, admin] = [await rules('view'), await rules('edit'), await rules('admin')];
    if (within(view, edit) && within(edit, admin)) return;
    if (Date.now() > deadline) throw new Error(`the ClusterRole aggregation did not finish (view ${view.length}, edit ${edit.length}, admin ${admin.length} rules)`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The admin credentials `kubette up` made in its data dir (pki/), once they exist. */
function adminTls(dataDir: string): TlsOptions | undefined {
  const f = (n: string) => join(dataDir, 'pki', n);
  if (!existsSync(f('admin.key'))) return undefined;
  return { ca: readFileSync(f('ca.crt'), 'utf8'), cert: readFileSync(f('admin.crt'), 'utf8'), key: readFileSync(f('admin.key'), 'utf8') };
}

/** Credentials per started cluster, by origin, so `api(cluster.url, …)` is the admin's request. */
const credentials = new Map<string, TlsOptions>();
const agents = new Map<string, https.Agent>();

export interface ApiOptions {
  /** Send no client certificate (an unauthenticated request). */
  anonymous?: boolean;
  /** Present this client certificate instead of the admin's. */
  tls?: TlsOptions;
}

/**
 * A request over real HTTP(S) as the cluster admin (the client certificate of the cluster's
 * kubeconfig), or anonymously, or with other credentials: whatever `headers` and `opts` say.
 */
export async function api(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  opts: ApiOptions = {},
): Promise<{ status: number; body: any; headers: Headers; text: string }> {
  const u = new URL(base + path);
  const h: Record<string, string | number> = { Accept: 'application/json', ...headers };
  let payload: Buffer | undefined;
  if (body !== undefined) {
    payload = Buffer.from(typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body));
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
    h['Content-Length'] = payload.length;
  }
  let agent: http.Agent | undefined;
  if (u.protocol === 'https:') {
    const known = credentials.get(u.origin);
    const tls = opts.tls ?? (opts.anonymous ? { ca: known?.ca } : known);
    const key = `${u.origin} ${opts.tls ? 'custom' : opts.anonymous ? 'anonymous' : 'admin'}`;
    agent = opts.tls ? new https.Agent({ ...tlsOf(tls) }) : agents.get(key);
    if (!agent) agents.set(key, (agent = new https.Agent({ keepAlive: true, ...tlsOf(tls) })));
  }
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = (u.protocol === 'https:' ? https : http).request(u, { method, headers: h, agent }, resolve);
    req.on('error', reject);
    req.end(payload);
  });
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const out = new Headers();
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) for (const x of Array.isArray(v) ? v : [v]) out.append(k, x);
  return { status: res.statusCode ?? 0, body: parsed, headers: out, text };
}

function tlsOf(t: TlsOptions | undefined): https.AgentOptions {
  return { ca: t?.ca, cert: t?.cert, key: t?.key, rejectUnauthorized: !t?.insecureSkipVerify };
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
 * (garbage collection, namespace deletion and the aggregation that fills RBAC's admin/edit/view stay on).
 */
export const apiOnly = ['--controllers=garbagecollector,namespace,clusterrole-aggregation', '--disable-scheduler'];

/**
 * `fetch` for a started cluster: the same Response, over HTTPS with the admin's client certificate
 * (Node's fetch cannot present one). Streams (watches) and AbortSignal work as with fetch.
 */
export async function kfetch(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array; signal?: AbortSignal } = {}, opts: ApiOptions = {}): Promise<Response> {
  const u = new URL(url);
  const known = credentials.get(u.origin);
  const tls = opts.tls ?? (opts.anonymous ? { ca: known?.ca } : known);
  const headers: Record<string, string | number> = { ...init.headers };
  const payload = init.body === undefined ? undefined : Buffer.from(init.body);
  if (payload) headers['Content-Length'] = payload.length;
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = (u.protocol === 'https:' ? https : http).request(u, { method: init.method ?? 'GET', headers, ...(u.protocol === 'https:' ? tlsOf(tls) : {}) }, resolve);
    req.on('error', reject);
    init.signal?.addEventListener('abort', () => req.destroy(new DOMException('This operation was aborted', 'AbortError')));
    req.end(payload);
  });
  init.signal?.addEventListener('abort', () => res.destroy());
  const h = new Headers();
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) for (const x of Array.isArray(v) ? v : [v]) h.append(k, x);
  const status = res.statusCode ?? 0;
  const nullBody = [101, 204, 205, 304].includes(status);
  if (nullBody) res.resume();
  return new Response(nullBody ? null : (Readable.toWeb(res) as ReadableStream), { status, headers: h });
}
