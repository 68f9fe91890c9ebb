// Row shapes, key ranges and their SQL, shared by reads, writes and watch replay.
import type { KeyValue, WatchEvent } from '../backend.js';

export interface LogRow {
  rev: number;
  key: string;
  create_rev: number;
  version: number;
  deleted: number;
  lease: number;
  value: Buffer;
}

/** A log row joined with its predecessor (p_* are null for a creation). */
export interface EventRow extends LogRow {
  p_rev: number | null;
  p_create_rev: number | null;
  p_version: number | null;
  p_lease: number | null;
  p_value: Buffer | null;
}

export const LOG_COLUMNS = 'l.rev, l.key, l.create_rev, l.version, l.deleted, l.lease, l.value';

const EMPTY = Buffer.alloc(0);

export function toKv(r: LogRow): KeyValue {
  return {
    key: r.key,
    value: r.value,
    createRevision: r.create_rev,
    modRevision: r.rev,
    version: r.version,
    lease: r.lease,
  };
}

/** etcd's DELETE event kv: the key and the deletion revision only. */
export function tombstoneKv(key: string, rev: number): KeyValue {
  return { key, value: EMPTY, createRevision: 0, modRevision: rev, version: 0, lease: 0 };
}

export function toEvent(r: EventRow): WatchEvent {
  const prevKv: KeyValue | undefined =
    r.p_rev === null
      ? undefined
      : {
          key: r.key,
          value: r.p_value ?? EMPTY,
          createRevision: r.p_create_rev ?? 0,
          modRevision: r.p_rev,
          version: r.p_version ?? 0,
          lease: r.p_lease ?? 0,
        };
  const ev: WatchEvent = r.deleted
    ? { type: 'DELETE', kv: tombstoneKv(r.key, r.rev) }
    : { type: 'PUT', kv: toKv(r) };
  if (prevKv) ev.prevKv = prevKv;
  return ev;
}

/**
 * [lo, hi) in etcd's conventions: empty end = the single key lo; end "\0" = every key >= lo.
 * SQLite compares TEXT bytewise (UTF-8) and JS compares UTF-16 units; they agree for the ASCII keys
 * the API server uses.
 */
export interface KeyRange {
  lo: string;
  hi: string | null;
  single: boolean;
}

export function keyRange(key: string, end: string): KeyRange {
  if (end === '') return { lo: key, hi: null, single: true };
  if (end === '\0') return { lo: key, hi: null, single: false };
  return { lo: key, hi: end, single: false };
}

export function inRange(r: KeyRange, key: string): boolean {
  if (r.single) return key === r.lo;
  return key >= r.lo && (r.hi === null || key < r.hi);
}

/** A WHERE fragment on `column` selecting the range, with its parameters. */
export function rangeWhere(r: KeyRange, column: string): { sql: string; params: string[] } {
  if (r.single) return { sql: `${column} = ?`, params: [r.lo] };
  if (r.hi === null) return { sql: `${column} >= ?`, params: [r.lo] };
  return { sql: `${column} >= ? AND ${column} < ?`, params: [r.lo, r.hi] };
}
