// Read queries. Latest state goes through `current` (O(log n + k)); a past revision R takes, per key,
// the newest log row <= R from the covering (key, rev, deleted) index, so its cost is the retained
// history of the range, which compaction bounds.
import type Database from 'better-sqlite3';
import type { KeyValue, WatchEvent } from '../backend.js';
import { LOG_COLUMNS, rangeWhere, toEvent, toKv, type EventRow, type KeyRange, type LogRow } from './rows.js';

export interface RangeRows {
  kvs: KeyValue[];
  more: boolean;
  count: number;
}

export class LogReader {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  latest(key: string): KeyValue | undefined {
    const row = this.stmt(`SELECT ${LOG_COLUMNS} FROM current c JOIN log l ON l.rev = c.rev WHERE c.key = ?`).get(
      key,
    ) as LogRow | undefined;
    return row && toKv(row);
  }

  at(key: string, rev: number): KeyValue | undefined {
    const row = this.stmt(
      `SELECT ${LOG_COLUMNS} FROM log l WHERE l.key = ? AND l.rev <= ? ORDER BY l.rev DESC LIMIT 1`,
    ).get(key, rev) as LogRow | undefined;
    return row && !row.deleted ? toKv(row) : undefined;
  }

  /** limit 0 = unlimited. */
  rangeLatest(range: KeyRange, limit: number, countOnly: boolean): RangeRows {
    const w = rangeWhere(range, 'key');
    const countSql = `SELECT count(*) FROM current WHERE ${w.sql}`;
    if (countOnly) return { kvs: [], more: false, count: this.stmt(countSql).pluck().get(...w.params) as number };
    const c = rangeWhere(range, 'c.key');
    const rows = this.stmt(
      `SELECT ${LOG_COLUMNS} FROM current c JOIN log l ON l.rev = c.rev WHERE ${c.sql} ORDER BY c.key LIMIT ?`,
    ).all(...c.params, limit > 0 ? limit + 1 : -1) as LogRow[];
    const more = limit > 0 && rows.length > limit;
    if (more) rows.length = limit;
    const count = more ? (this.stmt(countSql).pluck().get(...w.params) as number) : rows.length;
    return { kvs: rows.map(toKv), more, count };
  }

  rangeAt(range: KeyRange, rev: number, limit: number, countOnly: boolean): RangeRows {
    const w = rangeWhere(range, 'key');
    // With exactly one max() aggregate, SQLite takes the bare column `deleted` from the max row.
    const groups = this.stmt(
      `SELECT max(rev) AS r, deleted AS d FROM log WHERE ${w.sql} AND rev <= ? GROUP BY key ORDER BY key`,
    )
      .raw()
      .iterate(...w.params, rev) as IterableIterator<[number, number]>;
    const want = countOnly ? 0 : limit > 0 ? limit : Infinity;
    const revs: number[] = [];
    let count = 0;
    for (const [r, d] of groups) {
      if (d) continue;
      count++;
      if (revs.length < want) revs.push(r);
    }
    const byRev = this.stmt(`SELECT ${LOG_COLUMNS} FROM log l WHERE l.rev = ?`);
    const kvs = revs.map((r) => toKv(byRev.get(r) as LogRow));
    return { kvs, more: !countOnly && count > kvs.length, count };
  }

  /** Events with revision in [from, to] for keys in range, each with the key's previous row as prevKv. */
  replay(range: KeyRange, from: number, to: number): WatchEvent[] {
    const w = rangeWhere(range, 'l.key');
    const rows = this.stmt(
      `SELECT ${LOG_COLUMNS}, p.rev AS p_rev, p.create_rev AS p_create_rev, p.version AS p_version,
              p.lease AS p_lease, p.value AS p_value
       FROM log l LEFT JOIN log p ON p.rev = l.prev_rev
       WHERE l.rev BETWEEN ? AND ? AND ${w.sql} ORDER BY l.rev`,
    ).all(from, to, ...w.params) as EventRow[];
    return rows.map(toEvent);
  }
}
