// The RBAC authorizer's view of storage: every Role, ClusterRole, RoleBinding and ClusterRoleBinding,
// read once with a range and kept current by a watch from the next revision (the informers upstream's
// authorizer reads through). Bindings are indexed by the users and groups they name, so a request
// looks at the few bindings that can apply to it and never waits on storage.
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, RoleRef, Subject } from 'kubernetes-types/rbac/v1.js';
import type { Logger } from '../../machinery/log.js';
import { CompactedError, prefixEnd, type Backend, type KeyValue, type WatchEvent, type Watcher } from '../../storage/backend.js';
import { subjectKey } from '../../api/rbac/rules.js';

/** A binding of either kind, as the authorizer needs it; namespace "" for a ClusterRoleBinding. */
export interface CachedBinding {
  name: string;
  namespace: string;
  roleRef: RoleRef;
  subjects: Subject[];
}

type Kind = 'roles' | 'clusterroles' | 'rolebindings' | 'clusterrolebindings';
const KINDS: Kind[] = ['clusterroles', 'roles', 'clusterrolebindings', 'rolebindings'];
const prefixOf = (k: Kind) => `/registry/${k}/`;

/** Bindings found under each user ("u:name") or group ("g:name") key. */
class SubjectIndex {
  private readonly byKey = new Map<string, Set<CachedBinding>>();

  add(b: CachedBinding): void {
    for (const s of b.subjects) {
      const k = subjectKey(s, b.namespace);
      if (!k) continue;
      let set = this.byKey.get(k);
      if (!set) this.byKey.set(k, (set = new Set()));
      set.add(b);
    }
  }

  remove(b: CachedBinding): void {
    for (const s of b.subjects) {
      const k = subjectKey(s, b.namespace);
      const set = k ? this.byKey.get(k) : undefined;
      if (!set) continue;
      set.delete(b);
      if (!set.size) this.byKey.delete(k!);
    }
  }

  get(key: string): Set<CachedBinding> | undefined {
    return this.byKey.get(key);
  }
}

export class RBACCache {
  private readonly clusterRoles = new Map<string, PolicyRule[]>();
  /** namespace → name → rules. */
  private readonly roles = new Map<string, Map<string, PolicyRule[]>>();
  /** Storage key → binding, so an update or delete finds what to unindex. */
  private readonly bindings = new Map<string, CachedBinding>();
  private readonly clusterIndex = new SubjectIndex();
  private readonly namespaceIndex = new Map<string, SubjectIndex>();
  private watchers: Watcher[] = [];
  private stopped = false;
  private readyPromise?: Promise<void>;
  ready = false;

  constructor(
    private readonly backend: Backend,
    private readonly log: Logger,
  ) {}

  /** Load everything at one revision, then watch from the next. Resolves once loaded. */
  start(): Promise<void> {
    this.stopped = false;
    return (this.readyPromise ??= this.load().then(() => {
      this.ready = true;
    }));
  }

  whenReady(): Promise<void> {
    return this.readyPromise ?? this.start();
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.watchers.splice(0)) w.cancel();
  }

  clusterRole(name: string): PolicyRule[] | undefined {
    return this.clusterRoles.get(name);
  }

  role(namespace: string, name: string): PolicyRule[] | undefined {
    return this.roles.get(namespace)?.get(name);
  }

  clusterBindingsFor(key: string): Set<CachedBinding> | undefined {
    return this.clusterIndex.get(key);
  }

  namespaceBindingsFor(namespace: string, key: string): Set<CachedBinding> | undefined {
    return this.namespaceIndex.get(namespace)?.get(key);
  }

  /** Which load the watchers belong to: events and errors of an earlier one are ignored. */
  private generation = 0;

  private async load(): Promise<void> {
    const gen = ++this.generation;
    this.clear();
    let revision = 0;
    for (const kind of KINDS) {
      const p = prefixOf(kind);
      // The first range fixes the revision; the others read the same snapshot.
      const r = await this.backend.range(p, prefixEnd(p), revision ? { revision } : {});
      revision ||= r.revision;
      for (const kv of r.kvs) this.put(kind, kv);
    }
    if (this.stopped || gen !== this.generation) return;
    for (const kind of KINDS) {
      const p = prefixOf(kind);
      this.watchers.push(
        this.backend.watch(p, prefixEnd(p), revision + 1, {
          onEvents: (events) => gen === this.generation && this.apply(kind, events),
          // One compaction ends all four watches: only the first starts a reload.
          onError: (err) => gen === this.generation && this.restart(err),
        }),
      );
    }
  }

  private apply(kind: Kind, events: WatchEvent[]): void {
    if (this.stopped) return;
    for (const ev of events) {
      if (ev.type === 'PUT') this.put(kind, ev.kv);
      else this.remove(kind, ev.kv.key);
    }
  }

  /** A watch that ended (history compacted away, backend closed) is replaced by a fresh load and watch. */
  private restart(err: Error): void {
    if (this.stopped) return;
    this.generation++; // the other watches of this load fall silent
    for (const w of this.watchers.splice(0)) w.cancel();
    (err instanceof CompactedError ? this.log.info : this.log.warn)('rbac: watch ended, reloading', { err: err.message });
    // Decisions wait for the reload rather than judge from a half-filled cache.
    this.ready = false;
    this.readyPromise = this.load().then(
      () => {
        this.ready = true;
      },
      (e: unknown) => {
        this.log.error('rbac: reload failed', { err: e instanceof Error ? e.message : String(e) });
        this.readyPromise = undefined; // the next decision tries again
      },
    );
  }

  private clear(): void {
    this.clusterRoles.clear();
    this.roles.clear();
    for (const b of this.bindings.values()) this.unindex(b);
    this.bindings.clear();
  }

  private put(kind: Kind, kv: KeyValue): void {
    let obj: (Role | ClusterRole | RoleBinding | ClusterRoleBinding) & { metadata: { name?: string; namespace?: string } };
    try {
      obj = JSON.parse(kv.value.toString('utf8'));
    } catch {
      this.log.warn('rbac: undecodable object ignored', { key: kv.key });
      return;
    }
    const name = obj.metadata?.name ?? '';
    const namespace = obj.metadata?.namespace ?? '';
    switch (kind) {
      case 'clusterroles':
        this.clusterRoles.set(name, (obj as ClusterRole).rules ?? []);
        return;
      case 'roles': {
        let m = this.roles.get(namespace);
        if (!m) this.roles.set(namespace, (m = new Map()));
        m.set(name, (obj as Role).rules ?? []);
        return;
      }
      default: {
        const old = this.bindings.get(kv.key);
        if (old) this.unindex(old);
        const b = obj as RoleBinding;
        const cached: CachedBinding = { name, namespace: kind === 'rolebindings' ? namespace : '', roleRef: b.roleRef, subjects: b.subjects ?? [] };
        this.bindings.set(kv.key, cached);
        this.index(cached);
      }
    }
  }

  private remove(kind: Kind, key: string): void {
    const rest = key.slice(prefixOf(kind).length);
    switch (kind) {
      case 'clusterroles':
        this.clusterRoles.delete(rest);
        return;
      case 'roles': {
        const slash = rest.indexOf('/');
        const m = this.roles.get(rest.slice(0, slash));
        m?.delete(rest.slice(slash + 1));
        if (m && !m.size) this.roles.delete(rest.slice(0, slash));
        return;
      }
      default: {
        const old = this.bindings.get(key);
        if (!old) return;
        this.bindings.delete(key);
        this.unindex(old);
      }
    }
  }

  private index(b: CachedBinding): void {
    if (!b.namespace) return this.clusterIndex.add(b);
    let idx = this.namespaceIndex.get(b.namespace);
    if (!idx) this.namespaceIndex.set(b.namespace, (idx = new SubjectIndex()));
    idx.add(b);
  }

  private unindex(b: CachedBinding): void {
    if (!b.namespace) return this.clusterIndex.remove(b);
    this.namespaceIndex.get(b.namespace)?.remove(b);
  }
}
