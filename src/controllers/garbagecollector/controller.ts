// The garbage collector (pkg/controller/garbagecollector): metadata informers over every deletable
// resource feed the dependency graph; two queues act on it.
//   attemptToDelete: an object whose owners are all gone is deleted (with the policy its own
//     finalizers ask for, Background otherwise); references to absent owners are dropped from objects
//     that still have a live owner; an owner being deleted in the foreground loses its
//     `foregroundDeletion` finalizer once no dependent with blockOwnerDeletion is left.
//   attemptToOrphan: an owner being deleted with the `orphan` finalizer has its uid removed from its
//     dependents' ownerReferences, then loses the finalizer.
// An owner is identified by uid: a reference to a name whose current object has another uid points
// at an owner that no longer exists. Resources are found through discovery, re-read periodically and
// whenever a CustomResourceDefinition changes.
import { apiVersionOf, type KObject } from '../../api/object.js';
import { realClock, type Clock } from '../../client/clock.js';
import { runWorkers, type SyncResult } from '../../client/controller.js';
import { discoverResources, gvrString, RESTMapper, type APIResourceInfo } from '../../client/discovery.js';
import { Informer } from '../../client/informer.js';
import { isConflict, isNotFound, type ResourceClient, type RestClient } from '../../client/rest.js';
import { WorkQueue } from '../../client/workqueue.js';
import { silentLogger, type Logger } from '../../machinery/log.js';
import { DependencyGraph, FINALIZER_FOREGROUND, FINALIZER_ORPHAN, type GraphNode, type ObjectIdentity, type ObservedMeta, type OwnerReference } from './graph.js';

export interface GarbageCollectorOptions {
  rest: RestClient;
  clock?: Clock;
  log?: Logger;
  /** Concurrent attemptToDelete workers (upstream --concurrent-gc-syncs, 20). */
  workers?: number;
  /** How often discovery is read again to follow resources coming and going (upstream: 30 s). */
  resyncMs?: number;
  /** Resources never monitored (upstream default: core events). */
  ignoredResources?: { group: string; resource: string }[];
}

type Policy = 'Orphan' | 'Background' | 'Foreground';
type OwnerState = 'absent' | 'solid' | 'waiting';

const ABSENT_CACHE_SIZE = 1000;
const CONFLICT_RETRIES = 5;

export class GarbageCollector {
  private readonly graph: DependencyGraph;
  private readonly deleteQueue: WorkQueue<string>;
  private readonly orphanQueue: WorkQueue<string>;
  private readonly monitors = new Map<string, { info: APIResourceInfo; informer: Informer }>();
  private readonly clients = new Map<string, ResourceClient>();
  /** uids known not to exist: a uid never comes back, so this only saves requests. */
  private readonly absentOwners = new Set<string>();
  private mapper = new RESTMapper([]);
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly rest: RestClient;
  private readonly ignored: { group: string; resource: string }[];
  private workers?: Promise<void>;
  private stopped = false;
  private cancelResync?: () => void;
  private cancelPeriodic?: () => void;
  private resyncing = false;
  private resyncAgain = false;
  private crdRetries = 0;

  constructor(private readonly opts: GarbageCollectorOptions) {
    this.rest = opts.rest;
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? silentLogger;
    this.ignored = opts.ignoredResources ?? [{ group: '', resource: 'events' }];
    this.deleteQueue = new WorkQueue<string>('garbage_collector_attempt_to_delete', this.clock);
    this.orphanQueue = new WorkQueue<string>('garbage_collector_attempt_to_orphan', this.clock);
    this.graph = new DependencyGraph({
      attemptToDelete: (n) => this.deleteQueue.add(n.identity.uid),
      attemptToOrphan: (n) => this.orphanQueue.add(n.identity.uid),
    });
  }

  /** Discover resources, start the monitors and the workers. Workers wait until every monitor has synced. */
  async start(): Promise<void> {
    await this.runResync();
    const tick = () => {
      this.cancelPeriodic = this.clock.after(this.opts.resyncMs ?? 30_000, () => {
        void this.runResync();
        tick();
      });
    };
    tick();
    this.workers = Promise.all([
      runWorkers({ queue: this.deleteQueue, sync: (uid) => this.attemptToDelete(uid), workers: this.opts.workers ?? 5, log: this.log }),
      runWorkers({ queue: this.orphanQueue, sync: (uid) => this.attemptToOrphan(uid), workers: 2, log: this.log }),
    ]).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelPeriodic?.();
    this.cancelResync?.();
    this.deleteQueue.shutDown();
    this.orphanQueue.shutDown();
    await Promise.all([...this.monitors.values()].map((m) => m.informer.stop()));
    await this.workers;
  }

  /** Whether every monitor has loaded its first list (the graph is complete). */
  isSynced(): boolean {
    for (const m of this.monitors.values()) if (!m.informer.hasSynced()) return false;
    return this.monitors.size > 0;
  }

  /** Resources being monitored, as group/version/resource. */
  monitored(): string[] {
    return [...this.monitors.keys()].sort();
  }

  // ---- monitors and discovery ---------------------------------------------------------------

  private requestResync(delayMs: number): void {
    if (this.stopped) return;
    this.cancelResync?.();
    this.cancelResync = this.clock.after(delayMs, () => void this.runResync());
  }

  private async runResync(): Promise<void> {
    if (this.stopped) return;
    if (this.resyncing) {
      this.resyncAgain = true;
      return;
    }
    this.resyncing = true;
    try {
      const crdPending = await this.resync();
      // A CRD the server has not started serving yet: look again shortly, a bounded number of times.
      if (crdPending && this.crdRetries++ < 20) this.requestResync(250);
      if (!crdPending) this.crdRetries = 0;
    } catch (err) {
      this.log.warn('garbage collector: discovery failed', { err: err instanceof Error ? err.message : String(err) });
      this.requestResync(5_000);
    } finally {
      this.resyncing = false;
      if (this.resyncAgain) {
        this.resyncAgain = false;
        void this.runResync();
      }
    }
  }

  /** Brings the monitors in line with discovery; true when a stored CRD's resource is not served yet. */
  private async resync(): Promise<boolean> {
    const all = await discoverResources(this.rest);
    if (this.stopped) return false;
    this.mapper = new RESTMapper(all);
    const wanted = all.filter(
      (r) => r.preferred && ['delete', 'list', 'watch'].every((v) => r.verbs.includes(v)) && !this.ignored.some((i) => i.group === r.group && i.resource === r.resource),
    );
    const keys = new Set(wanted.map(gvrString));
    for (const [key, m] of this.monitors) {
      if (keys.has(key)) continue;
      // Nodes stay in the graph, as upstream: the resource may only be between versions.
      this.monitors.delete(key);
      await m.informer.stop();
      this.log.info('garbage collector: stopped monitoring', { resource: key });
    }
    for (const info of wanted) if (!this.monitors.has(gvrString(info))) this.addMonitor(info);
    const crds = this.monitors.get('apiextensions.k8s.io/v1/customresourcedefinitions')?.informer;
    return !!crds?.cache.list().some((crd) => {
      if (crd.metadata.deletionTimestamp) return false;
      const name = crd.metadata.name ?? '';
      const dot = name.indexOf('.');
      return !all.some((r) => r.resource === name.slice(0, dot) && r.group === name.slice(dot + 1));
    });
  }

  private addMonitor(info: APIResourceInfo): void {
    const key = gvrString(info);
    const informer = new Informer(this.rest.resource(info, { metadataOnly: true }), { name: key, clock: this.clock, log: this.log });
    const identity = (o: KObject): ObjectIdentity => ({
      apiVersion: apiVersionOf(info.group, info.version),
      kind: info.kind,
      namespace: o.metadata.namespace ?? '',
      name: o.metadata.name ?? '',
      uid: o.metadata.uid ?? '',
    });
    const isCRD = info.group === 'apiextensions.k8s.io' && info.resource === 'customresourcedefinitions';
    informer.on({
      add: (o) => {
        this.graph.observe(identity(o), o.metadata as ObservedMeta);
        if (isCRD) this.requestResync(100);
      },
      update: (_, o) => {
        this.graph.observe(identity(o), o.metadata as ObservedMeta);
        if (isCRD) this.requestResync(100);
      },
      delete: (o) => {
        const node = this.graph.remove(o.metadata.uid ?? '');
        if (node && node.dependents.size) this.noteAbsent(node.identity.uid);
        if (isCRD) this.requestResync(100);
      },
    });
    this.monitors.set(key, { info, informer });
    informer.start();
    this.log.info('garbage collector: monitoring', { resource: key });
  }

  private noteAbsent(uid: string): void {
    this.absentOwners.add(uid);
    if (this.absentOwners.size > ABSENT_CACHE_SIZE) this.absentOwners.delete(this.absentOwners.values().next().value!);
  }

  private client(info: APIResourceInfo): ResourceClient {
    const key = gvrString(info);
    let c = this.clients.get(key);
    if (!c) this.clients.set(key, (c = this.rest.resource(info, { metadataOnly: true })));
    return c;
  }

  private resolve(id: { apiVersion: string; kind: string }): APIResourceInfo {
    const info = this.mapper.forKind(id.apiVersion, id.kind);
    if (!info) throw new Error(`no served resource for apiVersion ${id.apiVersion} kind ${id.kind}`);
    return info;
  }

  /** The object as the server has it now (metadata only), or undefined when it is gone. */
  private async getLive(id: ObjectIdentity): Promise<KObject | undefined> {
    const info = this.resolve(id);
    try {
      return await this.client(info).get(id.name, info.namespaced ? id.namespace : '');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  // ---- attemptToDelete ---------------------------------------------------------------------

  private async attemptToDelete(uid: string): Promise<SyncResult> {
    if (!this.isSynced()) return { requeueAfterMs: 100 };
    const node = this.graph.get(uid);
    if (!node) return;
    // Being deleted (not in the foreground) is a one-way trip: the delete event brings the dependents here.
    if (node.beingDeleted && !node.deletingDependents) return;
    const latest = await this.getLive(node.identity);
    if (!latest || latest.metadata.uid !== uid) {
      // The object with this uid no longer exists. For an observed node its delete event is on the
      // way; a virtual owner is dropped now, which sends its dependents to be looked at.
      if (node.virtual) {
        this.noteAbsent(uid);
        this.graph.remove(uid);
      }
      return;
    }
    // It exists but no informer has reported it yet: wait for that.
    if (node.virtual) return { backoff: true };
    if (node.deletingDependents) return this.processDeletingDependents(node);
    // Already being deleted, and the informer has not told us yet: nothing to add.
    if (latest.metadata.deletionTimestamp && !latest.metadata.finalizers?.includes(FINALIZER_FOREGROUND)) return;
    const refs = (latest.metadata.ownerReferences ?? []) as OwnerReference[];
    if (!refs.length) return;

    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of refs) {
      const state = await this.ownerState(ref, node.identity.namespace);
      (state === 'absent' ? dangling : state === 'waiting' ? waiting : solid).push(ref);
    }

    if (solid.length) {
      if (!dangling.length && !waiting.length) return;
      // Still owned: drop only the references to owners that are gone or waiting for their dependents
      // (a waiting owner would otherwise never finish).
      const drop = [...dangling, ...waiting].map((r) => r.uid);
      this.log.info('garbage collector: removing references to absent or terminating owners', { object: describe(node.identity), owners: drop.join(',') });
      await this.removeOwnerReferences(node, drop);
      return;
    }
    if (waiting.length && node.dependents.size) {
      // An owner waits for us and we have dependents of our own: delete in the foreground too, so the
      // chain finishes bottom-up. A dependent already deleting its own dependents would wait for us
      // while we wait for it; unblock our references first to break such a cycle.
      if ([...node.dependents].some((d) => d.deletingDependents)) await this.unblockOwnerReferences(node);
      await this.deleteObject(node, 'Foreground', 'an owner is being deleted in the foreground');
      return;
    }
    const fins = latest.metadata.finalizers ?? [];
    const policy: Policy = fins.includes(FINALIZER_ORPHAN) ? 'Orphan' : fins.includes(FINALIZER_FOREGROUND) ? 'Foreground' : 'Background';
    await this.deleteObject(node, policy, waiting.length ? 'an owner is being deleted in the foreground' : 'all owners are gone');
  }

  /** Whether the owner a reference names exists with that uid, and whether it waits for its dependents. */
  private async ownerState(ref: OwnerReference, dependentNamespace: string): Promise<OwnerState> {
    if (this.absentOwners.has(ref.uid)) return 'absent';
    const info = this.resolve(ref);
    // A cluster-scoped object cannot be owned by a namespaced one: such a reference names nothing.
    if (info.namespaced && !dependentNamespace) return 'absent';
    let owner: KObject | undefined;
    try {
      owner = await this.client(info).get(ref.name, info.namespaced ? dependentNamespace : '');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (!owner || owner.metadata.uid !== ref.uid) {
      this.noteAbsent(ref.uid);
      return 'absent';
    }
    if (owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes(FINALIZER_FOREGROUND)) return 'waiting';
    return 'solid';
  }

  private async processDeletingDependents(node: GraphNode): Promise<SyncResult> {
    const blocking = node.blockingDependents();
    if (!blocking.length) {
      this.log.info('garbage collector: dependents gone, finishing foreground deletion', { object: describe(node.identity) });
      await this.removeFinalizer(node, FINALIZER_FOREGROUND);
      return;
    }
    for (const dep of blocking) if (!dep.deletingDependents) this.deleteQueue.add(dep.identity.uid);
  }

  private async deleteObject(node: GraphNode, policy: Policy, why: string): Promise<void> {
    const info = this.resolve(node.identity);
    this.log.info('garbage collector: deleting object', { object: describe(node.identity), uid: node.identity.uid, propagationPolicy: policy, reason: why });
    try {
      await this.client(info).delete(node.identity.name, {
        namespace: info.namespaced ? node.identity.namespace : '',
        propagationPolicy: policy,
        preconditions: { uid: node.identity.uid },
      });
    } catch (err) {
      // Already gone, or replaced by a new object of the same name (the uid precondition failed).
      if (isNotFound(err) || isConflict(err)) return;
      throw err;
    }
  }

  // ---- attemptToOrphan ---------------------------------------------------------------------

  private async attemptToOrphan(uid: string): Promise<SyncResult> {
    if (!this.isSynced()) return { requeueAfterMs: 100 };
    const owner = this.graph.get(uid);
    if (!owner) return;
    const dependents = [...owner.dependents];
    if (dependents.length) this.log.info('garbage collector: orphaning dependents', { owner: describe(owner.identity), dependents: dependents.length });
    await Promise.all(dependents.map((d) => this.removeOwnerReferences(d, [uid])));
    await this.removeFinalizer(owner, FINALIZER_ORPHAN);
  }

  // ---- writes ------------------------------------------------------------------------------

  /**
   * A JSON merge patch carrying the object's resourceVersion, so that a concurrent change makes it
   * fail with a conflict rather than be overwritten; then read again and retry.
   */
  private async patchMeta(node: GraphNode, change: (meta: KObject['metadata']) => Record<string, unknown> | undefined): Promise<void> {
    const info = this.resolve(node.identity);
    const namespace = info.namespaced ? node.identity.namespace : '';
    for (let attempt = 0; ; attempt++) {
      const latest = await this.getLive(node.identity);
      if (!latest || latest.metadata.uid !== node.identity.uid) return;
      const patch = change(latest.metadata);
      if (!patch) return;
      try {
        await this.client(info).patch(node.identity.name, { metadata: { ...patch, resourceVersion: latest.metadata.resourceVersion } }, { namespace });
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err) || attempt >= CONFLICT_RETRIES) throw err;
      }
    }
  }

  private removeOwnerReferences(node: GraphNode, ownerUids: string[]): Promise<void> {
    return this.patchMeta(node, (meta) => {
      const refs = meta.ownerReferences ?? [];
      const kept = refs.filter((r) => !ownerUids.includes(r.uid));
      if (kept.length === refs.length) return undefined;
      return { ownerReferences: kept.length ? kept : null };
    });
  }

  private unblockOwnerReferences(node: GraphNode): Promise<void> {
    return this.patchMeta(node, (meta) => {
      const refs = meta.ownerReferences ?? [];
      if (!refs.some((r) => r.blockOwnerDeletion)) return undefined;
      return { ownerReferences: refs.map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r)) };
    });
  }

  private removeFinalizer(node: GraphNode, finalizer: string): Promise<void> {
    return this.patchMeta(node, (meta) => {
      const fins = meta.finalizers ?? [];
      if (!fins.includes(finalizer)) return undefined;
      const kept = fins.filter((f) => f !== finalizer);
      this.log.info('garbage collector: removing finalizer', { object: describe(node.identity), finalizer });
      return { finalizers: kept.length ? kept : null };
    });
  }
}

function describe(id: ObjectIdentity): string {
  return `${id.apiVersion}/${id.kind} ${id.namespace ? `${id.namespace}/` : ''}${id.name}`;
}
