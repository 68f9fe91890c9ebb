import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { CompactedError, prefixEnd, type Backend, type TxnResult, type WatchEvent } from '../src/storage/backend.js';
import { backendContract } from '../src/storage/contract.js';
import { openSqliteBackend, type Durability } from '../src/storage/sqlite/backend.js';

const root = mkdtempSync(join(tmpdir(), 'kubette-sqlite-'));
after(() => rmSync(root, { recursive: true, force: true }));
let seq = 0;
const freshPath = (): string => join(root, `db-${++seq}.sqlite`);
const v = (s: string): Buffer => Buffer.from(s);

function ok(r: TxnResult): Extract<TxnResult, { succeeded: true }> {
  assert.equal(r.succeeded, true);
  return r as Extract<TxnResult, { succeeded: true }>;
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function diskSize(path: string): number {
  const wal = `${path}-wal`;
  return statSync(path).size + (existsSync(wal) ? statSync(wal).size : 0);
}

backendContract('sqlite', () => openSqliteBackend(freshPath()));

describe('sqlite backend', { concurrency: true }, () => {
  it('reopens with its data, revision counter and compacted revision', async () => {
    const path = freshPath();
    let b: Backend = await openSqliteBackend(path);
    const a = ok(await b.create('/a', v('a1')));
    const a2 = ok(await b.update('/a', v('a2'), a.revision));
    const x = ok(await b.create('/x', v('x')));
    const xDel = ok(await b.delete('/x', x.revision));
    // The newest rows (x and its tombstone) are compacted away: the counter must not fall back.
    await b.compact(xDel.revision);
    await b.close();

    b = await openSqliteBackend(path);
    try {
      assert.equal(await b.currentRevision(), xDel.revision);
      assert.equal(await b.compactedRevision(), xDel.revision);
      await assert.rejects(b.get('/a', { revision: a2.revision }), CompactedError);
      const got = (await b.get('/a')).kv!;
      assert.deepEqual([got.value.toString(), got.modRevision, got.version, got.createRevision], [
        'a2',
        a2.revision,
        2,
        a.revision,
      ]);
      assert.equal((await b.get('/x')).kv, undefined);
      assert.equal(ok(await b.create('/y', v('y'))).revision, xDel.revision + 1);
    } finally {
      await b.close();
    }
  });

  for (const durability of ['process', 'power'] as Durability[]) {
    it(`keeps every acknowledged write across kill -9 (durability ${durability})`, async () => {
      const path = freshPath();
      const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'sqlite-writer.js');
      const child = spawn(process.execPath, [fixture, path, durability], { stdio: ['ignore', 'pipe', 'inherit'] });
      const acks: Array<{ rev: number; key: string; value: string }> = [];
      let buf = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const [rev, key, value] = buf.slice(0, nl).split(' ') as [string, string, string];
          acks.push({ rev: Number(rev), key, value });
          buf = buf.slice(nl + 1);
        }
        if (acks.length >= 1500 && child.exitCode === null) child.kill('SIGKILL');
      });
      const signal = await new Promise<string | null>((r) => child.on('exit', (_code, sig) => r(sig)));
      assert.equal(signal, 'SIGKILL', 'the writer was killed mid-stream, not finished');
      assert.ok(acks.length >= 1500);

      const b = await openSqliteBackend(path);
      try {
        const maxAck = Math.max(...acks.map((a) => a.rev));
        assert.ok((await b.currentRevision()) >= maxAck);
        for (const a of acks) {
          const kv = (await b.get(a.key, { revision: a.rev })).kv;
          assert.equal(kv?.modRevision, a.rev, `acknowledged ${a.key}@${a.rev} is present`);
          assert.equal(kv.value.toString(), a.value);
        }
        const next = ok(await b.create('/after-crash', v('x'))).revision;
        assert.ok(next > maxAck, `next revision ${next} is above every acknowledged one (${maxAck})`);
      } finally {
        await b.close();
      }
    });
  }

  it('stays small under churn with automatic compaction', async (t) => {
    const churn = async (compactIntervalMs: number): Promise<{ size: number; wal: number; compacted: number }> => {
      const path = freshPath();
      const b = await openSqliteBackend(path, { durability: 'process', compactIntervalMs });
      const value = Buffer.alloc(1000, 'v');
      const revs = await Promise.all(Array.from({ length: 50 }, (_, k) => b.create(`/churn/${k}`, value)));
      const last = revs.map((r) => r.revision);
      for (let round = 0; round < 400; round++) {
        const rs = await Promise.all(last.map((rev, k) => b.update(`/churn/${k}`, value, rev)));
        rs.forEach((r, k) => (last[k] = ok(r).revision));
        if (round % 20 === 0) await new Promise((r) => setTimeout(r, 2)); // let the compactor's timer run
      }
      await new Promise((r) => setTimeout(r, compactIntervalMs * 2 + 10));
      const out = { size: diskSize(path), wal: existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0, compacted: await b.compactedRevision() };
      assert.equal((await b.range('/churn/', prefixEnd('/churn/'))).count, 50);
      await b.close();
      return out;
    };
    const without = await churn(0);
    const withCompaction = await churn(15);
    t.diagnostic(`db+wal after 20k updates: ${without.size} B without compaction, ${withCompaction.size} B with (wal ${withCompaction.wal} B)`);
    assert.equal(without.compacted, 0);
    assert.ok(withCompaction.compacted > 15_000, `compacted up to ${withCompaction.compacted}`);
    assert.ok(
      withCompaction.size * 5 < without.size,
      `with compaction ${withCompaction.size} B vs without ${without.size} B`,
    );
    assert.ok(withCompaction.size < 4 * 1024 * 1024, `db+wal ${withCompaction.size} B stays bounded`);
  });

  it('rolls back a failing batch entirely and reuses none of its revisions', async () => {
    const path = freshPath();
    const b = await openSqliteBackend(path);
    try {
      const r0 = ok(await b.create('/ok', v('1'))).revision;
      // Another connection installs a trigger that makes one insert fail inside our transaction.
      const other = new Database(path);
      other.exec(`CREATE TRIGGER boom BEFORE INSERT ON log WHEN NEW.key = '/poison'
                  BEGIN SELECT RAISE(ABORT, 'poisoned'); END`);
      const w: WatchEvent[] = [];
      const watcher = b.watch('/', prefixEnd('/'), 0, { onEvents: (e) => w.push(...e), onError: () => {} });
      const batch = await Promise.allSettled([
        b.create('/a', v('a')),
        b.create('/poison', v('p')),
        b.create('/b', v('b')),
      ]);
      assert.deepEqual(batch.map((s) => s.status), ['rejected', 'rejected', 'rejected']);
      assert.equal(await b.currentRevision(), r0);
      assert.equal((await b.get('/a')).kv, undefined);
      other.exec('DROP TRIGGER boom');
      other.close();
      assert.equal(ok(await b.create('/a', v('a'))).revision, r0 + 1);
      await waitFor(() => w.length === 1, 'the event of the later write');
      assert.deepEqual(w.map((e) => e.kv.modRevision), [r0 + 1], 'no events from the rolled-back batch');
      watcher.cancel();
    } finally {
      await b.close();
    }
  });

  it('replays long histories in chunks, and ends a replay overtaken by compaction', async () => {
    const b = await openSqliteBackend(freshPath(), { durability: 'process' });
    try {
      const first = await b.currentRevision();
      await Promise.all(Array.from({ length: 9000 }, (_, i) => b.create(`/h/${i}`, v(`${i}`))));
      const events: WatchEvent[] = [];
      const errors: Error[] = [];
      b.watch('/h/', prefixEnd('/h/'), first + 1, { onEvents: (e) => events.push(...e), onError: (e) => errors.push(e) });
      await waitFor(() => events.length === 9000, 'full replay');
      assert.deepEqual(errors, []);
      assert.ok(events.every((e, i) => e.kv.modRevision === first + 1 + i));

      let error: Error | undefined;
      const slow: WatchEvent[] = [];
      b.watch('/h/', prefixEnd('/h/'), first + 1, { onEvents: (e) => slow.push(...e), onError: (e) => (error = e) });
      await b.compact(first + 5000); // lands while the replay is still in its first chunks
      await waitFor(() => error !== undefined, 'compacted error');
      assert.ok(error instanceof CompactedError);
      assert.ok(slow.length < 5000);
    } finally {
      await b.close();
    }
  });

  it('expires leases granted before a restart', async () => {
    const path = freshPath();
    let b = await openSqliteBackend(path, { leaseSweepMs: 100 });
    const lease = await b.grantLease(1);
    ok(await b.create('/lease/a', v('a'), { lease }));
    await b.close();
    b = await openSqliteBackend(path, { leaseSweepMs: 100 });
    try {
      const events: WatchEvent[] = [];
      b.watch('/lease/', prefixEnd('/lease/'), 0, { onEvents: (e) => events.push(...e), onError: () => {} });
      assert.equal((await b.get('/lease/a')).kv?.lease, lease);
      await waitFor(() => events.length === 1, 'expiry after restart', 3000);
      assert.deepEqual([events[0]!.type, events[0]!.kv.key], ['DELETE', '/lease/a']);
      await assert.rejects(b.create('/lease/b', v('b'), { lease }), /lease not found/);
    } finally {
      await b.close();
    }
  });

  it('close commits accepted writes, ends watchers and refuses further use', async () => {
    const path = freshPath();
    const b = await openSqliteBackend(path);
    let ended: Error | undefined;
    const events: WatchEvent[] = [];
    b.watch('/', prefixEnd('/'), 0, { onEvents: (e) => events.push(...e), onError: (e) => (ended = e) });
    const pending = b.create('/late', v('late'));
    await b.close();
    assert.equal(ok(await pending).revision, 2);
    await new Promise((r) => setTimeout(r, 10));
    assert.ok(ended, 'watcher was ended');
    assert.equal(events.length, 0, 'no events delivered after close');
    await assert.rejects(b.get('/late'), /closed/);
    await assert.rejects(b.create('/x', v('x')), /closed/);
    const again = await openSqliteBackend(path);
    assert.equal((await again.get('/late')).kv?.value.toString(), 'late');
    await again.close();
  });
});
