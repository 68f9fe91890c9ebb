// `npm run bench`: Kubette measured side by side in one run, on this machine.
//  1. start-up: process start → /readyz "ok", over several runs; idle RSS after start-up;
//  2. the raw SQLite backend: create / get / paged list of the same Pod objects;
//  3. the HTTP API of a real `kubette up`: the same operations, same objects, same concurrency;
//  and the ratio API / raw for each, with p50/p99 latency and the server's RSS after the load;
//  4. PodSecurity admission on/off and the check report (bench/podsecurity.ts);
//  5. Deployments totalling 30,000 replicas on 1,000 simulated nodes (bench/workloads.ts);
//  6. `kubette kubectl get pods` beside kubectl 1.25.0, cold and warm cache (bench/cli.ts);
//  7. security on/off: plain HTTP vs HTTPS + client certificates vs HTTPS + x509 + Node,RBAC (bench/security.ts).
// BENCH_ONLY=core runs 1–3; BENCH_ONLY=security, podsecurity, workloads or cli runs that section alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { Agent as TlsAgent, request as tlsRequest } from 'node:https';
import { existsSync } from 'node:fs';
import type { ServerConnection, TlsOptions } from '../src/client/rest.js';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteBackend } from '../src/storage/sqlite/backend.js';
import { benchPodSecurity } from './podsecurity.js';
import { benchWorkloads } from './workloads.js';
import { benchCli } from './cli.js';
import { benchSecurity } from './security.js';
import { benchPod, benchStore, type Stats } from './store.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const N = Number(process.env.BENCH_N ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const PAGE = 500;
/** BENCH_ONLY picks one section: core (1–3), security, podsecurity, workloads or cli; unset runs them all. */
const ONLY = process.env.BENCH_ONLY ?? '';
if (!['', 'core', 'security', 'podsecurity', 'workloads', 'cli'].includes(ONLY)) throw new Error(`BENCH_ONLY=${ONLY}: use "core", "security", "podsecurity", "workloads" or "cli"`);

const progress = (msg: string) => process.stderr.write(`  … ${msg}\n`);

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

interface Started {
  proc: ChildProcess;
  url: string;
  /** The admin's credentials (the kubeconfig's client certificate), for RestClient. */
  connection: ServerConnection;
  readyMs: number;
  dataDir: string;
}

/** Spawn `kubette up` (with extraArgs) and time it until /readyz answers ok (polled every 2 ms). */
async function startServer(extraArgs: string[] = []): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubette-bench-'));
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const t0 = performance.now();
  // BENCH_NODE_ARGS: flags for the server's node process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, join(root, 'bin', 'kubette.js'), 'up', '--data-dir', dataDir, '--port', String(port), '--log-level', 'WARN', ...extraArgs], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pki = (f: string) => join(dataDir, 'pki', f);
  for (;;) {
    try {
      // Anonymous, as any readiness probe; the CA exists from the first moments of a first start.
      if (existsSync(pki('admin.key'))) {
        const tls = { ca: readFileSync(pki('ca.crt')), cert: readFileSync(pki('admin.crt')), key: readFileSync(pki('admin.key')) };
        credentials.set(new URL(url).origin, tls);
        const r = await httpClient(url, 1, { ca: tls.ca })('GET', '/readyz');
        if (r.status === 200 && r.text === 'ok') break;
      }
    } catch {
      /* not yet listening */
    }
    if (performance.now() - t0 > 20_000) throw new Error('kubette up did not become ready in 20 s');
    await new Promise((r) => setTimeout(r, 2));
  }
  return { proc, url, connection: { server: url, tls: credentials.get(new URL(url).origin) }, readyMs: performance.now() - t0, dataDir };
}

async function stopServer(s: Started): Promise<void> {
  const exited = new Promise((r) => s.proc.once('exit', r));
  s.proc.kill('SIGTERM');
  await exited;
  rmSync(s.dataDir, { recursive: true, force: true });
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function stats(latencies: number[], elapsedMs: number): Stats {
  const s = [...latencies].sort((a, b) => a - b);
  return { ops: s.length, opsPerSec: (s.length / elapsedMs) * 1000, p50Ms: percentile(s, 50), p99Ms: percentile(s, 99) };
}

async function phase(ops: number, concurrency: number, op: (i: number, w: number) => Promise<void>): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (next < ops) {
        const i = next++;
        const t = performance.now();
        await op(i, w);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return stats(latencies, performance.now() - t0);
}

/** The admin credentials of each started server, by origin: httpClient presents them. */
const credentials = new Map<string, TlsOptions>();

/**
 * A minimal keep-alive HTTP(S) client, so the benchmark measures the server rather than fetch. Over
 * HTTPS it is the admin (the server's kubeconfig credentials) unless `tls` says otherwise.
 */
function httpClient(base: string, sockets: number, tls?: TlsOptions) {
  const u = new URL(base);
  const secure = u.protocol === 'https:';
  const creds = tls ?? credentials.get(u.origin);
  const agent = secure ? new TlsAgent({ keepAlive: true, maxSockets: sockets, ca: creds?.ca, cert: creds?.cert, key: creds?.key }) : new Agent({ keepAlive: true, maxSockets: sockets });
  const send = secure ? tlsRequest : request;
  return (method: string, path: string, body?: string, contentType = 'application/json'): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = send(
        { host: u.hostname, port: u.port, method, path, agent, headers: body ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) } : {} },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}

function podBodies(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const p = benchPod(i) as { metadata: Record<string, unknown> };
    // Server-set fields are the server's to set; the raw store gets the full object as stored.
    delete p.metadata['uid'];
    delete p.metadata['creationTimestamp'];
    // The owner named there does not exist in the API server, so its garbage collector would
    // (rightly) delete every pod mid-benchmark; the raw store has no such reader.
    delete p.metadata['ownerReferences'];
    return JSON.stringify(p);
  });
}

async function createLoad(http: ReturnType<typeof httpClient>, bodies: string[], concurrency: number): Promise<Stats> {
  return phase(bodies.length, concurrency, async (i) => {
    const r = await http('POST', '/api/v1/namespaces/bench/pods', bodies[i]);
    if (r.status !== 201) throw new Error(`bench: create answered ${r.status}: ${r.text}`);
  });
}

/** The same create load against bench/echo-server.js: Node's HTTP + JSON cost alone. */
async function benchEcho(n: number, concurrency: number): Promise<Stats> {
  const port = await freePort();
  const proc = spawn(process.execPath, [join(root, 'dist', 'bench', 'echo-server.js'), String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((r) => proc.stdout!.once('data', r));
  const stats = await createLoad(httpClient(`http://127.0.0.1:${port}`, concurrency), podBodies(n), concurrency);
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
  return stats;
}

interface ApiStats {
  create: Stats;
  get: Stats;
  list: Stats;
  patch: Stats;
  /** Undefined when the server does not serve server-side apply. */
  apply?: Stats;
}

async function benchApi(base: string, n: number, concurrency: number): Promise<ApiStats> {
  const http = httpClient(base, concurrency);
  const ns = await http('POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } }));
  if (ns.status !== 201) throw new Error(`bench: namespace create answered ${ns.status}: ${ns.text}`);
  const create = await createLoad(http, podBodies(n), concurrency);
  const get = await phase(n, concurrency, async (i) => {
    const r = await http('GET', `/api/v1/namespaces/bench/pods/bench-${(i * 7919) % n}`);
    if (r.status !== 200) throw new Error(`bench: get answered ${r.status}`);
  });
  // One page of 500 per op, following continue tokens, as the raw benchmark pages the prefix.
  const cursors = new Map<number, string>();
  const pages = Math.max(1, Math.ceil(n / PAGE)) * 5 * concurrency;
  const list = await phase(pages, concurrency, async (_i, w) => {
    const cont = cursors.get(w);
    const r = await http('GET', `/api/v1/namespaces/bench/pods?limit=${PAGE}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
    if (r.status !== 200) throw new Error(`bench: list answered ${r.status}`);
    const next = (JSON.parse(r.text) as { metadata: { continue?: string } }).metadata.continue;
    if (next) cursors.set(w, next);
    else cursors.delete(w);
  });
  // A label change per pod, as `kubectl label` sends it (JSON merge patch).
  const patch = await phase(n, concurrency, async (i) => {
    const body = JSON.stringify({ metadata: { labels: { round: `p${i}` } } });
    const r = await http('PATCH', `/api/v1/namespaces/bench/pods/bench-${i}`, body, 'application/merge-patch+json');
    if (r.status !== 200) throw new Error(`bench: patch answered ${r.status}: ${r.text}`);
  });
  // Server-side apply of the full pod by one field manager, with one label changed each time.
  const probe = await http('PATCH', '/api/v1/namespaces/bench/pods/bench-0?fieldManager=bench', applyBody(0), 'application/apply-patch+yaml');
  let apply: Stats | undefined;
  if (probe.status === 200) {
    apply = await phase(n, concurrency, async (i) => {
      const r = await http('PATCH', `/api/v1/namespaces/bench/pods/bench-${i}?fieldManager=bench&force=true`, applyBody(i), 'application/apply-patch+yaml');
      if (r.status !== 200) throw new Error(`bench: apply answered ${r.status}: ${r.text}`);
    });
  }
  return { create, get, list, patch, apply };
}

function applyBody(i: number): string {
  const p = benchPod(i) as { metadata: Record<string, unknown>; status?: unknown };
  delete p.metadata['uid'];
  delete p.metadata['creationTimestamp'];
  delete p.metadata['ownerReferences'];
  delete p.status;
  (p.metadata['labels'] as Record<string, string>)['applied'] = `a${i}`;
  return JSON.stringify(p);
}

const fmt = (s: Stats) => `${s.opsPerSec.toFixed(0).padStart(8)} ops/s  p50 ${s.p50Ms.toFixed(2).padStart(6)} ms  p99 ${s.p99Ms.toFixed(2).padStart(7)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function core(): Promise<void> {
  process.stdout.write(`Kubette benchmark — node ${process.version}, ${cpus().length} cores, n=${N} pods, concurrency ${CONCURRENCY}\n\n`);

  progress(`start-up: ${STARTS} runs of kubette up`);
  const readies: number[] = [];
  const idle: number[] = [];
  for (let r = 0; r < STARTS; r++) {
    const s = await startServer();
    readies.push(s.readyMs);
    await new Promise((res) => setTimeout(res, 1000)); // let start-up garbage settle
    idle.push(rssMiB(s.proc.pid!));
    await stopServer(s);
  }
  process.stdout.write(`start-up  process start → /readyz ok: median ${median(readies).toFixed(0)} ms (min ${Math.min(...readies).toFixed(0)}, max ${Math.max(...readies).toFixed(0)}, ${STARTS} runs; fresh data dir)\n`);
  process.stdout.write(`idle RSS  after start-up: median ${median(idle).toFixed(1)} MiB\n\n`);

  progress('raw SQLite backend');
  const rawDir = mkdtempSync(join(tmpdir(), 'kubette-bench-raw-'));
  // The same durability `kubette up` runs with by default (synchronous=NORMAL: survives kill -9).
  const backend = await openSqliteBackend(join(rawDir, 'state.db'), { compactIntervalMs: 0, durability: 'process' });
  const raw = await benchStore(backend, { n: N, concurrency: CONCURRENCY });
  await backend.close();
  rmSync(rawDir, { recursive: true, force: true });

  progress('bare Node HTTP JSON echo (the ceiling for any Node HTTP API here)');
  const echo = await benchEcho(N, CONCURRENCY);

  progress('HTTP API of kubette up');
  const server = await startServer();
  const apiStats = await benchApi(server.url, N, CONCURRENCY);
  const loadedRss = rssMiB(server.proc.pid!);
  await stopServer(server);

  process.stdout.write(`${'operation'.padEnd(10)}${'raw SQLite backend'.padEnd(46)}HTTP API (kubette up)${' '.repeat(25)}API / raw\n`);
  for (const op of ['create', 'get', 'list'] as const) {
    const label = op === 'list' ? `list/${PAGE}` : op;
    const ratio = apiStats[op].opsPerSec / raw[op].opsPerSec;
    process.stdout.write(`${label.padEnd(10)}${fmt(raw[op])}    ${fmt(apiStats[op])}    ${ratio.toFixed(2)}\n`);
  }
  process.stdout.write(`\nwrites beside create (HTTP API, same run):\n`);
  process.stdout.write(`  create              ${fmt(apiStats.create)}\n`);
  process.stdout.write(`  patch (merge)       ${fmt(apiStats.patch)}    ${(apiStats.patch.opsPerSec / apiStats.create.opsPerSec).toFixed(2)} of create\n`);
  process.stdout.write(
    apiStats.apply
      ? `  server-side apply   ${fmt(apiStats.apply)}    ${(apiStats.apply.opsPerSec / apiStats.create.opsPerSec).toFixed(2)} of create\n`
      : `  server-side apply   not served by this build\n`,
  );
  process.stdout.write(
    `\ncontext   bare Node HTTP JSON echo, same creates: ${fmt(echo)}  = ${(echo.opsPerSec / raw.create.opsPerSec).toFixed(2)} of raw; ` +
      `kubette create = ${(apiStats.create.opsPerSec / echo.opsPerSec).toFixed(2)} of the echo\n`,
  );
  process.stdout.write(`\nserver RSS after ${N} pods and the load: ${loadedRss.toFixed(1)} MiB\n`);
}

async function main(): Promise<void> {
  const helpers = { root, progress, startServer, stopServer, rssMiB, httpClient, percentile, phase };
  if (ONLY === '' || ONLY === 'core') await core();
  if (ONLY === '' || ONLY === 'security') await benchSecurity({ root, progress, rssMiB, httpClient, phase, podBodies });
  if (ONLY === '' || ONLY === 'podsecurity') await benchPodSecurity(helpers);
  if (ONLY === '' || ONLY === 'workloads') await benchWorkloads(helpers);
  if (ONLY === '' || ONLY === 'cli') await benchCli(helpers);
}

await main();
