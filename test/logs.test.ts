// /logs (kube-apiserver's --enable-logs-handler) on a real in-process ApiServer: not found unless
// enabled; when enabled, the directory listed and its files served as Go's http.ServeFile serves
// them, nothing outside it reachable, and only for users authorized for the path.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiServer } from '../src/apiserver/server.js';
import type { Authorizer, RuleResolver } from '../src/api/authorization.js';
import { alwaysAllow } from '../src/api/authorization.js';
import { silentLogger } from '../src/machinery/log.js';
import type { Backend } from '../src/storage/backend.js';
import { openSqliteBackend } from '../src/storage/sqlite/backend.js';

let dir: string;
const servers: { server: ApiServer; backend: Backend }[] = [];

async function start(logsDir?: string, authorizer?: Authorizer & RuleResolver): Promise<string> {
  const backend = await openSqliteBackend(join(mkdtempSync(join(dir, 'db-')), 'state.db'), { durability: 'process' });
  const server = new ApiServer({ backend, log: silentLogger, logsDir, authorizer });
  servers.push({ server, backend });
  const addr = await server.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${addr.port}`;
}

/** A request with the path sent exactly as written (fetch would normalize `..`). */
function raw(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url + path, { method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.path = path;
    req.on('error', reject);
    req.end();
  });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubette-logs-'));
});
after(async () => {
  for (const { server, backend } of servers) {
    await server.close();
    await backend.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('/logs without --enable-logs-handler', () => {
  it('is not found, as any unknown path', async () => {
    const url = await start();
    for (const path of ['/logs', '/logs/', '/logs/kubette.log']) {
      const r = await fetch(url + path, { headers: { Accept: 'application/json' } });
      assert.equal(r.status, 404, path);
      const status = (await r.json()) as Record<string, unknown>;
      assert.deepEqual([status['kind'], status['reason'], status['message']], ['Status', 'NotFound', 'the server could not find the requested resource'], path);
    }
  });
});

describe('/logs with --enable-logs-handler', () => {
  let url: string;
  const SECRET = 'top secret outside the logs directory';

  before(async () => {
    const data = join(dir, 'data');
    const logs = join(data, 'logs');
    mkdirSync(join(logs, 'sub'), { recursive: true });
    writeFileSync(join(logs, 'kubette.log'), 'line one\nline two\n');
    writeFileSync(join(logs, 'sub', 'old <1>.log'), 'old\n');
    writeFileSync(join(data, 'secret.txt'), SECRET);
    symlinkSync(join(logs, 'kubette.log'), join(logs, 'current.log'));
    symlinkSync(join(data, 'secret.txt'), join(logs, 'escape.log'));
    // Alice may use the API but was never granted the /logs path.
    const authorizer: Authorizer & RuleResolver = {
      authorize: (a) => (a.user.username === 'alice' && a.path.startsWith('/logs') ? { decision: 'NoOpinion', reason: '' } : { decision: 'Allow', reason: '' }),
      rulesFor: alwaysAllow.rulesFor,
    };
    url = await start(logs, authorizer);
  });

  it('lists the directory as http.FileServer does, redirecting to the slashed URL', async () => {
    const moved = await fetch(`${url}/logs`, { redirect: 'manual' });
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.get('location'), 'logs/');
    const r = await fetch(`${url}/logs/`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.ok(r.headers.get('last-modified'));
    assert.equal(
      await r.text(),
      '<pre>\n<a href="current.log">current.log</a>\n<a href="escape.log">escape.log</a>\n<a href="kubette.log">kubette.log</a>\n<a href="sub/">sub/</a>\n</pre>\n',
    );
    const sub = await fetch(`${url}/logs/sub/`);
    assert.equal(await sub.text(), '<pre>\n<a href="old%20%3C1%3E.log">old &lt;1&gt;.log</a>\n</pre>\n');
  });

  it('serves files as text/plain, with ranges, HEAD and If-Modified-Since', async () => {
    const r = await fetch(`${url}/logs/kubette.log`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(r.headers.get('accept-ranges'), 'bytes');
    assert.equal(await r.text(), 'line one\nline two\n');
    const lastModified = r.headers.get('last-modified')!;
    assert.equal((await fetch(`${url}/logs/kubette.log`, { headers: { 'If-Modified-Since': lastModified } })).status, 304);
    const part = await fetch(`${url}/logs/kubette.log`, { headers: { Range: 'bytes=5-7' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), 'bytes 5-7/18');
    assert.equal(await part.text(), 'one');
    const head = await fetch(`${url}/logs/kubette.log`, { method: 'HEAD' });
    assert.equal(head.headers.get('content-length'), '18');
    assert.equal(await head.text(), '');
    assert.equal(await (await fetch(`${url}/logs/current.log`)).text(), 'line one\nline two\n', 'a symlink within the directory is followed');
    assert.equal(await (await fetch(`${url}/logs/sub/old%20%3C1%3E.log`)).text(), 'old\n');
  });

  it('refuses anything outside the directory: .. in the path, symlinks out of it, missing files', async () => {
    for (const path of ['/logs/escape.log', '/logs/..%2fsecret.txt', '/logs/sub/..%2f..%2fsecret.txt', '/logs/../secret.txt', '/logs/%2e%2e/secret.txt', '/logs/missing.log']) {
      const r = await raw(url, path);
      assert.equal(r.status, 404, path);
      assert.ok(!r.body.includes(SECRET), path);
    }
    assert.equal((await raw(url, '/logs/escape.log')).body, '404 page not found\n');
  });

  it('is served only to users authorized for the path', async () => {
    const r = await fetch(`${url}/logs/kubette.log`, { headers: { 'Impersonate-User': 'alice', Accept: 'application/json' } });
    assert.equal(r.status, 403);
    const status = (await r.json()) as { message: string };
    assert.equal(status.message, 'forbidden: User "alice" cannot get path "/logs/kubette.log"');
  });
});
