// Encryption at rest as a Backend decorator: values under the configured resources' key prefixes are
// encrypted on every write and decrypted on every read, range and watch event. Keys, revisions, CAS
// and watch order are the inner backend's, untouched; the etcd key is the authenticated data, as
// kube-apiserver's etcd3 store passes it to its transformer.
import type {
  Backend,
  GetResult,
  KeyValue,
  RangeOptions,
  RangeResult,
  TxnResult,
  WatchEvent,
  WatchHandler,
  Watcher,
  WriteOptions,
} from '../backend.js';
import type { EncryptionConfiguration } from './config.js';
import { transformersByPrefix, type KeyLayout } from './resources.js';
import type { Transformer } from './transformers.js';

/**
 * A stored value that could not be decrypted (wrong key, unknown provider, tampering). It surfaces
 * as a 500 "Internal error occurred: ..." Status; plaintext or ciphertext is never returned instead.
 */
export class TransformError extends Error {
  constructor(
    readonly key: string,
    readonly reason: Error,
    message: string,
  ) {
    super(message);
    this.name = 'TransformError';
  }
}

/** Wraps `inner`; with no resource configured it is a plain pass-through. */
export function encryptedBackend(inner: Backend, config: EncryptionConfiguration, layout: KeyLayout): Backend {
  return new EncryptedBackend(inner, transformersByPrefix(config, layout));
}

// How each read path words its failure, after kube-apiserver v1.25's etcd3 store: a single-key read
// (Get, and the current state GuaranteedUpdate and Delete start from) reports the transformer's
// error alone; a list names the key.
const plainMessage = (_key: string, err: Error) => err.message;
const listMessage = (key: string, err: Error) => `unable to transform key ${JSON.stringify(key)}: ${err.message}`;

class EncryptedBackend implements Backend {
  readonly name: string;
  private readonly prefixes: Array<[string, Transformer]>;
  /**
   * Watchers of one revision receive the same KeyValue objects from the inner backend; handing them
   * the same decrypted objects in turn keeps that sharing (the store decodes each event once) and
   * decrypts each event once.
   */
  private readonly decrypted = new WeakMap<KeyValue, KeyValue>();

  constructor(
    private readonly inner: Backend,
    transformers: Map<string, Transformer>,
  ) {
    this.name = inner.name;
    // Longest first, so a nested prefix (services/specs under services) wins over its parent.
    this.prefixes = [...transformers].sort((a, b) => b[0].length - a[0].length);
  }

  private transformerFor(key: string): Transformer | undefined {
    for (const [prefix, t] of this.prefixes) if (key.startsWith(prefix)) return t;
    return undefined;
  }

  /** The plaintext KeyValue (marked stale when not in the current write format), or a TransformError. */
  private read(kv: KeyValue, message: (key: string, err: Error) => string): KeyValue {
    const t = this.transformerFor(kv.key);
    if (!t) return kv;
    let out = this.decrypted.get(kv);
    if (out) return out;
    try {
      const { data, stale } = t.fromStorage(kv.value, Buffer.from(kv.key));
      out = stale ? { ...kv, value: data, stale } : { ...kv, value: data };
    } catch (err) {
      throw new TransformError(kv.key, err as Error, message(kv.key, err as Error));
    }
    this.decrypted.set(kv, out);
    return out;
  }

  private write(key: string, value: Buffer): Buffer {
    const t = this.transformerFor(key);
    return t ? t.toStorage(value, Buffer.from(key)) : value;
  }

  /** A write's outcome in plaintext: the written value is the one given, other states are decrypted. */
  private result(res: TxnResult, written?: Buffer): TxnResult {
    if (!res.succeeded) return res.current ? { ...res, current: this.read(res.current, plainMessage) } : res;
    const kv = written ? { ...res.kv, value: written } : this.read(res.kv, plainMessage);
    return res.prevKv ? { ...res, kv, prevKv: this.read(res.prevKv, plainMessage) } : { ...res, kv };
  }

  async get(key: string, opts?: { revision?: number }): Promise<GetResult> {
    const res = await this.inner.get(key, opts);
    return res.kv ? { ...res, kv: this.read(res.kv, plainMessage) } : res;
  }

  async range(key: string, rangeEnd: string, opts?: RangeOptions): Promise<RangeResult> {
    const res = await this.inner.range(key, rangeEnd, opts);
    return { ...res, kvs: res.kvs.map((kv) => this.read(kv, listMessage)) };
  }

  async create(key: string, value: Buffer, opts?: WriteOptions): Promise<TxnResult> {
    return this.result(await this.inner.create(key, this.write(key, value), opts), value);
  }

  async update(key: string, value: Buffer, modRevision: number, opts?: WriteOptions): Promise<TxnResult> {
    return this.result(await this.inner.update(key, this.write(key, value), modRevision, opts), value);
  }

  async delete(key: string, modRevision?: number): Promise<TxnResult> {
    return this.result(await this.inner.delete(key, modRevision));
  }

  watch(key: string, rangeEnd: string, startRevision: number, handler: WatchHandler): Watcher {
    let failed = false;
    const watcher = this.inner.watch(key, rangeEnd, startRevision, {
      onEvents: (events) => {
        if (failed) return;
        const out: WatchEvent[] = [];
        for (const ev of events) {
          try {
            out.push(this.readEvent(ev));
          } catch (err) {
            // Whole revisions before the bad one are delivered; then the watch ends with the error.
            failed = true;
            const before = out.filter((e) => e.kv.modRevision < ev.kv.modRevision);
            if (before.length) handler.onEvents(before);
            queueMicrotask(() => watcher.cancel());
            handler.onError(err as Error);
            return;
          }
        }
        handler.onEvents(out);
      },
      onError: (err) => {
        if (!failed) handler.onError(err);
      },
      onProgress:
        handler.onProgress &&
        ((rev) => {
          if (!failed) handler.onProgress!(rev);
        }),
    });
    return watcher;
  }

  /** A DELETE's kv is a tombstone with no value; only states with values are decrypted. */
  private readEvent(ev: WatchEvent): WatchEvent {
    const kv = ev.type === 'PUT' ? this.read(ev.kv, plainMessage) : ev.kv;
    return ev.prevKv ? { ...ev, kv, prevKv: this.read(ev.prevKv, plainMessage) } : kv === ev.kv ? ev : { ...ev, kv };
  }

  compact(revision: number): Promise<void> {
    return this.inner.compact(revision);
  }

  currentRevision(): Promise<number> {
    return this.inner.currentRevision();
  }

  compactedRevision(): Promise<number> {
    return this.inner.compactedRevision();
  }

  grantLease(ttlSeconds: number): Promise<number> {
    return this.inner.grantLease(ttlSeconds);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
