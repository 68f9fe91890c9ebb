// A stand-in for the kubelet in workload-controller tests: it watches one namespace's pods, reports
// the ones its policy picks as Running and Ready (through pods/status, with the given clock's time),
// and finishes the graceful deletion of bound pods, as a kubelet would.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../src/api/object.js';
import { realClock, type Clock } from '../../src/client/clock.js';
import { Informer } from '../../src/client/informer.js';
import { isConflict, isNotFound, type ResourceClient, type RestClient } from '../../src/client/rest.js';
import { poll } from './wait.js';

export type PodObj = Omit<Pod, 'metadata'> & KObject;
/** What the agent does with a pod: make it Ready, leave it Running but not ready, or leave it alone (Pending). */
export type PodFate = 'ready' | 'running' | 'pending';

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export class PodAgent {
  readonly informer: Informer<PodObj>;
  private readonly pods: ResourceClient<PodObj>;
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(
    rest: RestClient,
    readonly namespace: string,
    public fate: (pod: PodObj) => PodFate = () => 'ready',
    private readonly clock: Clock = realClock,
  ) {
    this.pods = rest.resource<PodObj>({ group: '', version: 'v1', resource: 'pods' });
    this.informer = new Informer(this.pods, { namespace, clock: realClock });
    this.informer.on({ add: (p) => this.handle(p), update: (_, p) => this.handle(p) });
  }

  async start(): Promise<void> {
    this.informer.start();
    await this.informer.waitForSync();
  }

  async stop(): Promise<void> {
    await this.informer.stop();
    await Promise.allSettled([...this.inflight]);
  }

  /** Look at every cached pod again (after changing `fate`). */
  resync(): void {
    for (const p of this.informer.cache.list()) this.handle(p);
  }

  private track(p: Promise<unknown>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private handle(pod: PodObj): void {
    if (pod.metadata.deletionTimestamp) {
      this.track(this.pods.delete(pod.metadata.name!, { namespace: this.namespace, gracePeriodSeconds: 0 }).catch(ignoreGone));
      return;
    }
    const fate = this.fate(pod);
    if (fate === 'pending') return;
    const ready = fate === 'ready';
    const cur = pod.status?.conditions?.find((c) => c.type === 'Ready');
    if (pod.status?.phase === 'Running' && (cur?.status === 'True') === ready) return;
    const now = rfc3339(this.clock.now());
    const status = {
      ...pod.status,
      phase: 'Running',
      conditions: [
        { type: 'Initialized', status: 'True', lastTransitionTime: now },
        { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now },
        { type: 'ContainersReady', status: ready ? 'True' : 'False', lastTransitionTime: now },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
      ],
    };
    this.track(this.pods.update({ ...pod, status } as PodObj, { subresource: 'status' }).catch(ignoreGone));
  }
}

function ignoreGone(err: unknown): void {
  // A newer version (its own event follows) or a deleted pod: nothing to do.
  if (!isConflict(err) && !isNotFound(err)) throw err;
}

/** Polls every 20 ms until `fn` returns something truthy; fails after `ms` with what it was waiting for and the last value. */
export const waitFor = <T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 20_000) => poll(what, fn, { timeoutMs: ms });
