// Runs the fuzzer's load in worker threads, so the in-process server keeps the main thread (and
// its crash listeners) to itself. Each worker draws its cases from its own seeded Rng (seed + index),
// sends them `concurrency` at a time over keep-alive connections, and reports counts and findings.
import http from 'node:http';
import https from 'node:https';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { generate, Rng, type FuzzCase } from './fuzz.js';
import { judge, sendRaw, splitResponses } from './fuzzcheck.js';
import { send } from './fuzzserver.js';

export interface FuzzLoad {
  url: string;
  seed: number;
  requests: number;
  workers: number;
  /** Requests in flight per worker. */
  concurrency: number;
  /** Headers every request carries (e.g. Authorization: Bearer ...). */
  headers?: Record<string, string>;
  /** For https: ca, cert, key (PEM strings), as https.Agent takes them. */
  agentOptions?: https.AgentOptions;
}

export interface FuzzTally {
  answered: number;
  perCategory: Record<string, number>;
  codes: Record<number, number>;
  /** "category | what | finding" → how often, and one example request. */
  findings: Record<string, { count: number; example: string }>;
}

/** Runs the load to completion and merges the workers' tallies. */
export async function runFuzzLoad(load: FuzzLoad): Promise<FuzzTally> {
  const per = Math.ceil(load.requests / load.workers);
  const tallies = await Promise.all(
    Array.from({ length: load.workers }, (_, i) => {
      const requests = Math.min(per, load.requests - i * per);
      return new Promise<FuzzTally>((resolve, reject) => {
        const w = new Worker(new URL(import.meta.url), { workerData: { ...load, seed: (load.seed + i) >>> 0, requests, fuzzWorker: true } });
        w.once('message', resolve);
        w.once('error', reject);
        w.once('exit', (code) => code !== 0 && reject(new Error(`fuzz worker ${i} exited with ${code}`)));
      });
    }),
  );
  const total: FuzzTally = { answered: 0, perCategory: {}, codes: {}, findings: {} };
  for (const t of tallies) {
    total.answered += t.answered;
    for (const [k, v] of Object.entries(t.perCategory)) total.perCategory[k] = (total.perCategory[k] ?? 0) + v;
    for (const [k, v] of Object.entries(t.codes)) total.codes[Number(k)] = (total.codes[Number(k)] ?? 0) + v;
    for (const [k, v] of Object.entries(t.findings)) {
      const f = (total.findings[k] ??= { count: 0, example: v.example });
      f.count += v.count;
    }
  }
  return total;
}

const NAME = /fz-[0-9a-z]+-[0-9a-z]+/g;

async function work(load: FuzzLoad): Promise<FuzzTally> {
  const rng = new Rng(load.seed);
  const tally: FuzzTally = { answered: 0, perCategory: {}, codes: {}, findings: {} };
  const secure = load.url.startsWith('https:');
  const agent = secure ? new https.Agent({ keepAlive: true, maxSockets: load.concurrency, ...load.agentOptions }) : new http.Agent({ keepAlive: true, maxSockets: load.concurrency });
  const note = (c: FuzzCase, finding: string) => {
    const key = `${c.category} | ${c.what.replace(NAME, 'NAME').slice(0, 80)} | ${finding.replace(NAME, 'NAME').slice(0, 100)}`;
    const f = (tally.findings[key] ??= { count: 0, example: `${c.method} ${c.path.slice(0, 120)} ${typeof c.body === 'string' ? c.body.slice(0, 200) : ''}` });
    f.count++;
  };
  const count = (code: number) => (tally.codes[code] = (tally.codes[code] ?? 0) + 1);
  const one = async (c: FuzzCase) => {
    tally.perCategory[c.category] = (tally.perCategory[c.category] ?? 0) + 1;
    if (c.raw) {
      // Raw framing goes over plain TCP; against a TLS server these cases are skipped.
      if (secure) return;
      const answers = splitResponses(await sendRaw(load.url, c));
      if (typeof answers === 'string') return note(c, answers);
      if (answers.length === 0) return note(c, 'no answer before the connection closed');
      for (const a of answers) {
        const j = judge(a.status, a.contentType, a.text);
        count(j.code);
        if (j.finding) note(c, j.finding);
      }
      return;
    }
    try {
      const a = await send(load.url, c.method, c.path, c.body, c.headers, { agent, headers: load.headers, timeoutMs: 15_000 });
      const j = judge(a.status, a.headers['content-type'], a.text);
      count(j.code);
      if (j.finding) note(c, j.finding);
    } catch (err) {
      note(c, `request failed: ${(err as Error).message}`);
    }
  };
  let issued = 0;
  await Promise.all(
    Array.from({ length: load.concurrency }, async () => {
      while (issued < load.requests) {
        issued++;
        await one(generate(rng));
        tally.answered++;
      }
    }),
  );
  agent.destroy();
  return tally;
}

if (!isMainThread && (workerData as { fuzzWorker?: boolean } | undefined)?.fuzzWorker && parentPort) {
  const port = parentPort;
  void work(workerData as FuzzLoad).then((t) => port.postMessage(t));
}
