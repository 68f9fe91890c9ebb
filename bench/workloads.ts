// The workloads section of `npm run bench`: one `kubette up --nodes 1000` (controllers, scheduler and
// simulated nodes in one process), then Deployments totalling 30,000 replicas applied at once:
//  - time from the first Deployment create to every pod Running and Ready, as pods per second
//    (kwok reports about 20 pods/s), with progress every few seconds;
//  - the server's RSS at that size;
//  - p50/p99 of listing all 30,000 pods, in one request and paged by 500 as kubectl does;
//  - side by side on the same server afterwards, the plain pod-create rate (pods nobody schedules),
//    and the ratio: how much of the API's write rate the whole pipeline delivers as running pods.
// Knobs: BENCH_NODES (1000), BENCH_REPLICAS (30000), BENCH_DEPLOYMENTS (30), BENCH_LISTS (20).
import { connect, type ServerConnection } from '../src/client/rest.js';
import type { BenchHelpers } from './podsecurity.js';
import type { Stats } from './store.js';

const num = (name: string, dflt: number): number => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name}=${process.env[name]}: want a positive integer`);
  return v;
};
const NODES = num('BENCH_NODES', 1000);
const REPLICAS = num('BENCH_REPLICAS', 30_000);
const DEPLOYMENTS = num('BENCH_DEPLOYMENTS', 30);
const LISTS = num('BENCH_LISTS', 20);
const CREATE_N = num('BENCH_PLAIN_CREATES', 5000);

const out = (line = '') => process.stdout.write(`${line}\n`);

interface Server {
  proc: import('node:child_process').ChildProcess;
  url: string;
  connection: ServerConnection;
  dataDir: string;
}

const isReady = (p: any) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running' && (p.status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');

export async function benchWorkloads<S extends Server>(h: BenchHelpers<S> & { phase: (ops: number, concurrency: number, op: (i: number) => Promise<void>) => Promise<Stats> }): Promise<void> {
  out(`\nWorkloads — ${DEPLOYMENTS} Deployments, ${REPLICAS} replicas in all, on ${NODES} simulated nodes (one process)`);
  h.progress(`starting kubette up --nodes ${NODES}`);
  const t00 = performance.now();
  const server = await h.startServer(['--nodes', String(NODES)]);
  const http = h.httpClient(server.url, 16);
  const rest = connect(server.connection);
  try {
    for (;;) {
      const nodes = JSON.parse((await http('GET', '/api/v1/nodes')).text) as { items: any[] };
      const ready = nodes.items.filter((n) => n.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')).length;
      if (ready >= NODES) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    out(`nodes     ${NODES} Ready ${((performance.now() - t00) / 1000).toFixed(1)} s after start; server RSS ${h.rssMiB(server.proc.pid!).toFixed(0)} MiB`);

    // Count Running+Ready pods from a watch, so the count costs the server nothing but the stream.
    const ready = new Set<string>();
    const watch = rest.resource({ group: '', version: 'v1', resource: 'pods' }).watch({ labelSelector: 'bench=workloads' }, (ev) => {
      if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') return;
      const key = `${ev.object.metadata.namespace}/${ev.object.metadata.name}`;
      if (ev.type !== 'DELETED' && isReady(ev.object)) ready.add(key);
      else ready.delete(key);
    });
    await new Promise((r) => setTimeout(r, 200));

    const per = Math.ceil(REPLICAS / DEPLOYMENTS);
    const t0 = performance.now();
    for (let i = 0; i < DEPLOYMENTS; i++) {
      const replicas = Math.min(per, REPLICAS - i * per);
      const body = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `load-${i}`, namespace: 'default' },
        spec: {
          replicas,
          selector: { matchLabels: { app: `load-${i}` } },
          template: { metadata: { labels: { app: `load-${i}`, bench: 'workloads' } }, spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.8' }] } },
        },
      };
      const r = await http('POST', '/apis/apps/v1/namespaces/default/deployments', JSON.stringify(body));
      if (r.status !== 201) throw new Error(`bench: deployment create answered ${r.status}: ${r.text}`);
    }
    let lastReport = t0;
    let lastCount = 0;
    const deadline = t0 + 30 * 60_000;
    while (ready.size < REPLICAS) {
      await new Promise((r) => setTimeout(r, 250));
      const now = performance.now();
      if (now - lastReport >= 5000) {
        h.progress(`${ready.size}/${REPLICAS} pods Running (${(((ready.size - lastCount) / (now - lastReport)) * 1000).toFixed(0)} pods/s lately, RSS ${h.rssMiB(server.proc.pid!).toFixed(0)} MiB)`);
        lastReport = now;
        lastCount = ready.size;
      }
      if (now > deadline) throw new Error(`bench: only ${ready.size} of ${REPLICAS} pods Running after 30 minutes`);
    }
    const seconds = (performance.now() - t0) / 1000;
    watch.stop();
    const rate = REPLICAS / seconds;
    out(`rollout   ${REPLICAS} pods Running in ${seconds.toFixed(1)} s: ${rate.toFixed(0)} pods/s end to end (kwok reports ~20 pods/s)`);
    await new Promise((r) => setTimeout(r, 2000));
    out(`memory    server RSS with ${NODES} nodes and ${REPLICAS} pods: ${h.rssMiB(server.proc.pid!).toFixed(0)} MiB`);

    const full: number[] = [];
    let bytes = 0;
    for (let i = 0; i < LISTS; i++) {
      const t = performance.now();
      const r = await http('GET', '/api/v1/pods');
      full.push(performance.now() - t);
      if (r.status !== 200) throw new Error(`bench: list answered ${r.status}`);
      bytes = r.text.length;
    }
    const paged: number[] = [];
    for (let i = 0; i < LISTS; i++) {
      const t = performance.now();
      let cont = '';
      do {
        const r = await http('GET', `/api/v1/pods?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
        cont = (JSON.parse(r.text) as { metadata: { continue?: string } }).metadata.continue ?? '';
      } while (cont);
      paged.push(performance.now() - t);
    }
    const sf = [...full].sort((a, b) => a - b);
    const sp = [...paged].sort((a, b) => a - b);
    out(`list all  ${REPLICAS} pods (${(bytes / 1e6).toFixed(0)} MB JSON), ${LISTS} runs: one request p50 ${h.percentile(sf, 50).toFixed(0)} ms p99 ${h.percentile(sf, 99).toFixed(0)} ms; paged by 500 p50 ${h.percentile(sp, 50).toFixed(0)} ms p99 ${h.percentile(sp, 99).toFixed(0)} ms`);

    // The same server's plain create rate, for pods no scheduler takes (schedulerName nobody serves).
    const ns = await http('POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'plain' } }));
    if (ns.status !== 201) throw new Error(`bench: namespace create answered ${ns.status}`);
    const plain = await h.phase(CREATE_N, 16, async (i) => {
      const body = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `plain-${i}`, namespace: 'plain' }, spec: { schedulerName: 'none', containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.8' }] } };
      const r = await http('POST', '/api/v1/namespaces/plain/pods', JSON.stringify(body));
      if (r.status !== 201) throw new Error(`bench: create answered ${r.status}: ${r.text}`);
    });
    out(`creates   plain pod creates on the same server: ${plain.opsPerSec.toFixed(0)} pods/s (p50 ${plain.p50Ms.toFixed(2)} ms, p99 ${plain.p99Ms.toFixed(2)} ms)`);
    out(`ratio     pods Running end to end / plain pod creates: ${(rate / plain.opsPerSec).toFixed(2)}`);
  } finally {
    rest.close();
    await h.stopServer(server);
  }
}
