// Applying one write inside the writer's open transaction. Every successful key write appends one
// log row at the next revision and moves the key's `current` pointer; the compare-and-swap is a plain
// read of `current`, which is safe because this connection is the only writer.
import type Database from 'better-sqlite3';
import type { KeyValue, TxnResult, WatchEvent } from '../backend.js';
import { LOG_COLUMNS, toKv, tombstoneKv, type LogRow } from './rows.js';

export type WriteOp =
  | { kind: 'create'; key: string; value: Buffer; lease: number }
  | { kind: 'update'; key: string; value: Buffer; modRevision: number; lease: number }
  /** modRevision undefined = unconditional (used by lease expiry). */
  | { kind: 'delete'; key: string; modRevision?: number }
  | { kind: 'grant'; ttlSeconds: number }
  | { kind: 'expire'; lease: number };

/** A per-op outcome: a rejected op (bad lease) must not abort the others in its batch. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: Error };

const EMPTY = Buffer.alloc(0);

export class LogWriter {
  private readonly getCurrent: Database.Statement<[string], LogRow>;
  private readonly insertLog: Database.Statement;
  private readonly upsertCurrent: Database.Statement;
  private readonly deleteCurrent: Database.Statement;
  private readonly leaseExists: Database.Statement<[number], number>;
  private readonly insertLease: Database.Statement;
  private readonly leaseKeys: Database.Statement<[number], string>;
  private readonly deleteLease: Database.Statement;
  private readonly setMeta: Database.Statement;

  constructor(
    db: Database.Database,
    /** The last revision used; advanced here, restored by the caller if the transaction rolls back. */
    public rev: number,
    private readonly now: () => number,
  ) {
    this.getCurrent = db.prepare(
      `SELECT ${LOG_COLUMNS} FROM current c JOIN log l ON l.rev = c.rev WHERE c.key = ?`,
    );
    this.insertLog = db.prepare(
      'INSERT INTO log (rev, key, create_rev, version, deleted, prev_rev, lease, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.upsertCurrent = db.prepare(
      'INSERT INTO current (key, rev, lease) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET rev = excluded.rev, lease = excluded.lease',
    );
    this.deleteCurrent = db.prepare('DELETE FROM current WHERE key = ?');
    this.leaseExists = db.prepare<[number], number>('SELECT 1 FROM leases WHERE id = ?').pluck();
    this.insertLease = db.prepare('INSERT INTO leases (ttl, expires_at) VALUES (?, ?)');
    this.leaseKeys = db.prepare<[number], string>('SELECT key FROM current WHERE lease = ? ORDER BY key').pluck();
    this.deleteLease = db.prepare('DELETE FROM leases WHERE id = ?');
    this.setMeta = db.prepare(
      'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    );
  }

  apply(op: WriteOp, events: WatchEvent[]): Outcome {
    switch (op.kind) {
      case 'create':
        return this.checkLease(op.lease) ?? { ok: true, value: this.create(op.key, op.value, op.lease, events) };
      case 'update':
        return (
          this.checkLease(op.lease) ?? {
            ok: true,
            value: this.update(op.key, op.value, op.modRevision, op.lease, events),
          }
        );
      case 'delete':
        return { ok: true, value: this.delete(op.key, op.modRevision, events) };
      case 'grant': {
        const info = this.insertLease.run(op.ttlSeconds, this.now() + op.ttlSeconds * 1000);
        return { ok: true, value: Number(info.lastInsertRowid) };
      }
      case 'expire': {
        // Each attached key goes as an ordinary delete at its own revision, as etcd does.
        for (const key of this.leaseKeys.all(op.lease)) this.delete(key, undefined, events);
        this.deleteLease.run(op.lease);
        return { ok: true, value: undefined };
      }
    }
  }

  /** Persist the counter with the batch: it must never go back even if its newest rows get compacted. */
  persistRevision(): void {
    this.setMeta.run('revision', this.rev);
  }

  setMetaValue(name: string, value: number): void {
    this.setMeta.run(name, value);
  }

  private checkLease(lease: number): Outcome | undefined {
    if (lease === 0 || this.leaseExists.get(lease) !== undefined) return undefined;
    return { ok: false, error: new Error('etcdserver: requested lease not found') };
  }

  private create(key: string, value: Buffer, lease: number, events: WatchEvent[]): TxnResult {
    const cur = this.getCurrent.get(key);
    if (cur) return { succeeded: false, revision: this.rev, current: toKv(cur) };
    const rev = ++this.rev;
    this.insertLog.run(rev, key, rev, 1, 0, 0, lease, value);
    this.upsertCurrent.run(key, rev, lease);
    const kv: KeyValue = { key, value, createRevision: rev, modRevision: rev, version: 1, lease };
    events.push({ type: 'PUT', kv });
    return { succeeded: true, revision: rev, kv };
  }

  private update(key: string, value: Buffer, modRevision: number, lease: number, events: WatchEvent[]): TxnResult {
    const cur = this.getCurrent.get(key);
    if (!cur || cur.rev !== modRevision) {
      return cur ? { succeeded: false, revision: this.rev, current: toKv(cur) } : { succeeded: false, revision: this.rev };
    }
    const rev = ++this.rev;
    const version = cur.version + 1;
    this.insertLog.run(rev, key, cur.create_rev, version, 0, cur.rev, lease, value);
    this.upsertCurrent.run(key, rev, lease);
    const kv: KeyValue = { key, value, createRevision: cur.create_rev, modRevision: rev, version, lease };
    const prevKv = toKv(cur);
    events.push({ type: 'PUT', kv, prevKv });
    return { succeeded: true, revision: rev, kv, prevKv };
  }

  private delete(key: string, modRevision: number | undefined, events: WatchEvent[]): TxnResult {
    const cur = this.getCurrent.get(key);
    if (!cur || (modRevision !== undefined && cur.rev !== modRevision)) {
      return cur ? { succeeded: false, revision: this.rev, current: toKv(cur) } : { succeeded: false, revision: this.rev };
    }
    const rev = ++this.rev;
    this.insertLog.run(rev, key, cur.create_rev, 0, 1, cur.rev, 0, EMPTY);
    this.deleteCurrent.run(key);
    const prevKv = toKv(cur);
    events.push({ type: 'DELETE', kv: tombstoneKv(key, rev), prevKv });
    return { succeeded: true, revision: rev, kv: prevKv };
  }
}
