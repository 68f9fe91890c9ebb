// The API server's request limits against an in-process server over HTTP: body size (413 without
// reading on), API Priority and Fairness (fair queuing across users, exempt masters, queue limits,
// the X-Kubernetes-PF-* headers), the max-in-flight filter, request deadlines, the watch lifetime
// and Status answers for requests the HTTP parser refuses.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ApiServer } from '../src/apiserver/server.js';
import { parseGoDuration } from '../src/machinery/duration.js';
import { silentLogger } from '../src/machinery/log.js';
import { send, startInProcessServer, type Answer, type InProcessServer } from './helpers/fuzzserver.js';
import { poll } from './helpers/wait.js';

const CM = '/api/v1/namespaces/default/configmaps';
const json = { 'Content-Type': 'application/json' };
const as = (user: string) => ({ 'Impersonate-User': user });

function configMap(name: string): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: 'b' } });
}

/** A POST whose body arrives only when `finish()` is called: it holds its seat until then. */
function slowPost(base: string, path: string, headers: Record<string, string>, body: string): { finish(): void; answer: Promise<Answer> } {
  const url = new URL(base);
  let req!: http.ClientRequest;
  const answer = new Promise<Answer>((resolve, reject) => {
    req = http.request({ host: url.hostname, port: url.port, method: 'POST', path, headers: { ...json, ...headers, 'Transfer-Encoding': 'chunked' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: text.startsWith('{') ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, 5));
  return { finish: () => req.end(body.slice(5)), answer };
}

function assertStatus(a: Answer, code: number, reason: string, message?: string): void {
  assert.equal(a.status, code, a.text);
  assert.equal(a.json?.kind, 'Status', a.text);
  assert.equal(a.json.status, 'Failure');
  assert.equal(a.json.code, code);
  assert.equal(a.json.reason, reason);
  if (message !== undefined) assert.equal(a.json.message, message);
}

function assertTooMany(a: Answer): void {
  assert.equal(a.status, 429, a.text);
  assert.equal(a.headers['retry-after'], '1');
  assert.equal(a.text, 'Too many requests, please try again later.\n');
}

/** Raw bytes to the server; everything it answers until it closes the connection. */
function raw(base: string, bytes: string | Buffer): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = net.connect(Number(url.port), url.hostname, () => s.write(bytes));
    s.on('data', (c) => chunks.push(c));
    s.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    s.on('error', (err) => (chunks.length ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(err)));
  });
}

function statusOfRaw(text: string): { code: number; body: any; headers: string } {
  const [head, ...rest] = text.split('\r\n\r\n');
  return { code: Number(/^HTTP\/1\.1 (\d+)/.exec(head!)?.[1]), body: JSON.parse(rest.join('\r\n\r\n')), headers: head! };
}

describe('request body size', () => {
  let s: InProcessServer;
  before(async () => (s = await startInProcessServer()));
  after(() => s.stop());

  /** Streams up to 100 MB of body and reports the answer, the bytes the socket took, and memory growth. */
  async function upload(declareLength: boolean): Promise<{ answer: Answer; sent: number; rssGrowth: number; arrayBuffersGrowth: number }> {
    const total = 100 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const url = new URL(s.url);
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakAB = base.arrayBuffers;
    const sample = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakAB = Math.max(peakAB, m.arrayBuffers);
    }, 20);
    const headers: Record<string, string> = { ...json, ...(declareLength ? { 'Content-Length': String(total) } : { 'Transfer-Encoding': 'chunked' }) };
    const agent = new http.Agent({ keepAlive: false });
    try {
      const { answer, sent } = await new Promise<{ answer: Answer; sent: number }>((resolve, reject) => {
        const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: CM, headers, agent }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ answer: { status: res.statusCode ?? 0, headers: res.headers, text, json: JSON.parse(text) }, sent: req.socket?.bytesWritten ?? written }));
          res.on('error', () => {});
        });
        let written = 0;
        let answered = false;
        req.on('response', () => (answered = true));
        // The server hangs up once it has answered; writes after that fail, and that is expected.
        req.on('error', (err) => !answered && reject(err));
        const pump = () => {
          while (!answered && written < total) {
            written += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          if (!answered) req.end();
        };
        pump();
      });
      return { answer, sent, rssGrowth: peakRss - base.rss, arrayBuffersGrowth: peakAB - base.arrayBuffers };
    } finally {
      clearInterval(sample);
      agent.destroy();
    }
  }

  for (const declared of [false, true]) {
    it(`a 100 MB ${declared ? 'Content-Length' : 'chunked'} body gets 413 without being read or buffered`, async () => {
      const r = await upload(declared);
      assertStatus(r.answer, 413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
      assert.equal(r.answer.headers.connection, 'close');
      assert.ok(r.sent < 50 * 1024 * 1024, `the server read on: the client got ${r.sent} bytes out`);
      assert.ok(r.rssGrowth < 30 * 1024 * 1024, `rss grew by ${r.rssGrowth}`);
      assert.ok(r.arrayBuffersGrowth < 30 * 1024 * 1024, `arrayBuffers grew by ${r.arrayBuffersGrowth}`);
    });
  }

  it('a body at the limit is read; one byte over is 413; the server keeps serving', async () => {
    const pad = (n: number) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { k: 'x'.repeat(n) } });
    const over = pad(3 * 1024 * 1024 - pad(0).length + 1);
    assert.equal(Buffer.byteLength(over), 3 * 1024 * 1024 + 1);
    assertStatus(await send(s.url, 'POST', CM, over, json), 413, 'RequestEntityTooLarge');
    // At the limit the body is read and decoded: the object is valid, only too big for a ConfigMap.
    const at = await send(s.url, 'POST', CM, pad(3 * 1024 * 1024 - pad(0).length), json);
    assert.equal(at.status, 422, at.text);
    assert.equal((await send(s.url, 'GET', '/api/v1/namespaces/default')).status, 200);
  });

  it('a configured maxRequestBodyBytes is the limit', async () => {
    const small = await startInProcessServer({ limits: { maxRequestBodyBytes: 100 } });
    try {
      assertStatus(await send(small.url, 'POST', CM, configMap('x'.repeat(100)), json), 413, 'RequestEntityTooLarge', 'Request entity too large: limit is 100');
      assert.equal((await send(small.url, 'POST', CM, configMap('fits'), json)).status, 201);
    } finally {
      await small.stop();
    }
  });
});

describe('API Priority and Fairness', () => {
  let s: InProcessServer;
  // 1 + 1 seats in total: global-default (20 of 245 shares) gets ceil(2 × 20 / 245) = 1.
  before(async () => (s = await startInProcessServer({ limits: { maxRequestsInflight: 1, maxMutatingRequestsInflight: 1 } })));
  after(() => s.stop());
  const level = () => s.server.limits.apf!.levels.get('global-default')!.stats;

  it('one seat: a flooding user waits behind itself, another user is served in turn; masters are exempt', async () => {
    const hold = slowPost(s.url, CM, as('alice'), configMap('held'));
    await poll('the seat taken', () => level().executing === 1);
    const order: string[] = [];
    const get = (user: string, tag: string) => send(s.url, 'GET', CM, undefined, as(user)).then((a) => (order.push(tag), a));
    const alice = [get('alice', 'a1'), get('alice', 'a2'), get('alice', 'a3'), get('alice', 'a4')];
    await poll('alice queued', () => level().waiting === 4);
    const bob = get('bob', 'b1');
    await poll('bob queued', () => level().waiting === 5);
    // system:masters (the unauthenticated default user) are exempt: served while everyone else waits.
    const admin = await send(s.url, 'GET', CM);
    assert.equal(admin.status, 200);
    assert.match(String(admin.headers['x-kubernetes-pf-flowschema-uid']), /^[0-9a-f-]{36}$/);
    assert.match(String(admin.headers['x-kubernetes-pf-prioritylevel-uid']), /^[0-9a-f-]{36}$/);
    hold.finish();
    assert.equal((await hold.answer).status, 201);
    const answers = await Promise.all([...alice, bob]);
    for (const a of answers) assert.equal(a.status, 200, a.text);
    // Round-robin over flows: bob's one request goes right after alice's first, not after all four.
    assert.deepEqual(order, ['a1', 'b1', 'a2', 'a3', 'a4']);
    // Both users are in global-default; the admin was classified elsewhere (exempt).
    assert.equal(answers[0]!.headers['x-kubernetes-pf-prioritylevel-uid'], answers[4]!.headers['x-kubernetes-pf-prioritylevel-uid']);
    assert.notEqual(answers[0]!.headers['x-kubernetes-pf-prioritylevel-uid'], admin.headers['x-kubernetes-pf-prioritylevel-uid']);
  });

  it('a flow may queue 50 requests; the 51st gets 429 with Retry-After: 1', async () => {
    const hold = slowPost(s.url, CM, as('alice'), configMap('held2'));
    await poll('the seat taken', () => level().executing === 1);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });
    const queued = Array.from({ length: 50 }, () => send(s.url, 'GET', CM, undefined, as('carol'), { agent }));
    await poll('carol queued', () => level().waiting === 50);
    const rejected = await send(s.url, 'GET', CM, undefined, as('carol'), { agent });
    assertTooMany(rejected);
    assert.ok(rejected.headers['x-kubernetes-pf-flowschema-uid']);
    // Another flow still has room in the level's queues.
    const dave = send(s.url, 'GET', CM, undefined, as('dave'), { agent });
    await poll('dave queued', () => level().waiting === 51);
    hold.finish();
    for (const a of await Promise.all([...queued, dave])) assert.equal(a.status, 200);
    agent.destroy();
  });

  it('a request that waits longer than a quarter of --request-timeout gets 429; the one holding the seat 504', async () => {
    const t = await startInProcessServer({ limits: { maxRequestsInflight: 1, maxMutatingRequestsInflight: 1, requestTimeoutMs: 2000 } });
    try {
      const hold = slowPost(t.url, CM, as('alice'), configMap('never'));
      await poll('the seat taken', () => t.server.limits.apf!.levels.get('global-default')!.stats.executing === 1);
      assertTooMany(await send(t.url, 'GET', CM, undefined, as('bob')));
      assertStatus(await hold.answer, 504, 'Timeout', 'Timeout: request did not complete within the allotted timeout');
      // The deadline closed the connection, which ended the handler and freed the seat.
      await poll('the seat free', () => t.server.limits.apf!.levels.get('global-default')!.stats.executing === 0);
      assert.equal((await send(t.url, 'GET', CM, undefined, as('bob'))).status, 200);
    } finally {
      await t.stop();
    }
  });

  it('a watch holds no seat once it has started', async () => {
    const w = http.get(`${s.url}${CM}?watch=true&timeoutSeconds=5`, { headers: as('erin') });
    const res = await new Promise<http.IncomingMessage>((resolve) => w.on('response', resolve));
    assert.equal(res.statusCode, 200);
    await poll('seat free', () => level().executing === 0);
    assert.equal((await send(s.url, 'GET', CM, undefined, as('erin'))).status, 200);
    w.destroy();
  });

  it('the two limits must add up to something positive', async () => {
    assert.throws(
      () => new ApiServer({ backend: s.backend, log: silentLogger, limits: { maxRequestsInflight: 0, maxMutatingRequestsInflight: 0 } }),
      /invalid configuration: MaxRequestsInFlight=0 and MaxMutatingRequestsInFlight=0; they must add up to something positive/,
    );
    assert.throws(() => new ApiServer({ backend: s.backend, log: silentLogger, limits: { maxRequestsInflight: -1 } }), /--max-requests-inflight can not be negative value/);
  });
});

describe('max-in-flight (--enable-priority-and-fairness=false)', () => {
  let s: InProcessServer;
  before(async () => (s = await startInProcessServer({ limits: { enablePriorityAndFairness: false, maxRequestsInflight: 1, maxMutatingRequestsInflight: 1 } })));
  after(() => s.stop());

  it('a full mutating pool answers 429 at once, except to system:masters; reads have their own pool', async () => {
    const hold = slowPost(s.url, CM, as('alice'), configMap('held'));
    await poll('the mutating seat taken', () => s.server.limits.maxInFlight!.inFlight.mutating === 1);
    const rejected = await send(s.url, 'POST', CM, configMap('bob'), { ...json, ...as('bob') });
    assertTooMany(rejected);
    assert.equal(rejected.headers['x-kubernetes-pf-flowschema-uid'], undefined);
    assert.equal((await send(s.url, 'POST', CM, configMap('admin'), json)).status, 201);
    assert.equal((await send(s.url, 'GET', CM, undefined, as('bob'))).status, 200);
    hold.finish();
    assert.equal((await hold.answer).status, 201);
    assert.equal((await send(s.url, 'POST', CM, configMap('bob'), { ...json, ...as('bob') })).status, 201);
  });

  it('0 and 0 means no limit', async () => {
    const t = await startInProcessServer({ limits: { enablePriorityAndFairness: false, maxRequestsInflight: 0, maxMutatingRequestsInflight: 0 } });
    try {
      assert.equal(t.server.limits.maxInFlight, undefined);
      assert.equal((await send(t.url, 'GET', CM)).status, 200);
    } finally {
      await t.stop();
    }
  });
});

describe('request deadlines and the watch lifetime', () => {
  let s: InProcessServer;
  before(async () => (s = await startInProcessServer({ limits: { requestTimeoutMs: 1000 }, watch: { minRequestTimeoutSeconds: 1 } })));
  after(() => s.stop());

  it('Go durations parse as time.ParseDuration does', () => {
    assert.equal(parseGoDuration('1m0s'), 60_000);
    assert.equal(parseGoDuration('1.5h'), 5_400_000);
    assert.equal(parseGoDuration('300ms'), 300);
    assert.equal(parseGoDuration('0'), 0);
    assert.equal(parseGoDuration('-2s'), -2000);
    assert.throws(() => parseGoDuration('5'), /^Error: time: missing unit in duration "5"$/);
    assert.throws(() => parseGoDuration('5x'), /^Error: time: unknown unit "x" in duration "5x"$/);
    assert.throws(() => parseGoDuration('.s'), /^Error: time: invalid duration "\.s"$/);
    assert.throws(() => parseGoDuration(''), /^Error: time: invalid duration ""$/);
  });

  it('a malformed ?timeout= is a 400 naming the parse error', async () => {
    assertStatus(await send(s.url, 'GET', `${CM}?timeout=soon`), 400, 'BadRequest', 'invalid timeout specified in the request URL - time: invalid duration "soon"');
    assertStatus(await send(s.url, 'GET', `${CM}?timeout=5x`), 400, 'BadRequest', 'invalid timeout specified in the request URL - time: unknown unit "x" in duration "5x"');
    assert.equal((await send(s.url, 'GET', `${CM}?timeout=30s`)).status, 200);
  });

  it('a request past ?timeout= (shorter than --request-timeout) gets 504 Timeout', async () => {
    const hold = slowPost(`${s.url}`, `${CM}?timeout=100ms`, {}, configMap('late'));
    assertStatus(await hold.answer, 504, 'Timeout', 'Timeout: request did not complete within the allotted timeout');
    assert.deepEqual((await hold.answer).json.details, {});
    assert.equal((await send(s.url, 'GET', `${CM}/late`)).status, 404);
  });

  it('a request past --request-timeout gets 504; a watch is not cut by it', async () => {
    const w = http.get(`${s.url}${CM}?watch=true&timeoutSeconds=3`);
    const res = await new Promise<http.IncomingMessage>((resolve) => w.on('response', resolve));
    let events = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (events += c));
    const ended = new Promise<void>((resolve) => res.on('end', resolve));
    const hold = slowPost(s.url, CM, {}, configMap('slow'));
    assertStatus(await hold.answer, 504, 'Timeout');
    // The deadline (1 s) has passed for the watch too; it is still open and delivers.
    assert.equal((await send(s.url, 'POST', CM, configMap('after-deadline'), json)).status, 201);
    await poll('the event', () => events.includes('after-deadline'));
    await ended;
  });

  it('a watch without timeoutSeconds ends after 1–2 × --min-request-timeout', async () => {
    for (const q of ['', '&timeoutSeconds=0']) {
      const w = http.get(`${s.url}${CM}?watch=true${q}`);
      const res = await new Promise<http.IncomingMessage>((resolve) => w.on('response', resolve));
      assert.equal(res.statusCode, 200);
      res.resume();
      await new Promise<void>((resolve) => res.on('end', resolve));
    }
  });
});

describe('requests the HTTP parser refuses', () => {
  let s: InProcessServer;
  before(async () => (s = await startInProcessServer()));
  after(() => s.stop());

  it('a malformed request line gets a 400 Status and the connection closes', async () => {
    const r = statusOfRaw(await raw(s.url, 'GET /api v1 HTTP/1.1 nonsense\r\n\r\n'));
    assert.equal(r.code, 400);
    assert.equal(r.body.kind, 'Status');
    assert.equal(r.body.reason, 'BadRequest');
    assert.match(r.headers, /Connection: close/);
    const m = statusOfRaw(await raw(s.url, 'BR@KEN / HTTP/1.1\r\nHost: x\r\n\r\n'));
    assert.equal(m.code, 400);
    assert.equal(m.body.code, 400);
  });

  it('headers over 1 MiB get 431; 100 KiB of headers are served (Go allows 1 MiB, Node 16 KiB)', async () => {
    const big = statusOfRaw(await raw(s.url, `GET /version HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(1100 * 1024)}\r\n\r\n`));
    assert.equal(big.code, 431);
    assert.deepEqual([big.body.kind, big.body.reason, big.body.code], ['Status', 'RequestHeaderFieldsTooLarge', 431]);
    assert.equal((await send(s.url, 'GET', '/version', undefined, { 'X-Big': 'a'.repeat(100 * 1024) })).status, 200);
  });

  it('a request URI that is no URL gets a 400 Status', async () => {
    const r = statusOfRaw(await raw(s.url, 'GET http://[oops/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    assert.equal(r.code, 400);
    assert.equal(r.body.kind, 'Status');
  });

  it('the server has kube-apiserver\'s read-header timeout and header size limit', () => {
    const server = (s.server as unknown as { server: http.Server & { maxHeaderSize?: number } }).server;
    assert.equal(server.headersTimeout, 32_000);
    assert.equal(server.maxHeaderSize, 1 << 20);
  });
});
