// The behaviour every Backend must show (etcd v3 semantics as kube-apiserver relies on them,
// storage-v125.md §1 and §5). A backend's test file calls backendContract() with a factory that
// opens a fresh, empty store; each test opens its own and closes it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CompactedError,
  FutureRevisionError,
  prefixEnd,
  type Backend,
  type TxnResult,
  type WatchEvent,
  type Watcher,
} from './backend.js';

const v = (s: string): Buffer => Buffer.from(s);

function ok(r: TxnResult): Extract<TxnResult, { succeeded: true }> {
  assert.equal(r.succeeded, true, 'write should succeed');
  return r as Extract<TxnResult, { succeeded: true }>;
}

function failed(r: TxnResult): Extract<TxnResult, { succeeded: false }> {
  assert.equal(r.succeeded, false, 'write should fail its compare');
  return r as Extract<TxnResult, { succeeded: false }>;
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const tick = (ms = 30): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Collector {
  events: WatchEvent[];
  calls: WatchEvent[][];
  error?: Error;
  watcher: Watcher;
}

function collect(b: Backend, key: string, end: string, start: number): Collector {
  const c = { events: [], calls: [] } as unknown as Collector;
  c.watcher = b.watch(key, end, start, {
    onEvents(evs) {
      c.calls.push(evs);
      c.events.push(...evs);
    },
    onError(err) {
      c.error = err;
    },
  });
  return c;
}

function text(b: Buffer | undefined): string | undefined {
  return b?.toString();
}

export function backendContract(name: string, open: () => Promise<Backend>): void {
  const withBackend = (fn: (b: Backend) => Promise<void>) => async () => {
    const b = await open();
    try {
      await fn(b);
    } finally {
      await b.close();
    }
  };

  describe(`storage contract: ${name}`, () => {
    it(
      'raises the revision by one per successful write and never for failed compares or reads',
      withBackend(async (b) => {
        const r0 = await b.currentRevision();
        assert.ok(r0 >= 1, 'a store starts at revision >= 1, never 0');
        const c = ok(await b.create('/a', v('1')));
        assert.equal(c.revision, r0 + 1);
        assert.equal(c.kv.modRevision, r0 + 1);
        const u = ok(await b.update('/a', v('2'), c.revision));
        assert.equal(u.revision, r0 + 2);
        assert.equal(failed(await b.create('/a', v('x'))).revision, r0 + 2);
        assert.equal(failed(await b.update('/a', v('x'), c.revision)).revision, r0 + 2);
        assert.equal(failed(await b.update('/missing', v('x'), 5)).revision, r0 + 2);
        assert.equal(failed(await b.delete('/a', c.revision)).revision, r0 + 2);
        assert.equal(failed(await b.delete('/missing')).revision, r0 + 2);
        assert.equal((await b.get('/a')).revision, r0 + 2);
        assert.equal((await b.range('/', prefixEnd('/'))).revision, r0 + 2);
        assert.equal(await b.currentRevision(), r0 + 2);
        assert.equal(ok(await b.delete('/a', u.revision)).revision, r0 + 3);
        assert.equal(await b.currentRevision(), r0 + 3);
      }),
    );

    it(
      'create fails on an existing key and returns its current state',
      withBackend(async (b) => {
        const c = ok(await b.create('/k', v('one')));
        const f = failed(await b.create('/k', v('two')));
        assert.equal(text(f.current?.value), 'one');
        assert.equal(f.current?.modRevision, c.revision);
        assert.equal(text((await b.get('/k')).kv?.value), 'one');
      }),
    );

    it(
      'update and delete compare the modRevision; a failure returns the current state',
      withBackend(async (b) => {
        const c = ok(await b.create('/k', v('1')));
        const u = ok(await b.update('/k', v('2'), c.revision));
        assert.equal(text(u.prevKv?.value), '1');
        assert.equal(u.prevKv?.modRevision, c.revision);
        assert.equal(text(u.kv.value), '2');

        const stale = failed(await b.update('/k', v('3'), c.revision));
        assert.equal(text(stale.current?.value), '2');
        assert.equal(stale.current?.modRevision, u.revision);
        assert.equal(failed(await b.update('/nope', v('3'), 0)).current, undefined);

        const staleDel = failed(await b.delete('/k', c.revision));
        assert.equal(staleDel.current?.modRevision, u.revision);
        const d = ok(await b.delete('/k', u.revision));
        assert.equal(text(d.kv.value), '2', 'delete returns the deleted state');
        assert.equal(d.kv.modRevision, u.revision);
        assert.equal((await b.get('/k')).kv, undefined);
        assert.equal(failed(await b.delete('/k')).current, undefined);
        assert.equal(failed(await b.update('/k', v('4'), u.revision)).current, undefined);

        ok(await b.create('/k2', v('x')));
        ok(await b.delete('/k2')); // no modRevision: unconditional
        assert.equal((await b.get('/k2')).kv, undefined);
      }),
    );

    it(
      'tracks version and createRevision across updates, delete and re-create',
      withBackend(async (b) => {
        const c = ok(await b.create('/k', v('1')));
        assert.deepEqual(
          [c.kv.version, c.kv.createRevision, c.kv.modRevision, c.kv.lease],
          [1, c.revision, c.revision, 0],
        );
        const u1 = ok(await b.update('/k', v('2'), c.revision));
        const u2 = ok(await b.update('/k', v('2'), u1.revision)); // same bytes still make a revision
        assert.equal(u2.revision, u1.revision + 1);
        assert.deepEqual([u2.kv.version, u2.kv.createRevision], [3, c.revision]);
        const got = (await b.get('/k')).kv!;
        assert.deepEqual([got.version, got.createRevision, got.modRevision], [3, c.revision, u2.revision]);
        ok(await b.delete('/k', u2.revision));
        const re = ok(await b.create('/k', v('new')));
        assert.deepEqual([re.kv.version, re.kv.createRevision, re.kv.modRevision], [1, re.revision, re.revision]);
        const again = (await b.get('/k')).kv!;
        assert.deepEqual([again.version, again.createRevision, text(again.value)], [1, re.revision, 'new']);
      }),
    );

    it(
      'ranges are sorted by key with limit, more and a true count',
      withBackend(async (b) => {
        for (const k of ['/r/c/1', '/r/b', '/q', '/r/a', '/r0', '/r/c']) ok(await b.create(k, v(k)));
        const rev = await b.currentRevision();
        const all = await b.range('/r/', prefixEnd('/r/'));
        assert.deepEqual(
          all.kvs.map((kv) => kv.key),
          ['/r/a', '/r/b', '/r/c', '/r/c/1'],
        );
        assert.deepEqual([all.count, all.more, all.revision], [4, false, rev]);
        assert.equal(text(all.kvs[1]!.value), '/r/b');

        const page = await b.range('/r/', prefixEnd('/r/'), { limit: 2 });
        assert.deepEqual(page.kvs.map((kv) => kv.key), ['/r/a', '/r/b']);
        assert.deepEqual([page.count, page.more], [4, true]);
        const exact = await b.range('/r/', prefixEnd('/r/'), { limit: 4 });
        assert.deepEqual([exact.kvs.length, exact.more, exact.count], [4, false, 4]);

        // A continue key is the last key + "\0": it must exclude that key.
        const next = await b.range('/r/b\0', prefixEnd('/r/'), { limit: 2 });
        assert.deepEqual(next.kvs.map((kv) => kv.key), ['/r/c', '/r/c/1']);
        assert.deepEqual([next.count, next.more], [2, false]);

        const half = await b.range('/r/b', '/r/c/1');
        assert.deepEqual(half.kvs.map((kv) => kv.key), ['/r/b', '/r/c']);
        const single = await b.range('/r/a', '');
        assert.deepEqual(single.kvs.map((kv) => kv.key), ['/r/a']);
        const from = await b.range('/r/', '\0');
        assert.deepEqual(from.kvs.map((kv) => kv.key), ['/r/a', '/r/b', '/r/c', '/r/c/1', '/r0']);
        const counted = await b.range('/r/', prefixEnd('/r/'), { countOnly: true });
        assert.deepEqual([counted.kvs.length, counted.count], [0, 4]);
        assert.equal((await b.range('/zzz/', prefixEnd('/zzz/'))).count, 0);
      }),
    );

    it(
      'reads at a past revision see that snapshot',
      withBackend(async (b) => {
        const a1 = ok(await b.create('/p/a', v('a1')));
        const b1 = ok(await b.create('/p/b', v('b1')));
        const a2 = ok(await b.update('/p/a', v('a2'), a1.revision));
        const bDel = ok(await b.delete('/p/b', b1.revision));
        const c1 = ok(await b.create('/p/c', v('c1')));
        const end = prefixEnd('/p/');

        assert.equal(text((await b.get('/p/a', { revision: a1.revision })).kv?.value), 'a1');
        assert.equal(text((await b.get('/p/a', { revision: bDel.revision })).kv?.value), 'a2');
        assert.equal((await b.get('/p/b', { revision: b1.revision })).kv?.modRevision, b1.revision);
        assert.equal((await b.get('/p/b', { revision: bDel.revision })).kv, undefined);
        assert.equal((await b.get('/p/c', { revision: bDel.revision })).kv, undefined);

        const atB1 = await b.range('/p/', end, { revision: b1.revision });
        assert.deepEqual(atB1.kvs.map((kv) => [kv.key, text(kv.value)]), [['/p/a', 'a1'], ['/p/b', 'b1']]);
        assert.equal(atB1.revision, c1.revision, 'header revision is the current one');
        const limited = await b.range('/p/', end, { revision: b1.revision, limit: 1 });
        assert.deepEqual([limited.kvs.map((kv) => kv.key), limited.more, limited.count], [['/p/a'], true, 2]);
        const counted = await b.range('/p/', end, { revision: b1.revision, countOnly: true });
        assert.deepEqual([counted.kvs.length, counted.count], [0, 2]);
        const atDel = await b.range('/p/', end, { revision: bDel.revision });
        assert.deepEqual(atDel.kvs.map((kv) => [kv.key, kv.modRevision, kv.version]), [['/p/a', a2.revision, 2]]);
        const now = await b.range('/p/', end, { revision: c1.revision });
        assert.deepEqual(now.kvs.map((kv) => kv.key), ['/p/a', '/p/c']);
      }),
    );

    it(
      'rejects a future revision with FutureRevisionError',
      withBackend(async (b) => {
        ok(await b.create('/f', v('1')));
        const rev = await b.currentRevision();
        await assert.rejects(b.get('/f', { revision: rev + 1 }), FutureRevisionError);
        await assert.rejects(b.range('/', prefixEnd('/'), { revision: rev + 5 }), FutureRevisionError);
        await assert.rejects(b.compact(rev + 1), FutureRevisionError);
      }),
    );

    it(
      'compaction: older reads and watches fail with CompactedError, reading at it still works',
      withBackend(async (b) => {
        const a = ok(await b.create('/c/a', v('a1')));
        let aRev = a.revision;
        for (let i = 2; i <= 5; i++) aRev = ok(await b.update('/c/a', v(`a${i}`), aRev)).revision;
        const gone = ok(await b.create('/c/gone', v('g')));
        ok(await b.delete('/c/gone', gone.revision));
        const mid = ok(await b.create('/c/b', v('b1'))).revision;
        const after = ok(await b.update('/c/a', v('a6'), aRev)); // its prevKv (a5) is at/below mid
        const bDel = ok(await b.delete('/c/b'));

        await b.compact(mid);
        assert.equal(await b.compactedRevision(), mid);
        await assert.rejects(b.get('/c/a', { revision: mid - 1 }), CompactedError);
        await assert.rejects(b.range('/c/', prefixEnd('/c/'), { revision: a.revision }), CompactedError);
        const atMid = await b.range('/c/', prefixEnd('/c/'), { revision: mid });
        assert.deepEqual(atMid.kvs.map((kv) => [kv.key, text(kv.value)]), [['/c/a', 'a5'], ['/c/b', 'b1']]);
        assert.equal(text((await b.get('/c/a')).kv?.value), 'a6');
        assert.equal((await b.get('/c/gone')).kv, undefined);
        await assert.rejects(b.compact(mid), CompactedError);

        for (const start of [a.revision, mid]) {
          const w = collect(b, '/c/', prefixEnd('/c/'), start);
          await waitFor(() => w.error !== undefined, 'compacted watch error');
          assert.ok(w.error instanceof CompactedError, `watch from ${start} must fail compacted`);
          assert.equal(w.events.length, 0);
        }
        const w = collect(b, '/c/', prefixEnd('/c/'), mid + 1);
        await waitFor(() => w.events.length === 2, 'replay after compaction');
        w.watcher.cancel();
        assert.equal(w.error, undefined);
        assert.deepEqual(
          w.events.map((e) => [e.type, e.kv.modRevision, text(e.prevKv?.value)]),
          [
            ['PUT', after.revision, 'a5'],
            ['DELETE', bDel.revision, 'b1'],
          ],
        );
      }),
    );

    it(
      'watch from a past revision replays history, then streams, ordered, with prevKv and no gaps',
      withBackend(async (b) => {
        const results: TxnResult[] = [];
        const lastRev = new Map<string, number>();
        const write = async (i: number): Promise<void> => {
          const key = `/w/k${i % 17}`;
          ok(await b.create(`/other/${i}`, v('noise'))); // outside the watched prefix
          const rev = lastRev.get(key);
          const del = rev !== undefined && i % 5 === 0;
          const r =
            rev === undefined
              ? await b.create(key, v(`${i}`))
              : del
                ? await b.delete(key, rev)
                : await b.update(key, v(`${i}`), rev);
          results.push(ok(r));
          if (del) lastRev.delete(key);
          else lastRev.set(key, r.revision);
        };
        for (let i = 0; i < 60; i++) await write(i);
        const start = results[10]!.revision;
        // Writes keep landing while the watch replays: no gap, no duplicate at the seam.
        const stream = (async () => {
          for (let i = 60; i < 160; i++) await write(i);
        })();
        const w = collect(b, '/w/', prefixEnd('/w/'), start);
        await stream;
        const want = results.filter((r) => r.revision >= start).map((r) => r.revision);
        await waitFor(() => w.events.length >= want.length, 'all watch events');
        await tick();
        assert.equal(w.error, undefined);
        assert.deepEqual(
          w.events.map((e) => e.kv.modRevision),
          want,
        );
        // prevKv: every update and delete carries the previous value; creations carry none.
        const seen = new Map<string, string>();
        for (const r of results) {
          if (r.revision >= start || !r.succeeded) continue;
          // A delete's kv is the deleted state, so its modRevision is older than the write's revision.
          if (r.kv.modRevision !== r.revision) seen.delete(r.kv.key);
          else seen.set(r.kv.key, text(r.kv.value)!);
        }
        for (const e of w.events) {
          assert.ok(e.kv.key.startsWith('/w/'));
          assert.equal(text(e.prevKv?.value), seen.get(e.kv.key), `prevKv of ${e.type} ${e.kv.key}@${e.kv.modRevision}`);
          if (e.type === 'PUT') {
            seen.set(e.kv.key, text(e.kv.value)!);
            assert.equal(e.kv.version === 1, e.prevKv === undefined);
          } else {
            seen.delete(e.kv.key);
            assert.equal(e.kv.value.length, 0);
          }
        }
        w.watcher.cancel();
        const count = w.events.length;
        ok(await b.create('/w/after-cancel', v('x')));
        await tick();
        assert.equal(w.events.length, count, 'a cancelled watch gets nothing more');
      }),
    );

    it(
      'watch from 0 sees only events after it started, for its range only',
      withBackend(async (b) => {
        ok(await b.create('/z/old', v('old')));
        const w = collect(b, '/z/', prefixEnd('/z/'), 0);
        const single = collect(b, '/z/new', '', 0);
        const c = ok(await b.create('/z/new', v('new')));
        ok(await b.create('/y/elsewhere', v('e')));
        const u = ok(await b.update('/z/old', v('old2'), c.revision - 1));
        await waitFor(() => w.events.length >= 2 && single.events.length >= 1, 'live events');
        await tick();
        assert.deepEqual(
          w.events.map((e) => [e.type, e.kv.key, e.kv.modRevision, text(e.prevKv?.value)]),
          [
            ['PUT', '/z/new', c.revision, undefined],
            ['PUT', '/z/old', u.revision, 'old'],
          ],
        );
        assert.deepEqual(single.events.map((e) => e.kv.key), ['/z/new']);
        w.watcher.cancel();
        single.watcher.cancel();
      }),
    );

    it(
      'a throwing or cancelled watcher does not disturb other watchers or writers',
      withBackend(async (b) => {
        const thrower = b.watch('/t/', prefixEnd('/t/'), 0, {
          onEvents() {
            throw new Error('handler bug');
          },
          onError(err) {
            errors.push(err);
          },
        });
        const errors: Error[] = [];
        const good = collect(b, '/t/', prefixEnd('/t/'), 0);
        const cancelled = collect(b, '/t/', prefixEnd('/t/'), 0);
        cancelled.watcher.cancel();
        const revs: number[] = [];
        for (let i = 0; i < 5; i++) revs.push(ok(await b.create(`/t/${i}`, v('x'))).revision);
        await waitFor(() => good.events.length === 5, 'good watcher events');
        await tick();
        assert.deepEqual(good.events.map((e) => e.kv.modRevision), revs);
        assert.equal(cancelled.events.length, 0);
        assert.equal(errors.length, 1, 'a throwing handler ends its own watch with one error');
        thrower.cancel();
        good.watcher.cancel();
      }),
    );

    it(
      'commits 2000 concurrent creates and updates with distinct contiguous revisions',
      withBackend(async (b) => {
        const n = 2000;
        const r0 = await b.currentRevision();
        const w = collect(b, '/bulk/', prefixEnd('/bulk/'), 0);
        const created = (
          await Promise.all(Array.from({ length: n }, (_, i) => b.create(`/bulk/${i}`, v(`c${i}`))))
        ).map(ok);
        const revs = created.map((r) => r.revision).sort((x, y) => x - y);
        assert.deepEqual(revs, Array.from({ length: n }, (_, i) => r0 + 1 + i));
        const updated = (
          await Promise.all(created.map((c, i) => b.update(`/bulk/${i}`, v(`u${i}`), c.revision)))
        ).map(ok);
        const urevs = updated.map((r) => r.revision).sort((x, y) => x - y);
        assert.deepEqual(urevs, Array.from({ length: n }, (_, i) => r0 + n + 1 + i));
        const all = await b.range('/bulk/', prefixEnd('/bulk/'), { limit: 10 });
        assert.deepEqual([all.count, all.revision], [n, r0 + 2 * n]);
        assert.equal(text((await b.get('/bulk/7')).kv?.value), 'u7');

        // Racing updates on one key from the same modRevision: exactly one wins.
        const base = updated[0]!;
        const race = await Promise.all(
          Array.from({ length: 50 }, (_, i) => b.update(base.kv.key, v(`race${i}`), base.revision)),
        );
        assert.equal(race.filter((r) => r.succeeded).length, 1);
        assert.equal(await b.currentRevision(), r0 + 2 * n + 1);
        // Every write of those big batches reaches a watcher, in revision order.
        await waitFor(() => w.events.length >= 2 * n + 1, 'bulk watch events');
        assert.deepEqual(
          w.events.map((e) => e.kv.modRevision),
          Array.from({ length: 2 * n + 1 }, (_, i) => r0 + 1 + i),
        );
        w.watcher.cancel();
      }),
    );

    it(
      'deletes a leased key with a DELETE event when its lease expires',
      withBackend(async (b) => {
        const lease = await b.grantLease(1);
        assert.ok(lease !== 0);
        await assert.rejects(b.create('/l/bad', v('x'), { lease: lease + 987654 }), /lease not found/);
        const w = collect(b, '/l/', prefixEnd('/l/'), 0);
        const leased = ok(await b.create('/l/a', v('a'), { lease }));
        assert.equal(leased.kv.lease, lease);
        assert.equal((await b.get('/l/a')).kv?.lease, lease);
        const plain = ok(await b.create('/l/b', v('b')));
        const before = await b.currentRevision();
        const t0 = Date.now();
        await waitFor(() => w.events.some((e) => e.type === 'DELETE'), 'lease expiry', 4000);
        assert.ok(Date.now() - t0 >= 500, 'not expired long before its TTL');
        const del = w.events.find((e) => e.type === 'DELETE')!;
        assert.equal(del.kv.key, '/l/a');
        assert.equal(del.kv.modRevision, before + 1);
        assert.equal(text(del.prevKv?.value), 'a');
        assert.equal((await b.get('/l/a')).kv, undefined);
        assert.equal((await b.get('/l/b')).kv?.modRevision, plain.revision);
        assert.equal(await b.currentRevision(), before + 1);
        w.watcher.cancel();
      }),
    );
  });
}
