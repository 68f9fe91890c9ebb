// The DaemonSet controller (pkg/controller/daemon, v1.25): informers over sets, pods, nodes and
// ControllerRevisions feed a queue of set keys. A sync claims the set's pods, settles its revisions,
// then (once its earlier writes have been observed) creates a pod for each eligible node lacking one
// and deletes pods that may not stay, runs the RollingUpdate, trims the history, and writes the
// status. Pods are created pinned to their node by required node affinity; the scheduler binds them.
import type { DaemonSetStatus } from 'kubernetes-types/apps/v1.js';
import { realClock, type Clock } from '../../client/clock.js';
import { runWorkers, type SyncResult } from '../../client/controller.js';
import { EventRecorder } from '../../client/events.js';
import { Informer, objectKey } from '../../client/informer.js';
import { informersOf } from '../../client/informerfactory.js';
import type { ControllerOptions } from '../common/options.js';
import { isConflict, type ResourceClient } from '../../client/rest.js';
import { WorkQueue } from '../../client/workqueue.js';
import { silentLogger, type Logger } from '../../machinery/log.js';
import { labelSelectorFromObject, matchesLabels } from '../../machinery/selectors.js';
import { byNamespace, claim, controllerOf, isPodAvailable, isPodReady } from '../common/pods.js';
import { canonicalJSON, CONTROLLER_REVISIONS, POD_REVISION_LABEL, type Revision } from '../common/revisions.js';
import { Backoff, Expectations } from './expectations.js';
import { DaemonSetHistory } from './history.js';
import { byAge, planNodes } from './manage.js';
import { DaemonPodControl, type PodObj } from './podcontrol.js';
import { nodeShouldRunDaemonPod, targetNodeName, type DS, type NodeObj } from './predicates.js';
import { isUpdated, planRollingUpdate } from './rolling.js';

export type DaemonSetControllerOptions = ControllerOptions;

type Owned = PodObj | Revision;
const STATUS_UPDATE_RETRIES = 1;

export class DaemonSetController {
  private readonly queue: WorkQueue<string>;
  private readonly sets: ResourceClient<DS>;
  private readonly pods: ResourceClient<PodObj>;
  private readonly dsInformer: Informer<DS>;
  private readonly podInformer: Informer<PodObj>;
  private readonly nodeInformer: Informer<NodeObj>;
  private readonly revisionInformer: Informer<Revision>;
  private readonly history: DaemonSetHistory;
  private readonly podControl: DaemonPodControl;
  private readonly recorder: EventRecorder;
  private readonly expectations: Expectations;
  private readonly failedPodsBackoff: Backoff;
  private readonly clock: Clock;
  private readonly log: Logger;
  private workers?: Promise<void>;

  constructor(private readonly opts: DaemonSetControllerOptions) {
    const informers = informersOf(opts);
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? silentLogger;
    const { rest } = opts;
    this.queue = new WorkQueue<string>('daemonset', this.clock);
    this.expectations = new Expectations(this.clock);
    this.failedPodsBackoff = new Backoff(this.clock);
    this.recorder = new EventRecorder(rest, { component: 'daemonset-controller' }, this.clock);
    this.sets = rest.resource<DS>({ group: 'apps', version: 'v1', resource: 'daemonsets' });
    this.pods = rest.resource<PodObj>({ group: '', version: 'v1', resource: 'pods' });
    const revisions = rest.resource<Revision>(CONTROLLER_REVISIONS);
    this.history = new DaemonSetHistory(revisions, this.sets, this.pods);
    this.podControl = new DaemonPodControl(this.pods, this.recorder, this.expectations);
    this.dsInformer = informers.forClient(this.sets, { indexers: byNamespace });
    this.podInformer = informers.forClient(this.pods, { indexers: byNamespace });
    this.revisionInformer = informers.forClient(revisions, { indexers: byNamespace });
    this.nodeInformer = informers.forClient(rest.resource<NodeObj>({ group: '', version: 'v1', resource: 'nodes' }));

    this.dsInformer.on({
      add: (ds) => this.enqueue(ds),
      update: (_, ds) => this.enqueue(ds),
      delete: (ds) => {
        this.expectations.delete(objectKey(ds));
        this.enqueue(ds);
      },
    });
    this.podInformer.on({ add: (p) => this.podAdded(p), update: (o, p) => this.podUpdated(o, p), delete: (p) => this.podDeleted(p) });
    this.revisionInformer.on({ add: (r) => this.ownedChanged(r), update: (o, r) => this.ownedUpdated(o, r), delete: (r) => this.resolveAndEnqueue(r) });
    this.nodeInformer.on({ add: (n) => this.nodeAdded(n), update: (o, n) => this.nodeUpdated(o, n) });
  }

  private get informers() {
    return [this.dsInformer, this.podInformer, this.nodeInformer, this.revisionInformer];
  }

  async start(): Promise<void> {
    for (const i of this.informers) i.start();
    await Promise.all(this.informers.map((i) => i.waitForSync()));
    this.workers = runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.opts.workers ?? 2, log: this.log });
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await Promise.all(this.informers.map((i) => i.stop()));
    await this.workers;
  }

  private enqueue(ds: DS): void {
    this.queue.add(objectKey(ds));
  }

  /** resolveControllerRef: the cached set a controller reference names, if its uid matches. */
  private resolve(obj: Owned): DS | undefined {
    const ref = controllerOf(obj);
    if (!ref || ref.kind !== 'DaemonSet') return undefined;
    const ds = this.dsInformer.cache.getByName(obj.metadata.namespace ?? '', ref.name);
    return ds?.metadata.uid === ref.uid ? ds : undefined;
  }

  private resolveAndEnqueue(obj: Owned): DS | undefined {
    const ds = this.resolve(obj);
    if (ds) this.enqueue(ds);
    return ds;
  }

  /** The sets whose selector matches an orphan's labels (they may adopt it). */
  private setsSelecting(obj: Owned): DS[] {
    return this.dsInformer.cache.byIndex('namespace', obj.metadata.namespace ?? '').filter((ds) => {
      try {
        return matchesLabels(labelSelectorFromObject(ds.spec?.selector ?? {}), obj.metadata.labels as Record<string, string> | undefined);
      } catch {
        return false;
      }
    });
  }

  private ownedChanged(obj: Owned): void {
    if (controllerOf(obj)) this.resolveAndEnqueue(obj);
    else for (const ds of this.setsSelecting(obj)) this.enqueue(ds);
  }

  /**
   * An update wakes the old owner if the controller reference changed, then the current owner (its
   * set is returned) or, for an orphan whose labels or reference changed, any set that might adopt it.
   */
  private ownedUpdated(old: Owned, cur: Owned): DS | undefined {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return undefined;
    const oldRef = controllerOf(old);
    const curRef = controllerOf(cur);
    const refChanged = canonicalJSON(oldRef) !== canonicalJSON(curRef);
    if (refChanged && oldRef) this.resolveAndEnqueue(old);
    if (curRef) return this.resolveAndEnqueue(cur);
    if (refChanged || canonicalJSON(old.metadata.labels ?? {}) !== canonicalJSON(cur.metadata.labels ?? {})) for (const ds of this.setsSelecting(cur)) this.enqueue(ds);
    return undefined;
  }

  private podAdded(pod: PodObj): void {
    // A pod already being deleted is no creation to observe.
    if (pod.metadata.deletionTimestamp) return this.podDeleted(pod);
    if (!controllerOf(pod)) return this.ownedChanged(pod);
    const ds = this.resolveAndEnqueue(pod);
    if (ds) this.expectations.creationObserved(objectKey(ds));
  }

  private podUpdated(old: PodObj, cur: PodObj): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    // Graceful deletion starts with an update; it is the deletion the set waits for.
    if (cur.metadata.deletionTimestamp) return this.podDeleted(cur);
    const ds = this.ownedUpdated(old, cur);
    const minReady = ds?.spec?.minReadySeconds ?? 0;
    // Look again once a newly ready pod has been ready for minReadySeconds (plus a second of slack).
    if (ds && minReady > 0 && !isPodReady(old) && isPodReady(cur)) this.queue.addAfter(objectKey(ds), minReady * 1000 + 1000);
  }

  private podDeleted(pod: PodObj): void {
    const ds = this.resolveAndEnqueue(pod);
    if (ds) this.expectations.deletionObserved(objectKey(ds));
  }

  private nodeAdded(node: NodeObj): void {
    for (const ds of this.dsInformer.cache.list()) if (nodeShouldRunDaemonPod(node, ds).shouldRun) this.enqueue(ds);
  }

  private nodeUpdated(old: NodeObj, cur: NodeObj): void {
    if (sameNodeIgnoringHeartbeats(old, cur)) return;
    for (const ds of this.dsInformer.cache.list()) {
      const a = nodeShouldRunDaemonPod(old, ds);
      const b = nodeShouldRunDaemonPod(cur, ds);
      if (a.shouldRun !== b.shouldRun || a.shouldContinueRunning !== b.shouldContinueRunning) this.enqueue(ds);
    }
  }

  private async sync(key: string): Promise<SyncResult> {
    const cached = this.dsInformer.cache.get(key);
    if (!cached) {
      this.expectations.delete(key);
      return;
    }
    const ds = structuredClone(cached);
    const sel = ds.spec?.selector ?? {};
    if (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length) {
      void this.recorder.event(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
      return;
    }
    // A set being deleted may have lost its history already; its status cannot be computed reliably.
    if (ds.metadata.deletionTimestamp) return;
    const namespace = ds.metadata.namespace!;
    const nodes = this.nodeInformer.cache.list();
    const pods = await claim({ owner: ds, ownerApiVersion: 'apps/v1', ownerKind: 'DaemonSet', selector: sel, candidates: this.podInformer.cache.byIndex('namespace', namespace), client: this.pods });
    const { cur, old } = await this.history.construct(ds, this.revisionInformer.cache.byIndex('namespace', namespace), pods);
    const hash = cur.metadata.labels?.[POD_REVISION_LABEL] ?? '';
    const nodeToPods = groupByNode(pods);

    if (!this.expectations.satisfied(key)) return this.writeStatus(ds, nodes, nodeToPods, hash, false);
    // The status is written even when an action failed; the action's error is the one reported.
    let failure: unknown;
    try {
      await this.update(key, ds, nodes, nodeToPods, hash, old, pods);
    } catch (err) {
      failure = err;
    }
    let result: SyncResult = undefined;
    try {
      result = await this.writeStatus(ds, nodes, nodeToPods, hash, true);
    } catch (err) {
      failure ??= err;
    }
    if (failure) throw failure;
    return result;
  }

  /** updateDaemonSet: manage, then the RollingUpdate if manage changed nothing, then history cleanup. */
  private async update(key: string, ds: DS, nodes: NodeObj[], nodeToPods: Map<string, PodObj[]>, hash: string, old: Revision[], pods: PodObj[]): Promise<void> {
    const now = this.clock.now();
    const backoffKey = (node: string) => `${ds.metadata.uid}/${ds.status?.observedGeneration ?? 0}/${node}`;
    const plan = planNodes(ds, nodes, nodeToPods, hash, now, {
      mayReplace: (node) => {
        const k = backoffKey(node);
        if (this.failedPodsBackoff.inBackoff(k, now.getTime())) {
          this.queue.addAfter(key, this.failedPodsBackoff.get(k));
          return false;
        }
        this.failedPodsBackoff.next(k, now.getTime());
        return true;
      },
      reportFailed: (pod, node) =>
        void this.recorder.event(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${node}, will try to kill it`),
    });
    await this.podControl.sync(key, ds, plan.toDelete, plan.toCreate, hash);
    if (this.expectations.satisfied(key) && ds.spec?.updateStrategy?.type === 'RollingUpdate') {
      const rolling = planRollingUpdate(ds, nodes, nodeToPods, hash, now);
      await this.podControl.sync(key, ds, rolling.toDelete, rolling.toCreate, hash);
    }
    await this.history.cleanup(ds, old, pods);
    this.failedPodsBackoff.gc(now.getTime());
  }

  /** updateDaemonSetStatus + storeDaemonSetStatus: counted from each desired node's oldest pod, written on change. */
  private async writeStatus(ds: DS, nodes: NodeObj[], nodeToPods: Map<string, PodObj[]>, hash: string, observed: boolean): Promise<SyncResult> {
    const now = this.clock.now();
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const s = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0 };
    for (const node of nodes) {
      const pods = nodeToPods.get(node.metadata.name!) ?? [];
      if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
        if (pods.length) s.numberMisscheduled++;
        continue;
      }
      s.desiredNumberScheduled++;
      if (!pods.length) continue;
      s.currentNumberScheduled++;
      const pod = [...pods].sort(byAge)[0]!;
      if (isPodReady(pod)) {
        s.numberReady++;
        if (isPodAvailable(pod, minReady, now)) s.numberAvailable++;
      }
      if (isUpdated(pod, hash)) s.updatedNumberScheduled++;
    }
    s.numberUnavailable = s.desiredNumberScheduled - s.numberAvailable;
    const generation = ds.metadata.generation ?? 0;
    const st = (ds.status ?? {}) as DaemonSetStatus;
    const unchanged = (Object.keys(s) as (keyof typeof s)[]).every((k) => (st[k] ?? 0) === s[k]) && (st.observedGeneration ?? 0) >= generation;
    if (!unchanged) {
      let cur = ds;
      for (let attempt = 0; ; attempt++) {
        const status = { ...cur.status!, ...s, ...(observed ? { observedGeneration: generation } : {}) };
        try {
          await this.sets.update({ ...cur, status }, { subresource: 'status' });
          break;
        } catch (err) {
          if (!isConflict(err) || attempt >= STATUS_UPDATE_RETRIES) throw err;
          cur = await this.sets.get(ds.metadata.name!, ds.metadata.namespace ?? '');
        }
      }
    }
    // A last line of defence against clock skew: look again after minReadySeconds.
    if (minReady > 0 && s.numberReady !== s.numberAvailable) return { requeueAfterMs: minReady * 1000 };
  }
}

/** getNodesToDaemonPods: the claimed pods by the node they are on or aimed at. */
function groupByNode(pods: PodObj[]): Map<string, PodObj[]> {
  const out = new Map<string, PodObj[]>();
  for (const pod of pods) {
    const node = targetNodeName(pod);
    if (!node) continue;
    const list = out.get(node);
    if (list) list.push(pod);
    else out.set(node, [pod]);
  }
  return out;
}

/** shouldIgnoreNodeUpdate: only condition heartbeats changed (the set of true conditions is the same). */
function sameNodeIgnoringHeartbeats(old: NodeObj, cur: NodeObj): boolean {
  const trueTypes = (n: NodeObj) => (n.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type).sort().join();
  if (trueTypes(old) !== trueTypes(cur)) return false;
  const strip = (n: NodeObj) => ({ ...n, metadata: { ...n.metadata, resourceVersion: undefined }, status: { ...n.status, conditions: undefined } });
  return canonicalJSON(strip(old)) === canonicalJSON(strip(cur));
}
