// The revisioned key-value interface every storage backend implements.
// It is etcd v3's model, narrowed to what an API server needs, so that the SQLite log and a real
// etcd can stand behind it interchangeably (both are proven by ./contract.ts):
// - one global revision; every successful write raises it by exactly one;
// - each key carries createRevision, modRevision and version (1 on create, +1 per put, gone on delete);
// - writes are compare-and-swap on the key's modRevision (0 = "must not exist");
// - reads may be pinned to a past revision until it is compacted;
// - watch replays history from a revision, then streams, in revision order, with no gaps.
// Keys are strings (the API server uses "/registry/<resource>/<ns>/<name>"); values are opaque bytes.

export interface KeyValue {
  key: string;
  value: Buffer;
  createRevision: number;
  modRevision: number;
  /** 1 on creation, +1 on every put; a deleted key has no KeyValue. */
  version: number;
  /** Lease id the key is attached to, 0 for none. */
  lease: number;
  /**
   * Set by a decorator that transforms values (encryption at rest) when the stored bytes are not in
   * its current write format (an older key or provider): an update must then write even an
   * unchanged object, which is how rewriting every object moves it to the new key.
   */
  stale?: boolean;
}

export interface GetResult {
  kv?: KeyValue;
  /** The store's current revision when the read was served (etcd's header revision). */
  revision: number;
}

export interface RangeOptions {
  /** Maximum number of keys to return; 0 or undefined = no limit. */
  limit?: number;
  /** Read the snapshot at this revision; 0 or undefined = latest. */
  revision?: number;
  /** Return no kvs, only count. */
  countOnly?: boolean;
}

export interface RangeResult {
  /** Sorted by key ascending. */
  kvs: KeyValue[];
  /** True when keys remain in the range beyond `limit`. */
  more: boolean;
  /** Number of keys in the whole range at that revision, ignoring limit. */
  count: number;
  /** The store's current revision (not the requested one), as etcd's header does. */
  revision: number;
}

export interface WriteOptions {
  /** Attach the key to a lease from grantLease(); the key is deleted when the lease expires. */
  lease?: number;
}

/** Outcome of a compare-and-swap write. On failure `current` is the key's present state (etcd's Else-Get). */
export type TxnResult =
  | { succeeded: true; revision: number; kv: KeyValue; prevKv?: KeyValue }
  | { succeeded: false; revision: number; current?: KeyValue };

export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  /** For DELETE: key plus modRevision = the deletion revision, value empty. */
  kv: KeyValue;
  /** The key's value before this event (absent for a creation). */
  prevKv?: KeyValue;
}

export interface WatchHandler {
  /** Events of one or more revisions, ordered; all events of one revision arrive in one call. */
  onEvents(events: WatchEvent[]): void;
  /** Terminal: the watch is over (CompactedError when the start revision is gone). */
  onError(err: Error): void;
  /** Optional progress notification: every later event has a revision above `revision`. */
  onProgress?(revision: number): void;
}

export interface Watcher {
  cancel(): void;
}

/** The requested revision has been compacted away (etcd: "mvcc: required revision has been compacted"). */
export class CompactedError extends Error {
  constructor(readonly requested: number, readonly compactRevision: number) {
    super(`mvcc: required revision has been compacted (requested ${requested}, compacted ${compactRevision})`);
    this.name = 'CompactedError';
  }
}

/** The requested revision is newer than the store (etcd: "mvcc: required revision is a future revision"). */
export class FutureRevisionError extends Error {
  constructor(readonly requested: number, readonly current: number) {
    super(`mvcc: required revision is a future revision (requested ${requested}, current ${current})`);
    this.name = 'FutureRevisionError';
  }
}

export interface Backend {
  readonly name: string;
  get(key: string, opts?: { revision?: number }): Promise<GetResult>;
  /** Keys in [key, rangeEnd). Use prefixEnd(prefix) for a prefix. */
  range(key: string, rangeEnd: string, opts?: RangeOptions): Promise<RangeResult>;
  /** Succeeds only if the key does not exist. */
  create(key: string, value: Buffer, opts?: WriteOptions): Promise<TxnResult>;
  /** Succeeds only if the key exists with this modRevision. */
  update(key: string, value: Buffer, modRevision: number, opts?: WriteOptions): Promise<TxnResult>;
  /** Succeeds only if the key exists (and, when given, has this modRevision). `kv` is the deleted state. */
  delete(key: string, modRevision?: number): Promise<TxnResult>;
  /**
   * Watch [key, rangeEnd) for events with revision >= startRevision (0 = only events after now).
   * A startRevision at or below the compacted revision ends the watch with CompactedError
   * (delivered asynchronously through onError).
   */
  watch(key: string, rangeEnd: string, startRevision: number, handler: WatchHandler): Watcher;
  /** Drop history below `revision`: reads and watches before it fail with CompactedError afterwards. */
  compact(revision: number): Promise<void>;
  currentRevision(): Promise<number>;
  compactedRevision(): Promise<number>;
  /** A lease that deletes its keys (as ordinary DELETE events) ttlSeconds after its grant. */
  grantLease(ttlSeconds: number): Promise<number>;
  close(): Promise<void>;
}

/** The range end that selects every key starting with `prefix` (etcd's prefix convention). */
export function prefixEnd(prefix: string): string {
  if (prefix === '') return '\0';
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
