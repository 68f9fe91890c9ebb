// An informer: list, then watch from the list's resourceVersion, keeping an indexed in-memory cache
// and calling add/update/delete handlers. A watch that ends is resumed from the last resourceVersion
// seen (bookmarks included); 410 Gone means history was compacted, so it lists again and reports
// the difference as events. Failures back off on the injected clock.
import type { KObject } from '../api/object.js';
import { StatusError, type Status } from '../machinery/errors.js';
import { silentLogger, type Logger } from '../machinery/log.js';
import { realClock, type Clock } from './clock.js';
import { isGone, type ResourceClient, type WatchEnd, type WatchEvent } from './rest.js';

export interface ResourceEventHandlers<T> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  /** The last state known; after a re-list it may be older than the actual final state. */
  delete?(obj: T): void;
}

export type IndexFunc<T> = (obj: T) => string[];

export interface InformerOptions<T> {
  /** Name used in logs, e.g. "apps/v1/replicasets". */
  name?: string;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  indexers?: Record<string, IndexFunc<T>>;
  clock?: Clock;
  log?: Logger;
  /** Page size of the initial list (client-go: 500). */
  pageSize?: number;
  /** Server-side watch timeout; each watch picks a random value in [t, 2t) as client-go does (t = 300). */
  watchTimeoutSeconds?: number;
  /**
   * Every this many clock-ms, hand every cached object to the update handlers again (old and new
   * the same object), so a controller that missed or mishandled an event catches up. 0: never.
   */
  resyncMs?: number;
}

/** "namespace/name", or "name" for cluster-scoped objects (client-go's MetaNamespaceKeyFunc). */
export function objectKey(obj: KObject): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata.name}` : (obj.metadata?.name ?? '');
}

export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** The informer's store: objects by key, plus named secondary indexes (e.g. by owner uid). */
export class Cache<T extends KObject> {
  private readonly items = new Map<string, T>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  private readonly indexers: Record<string, IndexFunc<T>> = {};

  constructor(indexers: Record<string, IndexFunc<T>> = {}) {
    for (const [name, fn] of Object.entries(indexers)) this.addIndexer(name, fn);
  }

  /** Add an index (objects already cached are indexed at once). Re-adding a name is a no-op, so
   *  controllers sharing one informer can each ask for the index they need. */
  addIndexer(name: string, fn: IndexFunc<T>): void {
    if (this.indexers[name]) return;
    this.indexers[name] = fn;
    const idx = new Map<string, Set<string>>();
    this.indexes.set(name, idx);
    for (const [key, obj] of this.items)
      for (const v of fn(obj)) {
        let keys = idx.get(v);
        if (!keys) idx.set(v, (keys = new Set()));
        keys.add(key);
      }
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  getByName(namespace: string, name: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  get size(): number {
    return this.items.size;
  }

  /** Objects whose index function returned `value`. */
  byIndex(index: string, value: string): T[] {
    const idx = this.indexes.get(index);
    if (!idx) throw new Error(`no index named ${index}`);
    return [...(idx.get(value) ?? [])].map((k) => this.items.get(k)!).filter(Boolean);
  }

  set(key: string, obj: T): T | undefined {
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    for (const [name, fn] of Object.entries(this.indexers)) {
      const idx = this.indexes.get(name)!;
      for (const v of fn(obj)) {
        let keys = idx.get(v);
        if (!keys) idx.set(v, (keys = new Set()));
        keys.add(key);
      }
    }
    return old;
  }

  delete(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of Object.entries(this.indexers)) {
      const idx = this.indexes.get(name)!;
      for (const v of fn(obj)) {
        const keys = idx.get(v);
        keys?.delete(key);
        if (keys?.size === 0) idx.delete(v);
      }
    }
  }
}

export class Informer<T extends KObject = KObject> {
  readonly cache: Cache<T>;
  readonly name: string;
  private readonly handlers: ResourceEventHandlers<T>[] = [];
  private readonly clock: Clock;
  private readonly log: Logger;
  private rv = '';
  private synced = false;
  private readonly syncWaiters: (() => void)[] = [];
  private stopped = true;
  private cancelResync?: () => void;
  private running?: Promise<void>;
  private watch?: { stop(): void };
  private wake?: () => void;

  constructor(
    private readonly resource: ResourceClient<T>,
    private readonly opts: InformerOptions<T> = {},
  ) {
    this.cache = new Cache<T>(opts.indexers);
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? silentLogger;
    const g = resource.gvr;
    this.name = opts.name ?? `${g.group ? `${g.group}/` : ''}${g.version}/${g.resource}`;
  }

  /** Register handlers. Objects already in the cache are delivered to `add` at once, as client-go does. */
  on(h: ResourceEventHandlers<T>): void {
    this.handlers.push(h);
    if (h.add) for (const obj of this.cache.list()) this.call(() => h.add!(obj));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.running = this.run();
  }

  /** Stop listing and watching; resolves once the loop has exited. The cache keeps its content. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelResync?.();
    this.cancelResync = undefined;
    this.watch?.stop();
    this.wake?.();
    await this.running;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once the first list has been loaded into the cache. */
  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** The resourceVersion the cache reflects. */
  get resourceVersion(): string {
    return this.rv;
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error('informer event handler failed', { informer: this.name, err: err instanceof Error ? err.stack : String(err) });
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (!this.rv) await this.listAndReplace();
        const started = this.clock.now().getTime();
        const { end, events } = await this.watchOnce();
        if (this.stopped) break;
        if (end.reason === 'error') throw end.error;
        // A stream that closes at once with nothing in it is a server in trouble: back off rather than spin.
        if (events === 0 && this.clock.now().getTime() - started < 1000) throw new Error('watch closed immediately');
        failures = 0;
      } catch (err) {
        if (this.stopped) break;
        if (isGone(err)) {
          this.log.info('informer re-listing: resourceVersion too old', { informer: this.name, resourceVersion: this.rv });
          this.rv = '';
          continue;
        }
        const delay = Math.min(800 * 2 ** failures++, 30_000);
        this.log.warn('informer list/watch failed', { informer: this.name, err: err instanceof Error ? err.message : String(err), retryMs: delay });
        await new Promise<void>((resolve) => {
          const cancel = this.clock.after(delay, resolve);
          this.wake = () => {
            cancel();
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  private async listAndReplace(): Promise<void> {
    const { namespace, labelSelector, fieldSelector } = this.opts;
    const items: T[] = [];
    let rv = '';
    let cont: string | undefined;
    const limit = this.opts.pageSize ?? 500;
    try {
      do {
        const page = await this.resource.list({ namespace, labelSelector, fieldSelector, limit, continue: cont });
        items.push(...page.items);
        rv = page.metadata.resourceVersion;
        cont = page.metadata.continue;
      } while (cont && !this.stopped);
    } catch (err) {
      if (!(isGone(err) && cont !== undefined)) throw err;
      // The continue token expired between pages: take the whole list in one go instead.
      const all = await this.resource.list({ namespace, labelSelector, fieldSelector });
      items.splice(0, items.length, ...all.items);
      rv = all.metadata.resourceVersion;
    }
    if (this.stopped) return;
    this.replace(items);
    this.rv = rv;
    if (!this.synced) {
      this.synced = true;
      this.scheduleResync();
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  private scheduleResync(): void {
    const every = this.opts.resyncMs ?? 0;
    if (every <= 0 || this.stopped) return;
    this.cancelResync = this.clock.after(every, () => {
      if (this.stopped) return;
      for (const obj of this.cache.list()) this.emit('update', obj, obj);
      this.scheduleResync();
    });
  }

  /** Make the cache equal to a fresh list, reporting the differences as events. */
  private replace(items: T[]): void {
    const seen = new Set<string>();
    for (const obj of items) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.cache.set(key, obj);
      if (!old) this.emit('add', obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.emit('update', obj, old);
    }
    for (const key of this.cache.keys()) {
      if (seen.has(key)) continue;
      const old = this.cache.delete(key)!;
      this.emit('delete', old);
    }
  }

  private emit(type: 'add' | 'update' | 'delete', obj: T, old?: T): void {
    for (const h of this.handlers) {
      if (type === 'add' && h.add) this.call(() => h.add!(obj));
      else if (type === 'update' && h.update) this.call(() => h.update!(old!, obj));
      else if (type === 'delete' && h.delete) this.call(() => h.delete!(obj));
    }
  }

  private async watchOnce(): Promise<{ end: WatchEnd; events: number }> {
    const t = this.opts.watchTimeoutSeconds ?? 300;
    let events = 0;
    let failure: Error | undefined;
    const w = this.resource.watch(
      {
        namespace: this.opts.namespace,
        labelSelector: this.opts.labelSelector,
        fieldSelector: this.opts.fieldSelector,
        resourceVersion: this.rv,
        allowWatchBookmarks: true,
        timeoutSeconds: Math.floor(t * (1 + Math.random())),
      },
      (ev: WatchEvent<T>) => {
        events++;
        if (failure) return;
        if (ev.type === 'ERROR') {
          // An ERROR event carries a Status (410 Gone when the resourceVersion was compacted).
          failure = new StatusError(ev.object as unknown as Status);
          w.stop();
          return;
        }
        this.apply(ev);
      },
    );
    this.watch = w;
    if (this.stopped) w.stop();
    const end = await w.done;
    this.watch = undefined;
    if (failure) return { end: { reason: 'error', error: failure }, events };
    return { end, events };
  }

  private apply(ev: WatchEvent<T>): void {
    const obj = ev.object;
    const rv = obj.metadata?.resourceVersion;
    if (ev.type === 'BOOKMARK') {
      if (rv) this.rv = rv;
      return;
    }
    const key = objectKey(obj);
    if (ev.type === 'DELETED') {
      this.cache.delete(key);
      if (rv) this.rv = rv;
      this.emit('delete', obj);
      return;
    }
    const old = this.cache.set(key, obj);
    if (rv) this.rv = rv;
    if (old) this.emit('update', obj, old);
    else this.emit('add', obj);
  }
}
