// The namespace controller (pkg/controller/namespace): a namespace marked for deletion (a
// deletionTimestamp, phase Terminating, "kubernetes" in spec.finalizers) has everything in it deleted
// — every served namespaced resource, found through discovery — and once nothing is left, "kubernetes"
// is removed from spec.finalizers so the server completes the deletion. Progress is reported in the
// namespace's status conditions with upstream's types, reasons and messages.
import type { KObject } from '../../api/object.js';
import { realClock, type Clock } from '../../client/clock.js';
import { runWorkers, type SyncResult } from '../../client/controller.js';
import { discoverResources, type APIResourceInfo } from '../../client/discovery.js';
import { Informer } from '../../client/informer.js';
import { informersOf } from '../../client/informerfactory.js';
import type { ControllerOptions } from '../common/options.js';
import { isConflict, isMethodNotAllowed, isNotFound, type ResourceClient } from '../../client/rest.js';
import { WorkQueue } from '../../client/workqueue.js';
import { silentLogger, type Logger } from '../../machinery/log.js';

export type NamespaceControllerOptions = ControllerOptions;

const FINALIZER_TOKEN = 'kubernetes';
/** How long to allow for finalizers on remaining content before looking again (upstream's estimate). */
const FINALIZER_ESTIMATE_SECONDS = 15;
const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces' };

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

interface Namespace extends KObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: NamespaceCondition[] };
}

const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;
type ConditionType = (typeof CONDITION_TYPES)[number];

const OK: Record<ConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

/** What deleting one resource's content left behind. */
interface Remaining {
  estimateSeconds: number;
  count: number;
  finalizers: Map<string, number>;
  error?: string;
}

export class NamespaceController {
  private readonly queue: WorkQueue<string>;
  private readonly informer: Informer<Namespace>;
  private readonly namespaces: ResourceClient<Namespace>;
  private readonly clients = new Map<string, ResourceClient>();
  /** Operations a resource turned out not to support (405/404), per "group/resource verb". */
  private readonly unsupported = new Set<string>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private workers?: Promise<void>;

  constructor(private readonly opts: NamespaceControllerOptions) {
    const informers = informersOf(opts);
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? silentLogger;
    // nsControllerRateLimiter: 5 ms doubling up to a minute.
    this.queue = new WorkQueue<string>('namespace', this.clock, { baseDelayMs: 5, maxDelayMs: 60_000 });
    this.namespaces = opts.rest.resource<Namespace>(NAMESPACES);
    this.informer = informers.forClient(this.namespaces);
    const enqueue = (ns: Namespace) => {
      if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name!);
    };
    this.informer.on({ add: enqueue, update: (_, ns) => enqueue(ns) });
  }

  start(): void {
    this.informer.start();
    this.workers = runWorkers({ queue: this.queue, sync: (name) => this.sync(name), workers: this.opts.workers ?? 2, log: this.log });
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.informer.stop();
    await this.workers;
  }

  private client(r: APIResourceInfo): ResourceClient {
    const key = `${r.group}/${r.version}/${r.resource}`;
    let c = this.clients.get(key);
    if (!c) this.clients.set(key, (c = this.opts.rest.resource(r, { metadataOnly: true })));
    return c;
  }

  /** namespacedResourcesDeleter.Delete, reading the namespace fresh from the server (other controllers edit it too). */
  private async sync(name: string): Promise<SyncResult> {
    let ns: Namespace;
    try {
      ns = await this.namespaces.get(name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!ns.metadata.deletionTimestamp) return;
    if (ns.status?.phase !== 'Terminating') {
      ns = await this.retryOnConflict(ns, (cur) => this.namespaces.update({ ...cur, status: { ...cur.status, phase: 'Terminating' } }, { subresource: 'status' }));
    }
    if (!ns.spec?.finalizers?.length) {
      // Released by every spec finalizer. Removing the last one deleted it; one that never had any
      // (released before its DELETE) is only marked, so delete it again (metadata finalizers, if
      // any, are the garbage collector's to release).
      if (!ns.metadata.finalizers?.length) {
        await this.namespaces.delete(name, { preconditions: { uid: ns.metadata.uid } }).catch((err: unknown) => {
          if (!isNotFound(err) && !isConflict(err)) throw err;
        });
      }
      return;
    }
    const started = this.clock.now().getTime();
    const { estimateSeconds, remaining, error, latest } = await this.deleteAllContent(ns);
    if (error) throw new Error(error);
    ns = latest;
    if (estimateSeconds > 0) {
      this.log.info('namespace controller: content remains', { namespace: name, remaining, estimateSeconds });
      return { requeueAfterMs: (Math.floor(estimateSeconds / 2) + 1) * 1000 };
    }
    await this.retryOnConflict(ns, (cur) => {
      const finalizers = (cur.spec?.finalizers ?? []).filter((f) => f !== FINALIZER_TOKEN);
      // Through namespaces/finalize, as upstream: plain updates keep spec.finalizers.
      return this.namespaces.update({ ...cur, spec: { ...cur.spec, finalizers } }, { subresource: 'finalize' });
    }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
    this.log.info('namespace controller: namespace emptied and finalized', { namespace: name, ms: this.clock.now().getTime() - started });
  }

  /** Apply `write` to the namespace, re-reading it after a conflict; gives up if it was replaced. */
  private async retryOnConflict(ns: Namespace, write: (cur: Namespace) => Promise<Namespace>): Promise<Namespace> {
    let cur = ns;
    for (;;) {
      try {
        return await write(cur);
      } catch (err) {
        if (!isConflict(err)) throw err;
        const fresh = await this.namespaces.get(cur.metadata.name!);
        if (fresh.metadata.uid !== cur.metadata.uid) throw new Error('namespace uid has changed across retries');
        cur = fresh;
      }
    }
  }

  /** Delete everything in the namespace; returns how long to wait for what is left, and reports it in conditions. */
  private async deleteAllContent(ns: Namespace): Promise<{ estimateSeconds: number; remaining: string; error?: string; latest: Namespace }> {
    const namespace = ns.metadata.name!;
    const conditions = new Map<ConditionType, NamespaceCondition>();
    let resources: APIResourceInfo[];
    try {
      resources = (await discoverResources(this.opts.rest)).filter((r) => r.preferred && r.namespaced && r.verbs.includes('delete'));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      conditions.set('NamespaceDeletionDiscoveryFailure', this.failed('NamespaceDeletionDiscoveryFailure', 'DiscoveryFailed', message));
      return { estimateSeconds: 0, remaining: '', error: message, latest: await this.reportConditions(ns, conditions) };
    }
    const deletedAt = Date.parse(ns.metadata.deletionTimestamp!);
    let estimate = 0;
    const remainingByResource: string[] = [];
    const finalizers = new Map<string, number>();
    const errors: string[] = [];
    for (const r of resources) {
      const left = await this.deleteAllContentFor(r, namespace, deletedAt);
      estimate = Math.max(estimate, left.estimateSeconds);
      if (left.count) remainingByResource.push(`${r.resource}.${r.group} has ${left.count} resource instances`);
      for (const [f, n] of left.finalizers) finalizers.set(f, (finalizers.get(f) ?? 0) + n);
      if (left.error) errors.push(left.error);
    }
    if (remainingByResource.length)
      conditions.set('NamespaceContentRemaining', this.failed('NamespaceContentRemaining', 'SomeResourcesRemain', `Some resources are remaining: ${remainingByResource.sort().join(', ')}`));
    if (finalizers.size) {
      const byFinalizer = [...finalizers].map(([f, n]) => `${f} in ${n} resource instances`).sort();
      conditions.set(
        'NamespaceFinalizersRemaining',
        this.failed('NamespaceFinalizersRemaining', 'SomeFinalizersRemain', `Some content in the namespace has finalizers remaining: ${byFinalizer.join(', ')}`),
      );
    }
    if (errors.length) {
      const msgs = errors.sort();
      conditions.set(
        'NamespaceDeletionContentFailure',
        this.failed('NamespaceDeletionContentFailure', 'ContentDeletionFailed', `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`),
      );
    }
    const latest = await this.reportConditions(ns, conditions);
    return { estimateSeconds: estimate, remaining: remainingByResource.join(', '), error: errors.length ? errors.join('; ') : undefined, latest };
  }

  /** deleteAllContentForGroupVersionResource: estimate, delete (collection or one by one), then see what is left. */
  private async deleteAllContentFor(r: APIResourceInfo, namespace: string, deletedAt: number): Promise<Remaining> {
    const none: Remaining = { estimateSeconds: 0, count: 0, finalizers: new Map() };
    const gvr = `${r.group}/${r.version}, Resource=${r.resource}`;
    try {
      const estimate = r.group === '' && r.resource === 'pods' ? await this.estimatePods(namespace, deletedAt) : 0;
      const c = this.client(r);
      const key = (verb: string) => `${r.group}/${r.resource} ${verb}`;
      let collected = false;
      if (r.verbs.includes('deletecollection') && !this.unsupported.has(key('deletecollection'))) {
        try {
          await c.deleteCollection({ namespace }, { propagationPolicy: 'Background' });
          collected = true;
        } catch (err) {
          if (!isMethodNotAllowed(err) && !isNotFound(err)) throw err;
          this.unsupported.add(key('deletecollection'));
        }
      }
      if (!r.verbs.includes('list') || this.unsupported.has(key('list'))) return { ...none, estimateSeconds: estimate };
      if (!collected) {
        const items = await this.listOrNothing(c, namespace, key('list'));
        for (const item of items ?? []) {
          await c.delete(item.metadata.name!, { namespace, propagationPolicy: 'Background' }).catch((err: unknown) => {
            if (!isNotFound(err)) throw err;
          });
        }
      }
      const left = await this.listOrNothing(c, namespace, key('list'));
      if (!left?.length) return { ...none, estimateSeconds: left ? 0 : estimate };
      const finalizers = new Map<string, number>();
      for (const item of left) for (const f of item.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
      if (estimate) return { estimateSeconds: estimate, count: left.length, finalizers };
      // Finalizers are a normal reason to wait (the garbage collector, say); anything else is unexpected.
      if (finalizers.size) return { estimateSeconds: FINALIZER_ESTIMATE_SECONDS, count: left.length, finalizers };
      return { estimateSeconds: 0, count: left.length, finalizers, error: `unexpected items still remain in namespace: ${namespace} for gvr: ${gvr}` };
    } catch (err) {
      return { ...none, error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** The list, or undefined when the resource cannot be listed (then remembered). */
  private async listOrNothing(c: ResourceClient, namespace: string, key: string): Promise<KObject[] | undefined> {
    try {
      return (await c.list({ namespace })).items;
    } catch (err) {
      if (!isMethodNotAllowed(err) && !isNotFound(err)) throw err;
      this.unsupported.add(key);
      return undefined;
    }
  }

  /** The longest grace period of a running pod, less the time since the namespace was deleted. */
  private async estimatePods(namespace: string, deletedAt: number): Promise<number> {
    const pods = await this.opts.rest.resource({ group: '', version: 'v1', resource: 'pods' }).list({ namespace });
    let estimate = 0;
    for (const pod of pods.items as (KObject & { spec?: { terminationGracePeriodSeconds?: number }; status?: { phase?: string } })[]) {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      estimate = Math.max(estimate, pod.spec?.terminationGracePeriodSeconds ?? 0);
    }
    return this.clock.now().getTime() - deletedAt >= estimate * 1000 ? 0 : estimate;
  }

  private failed(type: ConditionType, reason: string, message: string): NamespaceCondition {
    return { type, status: 'True', lastTransitionTime: rfc3339(this.clock.now()), reason, message };
  }

  /** updateConditions: every managed type present, "False" with the ok text unless it failed; written only on change. */
  private async reportConditions(ns: Namespace, failures: Map<ConditionType, NamespaceCondition>): Promise<Namespace> {
    const conditions = [...(ns.status?.conditions ?? [])].map((c) => ({ ...c }));
    let changed = false;
    for (const type of CONDITION_TYPES) {
      const want = failures.get(type) ?? { type, status: 'False' as const, lastTransitionTime: rfc3339(this.clock.now()), ...OK[type] };
      const have = conditions.find((c) => c.type === type);
      if (!have) {
        conditions.push(want);
        changed = true;
      } else if (have.status !== want.status || have.message !== want.message || have.reason !== want.reason) {
        if (have.status !== want.status) have.lastTransitionTime = want.lastTransitionTime;
        Object.assign(have, { status: want.status, reason: want.reason, message: want.message });
        changed = true;
      }
    }
    if (!changed) return ns;
    try {
      return await this.namespaces.update({ ...ns, status: { ...ns.status, conditions } }, { subresource: 'status' });
    } catch (err) {
      // As upstream: a failed condition update is logged, not retried on its own.
      this.log.warn('namespace controller: could not update status conditions', { namespace: ns.metadata.name, err: err instanceof Error ? err.message : String(err) });
      return ns;
    }
  }
}
