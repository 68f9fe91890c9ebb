// The audit log backend: JSON lines rotated by size as lumberjack rotates kube-apiserver's audit log
// (backup names, maxbackup, maxage, whole lines only), nothing lost on close, the legacy format,
// admission's annotations in the events, and `kubette up` refusing bad audit flags and policies.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { auditLogSink, backupName, RotatingFile, type AuditEvent, type AuditSink } from '../src/apiserver/audit/index.js';
import { legacyLine } from '../src/apiserver/audit/sink.js';
import { ApiServer } from '../src/apiserver/server.js';
import { silentLogger } from '../src/machinery/log.js';
import type { Backend } from '../src/storage/backend.js';
import { openSqliteBackend } from '../src/storage/sqlite/backend.js';
import { kubetteBin } from './helpers/cluster.js';

const ROTATED_AT = new Date('2026-12-07T14:20:00.000Z');
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubette-audit-log-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** An in-process server auditing every request at Metadata into `sink`. */
async function withServer(sink: AuditSink, fn: (url: string) => Promise<void>): Promise<void> {
  const backend: Backend = await openSqliteBackend(join(mkdtempSync(join(dir, 'db-')), 'state.db'), { durability: 'process' });
  const server = new ApiServer({ backend, log: silentLogger, audit: sink });
  const addr = await server.listen(0, '127.0.0.1');
  try {
    await fn(`http://127.0.0.1:${addr.port}`);
  } finally {
    await server.close();
    await sink.close();
    await backend.close();
  }
}

/** Every line of every file in `logDir`: each must be a whole audit event. */
function readEvents(logDir: string): Map<string, AuditEvent[]> {
  const out = new Map<string, AuditEvent[]>();
  for (const name of readdirSync(logDir).sort()) {
    const text = readFileSync(join(logDir, name), 'utf8');
    assert.ok(text === '' || text.endsWith('\n'), `${name} ends with a whole line`);
    out.set(
      name,
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const e = JSON.parse(l) as AuditEvent;
          assert.equal(e.kind, 'Event');
          assert.equal(e.apiVersion, 'audit.k8s.io/v1');
          return e;
        }),
    );
  }
  return out;
}

describe('audit log rotation', () => {
  it('rotates by size into lumberjack-named backups, keeping every event whole and none lost', async () => {
    const logDir = join(dir, 'all');
    const maxBytes = 4096;
    const sink = auditLogSink(join(logDir, 'audit.log'), { maxBytes, now: () => ROTATED_AT });
    const ids: string[] = [];
    await withServer(sink, async (url) => {
      // Concurrent requests: events of many requests queue up together.
      for (let round = 0; round < 6; round++) {
        const rs = await Promise.all(Array.from({ length: 10 }, (_, i) => fetch(`${url}/version?round=${round}&i=${i}`)));
        for (const r of rs) {
          assert.equal(r.status, 200);
          ids.push(r.headers.get('audit-id')!);
          await r.text();
        }
      }
    });
    // close() has written everything: no waiting.
    const files = readEvents(logDir);
    const names = [...files.keys()];
    assert.ok(names.includes('audit.log'));
    const backups = names.filter((n) => n !== 'audit.log');
    assert.ok(backups.length >= 3, `rotated several times: ${names.join(' ')}`);
    // Rotations within one millisecond of each other take the next free millisecond.
    assert.deepEqual(
      backups,
      backups.map((_, i) => `audit-2026-12-07T14-20-00.${String(i).padStart(3, '0')}.log`),
    );
    for (const n of names) assert.ok(statSync(join(logDir, n)).size <= maxBytes, `${n} is within --audit-log-maxsize`);
    const logged = [...files.values()].flat().map((e) => e.auditID);
    assert.equal(logged.length, ids.length, 'one event per request');
    assert.deepEqual(new Set(logged), new Set(ids));
  });

  it('keeps at most maxBackups backups, the newest, and removes backups older than maxAge days', async () => {
    const logDir = join(dir, 'kept');
    mkdirSync(logDir);
    const path = join(logDir, 'audit.log');
    const ancient = backupName(path, new Date(ROTATED_AT.getTime() - 40 * 24 * 3600_000));
    writeFileSync(ancient, '{}\n');
    writeFileSync(join(logDir, 'audit-notes.log'), 'not a backup\n');
    const file = new RotatingFile(path, { maxBytes: 100, maxBackups: 2, maxAgeDays: 30, now: () => ROTATED_AT });
    for (let i = 0; i < 20; i++) file.write(`${JSON.stringify({ line: i, pad: 'x'.repeat(20) })}\n`);
    await file.close();
    const backups = readdirSync(logDir).filter((n) => /^audit-\d{4}-/.test(n)).sort();
    assert.equal(backups.length, 2, `maxBackups=2: ${backups.join(' ')}`);
    assert.ok(!existsSync(ancient), 'the 40-day-old backup is gone');
    assert.ok(existsSync(join(logDir, 'audit-notes.log')), 'files that are not backups stay');
    // The newest lines are in audit.log, and the two backups hold the lines just before them.
    const lines = (n: string) => readFileSync(join(logDir, n), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).line as number);
    const current = lines('audit.log');
    assert.equal(current[current.length - 1], 19);
    const kept = [...lines(backups[0]!), ...lines(backups[1]!), ...current];
    assert.deepEqual(kept, Array.from({ length: kept.length }, (_, i) => 20 - kept.length + i), 'the newest backups, in order');
  });

  it('drops a line longer than maxsize with lumberjack’s error, and appends to an existing file', async () => {
    const path = join(dir, 'big', 'audit.log');
    const errors: string[] = [];
    let file = new RotatingFile(path, { maxBytes: 100, onError: (e) => errors.push(e.message) });
    file.write('x'.repeat(199) + '\n');
    file.write('small\n');
    await file.close();
    assert.deepEqual(errors, ['write length 200 exceeds maximum file size 100']);
    file = new RotatingFile(path, { maxBytes: 100 });
    file.write('again\n');
    await file.close();
    assert.equal(readFileSync(path, 'utf8'), 'small\nagain\n');
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });
});

describe('audit events', () => {
  it('carry PodSecurity’s audit annotations for a pod violating the namespace’s audit level', async () => {
    const logDir = join(dir, 'psa');
    const sink = auditLogSink(join(logDir, 'audit.log'));
    let podID = '';
    await withServer(sink, async (url) => {
      const post = (path: string, body: unknown) => fetch(url + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const ns = await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'psa', labels: { 'pod-security.kubernetes.io/audit': 'restricted' } } });
      assert.equal(ns.status, 201, await ns.text());
      const pod = await post('/api/v1/namespaces/psa/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
      assert.equal(pod.status, 201, await pod.text());
      podID = pod.headers.get('audit-id')!;
    });
    const event = [...readEvents(logDir).values()].flat().find((e) => e.auditID === podID);
    assert.ok(event, 'the create is audited');
    assert.equal(event.annotations?.['pod-security.kubernetes.io/enforce-policy'], 'privileged:latest');
    assert.match(event.annotations?.['pod-security.kubernetes.io/audit-violations'] ?? '', /^would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
    assert.equal(event.annotations?.['authorization.k8s.io/decision'], 'allow');
  });

  it('write the legacy one-line format', () => {
    const e: AuditEvent = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: 'id-1',
      stage: 'ResponseComplete',
      requestURI: '/api/v1/namespaces/default/pods',
      verb: 'list',
      user: { username: 'alice', groups: ['g1', 'system:authenticated'] },
      impersonatedUser: { username: 'bob', groups: ['dev'] },
      sourceIPs: ['10.0.0.1'],
      userAgent: 'kubectl/v1.25.0',
      objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
      responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: '2026-12-07T14:00:00.123000Z',
      stageTimestamp: '2026-12-07T14:00:00.125000Z',
    };
    assert.equal(
      legacyLine(e),
      '2026-12-07T14:00:00.123Z AUDIT: id="id-1" stage="ResponseComplete" ip="10.0.0.1" method="list" user="alice" groups="\\"g1\\",\\"system:authenticated\\"" ' +
        'as="bob" asgroups="\\"dev\\"" user-agent="kubectl/v1.25.0" namespace="default" uri="/api/v1/namespaces/default/pods" response="200"',
    );
    assert.match(legacyLine({ ...e, user: {}, impersonatedUser: undefined, responseStatus: undefined, objectRef: undefined }), /user="<none>" groups="<none>" as="<self>" asgroups="<lookup>" .* namespace="<none>" .* response="<deferred>"$/);
  });
});

describe('kubette up audit flags', () => {
  const run = promisify(execFile);
  const up = async (...args: string[]) => {
    try {
      const r = await run(process.execPath, [kubetteBin, 'up', '--data-dir', join(dir, 'up'), '--port', '0', ...args], { timeout: 20_000 });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('refuses to start with an invalid policy file, naming the field', async () => {
    const policy = join(dir, 'bad-policy.yaml');
    writeFileSync(policy, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Loud\n');
    const r = await up('--audit-policy-file', policy);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `error: loading audit policy file: rules[0].level: Unsupported value: "Loud": supported values: "None", "Metadata", "Request", "RequestResponse": from file ${policy}\n`);
  });

  it('refuses negative sizes and unknown formats as kube-apiserver validates them', async () => {
    const r = await up('--audit-log-path', join(dir, 'up-audit.log'), '--audit-log-maxsize=-1', '--audit-log-format', 'xml');
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: [invalid audit log format xml, allowed formats are "legacy,json", --audit-log-maxsize -1 can\'t be a negative number]\n');
  });

  it('documents the flags', async () => {
    const r = await up('--help');
    assert.equal(r.code, 0);
    for (const flag of ['--audit-policy-file', '--audit-log-path', '--audit-log-maxage', '--audit-log-maxbackup', '--audit-log-maxsize', '--audit-log-format', '--enable-logs-handler'])
      assert.ok(r.stdout.includes(flag), `${flag} in --help`);
  });
});
