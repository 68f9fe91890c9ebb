// The generic store: every verb written once, for every resource, over the revisioned backend.
// Resource differences come from the strategy; request-scoped checks (admission) come in as hooks.
// Semantics follow k8s.io/apiserver's registry/generic/registry/store.go and storage/etcd3.
import { randomUUID } from 'node:crypto';
import type { KObject } from '../../api/object.js';
import { apiVersionOf } from '../../api/object.js';
import { Errors, StatusError, type Status } from '../../machinery/errors.js';
import { forbidden, notSupported, type FieldError } from '../../machinery/fielderrors.js';
import { matchesFields, matchesLabels, type FieldRequirement, type LabelSelector } from '../../machinery/selectors.js';
import { CompactedError, FutureRevisionError, prefixEnd, type Backend, type KeyValue, type Watcher } from '../../storage/backend.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/meta.js';
import type { AnyStrategy } from '../strategy.js';
import { decodeContinue, encodeContinue } from './continue.js';

export interface ListOptions {
  labelSelector?: LabelSelector;
  fieldSelector?: FieldRequirement[];
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListResult {
  items: KObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** Request-scoped hooks the HTTP layer passes in: admission, run at upstream's points. */
export interface WriteHooks {
  dryRun?: boolean;
  /** Mutating admission: after defaulting, before the strategy's prepare/validate. */
  mutate?(obj: KObject, old?: KObject): Promise<string[] | void>;
  /** Validating admission: after the strategy validated, before storage. */
  validate?(obj: KObject, old?: KObject): Promise<string[] | void>;
  /**
   * Managed fields: records this write in metadata.managedFields. Runs after defaulting, before
   * mutating admission and the strategy's prepare, where upstream's field manager sees the object.
   */
  trackFields?(obj: KObject, old?: KObject): void;
}

export interface WriteResult {
  object: KObject;
  warnings: string[];
}

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions extends WriteHooks {
  preconditions?: { uid?: string; resourceVersion?: string };
  /** Seconds to wait before the object is removed; only resources with graceful deletion (pods) use it. */
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  /** The deprecated boolean form of Orphan (true) vs. cascading (false); never set with propagationPolicy. */
  orphanDependents?: boolean;
}

/** What one DELETE does to the stored object, decided from its current state (rest.BeforeDelete and friends). */
type DeletePlan =
  | { action: 'delete' }
  | { action: 'pending' }
  | { action: 'update'; object: KObject; thenDelete: boolean };

const FINALIZER_ORPHAN = 'orphan';
const FINALIZER_FOREGROUND = 'foregroundDeletion';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
export interface WatchSink {
  event(type: WatchEventType, object: KObject | Status): void;
  /** The watch ended on the store side (error already sent as an ERROR event). */
  close(): void;
}

export interface StoreContext {
  backend: Backend;
  now(): Date;
}

const GENERATE_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_LIST_PAGE_FETCH = 10000;

export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class GenericStore {
  readonly groupResource: { group: string; resource: string };
  private readonly prefix: string;

  constructor(
    readonly strategy: AnyStrategy,
    private readonly ctx: StoreContext,
  ) {
    this.groupResource = { group: strategy.group, resource: strategy.resource };
    this.prefix = `/registry/${strategy.storagePrefix ?? (strategy.group && strategy.group.includes('.') && !isBuiltinGroup(strategy.group) ? `${strategy.group}/${strategy.resource}` : strategy.resource)}/`;
  }

  get apiVersion(): string {
    return apiVersionOf(this.strategy.group, this.strategy.version);
  }

  key(namespace: string, name: string): string {
    return this.strategy.namespaced ? `${this.prefix}${namespace}/${name}` : `${this.prefix}${name}`;
  }

  private listPrefix(namespace: string): string {
    return this.strategy.namespaced && namespace ? `${this.prefix}${namespace}/` : this.prefix;
  }

  // ---- encoding ----------------------------------------------------------------------------

  /** Stored bytes never contain resourceVersion (it is the key's modRevision). */
  private encode(obj: KObject): Buffer {
    const stored = this.strategy.convert ? this.strategy.convert.toStored(obj) : obj;
    const { resourceVersion: _rv, selfLink: _sl, ...meta } = stored.metadata as KObject['metadata'] & { selfLink?: string };
    return Buffer.from(JSON.stringify({ ...stored, metadata: meta }));
  }

  decode(kv: KeyValue, revision = kv.modRevision): KObject {
    let obj = JSON.parse(kv.value.toString('utf8')) as KObject;
    if (this.strategy.convert) obj = this.strategy.convert.fromStored(obj) as KObject;
    obj.apiVersion = this.apiVersion;
    obj.kind = this.strategy.kind;
    obj.metadata = { ...obj.metadata, resourceVersion: String(revision) };
    return obj;
  }

  /**
   * Watch fan-out hands every watcher of a revision the same KeyValue objects, so each event is
   * decoded once however many watchers (kubectl, the controllers' informers) see it. Watch sinks
   * only read what they are given.
   */
  private readonly decodedEvents = new WeakMap<KeyValue, KObject>();
  private readonly decodedPrevious = new WeakMap<KeyValue, KObject>();

  private decodeShared(kv: KeyValue): KObject {
    let obj = this.decodedEvents.get(kv);
    if (!obj) this.decodedEvents.set(kv, (obj = this.decode(kv)));
    return obj;
  }

  /** The state before event `kv`, stamped with the event's revision (deleted objects carry it). */
  private decodePrevious(kv: KeyValue, prevKv: KeyValue): KObject {
    let obj = this.decodedPrevious.get(kv);
    if (!obj) this.decodedPrevious.set(kv, (obj = this.decode(prevKv, kv.modRevision)));
    return obj;
  }

  // ---- reads -------------------------------------------------------------------------------

  async get(namespace: string, name: string): Promise<KObject> {
    const { kv } = await this.ctx.backend.get(this.key(namespace, name));
    if (!kv) throw Errors.notFound(this.groupResource, name);
    return this.decode(kv);
  }

  async tryGet(namespace: string, name: string): Promise<KObject | undefined> {
    const { kv } = await this.ctx.backend.get(this.key(namespace, name));
    return kv ? this.decode(kv) : undefined;
  }

  matches(obj: KObject, opts: ListOptions): boolean {
    if (opts.labelSelector?.length && !matchesLabels(opts.labelSelector, obj.metadata.labels)) return false;
    if (opts.fieldSelector?.length && !matchesFields(opts.fieldSelector, this.fieldsOf(obj))) return false;
    return true;
  }

  private fieldsOf(obj: KObject): Record<string, string> {
    const f: Record<string, string> = { 'metadata.name': obj.metadata.name ?? '' };
    if (this.strategy.namespaced) f['metadata.namespace'] = obj.metadata.namespace ?? '';
    return { ...f, ...(this.strategy.selectableFields?.(obj) ?? {}) };
  }

  /**
   * Field selectors may only name fields the resource supports (a 400 otherwise). Kinds with their own
   * field set (selectableFields) have their own field-label conversion upstream, which answers
   * "field label not supported: X"; the rest use the scheme's default conversion and its text.
   */
  checkFieldSelector(reqs: FieldRequirement[] | undefined): void {
    if (!reqs?.length) return;
    if (!this.strategy.selectableFields) {
      for (const r of reqs)
        if (r.field !== 'metadata.name' && r.field !== 'metadata.namespace')
          throw Errors.badRequest(`"${r.field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
      return;
    }
    const probe: KObject = { metadata: { name: '', namespace: '' } };
    let known: Set<string>;
    try {
      known = new Set(Object.keys(this.fieldsOf(probe)));
    } catch {
      known = new Set(['metadata.name', 'metadata.namespace']);
    }
    for (const r of reqs) if (!known.has(r.field)) throw Errors.badRequest(`field label not supported: ${r.field}`);
  }

  async list(namespace: string, opts: ListOptions = {}): Promise<ListResult> {
    validateListOptions(opts, false);
    const rv = opts.resourceVersion ?? '';
    const match = opts.resourceVersionMatch ?? '';
    const rvNum = parseResourceVersion(rv);
    // RV "0" without continue is served from the watch cache upstream, which ignores limit.
    const limit = opts.limit && opts.limit > 0 && !(rv === '0' && !opts.continue) ? opts.limit : 0;
    const prefix = this.listPrefix(namespace);
    const end = prefixEnd(prefix);
    let start = prefix;
    let readRevision = 0; // 0 = latest
    if (opts.continue) {
      const token = decodeContinue(opts.continue);
      if (rv !== '' && rv !== '0') throw Errors.badRequest('specifying resource version is not allowed when using continue');
      start = prefix + token.start;
      readRevision = token.rv > 0 ? token.rv : 0;
    } else if (rvNum > 0 && (match === 'Exact' || (match === '' && limit > 0))) {
      readRevision = rvNum;
    }
    this.checkFieldSelector(opts.fieldSelector);
    const filtering = !!(opts.labelSelector?.length || opts.fieldSelector?.length);
    const items: KObject[] = [];
    let more = false;
    let lastKey = '';
    let count = 0;
    let fetch = limit;
    try {
      for (;;) {
        const r = await this.ctx.backend.range(start, end, { limit: fetch, revision: readRevision });
        if (readRevision === 0) {
          readRevision = r.revision;
          if (rvNum > readRevision) throw tooLargeRV(rvNum, readRevision);
        }
        count = r.count;
        let stoppedEarly = false;
        for (let i = 0; i < r.kvs.length; i++) {
          const kv = r.kvs[i]!;
          const obj = this.decode(kv);
          lastKey = kv.key;
          if (!filtering || this.matches(obj, opts)) items.push(obj);
          if (limit > 0 && items.length >= limit) {
            stoppedEarly = i < r.kvs.length - 1 || r.more;
            break;
          }
        }
        if (limit === 0 || stoppedEarly) {
          more = stoppedEarly;
          break;
        }
        if (!r.more) break;
        start = lastKey + '\0';
        fetch = Math.min(fetch * 2, MAX_LIST_PAGE_FETCH);
      }
    } catch (err) {
      if (err instanceof FutureRevisionError) throw tooLargeRV(err.requested, err.current);
      if (err instanceof CompactedError) {
        if (!opts.continue) throw Errors.gone('The resourceVersion for the provided list is too old.');
        const gone = Errors.gone(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        );
        // The same position at the latest revision (rv -1), so the client can finish, inconsistently.
        gone.status.metadata.continue = encodeContinue(-1, decodeContinue(opts.continue).start);
        throw gone;
      }
      throw err;
    }
    const result: ListResult = { items, resourceVersion: String(readRevision) };
    if (more) {
      result.continue = encodeContinue(readRevision, lastKey.slice(prefix.length) + '\0');
      if (!filtering) result.remainingItemCount = Math.max(0, count - items.length);
    }
    return result;
  }

  /**
   * Watch from a resourceVersion: "" or "0" first replays the current state as ADDED events.
   * Events are filtered by the selectors, with transitions in and out of the selection sent as
   * ADDED / DELETED, as the etcd3 watcher does.
   */
  async watch(namespace: string, opts: ListOptions, sink: WatchSink): Promise<Watcher & { startRevision: number }> {
    this.checkFieldSelector(opts.fieldSelector);
    const prefix = this.listPrefix(namespace);
    const rv = opts.resourceVersion ?? '';
    let fromRevision: number;
    if (rv === '' || rv === '0') {
      const initial = await this.list(namespace, { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector });
      for (const obj of initial.items) sink.event('ADDED', obj);
      fromRevision = Number(initial.resourceVersion) + 1;
    } else {
      fromRevision = parseResourceVersion(rv) + 1;
    }
    const filtering = !!(opts.labelSelector?.length || opts.fieldSelector?.length);
    const matches = (o: KObject) => !filtering || this.matches(o, opts);
    let closed = false;
    const watcher = this.ctx.backend.watch(prefix, prefixEnd(prefix), fromRevision, {
      onEvents: (events) => {
        if (closed) return;
        for (const ev of events) {
          if (ev.type === 'DELETE') {
            if (!ev.prevKv) continue;
            const old = this.decodePrevious(ev.kv, ev.prevKv);
            if (matches(old)) sink.event('DELETED', old);
            continue;
          }
          const obj = this.decodeShared(ev.kv);
          const now = matches(obj);
          if (!ev.prevKv) {
            if (now) sink.event('ADDED', obj);
            continue;
          }
          const prev = this.decodePrevious(ev.kv, ev.prevKv);
          const was = matches(prev);
          if (now && was) sink.event('MODIFIED', obj);
          else if (now) sink.event('ADDED', obj);
          // Stopped matching: the last state that matched, at this event's revision (the cacher's rule).
          else if (was) sink.event('DELETED', prev);
        }
      },
      onError: (err) => {
        if (closed) return;
        closed = true;
        if (err instanceof CompactedError) {
          // (M) is the oldest resourceVersion one can still watch from: the compacted revision itself.
          sink.event('ERROR', Errors.gone(`too old resource version: ${fromRevision - 1} (${err.compactRevision})`).status);
        } else {
          sink.event('ERROR', Errors.internal(err.message).status);
        }
        sink.close();
      },
    });
    return {
      startRevision: fromRevision - 1,
      cancel: () => {
        closed = true;
        watcher.cancel();
      },
    };
  }

  // ---- writes ------------------------------------------------------------------------------

  private invalid(name: string, errs: FieldError[]): StatusError {
    return Errors.invalid({ group: this.strategy.group, kind: this.strategy.kind }, name, errs);
  }

  /** Takes ownership of `input` (callers pass a freshly decoded body) and returns it as stored. */
  async create(namespace: string, input: KObject, hooks: WriteHooks = {}): Promise<WriteResult> {
    const s = this.strategy;
    const obj = input;
    obj.metadata ??= {};
    const meta = obj.metadata;
    if (s.namespaced) {
      if (meta.namespace && namespace && meta.namespace !== namespace)
        throw Errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      meta.namespace = namespace || meta.namespace;
    } else {
      delete meta.namespace;
    }
    if (meta.resourceVersion) throw Errors.plain(500, 'resourceVersion should not be set on objects to be created');
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix();
    obj.apiVersion = this.apiVersion;
    obj.kind = s.kind;
    s.defaults?.(obj);
    hooks.trackFields?.(obj);
    const warnings: string[] = [];
    collect(warnings, await hooks.mutate?.(obj));
    // System fields: set after mutation so nothing can forge them.
    meta.uid = randomUUID();
    meta.creationTimestamp = rfc3339(this.ctx.now());
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (s.generation) meta.generation = 1;
    else delete meta.generation;
    s.prepareForCreate?.(obj);
    const errs = [...validateObjectMeta(meta, s.namespaced, s.nameValidator), ...(s.validate?.(obj) ?? [])];
    if (errs.length) throw this.invalid(meta.name ?? '', errs);
    collect(warnings, s.warnings?.(obj));
    collect(warnings, await hooks.validate?.(obj));
    if (hooks.dryRun) {
      const existing = await this.tryGet(namespace, meta.name!);
      if (existing) throw this.alreadyExists(existing, meta.name!);
      return { object: obj, warnings };
    }
    const res = await this.ctx.backend.create(this.key(namespace, meta.name!), this.encode(obj));
    if (!res.succeeded) {
      throw this.alreadyExists(res.current ? this.decode(res.current) : undefined, meta.name!);
    }
    meta.resourceVersion = String(res.revision);
    return { object: obj, warnings };
  }

  private alreadyExists(existing: KObject | undefined, name: string): StatusError {
    const err = Errors.alreadyExists(this.groupResource, name);
    if (existing?.metadata.deletionTimestamp) err.status.message = `object is being deleted: ${err.status.message}`;
    return err;
  }

  /**
   * Read-modify-write with compare-and-swap, retried when another writer got in between
   * (GuaranteedUpdate). `tryUpdate` returns the new object or throws; it may be called again
   * with fresher state.
   */
  async guaranteedUpdate(
    namespace: string,
    name: string,
    tryUpdate: (current: KObject) => Promise<KObject> | KObject,
    opts: { dryRun?: boolean; subresource?: string; warnings?: string[]; hooks?: WriteHooks } = {},
  ): Promise<WriteResult> {
    const key = this.key(namespace, name);
    let { kv } = await this.ctx.backend.get(key);
    for (let attempt = 0; ; attempt++) {
      if (!kv) throw Errors.notFound(this.groupResource, name);
      const current = this.decode(kv);
      const warnings: string[] = [];
      const proposed = await tryUpdate(jsonCopy(current));
      const updated = await this.prepareUpdate(proposed, current, opts.subresource ?? '', warnings, opts.hooks);
      const bytes = this.encode(updated);
      // No-op: an identical object is not written; the revision does not move (etcd3 store behaviour),
      // unless it is stored in an outdated format (encryption key rotation), which the write renews.
      if (!kv.stale && sameStoredObject(bytes, kv.value)) return { object: current, warnings };
      if (opts.dryRun) return { object: updated, warnings };
      if (this.shouldDeleteDuringUpdate(updated, current)) {
        // The last finalizer was removed from an object being deleted: delete it now and answer with
        // the last stored state, as Store.Update's deleteWithoutFinalizers does.
        const del = await this.ctx.backend.delete(key, kv.modRevision);
        if (del.succeeded) return { object: current, warnings };
        kv = del.current;
        continue;
      }
      const res = await this.ctx.backend.update(key, bytes, kv.modRevision);
      if (res.succeeded) {
        updated.metadata.resourceVersion = String(res.revision);
        return { object: updated, warnings };
      }
      kv = res.current;
      if (attempt > 100) throw Errors.internal('too many conflicting writes');
    }
  }

  /** Apply the update rules: system fields carried over, status split, generation, validation. */
  private async prepareUpdate(obj: KObject, old: KObject, subresource: string, warnings: string[], hooks?: WriteHooks): Promise<KObject> {
    const s = this.strategy;
    obj.apiVersion = this.apiVersion;
    obj.kind = s.kind;
    obj.metadata ??= {};
    const meta = obj.metadata;
    const oldMeta = old.metadata;
    if (s.namespaced) meta.namespace ??= oldMeta.namespace;
    else delete meta.namespace;
    if (!meta.uid) meta.uid = oldMeta.uid;
    meta.creationTimestamp = oldMeta.creationTimestamp;
    if (oldMeta.deletionTimestamp) meta.deletionTimestamp = oldMeta.deletionTimestamp;
    else delete meta.deletionTimestamp;
    if (oldMeta.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
    else delete meta.deletionGracePeriodSeconds;
    delete meta.resourceVersion;
    let result = obj;
    if (subresource === 'status') {
      // The status subresource changes status only; everything else stays as stored.
      result = { ...jsonCopy(old), status: obj.status };
      if (obj.status === undefined) delete result.status;
      delete result.metadata.resourceVersion;
      for (const f of s.statusMetadata ?? []) {
        if (obj.metadata[f] === undefined) delete result.metadata[f];
        else result.metadata[f] = jsonCopy(obj.metadata[f]);
      }
    } else {
      s.defaults?.(obj);
      if (s.subresources?.status) {
        if (old.status === undefined) delete obj.status;
        else obj.status = jsonCopy(old.status);
      }
    }
    hooks?.trackFields?.(result, old);
    collect(warnings, await hooks?.mutate?.(result, old));
    if (s.generation) {
      result.metadata.generation = oldMeta.generation ?? 1;
      if (subresource !== 'status' && specChanged(result, old, !!s.subresources?.status)) result.metadata.generation += 1;
    }
    if (subresource !== 'status') s.prepareForUpdate?.(result, old);
    const errs = [
      ...validateObjectMeta(result.metadata, s.namespaced, s.nameValidator),
      ...validateObjectMetaUpdate(result.metadata, oldMeta),
      ...(s.validateUpdate?.(result, old) ?? []),
    ];
    if (errs.length) throw this.invalid(result.metadata.name ?? '', errs);
    collect(warnings, s.warnings?.(result, old));
    collect(warnings, await hooks?.validate?.(result, old));
    return result;
  }

  private mustWait(obj: KObject): boolean {
    return !!obj.metadata.finalizers?.length || !!this.strategy.finalizersPending?.(obj);
  }

  /**
   * ShouldDeleteDuringUpdate: an update that leaves an object being deleted with nothing to wait for
   * deletes it — unless a grace period is still running (a terminating pod's status updates).
   */
  private shouldDeleteDuringUpdate(updated: KObject, old: KObject): boolean {
    if (!old.metadata.deletionTimestamp || this.mustWait(updated)) return false;
    return !old.metadata.deletionGracePeriodSeconds;
  }

  /** PUT: replace the object, honouring its resourceVersion as a precondition when given. */
  async update(namespace: string, name: string, input: KObject, hooks: WriteHooks & { subresource?: string } = {}): Promise<WriteResult> {
    const body = input;
    body.metadata ??= {};
    if (body.metadata.name && body.metadata.name !== name)
      throw Errors.badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    if (this.strategy.namespaced && body.metadata.namespace && body.metadata.namespace !== namespace)
      throw Errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    body.metadata.name = name;
    const wantRV = body.metadata.resourceVersion;
    const warnings: string[] = [];
    const res = await this.guaranteedUpdate(
      namespace,
      name,
      (current) => {
        if (wantRV && wantRV !== current.metadata.resourceVersion)
          throw Errors.conflict(this.groupResource, name, 'the object has been modified; please apply your changes to the latest version and try again');
        return jsonCopy(body);
      },
      { dryRun: hooks.dryRun, subresource: hooks.subresource, warnings, hooks },
    );
    return res;
  }

  /**
   * DELETE, as Store.Delete: an object that must wait — for finalizers (including the garbage
   * collector's `orphan` / `foregroundDeletion`, added here per the propagation policy), for a grace
   * period (pods on a node), or for a namespace's spec.finalizers — is marked with a deletionTimestamp
   * and stays; anything else is removed at once. Returns the last state and whether it is gone.
   */
  async delete(namespace: string, name: string, opts: DeleteOptions = {}): Promise<{ object: KObject; deleted: boolean; warnings: string[] }> {
    const key = this.key(namespace, name);
    let { kv } = await this.ctx.backend.get(key);
    for (;;) {
      if (!kv) throw Errors.notFound(this.groupResource, name);
      const current = this.decode(kv);
      const pre = opts.preconditions;
      if (pre?.uid && pre.uid !== current.metadata.uid)
        throw Errors.conflict(this.groupResource, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
      if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion)
        throw Errors.conflict(
          this.groupResource,
          name,
          `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
        );
      const warnings: string[] = [];
      collect(warnings, await opts.validate?.(current));
      const plan = this.planDelete(current, opts);
      if (plan.action === 'pending') return { object: current, deleted: false, warnings };
      if (plan.action === 'update') {
        const marked = plan.object;
        const bytes = this.encode(marked);
        // Deleting again what is already marked writes nothing (GuaranteedUpdate's no-op rule).
        if (!plan.thenDelete && !kv.stale && sameStoredObject(bytes, kv.value)) return { object: current, deleted: false, warnings };
        if (opts.dryRun) return { object: marked, deleted: plan.thenDelete, warnings };
        const res = await this.ctx.backend.update(key, bytes, kv.modRevision);
        if (!res.succeeded) {
          kv = res.current;
          continue;
        }
        marked.metadata.resourceVersion = String(res.revision);
        if (!plan.thenDelete) return { object: marked, deleted: false, warnings };
        // Grace period 0: the marked state was written (watchers see it), now remove it.
        const del = await this.ctx.backend.delete(key, res.revision);
        if (del.succeeded || !del.current) return { object: marked, deleted: true, warnings };
        kv = del.current;
        continue;
      }
      if (opts.dryRun) return { object: current, deleted: true, warnings };
      const res = await this.ctx.backend.delete(key, kv.modRevision);
      if (res.succeeded) return { object: current, deleted: true, warnings };
      kv = res.current;
    }
  }

  /** rest.BeforeDelete + the garbage collector's finalizers + markAsDeleting, as one pure decision. */
  private planDelete(current: KObject, opts: DeleteOptions): DeletePlan {
    const s = this.strategy;
    const now = this.ctx.now();
    const obj = jsonCopy(current);
    const meta = obj.metadata;

    // Namespaces (the namespace REST's own Delete): the first DELETE only marks the namespace
    // Terminating; later ones wait until the namespace controller has emptied spec.finalizers.
    if (s.finalizersPending) {
      if (!meta.deletionTimestamp) {
        meta.deletionTimestamp = rfc3339(now);
        setFinalizers(meta, namespaceGCFinalizers(meta.finalizers ?? [], opts));
        s.prepareForDelete?.(obj);
        return { action: 'update', object: obj, thenDelete: false };
      }
      if (s.finalizersPending(obj)) return { action: 'pending' };
    }

    let graceful = false;
    let grace = opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0 ? 1 : opts.gracePeriodSeconds;
    if (s.checkGracefulDelete) {
      const existing = meta.deletionGracePeriodSeconds;
      if (meta.deletionTimestamp) {
        // Already terminating: only a shorter grace period changes anything, and it moves the
        // deletionTimestamp earlier by the difference. A grace of 0 (or none) left by an interrupted
        // delete falls through to deleting now.
        if (existing) {
          if (grace === undefined || grace >= existing) return { action: 'pending' };
          meta.deletionTimestamp = rfc3339(new Date(Date.parse(meta.deletionTimestamp) + (grace - existing) * 1000));
          meta.deletionGracePeriodSeconds = grace;
          graceful = true;
        }
      } else {
        grace = s.checkGracefulDelete(obj, grace);
        meta.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
        meta.deletionGracePeriodSeconds = grace;
        if (meta.generation) meta.generation += 1;
        graceful = true;
      }
    }

    setFinalizers(meta, gcFinalizers(meta.finalizers ?? [], opts, s.defaultGarbageCollectionPolicy));
    const pendingFinalizers = this.mustWait(obj);
    if (!graceful) {
      // Nothing to wait for: delete now, even if this DELETE just dropped a GC finalizer (errDeleteNow).
      if (!pendingFinalizers) return { action: 'delete' };
      // markAsDeleting: the timestamp is set once (or pulled in to now), the grace period is 0.
      if (!meta.deletionTimestamp && meta.generation) meta.generation += 1;
      if (!meta.deletionTimestamp || Date.parse(meta.deletionTimestamp) > now.getTime()) meta.deletionTimestamp = rfc3339(now);
      meta.deletionGracePeriodSeconds = 0;
      s.prepareForDelete?.(obj);
      return { action: 'update', object: obj, thenDelete: false };
    }
    return { action: 'update', object: obj, thenDelete: !pendingFinalizers && grace === 0 };
  }
}

/**
 * The finalizers an object should carry for the garbage collector after this DELETE
 * (deletionFinalizersForGarbageCollection): `orphan` to orphan dependents, `foregroundDeletion` to
 * delete them first. An explicit option wins, then a finalizer already present, then the default.
 */
function gcFinalizers(existing: string[], opts: DeleteOptions, policy: 'DeleteDependents' | 'OrphanDependents' = 'DeleteDependents'): string[] {
  const explicit = (): PropagationPolicy | undefined => {
    if (opts.orphanDependents !== undefined) return opts.orphanDependents ? 'Orphan' : 'Background';
    return opts.propagationPolicy;
  };
  let mode = explicit();
  if (!mode) {
    for (const f of existing) {
      if (f === FINALIZER_ORPHAN) mode ??= 'Orphan';
      if (f === FINALIZER_FOREGROUND) mode ??= 'Foreground';
    }
  }
  mode ??= policy === 'OrphanDependents' ? 'Orphan' : 'Background';
  const out = existing.filter((f) => f !== FINALIZER_ORPHAN && f !== FINALIZER_FOREGROUND);
  if (mode === 'Orphan') out.push(FINALIZER_ORPHAN);
  if (mode === 'Foreground') out.push(FINALIZER_FOREGROUND);
  return out;
}

/** The namespace REST's variant: orphanDependents=false asks for foreground; without options, keep what is there. */
function namespaceGCFinalizers(existing: string[], opts: DeleteOptions): string[] {
  let orphan = existing.includes(FINALIZER_ORPHAN);
  let foreground = existing.includes(FINALIZER_FOREGROUND);
  if (opts.orphanDependents !== undefined) {
    orphan = opts.orphanDependents;
    foreground = !opts.orphanDependents;
  } else if (opts.propagationPolicy) {
    orphan = opts.propagationPolicy === 'Orphan';
    foreground = opts.propagationPolicy === 'Foreground';
  }
  const out = existing.filter((f) => f !== FINALIZER_ORPHAN && f !== FINALIZER_FOREGROUND);
  if (orphan) out.push(FINALIZER_ORPHAN);
  if (foreground) out.push(FINALIZER_FOREGROUND);
  return out;
}

/** Sets metadata.finalizers when the set differs (order kept otherwise); returns whether it changed. */
function setFinalizers(meta: KObject['metadata'], next: string[]): boolean {
  const prev = meta.finalizers ?? [];
  const same = prev.length === next.length && next.every((f) => prev.includes(f));
  if (same) return false;
  if (next.length) meta.finalizers = next;
  else delete meta.finalizers;
  return true;
}

/**
 * Whether two encodings hold the same object. Upstream encodes typed structs, so key order never
 * differs there; here a client may send the same object with its keys in another order. Reordering
 * keeps JSON.stringify's length, so only same-length encodings need parsing.
 */
function sameStoredObject(a: Buffer, b: Buffer): boolean {
  if (a.equals(b)) return true;
  if (a.length !== b.length) return false;
  return jsonEqual(JSON.parse(a.toString('utf8')), JSON.parse(b.toString('utf8')));
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => jsonEqual(x, (b as unknown[])[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao);
  return keys.length === Object.keys(bo).length && keys.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEqual(ao[k], bo[k]));
}

/** Objects are plain JSON, and a JSON round trip copies them faster than structuredClone in V8. */
function jsonCopy<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

function collect(into: string[], more: string[] | void | undefined): void {
  if (more?.length) into.push(...more);
}

function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += GENERATE_CHARS[Math.floor(Math.random() * GENERATE_CHARS.length)];
  return s;
}

export function parseResourceVersion(rv: string | undefined): number {
  if (!rv) return 0;
  if (!/^\d+$/.test(rv)) throw Errors.badRequest(`Invalid value: "${rv}": strconv.ParseUint: parsing "${rv}": invalid syntax`);
  if (BigInt(rv) >= 2n ** 64n) throw Errors.badRequest(`Invalid value: "${rv}": strconv.ParseUint: parsing "${rv}": value out of range`);
  return Number(rv);
}

/**
 * ListOptions validation (apimachinery's ValidateListOptions, 1.25): a 422 on ListOptions.meta.k8s.io,
 * checked before anything is read.
 */
export function validateListOptions(opts: ListOptions, watch: boolean): void {
  const match = opts.resourceVersionMatch ?? '';
  if (!match) return;
  const errs: FieldError[] = [];
  if (watch) errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch'));
  if (!opts.resourceVersion) errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
  if (opts.continue) errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  if (match !== 'Exact' && match !== 'NotOlderThan') errs.push(notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
  if (match === 'Exact' && opts.resourceVersion === '0')
    errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  if (errs.length) throw Errors.invalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', errs);
}

/** An error that is not a Status upstream: kube-apiserver answers it with its code, the text, and no reason. */
function tooLargeRV(requested: number, current: number): StatusError {
  const err = Errors.timeout(`Too large resource version: ${requested}, current: ${current}`, 1);
  err.status.details = { ...err.status.details, causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] };
  return err;
}

/** Whether anything outside metadata (and status, when it has its own subresource) changed. */
function specChanged(a: KObject, b: KObject, statusSeparate: boolean): boolean {
  const strip = (o: KObject) => {
    const { metadata: _m, status, apiVersion: _a, kind: _k, ...rest } = o;
    return JSON.stringify(statusSeparate ? rest : { ...rest, status });
  };
  return strip(a) !== strip(b);
}

/** Built-in groups store under the bare plural (kube-apiserver's prefix table); custom ones under group/plural. */
const BUILTIN_GROUPS = new Set([
  'apps',
  'batch',
  'policy',
  'autoscaling',
  'coordination.k8s.io',
  'events.k8s.io',
  'storage.k8s.io',
  'rbac.authorization.k8s.io',
  'networking.k8s.io',
  'discovery.k8s.io',
  'node.k8s.io',
  'scheduling.k8s.io',
  'certificates.k8s.io',
  'admissionregistration.k8s.io',
  'flowcontrol.apiserver.k8s.io',
]);
function isBuiltinGroup(group: string): boolean {
  return BUILTIN_GROUPS.has(group);
}
