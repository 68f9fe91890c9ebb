// The pod garbage collector (pkg/controller/podgc, v1.25). Every 20 s of its clock it deletes, with
// grace period 0 (no kubelet is left to finish them):
// - terminated pods (Succeeded or Failed) beyond --terminated-pod-gc-threshold (12,500), oldest first;
// - orphaned pods, bound to a node that no longer exists — once the node has been missing for a
//   40 s quarantine and the server confirms it is gone (a node informer may lag behind a re-created node).
// Unscheduled pods being deleted, its third case upstream, never wait here: the store deletes a pod
// on no node at once.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import { realClock, type Clock } from '../../client/clock.js';
import type { Informer } from '../../client/informer.js';
import { informersOf } from '../../client/informerfactory.js';
import type { ControllerOptions } from '../common/options.js';
import { isNotFound, type ResourceClient } from '../../client/rest.js';
import { silentLogger, type Logger } from '../../machinery/log.js';

type PodObj = Pod & KObject;
type NodeObj = Node & KObject;

export interface PodGCControllerOptions extends ControllerOptions {
  /** --terminated-pod-gc-threshold; 0 or less turns terminated-pod collection off. */
  terminatedPodThreshold?: number;
}

const GC_CHECK_PERIOD_MS = 20_000;
const QUARANTINE_MS = 40_000;

const isTerminated = (p: PodObj) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const created = (p: PodObj) => Date.parse(p.metadata.creationTimestamp ?? '') || 0;

export class PodGCController {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly pods: Informer<PodObj>;
  private readonly nodes: Informer<NodeObj>;
  private readonly podClient: ResourceClient<PodObj>;
  private readonly nodeClient: ResourceClient<NodeObj>;
  private readonly threshold: number;
  /** Nodes pods are bound to that the informer does not know, and since when (clock ms). */
  private readonly missingSince = new Map<string, number>();
  private cancel?: () => void;
  private running?: Promise<void>;
  private stopped = false;

  constructor(opts: PodGCControllerOptions) {
    const informers = informersOf(opts);
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? silentLogger;
    this.threshold = opts.terminatedPodThreshold ?? 12_500;
    this.podClient = opts.rest.resource<PodObj>({ group: '', version: 'v1', resource: 'pods' });
    this.nodeClient = opts.rest.resource<NodeObj>({ group: '', version: 'v1', resource: 'nodes' });
    this.pods = informers.forClient(this.podClient);
    this.nodes = informers.forClient(this.nodeClient);
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.pods.start();
    this.nodes.start();
    await Promise.all([this.pods.waitForSync(), this.nodes.waitForSync()]);
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel?.();
    await this.running;
    await Promise.all([this.pods.stop(), this.nodes.stop()]);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.cancel = this.clock.after(GC_CHECK_PERIOD_MS, () => {
      this.running = this.gc()
        .catch((err: unknown) => this.log.warn('pod garbage collection failed', { err: err instanceof Error ? err.message : String(err) }))
        .finally(() => this.schedule());
    });
  }

  /** One pass, as upstream's gc(): terminated pods, then orphaned ones. */
  async gc(): Promise<void> {
    const pods = this.pods.cache.list();
    if (this.threshold > 0) await this.gcTerminated(pods);
    await this.gcOrphaned(pods);
  }

  private async gcTerminated(pods: PodObj[]): Promise<void> {
    const terminated = pods.filter((p) => isTerminated(p) && !p.metadata.deletionTimestamp);
    const excess = terminated.length - this.threshold;
    if (excess <= 0) return;
    this.log.info('garbage collecting terminated pods', { terminated: terminated.length, threshold: this.threshold, deleting: excess });
    terminated.sort((a, b) => created(a) - created(b));
    for (const p of terminated.slice(0, excess)) await this.forceDelete(p, 'terminated pods over the threshold');
  }

  private async gcOrphaned(pods: PodObj[]): Promise<void> {
    const now = this.clock.now().getTime();
    const bound = new Set(pods.map((p) => p.spec?.nodeName).filter((n): n is string => !!n));
    for (const name of [...this.missingSince.keys()]) if (!bound.has(name) || this.nodes.cache.get(name)) this.missingSince.delete(name);
    const gone = new Set<string>();
    for (const name of bound) {
      if (this.nodes.cache.get(name)) continue;
      const since = this.missingSince.get(name);
      if (since === undefined) {
        this.missingSince.set(name, now);
        continue;
      }
      if (now - since < QUARANTINE_MS) continue;
      try {
        await this.nodeClient.get(name);
        this.missingSince.delete(name); // the informer was behind: the node is there
      } catch (err) {
        if (!isNotFound(err)) throw err;
        gone.add(name);
      }
    }
    for (const p of pods) if (p.spec?.nodeName && gone.has(p.spec.nodeName)) await this.forceDelete(p, `orphaned: node ${p.spec.nodeName} is gone`);
  }

  private async forceDelete(p: PodObj, why: string): Promise<void> {
    this.log.info('pod garbage collector deleting pod', { pod: `${p.metadata.namespace}/${p.metadata.name}`, why });
    try {
      await this.podClient.delete(p.metadata.name!, { namespace: p.metadata.namespace, gracePeriodSeconds: 0 });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
