// The CLI section of `npm run bench`: wall time of `kubette kubectl get pods` beside the real kubectl
// 1.25.0's, against one server holding BENCH_CLI_PODS running pods, cold (an empty cache directory
// each run, so discovery is fetched) and warm (a filled cache, no discovery requests). Runs are
// interleaved (ours cold, kubectl cold, ours warm, kubectl warm, …) so machine noise falls on both
// alike; reported as p50/p99/mean, the ratios ours/kubectl, and each client's peak RSS.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectl125 } from '../test/helpers/tools.js';

const num = (name: string, dflt: number): number => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name}=${process.env[name]}: want a positive integer`);
  return v;
};
const RUNS = num('BENCH_CLI_RUNS', 20);
const PODS = num('BENCH_CLI_PODS', 100);
const TIME = '/usr/bin/time';

interface Server {
  url: string;
  dataDir: string;
}

export interface CliBenchHelpers<S extends Server> {
  root: string;
  progress: (msg: string) => void;
  startServer: (extraArgs?: string[]) => Promise<S>;
  stopServer: (s: S) => Promise<void>;
  percentile: (sorted: number[], p: number) => number;
}

interface RunStats {
  ms: number;
  rssKiB: number;
}

/** One command's wall time, and its peak RSS when /usr/bin/time is there to tell. */
function timed(cmd: string, args: string[], env: Record<string, string>): Promise<RunStats> {
  const withTime = existsSync(TIME);
  const [bin, argv] = withTime ? [TIME, ['-f', '%M', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(bin, argv, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err}`));
      resolve({ ms, rssKiB: withTime ? Number(err.trim().split('\n').pop()) : 0 });
    });
  });
}

export async function benchCli<S extends Server>(h: CliBenchHelpers<S>): Promise<void> {
  process.stdout.write(`\n== kubectl CLI: \`get pods\` (${PODS} pods), ${RUNS} interleaved runs each ==\n`);
  const s = await h.startServer(['--nodes', '3']);
  const home = mkdtempSync(join(tmpdir(), 'kubette-bench-cli-'));
  try {
    const kubeconfig = join(s.dataDir, 'kubeconfig');
    const ours = [process.execPath, [join(h.root, 'bin', 'kubette-kubectl.js')]] as const;
    const theirs = [kubectl125(), []] as const;
    const env = (cache: string) => ({ KUBECONFIG: kubeconfig, HOME: home, KUBECACHEDIR: cache });
    h.progress(`creating ${PODS} pods`);
    const manifest = Array.from({ length: PODS }, (_, i) => `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bench-${i}","labels":{"app":"bench"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}`).join('\n');
    await new Promise<void>((resolve, reject) => {
      const c = spawn(theirs[0], ['create', '-f', '-'], { env: { ...env(join(home, 'setup')), PATH: process.env.PATH ?? '' }, stdio: ['pipe', 'ignore', 'inherit'] });
      c.stdin.end(manifest);
      c.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`create exited ${code}`))));
    });
    const warmOurs = join(home, 'warm-ours');
    const warmTheirs = join(home, 'warm-kubectl');
    await timed(ours[0], [...ours[1], 'get', 'pods'], env(warmOurs));
    await timed(theirs[0], ['get', 'pods'], env(warmTheirs));
    const results = { oursCold: [] as RunStats[], kubectlCold: [] as RunStats[], oursWarm: [] as RunStats[], kubectlWarm: [] as RunStats[] };
    for (let i = 0; i < RUNS; i++) {
      if (i % 5 === 0) h.progress(`run ${i + 1}/${RUNS}`);
      const cold = () => mkdtempSync(join(home, 'cold-'));
      results.oursCold.push(await timed(ours[0], [...ours[1], 'get', 'pods'], env(cold())));
      results.kubectlCold.push(await timed(theirs[0], ['get', 'pods'], env(cold())));
      results.oursWarm.push(await timed(ours[0], [...ours[1], 'get', 'pods'], env(warmOurs)));
      results.kubectlWarm.push(await timed(theirs[0], ['get', 'pods'], env(warmTheirs)));
    }
    const summary = (label: string, r: RunStats[]) => {
      const ms = r.map((x) => x.ms).sort((a, b) => a - b);
      const rss = Math.max(...r.map((x) => x.rssKiB)) / 1024;
      process.stdout.write(`${label.padEnd(26)} p50 ${h.percentile(ms, 50).toFixed(0).padStart(5)} ms  p99 ${h.percentile(ms, 99).toFixed(0).padStart(5)} ms  mean ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(0).padStart(5)} ms  peak RSS ${rss ? `${rss.toFixed(0)} MiB` : 'n/a'}\n`);
      return h.percentile(ms, 50);
    };
    const oc = summary('kubette kubectl, cold', results.oursCold);
    const kc = summary('kubectl 1.25.0, cold', results.kubectlCold);
    const ow = summary('kubette kubectl, warm', results.oursWarm);
    const kw = summary('kubectl 1.25.0, warm', results.kubectlWarm);
    process.stdout.write(`ratio ours/kubectl (p50): cold ${(oc / kc).toFixed(2)}x, warm ${(ow / kw).toFixed(2)}x (target: within 1.5x)\n`);
    const node: RunStats[] = [];
    for (let i = 0; i < 5; i++) node.push(await timed(process.execPath, ['-e', '0'], {}));
    process.stdout.write(`for scale: \`node -e 0\` alone takes p50 ${h.percentile(node.map((x) => x.ms).sort((a, b) => a - b), 50).toFixed(0)} ms here\n`);
  } finally {
    rmSync(home, { recursive: true, force: true });
    await h.stopServer(s);
  }
}
