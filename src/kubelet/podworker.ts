// The pod side of the node agent for any number of nodes in one process: ONE informer on bound pods
// (spec.nodeName!=), filtered to this agent's nodes, feeding one work queue. Each sync asks the
// runtime for the pod's next step and performs at most one write (a pods/status merge patch, or
// the kubelet's final DELETE with grace 0 and a uid precondition), so the number of workers bounds
// the writes in flight. Pod IPs come from each node's pool and are freed when the pod finishes or goes.
// No Events are recorded for pods (kwok records none either): at 30,000 pods they would double the writes.
import type { Pod as PodV1 } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../api/object.js';
import type { Clock } from '../client/clock.js';
import { runWorkers, type SyncResult } from '../client/controller.js';
import { Informer, objectKey } from '../client/informer.js';
import { isConflict, isNotFound, type ResourceClient, type RestClient } from '../client/rest.js';
import { WorkQueue } from '../client/workqueue.js';
import type { Logger } from '../machinery/log.js';
import { PodIPPool } from './network.js';
import { terminalPhase } from './podstatus.js';
import type { NodeInfo, PodRuntime } from './runtime.js';

export interface PodWorkerOptions {
  /** Watches every bound pod. */
  rest: RestClient;
  /** A node's own client, for its pods' writes (default `rest`). */
  restFor?: (nodeName: string) => RestClient;
  clock: Clock;
  log: Logger;
  nodes: NodeInfo[];
  runtime: PodRuntime;
  /** Concurrent syncs, hence the most writes in flight (default 32). */
  workers?: number;
}

type Pod = PodV1 & KObject;

const gone = (err: unknown) => isNotFound(err) || isConflict(err);

export class PodWorker {
  private readonly pods: ResourceClient<Pod>;
  /** Each node writes its own pods' status and deletions under its own identity. */
  private readonly podsOf = new Map<string, ResourceClient<Pod>>();
  private readonly informer: Informer<Pod>;
  private readonly queue: WorkQueue<string>;
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly pools = new Map<string, PodIPPool>();
  /** uid → the resourceVersion our last status write was computed from, until the watch shows the write. */
  private readonly writtenFrom = new Map<string, string>();
  private readonly deleteSent = new Set<string>();
  private running?: Promise<void>;

  private clientOf(pod: Pod): ResourceClient<Pod> {
    return this.podsOf.get(pod.spec?.nodeName ?? '') ?? this.pods;
  }

  constructor(private readonly opts: PodWorkerOptions) {
    this.pods = opts.rest.resource<Pod>({ group: '', version: 'v1', resource: 'pods' });
    for (const n of opts.nodes) {
      this.nodes.set(n.name, n);
      this.podsOf.set(n.name, (opts.restFor?.(n.name) ?? opts.rest).resource<Pod>({ group: '', version: 'v1', resource: 'pods' }));
      this.pools.set(n.name, new PodIPPool(n.podCIDR));
    }
    this.queue = new WorkQueue<string>('simulated-pods', opts.clock, { maxDelayMs: 60_000 });
    this.informer = new Informer<Pod>(this.pods, { name: 'simulated-nodes/pods', fieldSelector: 'spec.nodeName!=', clock: opts.clock, log: opts.log });
    this.informer.on({
      add: (pod) => this.added(pod),
      update: (old, pod) => {
        if (old.metadata.uid !== pod.metadata.uid) {
          this.removed(old);
          this.added(pod);
        } else if (this.ours(pod)) {
          if (terminalPhase(pod.status?.phase)) this.pool(pod)?.release(pod.metadata.uid!);
          this.queue.add(objectKey(pod));
        }
      },
      delete: (pod) => this.removed(pod),
    });
  }

  async start(): Promise<void> {
    this.opts.runtime.start?.((key) => this.queue.add(key));
    this.informer.start();
    await this.informer.waitForSync();
    this.running = runWorkers({ queue: this.queue, sync: (k) => this.sync(k), workers: this.opts.workers ?? 32, log: this.opts.log });
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.informer.stop();
    await this.running;
  }

  private ours(pod: Pod): boolean {
    return this.nodes.has(pod.spec?.nodeName ?? '');
  }

  private pool(pod: Pod): PodIPPool | undefined {
    return this.pools.get(pod.spec?.nodeName ?? '');
  }

  private added(pod: Pod): void {
    if (!this.ours(pod)) return;
    // After a restart, pods that still run keep the IPs they have.
    const ip = pod.status?.podIP;
    if (ip && !terminalPhase(pod.status?.phase) && !this.pool(pod)!.reserve(pod.metadata.uid!, ip))
      this.opts.log.warn('simulated pod has an IP outside its node pool or in use', { pod: objectKey(pod), ip });
    this.queue.add(objectKey(pod));
  }

  private removed(pod: Pod): void {
    if (!this.ours(pod)) return;
    const uid = pod.metadata.uid!;
    this.pool(pod)!.release(uid);
    this.writtenFrom.delete(uid);
    this.deleteSent.delete(uid);
    this.opts.runtime.forget(uid);
  }

  private async sync(key: string): Promise<SyncResult> {
    const pod = this.informer.cache.get(key);
    if (!pod || !this.ours(pod)) return;
    const uid = pod.metadata.uid!;
    const rv = pod.metadata.resourceVersion!;
    // The cache still shows the state before our last write: its watch event will bring us back.
    if (this.writtenFrom.get(uid) === rv) return;
    this.writtenFrom.delete(uid);
    const node = this.nodes.get(pod.spec!.nodeName!)!;
    const pool = this.pools.get(node.name)!;
    const step = await this.opts.runtime.sync(pod, {
      now: this.opts.clock.now(),
      node,
      podIP: () => {
        const ip = pool.allocate(uid);
        if (!ip) throw new Error(`no free pod IP in ${node.podCIDR} on node ${node.name}`);
        return ip;
      },
    });
    if (!step) return;
    if ('waitMs' in step) return { requeueAfterMs: step.waitMs };
    const namespace = pod.metadata.namespace;
    try {
      if ('delete' in step) {
        if (this.deleteSent.has(uid)) return;
        await this.clientOf(pod).delete(pod.metadata.name!, { namespace, gracePeriodSeconds: 0, preconditions: { uid } });
        this.deleteSent.add(uid);
        return;
      }
      // The uid makes the write apply to this pod only, as the kubelet's status manager does.
      const out = await this.clientOf(pod).patch(pod.metadata.name!, { metadata: { uid }, status: step.status }, { namespace, type: 'merge', subresource: 'status' });
      if (out.metadata.resourceVersion !== rv) this.writtenFrom.set(uid, rv);
      if (terminalPhase(step.status.phase)) pool.release(uid);
    } catch (err) {
      if (!gone(err)) throw err;
      // Deleted or replaced meanwhile; if its removal was already handled, the IP just taken is ours to free.
      if (this.informer.cache.get(key)?.metadata.uid !== uid) pool.release(uid);
    }
  }
}
