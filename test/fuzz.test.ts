// At least 100,000 malformed requests (FUZZ_REQUESTS, default 100000; FUZZ_SEED to replay) against
// an in-process ApiServer on a real SQLite file over real HTTP, 32 at a time on keep-alive
// connections, sent from worker threads. The server authenticates (a bearer token in
// system:masters) and authorizes with Node,RBAC, as `kubette up` does; plain HTTP keeps the
// raw-socket cases (framing, headers) that TLS would hide. Every request is invalid by construction, so the server must never crash, every
// answer must be a failure Status, and the store must be exactly as it was.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixtures, WIDGET_CRD } from './helpers/fuzz.js';
import { runFuzzLoad } from './helpers/fuzzrun.js';
import { send, startInProcessServer, storeSnapshot, type InProcessServer } from './helpers/fuzzserver.js';
import { poll } from './helpers/wait.js';

const REQUESTS = Number(process.env['FUZZ_REQUESTS'] ?? 100_000);
const SEED = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 32));
const CONCURRENCY = 32;
/** The load runs in worker threads: the server has the main thread to itself. */
const WORKERS = 2;
const ADMIN_TOKEN = 'fuzz-admin-token';
const AS_ADMIN = { Authorization: `Bearer ${ADMIN_TOKEN}` };

describe('fuzzing the API server with malformed requests', () => {
  let s: InProcessServer;
  const crashes: string[] = [];
  const onCrash = (kind: string) => (err: unknown) => crashes.push(`${kind}: ${err instanceof Error ? err.stack : String(err)}`);
  const onRejection = onCrash('unhandledRejection');
  const onException = onCrash('uncaughtException');

  before(async () => {
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
    s = await startInProcessServer({ authentication: { tokens: [[ADMIN_TOKEN, { username: 'fuzz-admin', groups: ['system:masters'] }]] }, authorizationModes: ['Node', 'RBAC'] });
    const crd = await send(s.url, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', JSON.stringify(WIDGET_CRD), { 'Content-Type': 'application/json', ...AS_ADMIN });
    assert.equal(crd.status, 201, crd.text);
    await poll('the Widget CRD served', async () => (await send(s.url, 'GET', `/apis/fuzz.example.com/v1/namespaces/default/widgets`, undefined, AS_ADMIN)).status === 200);
    for (const f of fixtures()) {
      const r = await send(s.url, 'POST', f.path, JSON.stringify(f.body), { 'Content-Type': 'application/json', ...AS_ADMIN });
      assert.equal(r.status, 201, `${f.path}: ${r.text}`);
    }
  });
  after(async () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    await s.stop();
  });

  it(`${REQUESTS} malformed requests: no crash, only failure Statuses, the store unchanged`, async () => {
    // Nothing in the server writes on its own: two snapshots apart must already agree.
    const before1 = await storeSnapshot(s.backend);
    await new Promise((r) => setTimeout(r, 300));
    const before = await storeSnapshot(s.backend);
    assert.deepEqual(before, before1, 'the store changed with no requests: the check below would be meaningless');

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
    const started = performance.now();
    const t = await runFuzzLoad({ url: s.url, seed: SEED, requests: REQUESTS, workers: WORKERS, concurrency: CONCURRENCY / WORKERS, headers: AS_ADMIN });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const findings = Object.entries(t.findings);

    const after = await storeSnapshot(s.backend);
    const changed = [...new Set([...before.keys.keys(), ...after.keys.keys()])].filter((k) => before.keys.get(k) !== after.keys.get(k));

    const lines = [
      `fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${t.answered} requests in ${seconds.toFixed(1)} s = ${Math.round(t.answered / seconds)} requests/s, ${CONCURRENCY} concurrent from ${WORKERS} worker threads, peak RSS ${Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20)} MiB`,
      `  per category: ${Object.entries(t.perCategory).sort().map(([k, v]) => `${k} ${v}`).join(', ')}`,
      `  status codes: ${Object.entries(t.codes).sort((a, b) => Number(a[0]) - Number(b[0])).map(([k, v]) => `${k}×${v}`).join(', ')}`,
      `  findings: ${findings.length} distinct`,
      ...findings.sort((a, b) => b[1].count - a[1].count).slice(0, 60).map(([k, v]) => `    ${v.count}× ${k}\n        e.g. ${v.example}`),
      `  store: revision ${before.revision} → ${after.revision}; ${changed.length} keys changed${changed.length ? `: ${changed.slice(0, 10).join(', ')}` : ''}`,
    ];
    console.log(lines.join('\n'));

    assert.deepEqual(crashes, [], 'the server process saw unhandled errors');
    assert.equal(t.answered, REQUESTS);
    assert.equal(findings.length, 0, `${findings.length} kinds of wrong answers (see above)`);
    assert.equal(after.revision, before.revision, 'the store revision moved');
    assert.deepEqual(changed, []);
    // Still serving.
    assert.equal((await send(s.url, 'GET', '/readyz')).status, 200);
    assert.equal((await send(s.url, 'GET', '/api')).status, 401, 'authentication still on');
  });
});
