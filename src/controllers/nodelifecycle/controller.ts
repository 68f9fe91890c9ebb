// The node lifecycle controller (pkg/controller/nodelifecycle, v1.25, taint-based evictions):
// - every monitor period it judges each node's health from its kubelet's signs of life (Ready
//   heartbeats and its Lease in kube-node-lease); a node silent for the grace period gets its
//   kubelet conditions set to Unknown ("Kubelet stopped posting node status."), an event
//   NodeNotReady, and its pods marked not ready;
// - nodes whose Ready is False or Unknown are queued, per zone and rate-limited, for the NoExecute
//   taint not-ready or unreachable, which the taint manager turns into evictions; a node that
//   recovers loses the taints. While every zone looks fully down the controller assumes the
//   problem is its own view of the cluster and evicts nothing (upstream's disruption mode);
// - on every node change it keeps the NoSchedule taints in step with the conditions (and
//   spec.unschedulable), and the beta OS/arch labels in step with the stable ones.
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { NodeCondition } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import { NODE_LEASE_NAMESPACE } from '../../api/core/wellknown.js';
import { realClock, type Clock } from '../../client/clock.js';
import { runWorkers } from '../../client/controller.js';
import { EventRecorder } from '../../client/events.js';
import { Informer, objectKey } from '../../client/informer.js';
import { informersOf } from '../../client/informerfactory.js';
import type { ControllerOptions } from '../common/options.js';
import { isConflict, isNotFound, type ResourceClient } from '../../client/rest.js';
import { WorkQueue } from '../../client/workqueue.js';
import { silentLogger, type Logger } from '../../machinery/log.js';
import { deepEqual } from '../../validation/meta.js';
import { rfc3339 } from '../common/pods.js';
import { KUBELET_CONDITIONS, observeHealth, readyCondition, zoneKey, type NodeHealth } from './health.js';
import { markPodsNotReady, noScheduleTaintingPass, reconcileNodeLabels } from './nodes.js';
import { NoExecuteTaintManager, type PodObject } from './taintmanager.js';
import { NOT_READY_NO_EXECUTE, swapNodeTaints, taintExists, UNREACHABLE_NO_EXECUTE, type NodeObject } from './taints.js';
import { ZoneEvictions, type TaintResult } from './zones.js';

type LeaseObject = Lease & KObject;

export interface NodeLifecycleControllerOptions extends ControllerOptions {
  /** How often node health is judged (--node-monitor-period, 5 s). */
  nodeMonitorPeriodMs?: number;
  /** Silence tolerated before a node is Unknown (--node-monitor-grace-period, 40 s). */
  nodeMonitorGracePeriodMs?: number;
  /** The same for a node that never posted status (--node-startup-grace-period, 60 s). */
  nodeStartupGracePeriodMs?: number;
  /** Nodes tainted per second per zone normally (--node-eviction-rate, 0.1). */
  evictionLimiterQps?: number;
  /** The same in a large, partly disrupted zone (--secondary-node-eviction-rate, 0.01). */
  secondaryEvictionLimiterQps?: number;
  /** Zones with more nodes are large (--large-cluster-size-threshold, 50). */
  largeClusterThreshold?: number;
  /** Share of not-ready nodes that makes a zone partly disrupted (--unhealthy-zone-threshold, 0.55). */
  unhealthyZoneThreshold?: number;
}

const EXCLUDE_DISRUPTION = 'node.kubernetes.io/exclude-disruption';

export class NodeLifecycleController {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly nodes: Informer<NodeObject>;
  private readonly leases: Informer<LeaseObject>;
  private readonly pods: Informer<PodObject>;
  private readonly nodeClient: ResourceClient<NodeObject>;
  private readonly podClient: ResourceClient<PodObject>;
  private readonly events: EventRecorder;
  private readonly taintManager: NoExecuteTaintManager;
  private readonly nodeQueue: WorkQueue<string>;
  private readonly podQueue: WorkQueue<string>;
  private readonly known = new Map<string, NodeObject>();
  private readonly health = new Map<string, NodeHealth>();
  private readonly zones: ZoneEvictions;
  private readonly nodesToRetry = new Set<string>();
  private readonly monitorPeriod: number;
  private readonly gracePeriod: number;
  private readonly startupGracePeriod: number;
  private workers: Promise<void>[] = [];
  private stopped = false;
  private cancelMonitor?: () => void;
  private passes = 0;

  constructor(opts: NodeLifecycleControllerOptions) {
    const informers = informersOf(opts);
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? silentLogger;
    // Periods are on the controller's clock, with floors in real time: a simulated node agent
    // renews its lease every max(10 s, 2 s × rate) clock-ms (at least 2 real seconds apart), so the
    // grace period must span several renewals in real time too — 20 real seconds, ten renewals —
    // or a fast clock would declare healthy nodes dead between two of their heartbeats.
    const rate = this.clock.rate ?? 1;
    this.monitorPeriod = Math.max(opts.nodeMonitorPeriodMs ?? 5_000, 500 * rate);
    this.gracePeriod = Math.max(opts.nodeMonitorGracePeriodMs ?? 40_000, 20_000 * rate);
    this.startupGracePeriod = Math.max(opts.nodeStartupGracePeriodMs ?? 60_000, 30_000 * rate);
    this.zones = new ZoneEvictions({
      clock: this.clock,
      log: this.log,
      evictionQps: opts.evictionLimiterQps ?? 0.1,
      secondaryQps: opts.secondaryEvictionLimiterQps ?? 0.01,
      largeClusterThreshold: opts.largeClusterThreshold ?? 50,
      unhealthyThreshold: opts.unhealthyZoneThreshold ?? 0.55,
      taintNode: (name) => this.taintNode(name),
    });

    this.nodeClient = opts.rest.resource<NodeObject>({ group: '', version: 'v1', resource: 'nodes' });
    this.podClient = opts.rest.resource<PodObject>({ group: '', version: 'v1', resource: 'pods' });
    this.nodes = informers.forClient(this.nodeClient);
    // From the shared informers (the manager's identity), as upstream: the node-controller role may not list leases.
    this.leases = informers.informer<LeaseObject>({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases' }, { namespace: NODE_LEASE_NAMESPACE });
    this.pods = informers.forClient(this.podClient, { indexers: { nodeName: (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []) } });
    this.events = new EventRecorder(opts.rest, { component: 'node-controller' }, this.clock);
    this.nodeQueue = new WorkQueue<string>('node_lifecycle_controller', this.clock);
    this.podQueue = new WorkQueue<string>('node_lifecycle_controller_pods', this.clock);
    this.taintManager = new NoExecuteTaintManager({
      clock: this.clock,
      log: this.log,
      events: new EventRecorder(opts.rest, { component: 'taint-controller' }, this.clock),
      pods: this.podClient,
      getPod: (key) => this.pods.cache.get(key),
      podsOnNode: (name) => this.podsOnNode(name),
    });

    this.nodes.on({
      add: (n) => {
        this.nodeQueue.add(n.metadata.name!);
        this.taintManager.nodeUpdated(undefined, n);
      },
      update: (old, n) => {
        this.nodeQueue.add(n.metadata.name!);
        this.taintManager.nodeUpdated(old, n);
      },
      delete: (n) => {
        this.nodesToRetry.delete(n.metadata.name!);
        this.taintManager.nodeUpdated(n, undefined);
      },
    });
    this.pods.on({
      add: (p) => this.podUpdated(undefined, p),
      update: (old, p) => this.podUpdated(old, p),
      delete: (p) => this.taintManager.podUpdated(p, undefined),
    });
  }

  async start(): Promise<void> {
    for (const i of [this.nodes, this.leases, this.pods]) i.start();
    await Promise.all([this.nodes.waitForSync(), this.leases.waitForSync(), this.pods.waitForSync()]);
    this.workers = [
      runWorkers({ queue: this.nodeQueue, sync: (name) => this.processNode(name), workers: 8, log: this.log }),
      runWorkers({ queue: this.podQueue, sync: (key) => this.processPod(key), workers: 4, log: this.log }),
    ];
    this.scheduleMonitor(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelMonitor?.();
    this.zones.stop();
    this.taintManager.stop();
    this.nodeQueue.shutDown();
    this.podQueue.shutDown();
    await Promise.all([this.nodes.stop(), this.leases.stop(), this.pods.stop()]);
    await Promise.all(this.workers);
  }

  /** Completed health passes, so a test on a FakeClock knows when a step's pass is over. */
  get monitorPasses(): number {
    return this.passes;
  }

  /** The Lease of a node as this controller's cache holds it. */
  observedLease(nodeName: string): LeaseObject | undefined {
    return this.leases.cache.getByName(NODE_LEASE_NAMESPACE, nodeName);
  }

  private podsOnNode(name: string): PodObject[] {
    return this.pods.cache.byIndex('nodeName', name);
  }

  /** wait.Until: the next pass a period after the last one ended. */
  private scheduleMonitor(ms: number): void {
    if (this.stopped) return;
    this.cancelMonitor = this.clock.after(ms, () => {
      void this.monitorNodeHealth()
        .catch((err: unknown) => this.log.error('error monitoring node health', { err: err instanceof Error ? err.message : String(err) }))
        .finally(() => {
          this.passes++;
          this.scheduleMonitor(this.monitorPeriod);
        });
    });
  }

  /** One pass over every node: health, pods, taints, then the zones' disruption state. */
  private async monitorNodeHealth(): Promise<void> {
    const nodes = this.nodes.cache.list();
    const names = new Set(nodes.map((n) => n.metadata.name!));
    for (const n of nodes) {
      const name = n.metadata.name!;
      if (this.known.has(name)) {
        this.zones.addZone(zoneKey(labelsOf(n)));
        continue;
      }
      void this.nodeEvent(n, 'RegisteredNode', `Registered Node ${name} in Controller`);
      this.known.set(name, n);
      this.zones.addZone(zoneKey(labelsOf(n)));
      await this.markNodeAsReachable(n).catch((err: unknown) => this.log.warn('could not remove taints from node', { node: name, err: String(err) }));
    }
    for (const [name, n] of this.known) {
      if (names.has(name)) continue;
      void this.nodeEvent(n, 'RemovingNode', `Removing Node ${name} from Controller`);
      this.known.delete(name);
    }

    const zoneReady = new Map<string, (string | undefined)[]>();
    await Promise.all(nodes.map((n) => this.monitorNode(n, zoneReady)));
    const change = this.zones.update(zoneReady);
    if (change === 'entered') {
      for (const n of nodes) await this.markNodeAsReachable(n).catch((err: unknown) => this.log.warn('could not remove taints from node', { node: n.metadata.name, err: String(err) }));
    } else if (change === 'exited') {
      // Everyone gets a fresh grace period: their silence may have been ours.
      const now = this.clock.now().getTime();
      for (const [name, h] of this.health) this.health.set(name, { ...h, probeTimestamp: now, readyTransitionTimestamp: now });
    }
    this.zones.runTaintingPass();
  }

  private async monitorNode(node: NodeObject, zoneReady: Map<string, (string | undefined)[]>): Promise<void> {
    const name = node.metadata.name!;
    let result: { observed: NodeCondition; current?: NodeCondition } | undefined;
    let cur = node;
    for (let attempt = 0; attempt < 5 && !result; attempt++) {
      try {
        result = await this.tryUpdateNodeHealth(cur);
      } catch (err) {
        if (isNotFound(err)) return;
        try {
          cur = await this.nodeClient.get(name);
        } catch {
          this.log.error('failed while getting a Node to retry updating node health. Probably Node was deleted', { node: name });
          return;
        }
      }
    }
    if (!result) {
      this.log.error('update health of Node from Controller error, Skipping - no pods will be evicted', { node: name });
      return;
    }
    const { observed, current } = result;
    if (labelsOf(node)[EXCLUDE_DISRUPTION] === undefined) {
      const zone = zoneKey(labelsOf(node));
      zoneReady.set(zone, [...(zoneReady.get(zone) ?? []), current?.status]);
    }
    if (!current) return;
    await this.processTaintBaseEviction(node, observed);
    const becameNotReady = current.status !== 'True' && observed.status === 'True';
    if (becameNotReady) void this.nodeEvent(node, 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    if (becameNotReady || (this.nodesToRetry.has(name) && observed.status !== 'True')) {
      try {
        await markPodsNotReady(this.podClient, this.events, this.podsOnNode(name), name, this.clock.now());
      } catch (err) {
        this.log.warn('unable to mark all pods NotReady on node; queuing for retry', { node: name, err: err instanceof Error ? err.message : String(err) });
        this.nodesToRetry.add(name);
        return;
      }
    }
    this.nodesToRetry.delete(name);
  }

  /**
   * tryUpdateNodeHealth: record what was observed; past the grace period set the kubelet's
   * conditions to Unknown. Returns the Ready condition as observed and as it is now.
   */
  private async tryUpdateNodeHealth(node: NodeObject): Promise<{ observed: NodeCondition; current?: NodeCondition }> {
    const name = node.metadata.name!;
    const now = this.clock.now();
    const created = Date.parse(node.metadata.creationTimestamp ?? '') || now.getTime();
    const ready = readyCondition(node.status);
    const grace = ready ? this.gracePeriod : this.startupGracePeriod;
    // A node that never posted status is judged as if it said Unknown when it was created.
    const observed: NodeCondition = ready ? { ...ready } : { type: 'Ready', status: 'Unknown', lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: node.metadata.creationTimestamp };
    const lease = this.leases.cache.getByName(NODE_LEASE_NAMESPACE, name);
    const health = observeHealth(this.health.get(name), node.status, lease, now.getTime(), created);
    this.health.set(name, health);
    if (now.getTime() <= health.probeTimestamp + grace) return { observed, current: ready };

    const status = structuredClone(node.status ?? {});
    const conditions = (status.conditions ??= []);
    for (const type of KUBELET_CONDITIONS) {
      const c = conditions.find((x) => x.type === type);
      if (!c) {
        conditions.push({ type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: rfc3339(now) });
      } else if (c.status !== 'Unknown') {
        Object.assign(c, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: rfc3339(now) });
      }
    }
    const current = readyCondition(status);
    if (deepEqual(current, observed)) return { observed, current };
    this.log.info('node stopped posting status', { node: name, silentMs: now.getTime() - health.probeTimestamp });
    await this.nodeClient.update({ ...node, status }, { subresource: 'status' });
    this.health.set(name, { status, probeTimestamp: health.probeTimestamp, readyTransitionTimestamp: now.getTime(), lease });
    return { observed, current };
  }

  private async processTaintBaseEviction(node: NodeObject, observed: NodeCondition): Promise<void> {
    const taints = node.spec?.taints;
    const now = this.clock.now();
    try {
      switch (observed.status) {
        case 'False':
          // Ready False and Unknown are exclusive, as their taints are: swap at once.
          if (taintExists(taints, UNREACHABLE_NO_EXECUTE)) await swapNodeTaints(this.nodeClient, node, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE], now);
          else this.markNodeForTainting(node, 'False');
          break;
        case 'Unknown':
          if (taintExists(taints, NOT_READY_NO_EXECUTE)) await swapNodeTaints(this.nodeClient, node, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE], now);
          else this.markNodeForTainting(node, 'Unknown');
          break;
        case 'True':
          await this.markNodeAsReachable(node);
          break;
      }
    } catch (err) {
      this.log.warn('failed to update NoExecute taints; will try again in the next cycle', { node: node.metadata.name, err: err instanceof Error ? err.message : String(err) });
    }
  }

  private markNodeForTainting(node: NodeObject, status: 'False' | 'Unknown'): void {
    const tainter = this.zones.tainter(zoneKey(labelsOf(node)));
    const wanted = status === 'False' ? NOT_READY_NO_EXECUTE : UNREACHABLE_NO_EXECUTE;
    // Tainted before but the taint is gone: queue the node again.
    if (!taintExists(node.spec?.taints, wanted)) tainter.remove(node.metadata.name!);
    tainter.add(node.metadata.name!, node.metadata.uid ?? '');
  }

  /** Remove the NoExecute taints and forget any queued tainting. */
  private async markNodeAsReachable(node: NodeObject): Promise<boolean> {
    const remove = [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE].filter((t) => taintExists(node.spec?.taints, t));
    if (remove.length) await swapNodeTaints(this.nodeClient, node, [], remove, this.clock.now());
    this.zones.tainter(zoneKey(labelsOf(node))).remove(node.metadata.name!);
    return remove.length > 0;
  }

  /** The tainting work for one queued node: not-ready or unreachable as its Ready condition now says. */
  private async taintNode(name: string): Promise<TaintResult> {
    const node = this.nodes.cache.get(name);
    if (!node) return { done: true };
    const ready = readyCondition(node.status);
    if (!ready) return { done: false, retryAfterMs: 50 };
    let add, remove;
    if (ready.status === 'False') [add, remove] = [NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE];
    else if (ready.status === 'Unknown') [add, remove] = [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE];
    else return { done: true }; // ready again: no taint after all
    try {
      const ok = await swapNodeTaints(this.nodeClient, node, [add], [remove], this.clock.now());
      return ok ? { done: true } : { done: false, retryAfterMs: 0 };
    } catch (err) {
      if (isNotFound(err)) return { done: true };
      this.log.warn('could not taint node', { node: name, err: err instanceof Error ? err.message : String(err) });
      return { done: false, retryAfterMs: 0 };
    }
  }

  /** The node-update worker: NoSchedule taints from conditions, then the beta labels. */
  private async processNode(name: string): Promise<void> {
    const node = this.nodes.cache.get(name);
    if (!node) return;
    try {
      await noScheduleTaintingPass(this.nodeClient, node, this.clock.now());
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) this.log.warn('failed to taint NoSchedule on node', { node: name, err: err instanceof Error ? err.message : String(err) });
    }
    await reconcileNodeLabels(this.nodeClient, node).catch((err: unknown) => this.log.warn('failed to reconcile labels for node', { node: name, err: String(err) }));
  }

  private podUpdated(old: PodObject | undefined, pod: PodObject): void {
    this.taintManager.podUpdated(old, pod);
    const nodeName = pod.spec?.nodeName;
    if (nodeName && (!old || old.spec?.nodeName !== nodeName)) this.podQueue.add(objectKey(pod));
  }

  /** processPod: a pod newly bound to a node known not to be ready is marked not ready too. */
  private async processPod(key: string): Promise<void | { backoff: true }> {
    const pod = this.pods.cache.get(key);
    if (!pod) return;
    const nodeName = pod.spec!.nodeName!;
    const health = this.health.get(nodeName);
    if (!health) return;
    if (!this.nodes.cache.get(nodeName)) return { backoff: true };
    const ready = readyCondition(health.status);
    if (!ready || ready.status === 'True') return;
    await markPodsNotReady(this.podClient, this.events, [pod], nodeName, this.clock.now());
  }

  private nodeEvent(node: NodeObject, reason: string, message: string) {
    return this.events.event({ apiVersion: 'v1', kind: 'Node', metadata: { name: node.metadata.name, uid: node.metadata.uid } }, 'Normal', reason, message);
  }
}

const labelsOf = (n: NodeObject) => (n.metadata.labels ?? {}) as Record<string, string>;
