// Security on and off, side by side in one run: the same requests (create, get, list, merge patch
// of pods) against the API server bare (plain HTTP, no authentication, everything allowed), with
// TLS and client certificates only, and secured as `kubette up` serves by default (HTTPS, x509,
// Node,RBAC, the user bound to a Role through a RoleBinding). Throughput ratios, p50/p99 and server RSS.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TlsOptions } from '../src/client/rest.js';
import type { Stats } from './store.js';

type Http = (method: string, path: string, body?: string, contentType?: string) => Promise<{ status: number; text: string }>;

export interface SecurityBenchHelpers {
  root: string;
  progress: (msg: string) => void;
  rssMiB: (pid: number) => number;
  httpClient: (base: string, sockets: number, tls?: TlsOptions) => Http;
  phase: (ops: number, concurrency: number, op: (i: number, w: number) => Promise<void>) => Promise<Stats>;
  podBodies: (n: number) => string[];
}

const N = Number(process.env.BENCH_N ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const MODES = [
  ['off', 'plain HTTP, no authn/authz'],
  ['tls', 'HTTPS + client certs'],
  ['on', 'HTTPS + x509 + Node,RBAC'],
] as const;

interface Result {
  create: Stats;
  get: Stats;
  list: Stats;
  patch: Stats;
  rss: number;
}

async function runMode(h: SecurityBenchHelpers, mode: string): Promise<Result> {
  const proc = spawn(process.execPath, [join(h.root, 'dist', 'bench', 'apiserver.js'), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    return await load(h, mode, proc);
  } finally {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  }
}

async function load(h: SecurityBenchHelpers, mode: string, proc: ChildProcess): Promise<Result> {
  const line = await new Promise<string>((resolve) => createInterface({ input: proc.stdout! }).once('line', resolve));
  const info = JSON.parse(line) as { url: string; ca?: string; admin?: { cert: string; key: string }; user?: { cert: string; key: string } };
  const admin = h.httpClient(info.url, 2, info.admin ? { ca: info.ca, ...info.admin } : undefined);
  const must = async (p: Promise<{ status: number; text: string }>, want: number) => {
    const r = await p;
    if (r.status !== want) throw new Error(`bench security (${mode}): answered ${r.status}: ${r.text}`);
  };
  await must(admin('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'bench' } })), 201);
  // A Role of its own (no controller runs here to aggregate edit's rules), bound in the namespace.
  await must(
    admin('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/bench/roles', JSON.stringify({
      metadata: { name: 'pod-writer' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list', 'watch', 'patch', 'update', 'delete'] }],
    })),
    201,
  );
  await must(
    admin('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/bench/rolebindings', JSON.stringify({
      metadata: { name: 'bench-pod-writer' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-writer' },
      subjects: [{ kind: 'User', name: 'bench-user' }],
    })),
    201,
  );
  const http = h.httpClient(info.url, CONCURRENCY, info.user ? { ca: info.ca, ...info.user } : undefined);
  // The RBAC cache sees the binding through a watch: wait for it, as any client of a new binding would.
  for (let i = 0; (await http('GET', '/api/v1/namespaces/bench/pods')).status !== 200; i++) {
    if (i > 500) throw new Error(`bench security (${mode}): the user never got access`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const bodies = h.podBodies(N);
  const ok = (want: number) => (r: { status: number; text: string }) => {
    if (r.status !== want) throw new Error(`bench security (${mode}): answered ${r.status}: ${r.text}`);
  };
  const create = await h.phase(N, CONCURRENCY, async (i) => ok(201)(await http('POST', '/api/v1/namespaces/bench/pods', bodies[i])));
  const get = await h.phase(N, CONCURRENCY, async (i) => ok(200)(await http('GET', `/api/v1/namespaces/bench/pods/bench-${(i * 7919) % N}`)));
  const list = await h.phase(Math.max(50, CONCURRENCY * 4), CONCURRENCY, async () => ok(200)(await http('GET', '/api/v1/namespaces/bench/pods?limit=500')));
  const patch = await h.phase(N, CONCURRENCY, async (i) =>
    ok(200)(await http('PATCH', `/api/v1/namespaces/bench/pods/bench-${i}`, JSON.stringify({ metadata: { labels: { round: `p${i}` } } }), 'application/merge-patch+json')),
  );
  return { create, get, list, patch, rss: h.rssMiB(proc.pid!) };
}

const fmt = (s: Stats) => `${s.opsPerSec.toFixed(0).padStart(7)} ops/s p50 ${s.p50Ms.toFixed(2).padStart(5)} p99 ${s.p99Ms.toFixed(2).padStart(6)} ms`;

export async function benchSecurity(h: SecurityBenchHelpers): Promise<void> {
  const results: Record<string, Result> = {};
  for (const [mode, what] of MODES) {
    h.progress(`security ${mode}: ${what}`);
    results[mode] = await runMode(h, mode);
  }
  const out = (l = '') => process.stdout.write(`${l}\n`);
  out(`\nSecurity on/off — n=${N} pods, concurrency ${CONCURRENCY}, same server code, one run (ratios: secured / bare)`);
  out(`${'op'.padEnd(8)}${MODES.map(([, w]) => w.padEnd(42)).join('')}tls/off  on/off`);
  for (const op of ['create', 'get', 'list', 'patch'] as const) {
    const r = (m: string) => results[m]![op];
    out(`${(op === 'list' ? 'list/500' : op).padEnd(8)}${MODES.map(([m]) => fmt(r(m)).padEnd(42)).join('')}${(r('tls').opsPerSec / r('off').opsPerSec).toFixed(2).padStart(7)}  ${(r('on').opsPerSec / r('off').opsPerSec).toFixed(2).padStart(6)}`);
  }
  out(`server RSS after the load: ${MODES.map(([m]) => `${m} ${results[m]!.rss.toFixed(0)} MiB`).join(', ')}`);
}
