// The NoExecute taint manager (nodelifecycle/scheduler/taint_manager.go, v1.25): a pod on a node
// with NoExecute taints it does not tolerate is deleted at once; one that tolerates them for
// tolerationSeconds is deleted that long after the manager saw the taints (the smallest of the
// tolerations used); one that tolerates them without a limit stays. Scheduled deletions are
// cancelled when the taints go, the pod goes, or its tolerations change to cover them for good.
import type { Pod, Taint } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import type { Clock } from '../../client/clock.js';
import type { EventRecorder } from '../../client/events.js';
import { objectKey, splitKey } from '../../client/informer.js';
import { isNotFound, type ResourceClient } from '../../client/rest.js';
import type { Logger } from '../../machinery/log.js';
import { deepEqual } from '../../validation/meta.js';
import { matchingTolerations, minTolerationMs, type NodeObject } from './taints.js';

export type PodObject = Pod & KObject;

interface Work {
  createdAt: number;
  cancel?: () => void;
  /** The deletion has been carried out (the entry stays so the pod is not scheduled twice). */
  done: boolean;
}

export interface TaintManagerOptions {
  clock: Clock;
  log: Logger;
  /** Recorder with component "taint-controller". */
  events: EventRecorder;
  pods: ResourceClient<PodObject>;
  getPod(key: string): PodObject | undefined;
  podsOnNode(nodeName: string): PodObject[];
}

const noExecuteTaints = (node: NodeObject | undefined): Taint[] => (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');

export class NoExecuteTaintManager {
  private readonly taintedNodes = new Map<string, Taint[]>();
  private readonly work = new Map<string, Work>();
  private stopped = false;

  constructor(private readonly o: TaintManagerOptions) {}

  stop(): void {
    this.stopped = true;
    for (const w of this.work.values()) w.cancel?.();
    this.work.clear();
  }

  /** NodeUpdated: only a change in NoExecute taints matters. */
  nodeUpdated(old: NodeObject | undefined, cur: NodeObject | undefined): void {
    if (old && cur && deepEqual(noExecuteTaints(old), noExecuteTaints(cur))) return;
    const name = (cur ?? old)!.metadata.name!;
    if (!cur) {
      this.taintedNodes.delete(name);
      return;
    }
    const taints = noExecuteTaints(cur);
    if (taints.length) this.taintedNodes.set(name, taints);
    else this.taintedNodes.delete(name);
    const pods = this.o.podsOnNode(name);
    if (!pods.length) return;
    if (!taints.length) {
      for (const p of pods) this.cancelWithEvent(objectKey(p));
      return;
    }
    const now = this.o.clock.now().getTime();
    for (const p of pods) this.processPodOnNode(p, name, taints, now);
  }

  /** PodUpdated: a new pod, a deleted one, or a change of node or tolerations. */
  podUpdated(old: PodObject | undefined, cur: PodObject | undefined): void {
    if (old && cur && old.spec?.nodeName === cur.spec?.nodeName && deepEqual(old.spec?.tolerations, cur.spec?.tolerations)) return;
    const key = objectKey((cur ?? old)!);
    const pod = this.o.getPod(key);
    if (!pod) {
      this.cancelWithEvent(key);
      return;
    }
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    // A node we hold no taints for either has none or was deleted; either way nothing to do.
    const taints = this.taintedNodes.get(nodeName);
    if (!taints) return;
    this.processPodOnNode(pod, nodeName, taints, this.o.clock.now().getTime());
  }

  private processPodOnNode(pod: PodObject, nodeName: string, taints: Taint[], now: number): void {
    const key = objectKey(pod);
    if (!taints.length) return this.cancelWithEvent(key);
    const { all, used } = matchingTolerations(taints, pod.spec?.tolerations ?? []);
    if (!all) {
      this.o.log.info('not all taints are tolerated after update for pod on node', { pod: key, node: nodeName });
      this.cancelWithEvent(key);
      this.add(key, now, now);
      return;
    }
    const min = minTolerationMs(used);
    if (min < 0) {
      this.o.log.debug('current tolerations for pod tolerate forever, cancelling any scheduled deletion', { pod: key });
      this.cancelWithEvent(key);
      return;
    }
    let start = now;
    const trigger = now + min;
    const scheduled = this.work.get(key);
    if (scheduled && !scheduled.done) {
      start = scheduled.createdAt;
      // Already due no later than the new deadline: keep it.
      if (start + min < trigger) return;
      this.cancelWithEvent(key);
    }
    this.add(key, start, trigger);
  }

  private add(key: string, createdAt: number, fireAt: number): void {
    if (this.stopped || this.work.has(key)) return;
    const w: Work = { createdAt, done: false };
    this.work.set(key, w);
    w.cancel = this.o.clock.after(fireAt - this.o.clock.now().getTime(), () => void this.evict(key, w));
  }

  private cancelWithEvent(key: string): void {
    const w = this.work.get(key);
    if (!w) return;
    this.work.delete(key);
    if (w.done) return;
    w.cancel?.();
    void this.o.events.event(podRef(key), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  /** deletePodHandler: an event, then the DELETE (a few quick retries). */
  private async evict(key: string, w: Work): Promise<void> {
    if (this.stopped || this.work.get(key) !== w) return;
    const { namespace, name } = splitKey(key);
    this.o.log.info('NoExecuteTaintManager is deleting pod', { pod: key });
    void this.o.events.event(podRef(key), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.o.pods.delete(name, { namespace });
        w.done = true;
        return;
      } catch (err) {
        if (isNotFound(err)) {
          w.done = true;
          return;
        }
        this.o.log.warn('taint manager could not delete pod', { pod: key, err: err instanceof Error ? err.message : String(err) });
        await new Promise<void>((r) => this.o.clock.after(10, r));
      }
    }
  }
}

/** The pod as the taint manager's events name it: kind, namespace and name only. */
function podRef(key: string): KObject {
  const { namespace, name } = splitKey(key);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name } };
}
