// The scheduling queue (upstream's PriorityQueue): an active queue ordered by priority then time
// queued; a backoff queue for pods that failed recently (1 s doubling per attempt up to 10 s); and
// unschedulable pods, which cluster events that may help move back (only events a plugin that
// rejected the pod cares about), and which go back anyway after 5 minutes. All waiting is on the clock.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../client/clock.js';
import type { ClusterEvent, EventResource } from './framework.js';
import { Heap } from './heap.js';
import type { PodInfo } from './podinfo.js';

export interface QueuedPodInfo {
  info: PodInfo;
  /** When it was queued, or last failed (ms). */
  timestamp: number;
  attempts: number;
  /** The plugins that rejected it last time; empty means any event may help. */
  unschedulablePlugins: Set<string>;
  seq: number;
}

export interface QueueOptions {
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  maxInUnschedulableMs?: number;
  /** Which plugins care about which events (from the plugins' `events`). */
  interest: Map<string, { resource: EventResource; actions: number }[]>;
}

const UNSCHEDULABLE_FLUSH_MS = 30_000;
export const UnschedulableTimeout: ClusterEvent = { resource: 'Node', action: 0, label: 'UnschedulableTimeout' };

/** Pod updates that may change the scheduling outcome: anything but status and bookkeeping fields. */
function isPodUpdated(a: Pod, b: Pod): boolean {
  const strip = (p: Pod) => {
    const { resourceVersion: _rv, generation: _g, managedFields: _m, finalizers: _f, ...meta } = p.metadata ?? {};
    return JSON.stringify([meta, p.spec]);
  };
  return strip(a) !== strip(b);
}

export class SchedulingQueue {
  private readonly active: Heap<QueuedPodInfo>;
  private readonly backoff: Heap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly waiters: ((q: QueuedPodInfo | undefined) => void)[] = [];
  private schedulingCycle = 0;
  private moveRequestCycle = -1;
  private seq = 0;
  private closed = false;
  private backoffTimer?: { at: number; cancel: () => void };
  private cancelFlush?: () => void;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxInUnschedulableMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly opts: QueueOptions,
  ) {
    this.initialBackoffMs = opts.initialBackoffMs ?? 1000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 10_000;
    this.maxInUnschedulableMs = opts.maxInUnschedulableMs ?? 5 * 60_000;
    const key = (q: QueuedPodInfo) => q.info.key;
    this.active = new Heap(key, (a, b) => a.info.priority > b.info.priority || (a.info.priority === b.info.priority && (a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.seq < b.seq))));
    this.backoff = new Heap(key, (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
    this.scheduleFlush();
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  /** The current scheduling cycle (incremented by every pop). */
  get cycle(): number {
    return this.schedulingCycle;
  }

  /** A new pod to schedule. */
  add(info: PodInfo): void {
    this.backoff.delete(info.key);
    this.unschedulable.delete(info.key);
    this.pushActive({ info, timestamp: this.now(), attempts: 0, unschedulablePlugins: new Set(), seq: this.seq++ });
  }

  update(old: Pod, info: PodInfo): void {
    const k = info.key;
    for (const h of [this.active, this.backoff]) {
      const q = h.get(k);
      if (q) return h.push({ ...q, info });
    }
    const q = this.unschedulable.get(k);
    if (!q) return this.add(info);
    q.info = info;
    if (!isPodUpdated(old, info.pod)) return;
    this.unschedulable.delete(k);
    this.requeue(q);
  }

  delete(key: string): void {
    this.active.delete(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
  }

  /** The next pod to schedule, waiting for one; undefined once closed. */
  pop(): Promise<QueuedPodInfo | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const q = this.active.pop();
    if (q) return Promise.resolve(this.popped(q));
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private popped(q: QueuedPodInfo): QueuedPodInfo {
    q.attempts++;
    this.schedulingCycle++;
    return q;
  }

  private pushActive(q: QueuedPodInfo): void {
    const w = this.waiters.shift();
    if (w) w(this.popped(q));
    else this.active.push(q);
  }

  /**
   * A pod that failed in scheduling cycle `cycle`. If something moved pods since that cycle began, it
   * may already be schedulable: back off instead of waiting for another event.
   */
  addUnschedulable(q: QueuedPodInfo, cycle: number): void {
    const k = q.info.key;
    if (this.active.has(k) || this.backoff.has(k) || this.unschedulable.has(k)) return;
    q.timestamp = this.now();
    if (this.moveRequestCycle >= cycle) this.pushBackoff(q);
    else this.unschedulable.set(k, q);
  }

  /** Move unschedulable pods that `event` may help (and that pass `check`) to the active or backoff queue. */
  moveAll(event: ClusterEvent, check?: (q: QueuedPodInfo) => boolean): void {
    this.movePods([...this.unschedulable.values()].filter((q) => (!check || check(q)) && this.matches(q, event)));
  }

  /** Move the given unschedulable pods (e.g. those whose affinity an added pod satisfies). */
  moveMatching(event: ClusterEvent, which: (q: QueuedPodInfo) => boolean): void {
    this.movePods([...this.unschedulable.values()].filter((q) => which(q) && this.matches(q, event)));
  }

  private movePods(qs: QueuedPodInfo[]): void {
    for (const q of qs) {
      this.unschedulable.delete(q.info.key);
      this.requeue(q);
    }
    this.moveRequestCycle = this.schedulingCycle;
  }

  private matches(q: QueuedPodInfo, event: ClusterEvent): boolean {
    if (event === UnschedulableTimeout || q.unschedulablePlugins.size === 0) return true;
    for (const name of q.unschedulablePlugins)
      for (const e of this.opts.interest.get(name) ?? []) if (e.resource === event.resource && (e.actions & event.action) !== 0) return true;
    return false;
  }

  private requeue(q: QueuedPodInfo): void {
    if (this.backoffExpiry(q) > this.now()) this.pushBackoff(q);
    else this.pushActive(q);
  }

  private backoffExpiry(q: QueuedPodInfo): number {
    let d = this.initialBackoffMs;
    for (let i = 1; i < q.attempts && d < this.maxBackoffMs; i++) d *= 2;
    return q.timestamp + Math.min(d, this.maxBackoffMs);
  }

  private pushBackoff(q: QueuedPodInfo): void {
    this.backoff.push(q);
    this.armBackoff();
  }

  /** One timer, for the earliest backoff expiry. */
  private armBackoff(): void {
    const head = this.backoff.peek();
    if (!head || this.closed) return;
    const at = this.backoffExpiry(head);
    if (this.backoffTimer && this.backoffTimer.at <= at) return;
    this.backoffTimer?.cancel();
    const cancel = this.clock.after(at - this.now(), () => {
      this.backoffTimer = undefined;
      this.flushBackoff();
    });
    this.backoffTimer = { at, cancel };
  }

  private flushBackoff(): void {
    const now = this.now();
    for (let q = this.backoff.peek(); q && this.backoffExpiry(q) <= now; q = this.backoff.peek()) this.pushActive(this.backoff.pop()!);
    this.armBackoff();
  }

  /** Every 30 s, pods unschedulable for longer than 5 minutes get another try. */
  private scheduleFlush(): void {
    this.cancelFlush = this.clock.after(UNSCHEDULABLE_FLUSH_MS, () => {
      const now = this.now();
      this.movePods([...this.unschedulable.values()].filter((q) => now - q.timestamp > this.maxInUnschedulableMs));
      if (!this.closed) this.scheduleFlush();
    });
  }

  /** Counts per sub-queue, for logs and tests. */
  stats(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size };
  }

  close(): void {
    this.closed = true;
    this.backoffTimer?.cancel();
    this.cancelFlush?.();
    for (const w of this.waiters.splice(0)) w(undefined);
  }
}
