// The PodSecurity section of `npm run bench`, measured side by side in one run:
//  1. pod create latency through a real `kubette up` with the PodSecurity plugin on and off: two
//     servers, single requests alternating between them (on, off, off, on, …) so machine noise
//     falls on both alike; p50/p99/mean, the ratio on/off, the paired difference, RSS; and a
//     throughput variant at concurrency 16 in alternating blocks;
//  2. the check report on 10,000 varied pods: the evaluator in-process, and the
//     `kubette podsecurity check` CLI on a file and against a server, when that CLI is built.
// Knobs: BENCH_PSA_N, BENCH_PSA_WARMUP, BENCH_PSA_TPUT_N, BENCH_PSA_CONCURRENCY, BENCH_PSA_BLOCK,
// BENCH_PSA_SETTLE, BENCH_PSA_REPORT_N, BENCH_PSA_PASSES, BENCH_PSA_CLI_RUNS.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Container, PodSpec, Volume } from 'kubernetes-types/core/v1.js';
import { stringify } from 'yaml';
import { defaultEvaluator } from '../src/admission/podsecurity/evaluator.js';
import { benchPod } from './store.js';

const num = (name: string, dflt: number): number => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name}=${process.env[name]}: want a positive integer`);
  return v;
};
const N = num('BENCH_PSA_N', 2000);
const WARMUP = num('BENCH_PSA_WARMUP', 200);
const TPUT_N = num('BENCH_PSA_TPUT_N', 2000);
const CONCURRENCY = num('BENCH_PSA_CONCURRENCY', 16);
const BLOCK = num('BENCH_PSA_BLOCK', 250);
/** Creates per server, at concurrency 16, between the fresh-server and the warmed-server runs. */
const SETTLE = num('BENCH_PSA_SETTLE', 6000);
const REPORT_N = num('BENCH_PSA_REPORT_N', 10_000);
const PASSES = num('BENCH_PSA_PASSES', 5);
const CLI_RUNS = num('BENCH_PSA_CLI_RUNS', 3);

type Http = (method: string, path: string, body?: string, contentType?: string) => Promise<{ status: number; text: string }>;
interface Server {
  proc: ChildProcess;
  url: string;
  dataDir: string;
}
/** What run.ts lends this section, so both share one server launcher and one HTTP client. */
export interface BenchHelpers<S extends Server> {
  root: string;
  progress: (msg: string) => void;
  startServer: (extraArgs?: string[]) => Promise<S>;
  stopServer: (s: S) => Promise<void>;
  rssMiB: (pid: number) => number;
  httpClient: (base: string, sockets: number) => Http;
  percentile: (sorted: number[], p: number) => number;
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const ms = (v: number) => `${v.toFixed(2).padStart(7)} ms`;
const us = (v: number) => `${v.toFixed(1)} µs`;
const r2 = (v: number) => v.toFixed(2);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

// ---------------------------------------------------------------------------------------------
// Pods

const RESTRICTED_CONTAINER_CONTEXT = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
const RESOURCES = { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '50m', memory: '32Mi' } };

/** bench/store.ts's pod (the core benchmark's), made restricted-compliant, without the server-set fields. */
function compliantPod(name: string, namespace: string): object {
  const p = benchPod(0) as { metadata: Record<string, unknown>; spec: PodSpec & Record<string, unknown>; status?: unknown };
  p.metadata = { name, namespace, labels: { app: 'psa-bench', 'pod-template-hash': '7d4b9c8f6d', shard: name.slice(-1) } };
  delete p.status;
  delete p.spec['nodeName'];
  p.spec.securityContext = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
  for (const c of p.spec.containers) c.securityContext = RESTRICTED_CONTAINER_CONTEXT;
  return p;
}

/** A violating pod: no security context at all (fails four restricted checks). */
function violatingPod(name: string, namespace: string): object {
  const p = compliantPod(name, namespace) as { spec: PodSpec };
  delete p.spec.securityContext;
  for (const c of p.spec.containers) delete c.securityContext;
  return p;
}

const okContainer = (name: string, extra: Partial<Container> = {}): Container => ({
  name,
  image: 'registry.k8s.io/pause:3.8',
  resources: RESOURCES,
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, ...RESTRICTED_CONTAINER_CONTEXT },
  ...extra,
});
const plainContainer = (name: string, extra: Partial<Container> = {}): Container => ({ name, image: 'registry.k8s.io/pause:3.8', resources: RESOURCES, ...extra });
const POD_CONTEXT = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' as const } };

/**
 * The i-th pod of the report: ten shapes in turn, four compliant at restricted and six violating,
 * from one container to three containers plus two init containers.
 */
export function reportPod(i: number, namespace: string): { apiVersion: string; kind: string; metadata: { name: string; namespace: string; labels: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpec } {
  const metadata: { name: string; namespace: string; labels: Record<string, string>; annotations?: Record<string, string> } = {
    name: `report-${i}`,
    namespace,
    labels: { app: `app-${i % 37}`, shape: String(i % 10) },
  };
  let spec: PodSpec;
  switch (i % 10) {
    case 0: // compliant, one container, pod-level context
      spec = { securityContext: POD_CONTEXT, containers: [plainContainer('app', { securityContext: RESTRICTED_CONTAINER_CONTEXT })] };
      break;
    case 1: // compliant, three containers and two init containers, container-level contexts
      spec = {
        initContainers: [okContainer('init-a'), okContainer('init-b')],
        containers: [okContainer('app'), okContainer('sidecar'), okContainer('metrics', { ports: [{ containerPort: 9090 }] })],
      };
      break;
    case 2: // compliant, explicit non-root uid, Localhost seccomp, allowed volume types
      spec = {
        serviceAccountName: 'default',
        securityContext: { runAsUser: 1000, runAsNonRoot: true, fsGroup: 2000, seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/app.json' } },
        containers: [plainContainer('app', { securityContext: RESTRICTED_CONTAINER_CONTEXT, volumeMounts: [{ name: 'cfg', mountPath: '/etc/app' }] })],
        volumes: [
          { name: 'cfg', configMap: { name: 'app-config' } },
          { name: 'scratch', emptyDir: {} },
          { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } },
        ],
      };
      break;
    case 3: // compliant, two containers and one init container, NET_BIND_SERVICE added back
      spec = {
        securityContext: POD_CONTEXT,
        initContainers: [plainContainer('migrate', { securityContext: RESTRICTED_CONTAINER_CONTEXT })],
        containers: [
          plainContainer('web', { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } }),
          plainContainer('log', { securityContext: RESTRICTED_CONTAINER_CONTEXT }),
        ],
      };
      break;
    case 4: // a default pod: no security context anywhere
      spec = { containers: [plainContainer('app', { ports: [{ containerPort: 8080 }] })] };
      break;
    case 5: // privileged with host namespaces
      spec = { hostNetwork: true, hostPID: true, hostIPC: true, containers: [plainContainer('agent', { securityContext: { privileged: true } })] };
      break;
    case 6: // hostPath, hostPort, added capabilities
      spec = {
        securityContext: POD_CONTEXT,
        containers: [
          plainContainer('app', {
            ports: [{ containerPort: 8080, hostPort: 8080 }],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'SYS_TIME'] } },
            volumeMounts: [{ name: 'host', mountPath: '/host' }],
          }),
        ],
        volumes: [{ name: 'host', hostPath: { path: '/var/log' } }],
      };
      break;
    case 7: // three containers and two init containers, one init container and one container off
      spec = {
        securityContext: POD_CONTEXT,
        initContainers: [
          plainContainer('init-ok', { securityContext: RESTRICTED_CONTAINER_CONTEXT }),
          plainContainer('init-bad', { securityContext: { allowPrivilegeEscalation: true, capabilities: { drop: ['ALL'] } } }),
        ],
        containers: [
          plainContainer('app', { securityContext: RESTRICTED_CONTAINER_CONTEXT }),
          plainContainer('root', { securityContext: { ...RESTRICTED_CONTAINER_CONTEXT, runAsUser: 0 } }),
          plainContainer('sidecar', { securityContext: RESTRICTED_CONTAINER_CONTEXT }),
        ],
      };
      break;
    case 8: // seccomp Unconfined, AppArmor unconfined, SELinux type, unsafe sysctl
      metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };
      spec = {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' }, seLinuxOptions: { type: 'spc_t' }, sysctls: [{ name: 'kernel.msgmax', value: '65536' }] },
        containers: [plainContainer('app', { securityContext: RESTRICTED_CONTAINER_CONTEXT })],
      };
      break;
    default: {
      // root at pod level, a restricted volume type
      const nfs: Volume = { name: 'data', nfs: { server: 'nfs.example', path: '/exports' } };
      spec = {
        securityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [plainContainer('app', { securityContext: RESTRICTED_CONTAINER_CONTEXT }), plainContainer('helper', { securityContext: RESTRICTED_CONTAINER_CONTEXT })],
        volumes: [nfs],
      };
    }
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

// ---------------------------------------------------------------------------------------------
// 1. Pod create with the plugin on and off

interface Side {
  name: string;
  server: Server;
  http: Http;
}

async function createPod(side: Side, body: string): Promise<number> {
  const t = performance.now();
  const r = await side.http('POST', '/api/v1/namespaces/psa/pods', body);
  const dt = performance.now() - t;
  if (r.status !== 201) throw new Error(`bench: pod create (${side.name}) answered ${r.status}: ${r.text}`);
  return dt;
}

/** `count` creates at `concurrency` against one side; latencies and elapsed time. */
async function block(side: Side, names: string[], concurrency: number): Promise<{ latencies: number[]; elapsedMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < names.length) {
        const name = names[next++]!;
        latencies.push(await createPod(side, JSON.stringify(compliantPod(name, 'psa'))));
      }
    }),
  );
  return { latencies, elapsedMs: performance.now() - t0 };
}

interface LatencySummary {
  p50: number;
  p99: number;
  mean: number;
}

export async function benchPodSecurity<S extends Server>(h: BenchHelpers<S>): Promise<void> {
  const summarize = (xs: number[]): LatencySummary => {
    const s = [...xs].sort((a, b) => a - b);
    return { p50: h.percentile(s, 50), p99: h.percentile(s, 99), mean: mean(s) };
  };
  out(`\nPodSecurity admission — node ${process.version}, ${cpus().length} cores`);

  h.progress('PodSecurity: starting kubette up with the plugin on and with --disable-admission-plugins PodSecurity');
  const onServer = await h.startServer();
  const offServer = await h.startServer(['--disable-admission-plugins', 'PodSecurity']);
  let onRunning = true;
  try {
    const on: Side = { name: 'plugin on', server: onServer, http: h.httpClient(onServer.url, CONCURRENCY) };
    const off: Side = { name: 'plugin off', server: offServer, http: h.httpClient(offServer.url, CONCURRENCY) };
    const labels = { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' };
    for (const side of [on, off]) {
      const r = await side.http('POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'psa', labels } }));
      if (r.status !== 201) throw new Error(`bench: namespace create (${side.name}) answered ${r.status}: ${r.text}`);
    }
    // The setup is what it claims: the plugin on rejects a violating pod, the plugin off admits it.
    const probe = JSON.stringify(violatingPod('psa-probe', 'psa'));
    const probeOn = (await on.http('POST', '/api/v1/namespaces/psa/pods', probe)).status;
    const probeOff = (await off.http('POST', '/api/v1/namespaces/psa/pods', probe)).status;
    if (probeOn !== 403 || probeOff !== 201) throw new Error(`bench: violating pod answered ${probeOn} (plugin on, want 403) and ${probeOff} (plugin off, want 201)`);

    // Concurrency 1, one request at a time alternating servers; the order within each pair
    // alternates too (on,off then off,on), so neither always follows the other.
    const interleave = async (prefix: string, n: number) => {
      const lat = { on: [] as number[], off: [] as number[] };
      for (let i = 0; i < n; i++) {
        const body = (name: string) => JSON.stringify(compliantPod(name, 'psa'));
        const order = i % 2 === 0 ? [on, off] : [off, on];
        for (const side of order) (side === on ? lat.on : lat.off).push(await createPod(side, body(`${prefix}-${i}`)));
      }
      return lat;
    };
    h.progress(`PodSecurity: warm-up, ${WARMUP} creates each, interleaved`);
    await interleave('psa-w', WARMUP);
    h.progress(`PodSecurity: ${N} creates each, concurrency 1, interleaved on/off`);
    const fresh = await interleave('psa', N);

    h.progress(`PodSecurity: ${TPUT_N} creates each, concurrency ${CONCURRENCY}, alternating blocks of ${BLOCK}`);
    const tput = { on: { lat: [] as number[], ms: 0 }, off: { lat: [] as number[], ms: 0 } };
    const blockRatios: number[] = [];
    const blocks = Math.ceil(TPUT_N / BLOCK);
    for (let b = 0; b < blocks; b++) {
      const names = Array.from({ length: Math.min(BLOCK, TPUT_N - b * BLOCK) }, (_, j) => `psa-t-${b * BLOCK + j}`);
      const opsPerSec = { on: 0, off: 0 };
      for (const side of b % 2 === 0 ? [on, off] : [off, on]) {
        const r = await block(side, names, CONCURRENCY);
        const key = side === on ? 'on' : 'off';
        tput[key].lat.push(...r.latencies);
        tput[key].ms += r.elapsedMs;
        opsPerSec[key] = names.length / r.elapsedMs;
      }
      blockRatios.push(opsPerSec.on / opsPerSec.off);
    }
    const opsOn = (tput.on.lat.length / tput.on.ms) * 1000;
    const opsOff = (tput.off.lat.length / tput.off.ms) * 1000;
    const tOn = summarize(tput.on.lat);
    const tOff = summarize(tput.off.lat);
    // The checks run interpreted until V8 has seen them often; measured again once both servers
    // have admitted SETTLE more pods, the figures are a long-running cluster's.
    h.progress(`PodSecurity: ${SETTLE} more creates each at concurrency ${CONCURRENCY}, then ${N} each at concurrency 1 again`);
    for (const side of [on, off]) await block(side, Array.from({ length: SETTLE }, (_, j) => `psa-s-${j}`), CONCURRENCY);
    const warmed = await interleave('psa-2', N);
    await new Promise((r) => setTimeout(r, 500));
    const rssOn = h.rssMiB(onServer.proc.pid!);
    const rssOff = h.rssMiB(offServer.proc.pid!);

    const fmtLat = (s: LatencySummary) => `p50 ${ms(s.p50)}  p99 ${ms(s.p99)}  mean ${ms(s.mean)}`;
    const latencyRun = (title: string, lat: { on: number[]; off: number[] }) => {
      const sOn = summarize(lat.on);
      const sOff = summarize(lat.off);
      const paired = median(lat.on.map((v, i) => v - lat.off[i]!));
      out(title);
      out(`  plugin on     ${fmtLat(sOn)}`);
      out(`  plugin off    ${fmtLat(sOff)}`);
      out(`  on / off      p50 ${r2(sOn.p50 / sOff.p50)}  mean ${r2(sOn.mean / sOff.mean)}  (target: under 1.05)`);
      out(`  added by the plugin, median of paired differences (on − off): ${(paired * 1000).toFixed(0)} µs = ${r2(paired / sOff.p50)} of off p50`);
    };
    out(`pod create, namespace enforce=audit=warn=restricted, all pods compliant → 201; concurrency 1, single requests alternating between the servers`);
    latencyRun(`fresh servers: ${N} pods each after ${WARMUP} warm-up`, fresh);
    latencyRun(`warmed servers: ${N} pods each after ${WARMUP + N + TPUT_N + SETTLE} (a long-running cluster)`, warmed);
    out(`pod create, concurrency ${CONCURRENCY}, alternating blocks of ${BLOCK}, ${TPUT_N} pods each`);
    out(`  plugin on     ${opsOn.toFixed(0).padStart(6)} ops/s  ${fmtLat(tOn)}`);
    out(`  plugin off    ${opsOff.toFixed(0).padStart(6)} ops/s  ${fmtLat(tOff)}`);
    out(`  on / off      ops/s ${r2(opsOn / opsOff)}  p50 ${r2(tOn.p50 / tOff.p50)}  (median of the ${blocks} block pairs' ops/s ratios ${r2(median(blockRatios))}, range ${r2(Math.min(...blockRatios))}–${r2(Math.max(...blockRatios))})`);
    out(`  sanity: a violating pod in namespace psa answered ${probeOn} with the plugin on, ${probeOff} with it off`);
    const total = WARMUP + N + TPUT_N + SETTLE + N;
    out(`server RSS after ${total} pods each: plugin on ${rssOn.toFixed(1)} MiB, plugin off ${rssOff.toFixed(1)} MiB (on / off ${r2(rssOn / rssOff)})`);

    await h.stopServer(onServer);
    onRunning = false;

    // -----------------------------------------------------------------------------------------
    // 2. The check report on REPORT_N pods
    const pods = Array.from({ length: REPORT_N }, (_, i) => reportPod(i, 'psa-report'));
    const containers = pods.reduce((a, p) => a + p.spec.containers.length + (p.spec.initContainers?.length ?? 0), 0);
    h.progress(`PodSecurity: evaluator in-process, ${PASSES} passes over ${REPORT_N} pods after one warm-up pass`);
    const lv = { level: 'restricted' as const, version: 'latest' as const };
    let violating = 0;
    for (const p of pods) if (!defaultEvaluator.evaluate(lv, p.metadata, p.spec).allowed) violating++;
    const passMs: number[] = [];
    const perPod: number[] = [];
    for (let pass = 0; pass < PASSES; pass++) {
      const t0 = performance.now();
      for (const p of pods) {
        const t = performance.now();
        defaultEvaluator.evaluate(lv, p.metadata, p.spec);
        perPod.push(performance.now() - t);
      }
      passMs.push(performance.now() - t0);
    }
    const pp = summarize(perPod);
    const passMedian = median(passMs);
    out(`\ncheck report on ${REPORT_N} pods at restricted:latest (${REPORT_N - violating} compliant, ${violating} violating; ${(containers / REPORT_N).toFixed(1)} containers per pod incl. init)`);
    out(
      `  in-process evaluate   total ${passMedian.toFixed(1)} ms (median of ${PASSES} passes, min ${Math.min(...passMs).toFixed(1)})  ${us((passMedian / REPORT_N) * 1000)}/pod  ` +
        `per pod p50 ${us(pp.p50 * 1000)}  p99 ${us(pp.p99 * 1000)}`,
    );

    const cli = join(h.root, 'dist', 'src', 'cmd', 'podsecurity.js');
    if (!existsSync(cli)) {
      out('  podsecurity check CLI: not built');
      return;
    }
    await benchCli(h, offServer, pods, violating, passMedian);
  } finally {
    if (onRunning) await h.stopServer(onServer);
    await h.stopServer(offServer);
  }
}

// ---------------------------------------------------------------------------------------------
// 2b. The CLI end to end

interface CliRun {
  code: number | null;
  wallMs: number;
  maxRssMiB: number;
  stdoutBytes: number;
  stdout: string;
  stderr: string;
}

/** Records the child's peak RSS (KiB, from getrusage) on fd 3 as it exits, whatever its exit code. */
const MAX_RSS_HOOK =
  'data:text/javascript,' +
  encodeURIComponent('import { writeSync } from "node:fs"; process.on("exit", () => { try { writeSync(3, String(process.resourceUsage().maxRSS)); } catch {} });');

function runCli(root: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const proc = spawn(process.execPath, ['--import', MAX_RSS_HOOK, join(root, 'bin', 'kubette.js'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    const outChunks: Buffer[] = [];
    const errChunks: Buffer[] = [];
    let rss = '';
    proc.stdout!.on('data', (c: Buffer) => outChunks.push(c));
    proc.stderr!.on('data', (c: Buffer) => errChunks.push(c));
    (proc.stdio[3] as NodeJS.ReadableStream).on('data', (c: Buffer) => (rss += c.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 600_000);
    proc.on('error', reject);
    proc.on('close', (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(outChunks).toString();
      resolve({ code, wallMs: performance.now() - t0, maxRssMiB: Number(rss) / 1024, stdoutBytes: Buffer.byteLength(stdout), stdout, stderr: Buffer.concat(errChunks).toString() });
    });
  });
}

async function benchCli<S extends Server>(h: BenchHelpers<S>, server: Server, pods: ReturnType<typeof reportPod>[], violating: number, inProcessMs: number): Promise<void> {
  const firstLine = (s: string) => s.trim().split('\n')[0] ?? '';
  /** CLI_RUNS runs; undefined (and a line saying why) when the CLI does not answer as a report does. */
  const timed = async (label: string, args: string[], env: NodeJS.ProcessEnv = {}, expectJson = false) => {
    const runs: CliRun[] = [];
    for (let r = 0; r < CLI_RUNS; r++) {
      const run = await runCli(h.root, args, env);
      // Exit 1 is the report's "violations found", but also a command that failed: it must have printed a report.
      if ((run.code !== 0 && run.code !== 1) || (run.code === 1 && !run.stdout.trim())) {
        out(`  ${label.padEnd(40)}failed: exit ${run.code}: ${firstLine(run.stderr) || firstLine(run.stdout)}`);
        return undefined;
      }
      if (expectJson) {
        try {
          JSON.parse(run.stdout);
        } catch {
          out(`  ${label.padEnd(40)}failed: -o json printed no JSON: ${firstLine(run.stdout).slice(0, 120)}`);
          return undefined;
        }
      }
      runs.push(run);
    }
    const wall = median(runs.map((r) => r.wallMs));
    const rss = median(runs.map((r) => r.maxRssMiB));
    // The pods the report names (compliant pods are not listed), as a check that it saw them all.
    const listed = new Set(runs[0]!.stdout.match(/\breport-\d+\b/g) ?? []).size;
    return { wall, rss, code: runs[0]!.code, bytes: runs[0]!.stdoutBytes, listed };
  };
  const line = (label: string, r: { wall: number; rss: number; code: number | null; bytes: number; listed: number }, extra = '') =>
    out(
      `  ${label.padEnd(40)}wall ${r.wall.toFixed(0).padStart(6)} ms (median of ${CLI_RUNS})  peak RSS ${r.rss.toFixed(1).padStart(5)} MiB  exit ${r.code}  ` +
        `${(r.bytes / 1024).toFixed(0)} KiB out${label.startsWith('check') ? `, names ${r.listed}/${violating} violating pods` : ''}${extra}`,
    );

  h.progress(`PodSecurity: CLI baseline (kubette version), ${CLI_RUNS} runs`);
  const base = await timed('node start (kubette version)', ['version']);
  if (!base) return;
  line('node start (kubette version)', base);

  const dir = mkdtempSync(join(tmpdir(), 'kubette-bench-psa-'));
  try {
    h.progress(`PodSecurity: writing ${pods.length} pods as multi-document YAML`);
    const file = join(dir, 'pods.yaml');
    writeFileSync(file, pods.map((p) => stringify(p)).join('---\n'));
    h.progress(`PodSecurity: podsecurity check -f (${CLI_RUNS} runs)`);
    const f = await timed('check -f FILE -o json', ['podsecurity', 'check', '-f', file, '-o', 'json'], {}, true);
    if (f) line('check -f FILE -o json', f, `  = ${r2(f.wall / base.wall)} of node start; ${r2(f.wall / inProcessMs)} of in-process evaluate`);

    // The same pods in a namespace of the plugin-off server (violating ones are admitted there).
    h.progress(`PodSecurity: creating ${pods.length} pods in namespace psa-report (plugin off, concurrency ${CONCURRENCY})`);
    const http = h.httpClient(server.url, CONCURRENCY);
    const ns = await http('POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'psa-report' } }));
    if (ns.status !== 201) throw new Error(`bench: namespace create answered ${ns.status}: ${ns.text}`);
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < pods.length) {
          const p = pods[next++]!;
          const r = await http('POST', '/api/v1/namespaces/psa-report/pods', JSON.stringify(p));
          if (r.status !== 201) throw new Error(`bench: report pod ${p.metadata.name} answered ${r.status}: ${r.text}`);
        }
      }),
    );
    const kubeconfig = join(server.dataDir, 'kubeconfig');
    const help = await runCli(h.root, ['podsecurity', 'check', '--help']);
    const kcArgs = /--kubeconfig/.test(help.stdout + help.stderr) ? ['--kubeconfig', kubeconfig] : [];
    const env = { KUBECONFIG: kubeconfig };
    h.progress(`PodSecurity: podsecurity check -n psa-report (${CLI_RUNS} runs each, -o json and table)`);
    const nJson = await timed('check -n NS --level restricted -o json', ['podsecurity', 'check', '-n', 'psa-report', '--level', 'restricted', '-o', 'json', ...kcArgs], env, true);
    if (nJson) line('check -n NS --level restricted -o json', nJson, f ? `  = ${r2(nJson.wall / f.wall)} of -f` : '');
    const nText = await timed('check -n NS --level restricted', ['podsecurity', 'check', '-n', 'psa-report', '--level', 'restricted', ...kcArgs], env);
    if (nText) line('check -n NS --level restricted', nText);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
