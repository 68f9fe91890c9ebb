// Opening the database file: pragmas and schema.
// Layout (see ARCHITECTURE.md "Storage is a revision log"):
// - log: append-only, one row per write; the row id IS the revision. Delete rows are tombstones
//   (deleted = 1, empty value); prev_rev links each update/delete to the key's previous row, so a
//   watch replay gets prevKv by primary key and compaction finds superseded rows by primary key.
// - current: key -> revision of its live row (deleted keys are absent), so latest reads and ranges
//   are O(log n + k) whatever the history length. `lease` is here so expiry finds its keys by index.
// - meta: the revision counter (never reused, even when the newest rows were compacted away),
//   the compacted revision and compaction progress (a crash mid-compaction resumes on open).
// - leases: id, ttl and absolute expiry (ms since epoch), so expiry survives restarts.
import Database from 'better-sqlite3';

export type Durability = 'process' | 'power';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS log (
  rev        INTEGER PRIMARY KEY,
  key        TEXT    NOT NULL,
  create_rev INTEGER NOT NULL,
  version    INTEGER NOT NULL,
  deleted    INTEGER NOT NULL,
  prev_rev   INTEGER NOT NULL,
  lease      INTEGER NOT NULL,
  value      BLOB    NOT NULL
);
-- (key, rev, deleted) covers historical range grouping (newest row <= R per key, and whether it is
-- a tombstone) without touching the table, and serves single-key history and watch replay.
CREATE INDEX IF NOT EXISTS log_key_rev ON log (key, rev, deleted);
CREATE TABLE IF NOT EXISTS current (
  key   TEXT    PRIMARY KEY,
  rev   INTEGER NOT NULL,
  lease INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS current_lease ON current (lease) WHERE lease != 0;
CREATE TABLE IF NOT EXISTS meta (
  name  TEXT    PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS leases (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  ttl        INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
`;

export interface OpenedDb {
  db: Database.Database;
  revision: number;
  compacted: number;
  /** Highest revision whose superseded rows are already deleted (< compacted after a crash mid-compaction). */
  compactProgress: number;
}

export function openDatabase(path: string, durability: Durability, busyTimeoutMs: number): OpenedDb {
  const db = new Database(path);
  try {
    // Only this process should write, but another process (sqlite3 CLI, a backup) may open the file:
    // wait for it rather than failing with SQLITE_BUSY.
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    db.pragma('journal_mode = WAL');
    // WAL + NORMAL: a commit is written to the WAL (the OS page cache) before we acknowledge, so it
    // survives the process dying (kill -9); only power loss / kernel crash can lose the last commits.
    // WAL + FULL: also fsync the WAL on every commit, surviving power loss (etcd's guarantee).
    db.pragma(`synchronous = ${durability === 'power' ? 'FULL' : 'NORMAL'}`);
    // After a checkpoint, truncate the WAL back to this size so it never stays huge (kine's 240 GB WAL).
    db.pragma('journal_size_limit = 67108864');
    db.pragma('cache_size = -32768');
    db.exec(SCHEMA);
    const meta = (name: string): number =>
      (db.prepare('SELECT value FROM meta WHERE name = ?').pluck().get(name) as number | undefined) ?? 0;
    const maxRev = (db.prepare('SELECT max(rev) FROM log').pluck().get() as number | null) ?? 0;
    return {
      db,
      // A fresh store is at revision 1, like etcd: list RV "0" means "any" to clients, so it must never be served.
      revision: Math.max(meta('revision'), maxRev, 1),
      compacted: meta('compacted'),
      compactProgress: meta('compact_progress'),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
