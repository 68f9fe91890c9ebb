// One limited priority level: a fixed number of seats, and a queue per flow served round-robin,
// so a busy flow (one user hammering the server) waits behind itself, not in front of others.
// Upstream spreads flows over a fixed set of queues by shuffle sharding to approximate exactly
// this; here every flow simply has its own queue. Each flow may queue `queueLengthLimit` requests
// and the level at most queues × queueLengthLimit; beyond that, or after the wait limit, or with
// no queuing at all (LimitResponse Reject), a request is rejected.
import type { Queuing } from './flowschemas.js';

export type Release = () => void;

interface Waiter {
  flow: string;
  grant(release: Release): void;
  reject(): void;
}

export class FairQueue {
  private executing = 0;
  private waiting = 0;
  /** Flows with waiting requests, in dispatch order: a served flow moves to the back. */
  private readonly flows = new Map<string, Waiter[]>();

  constructor(
    readonly name: string,
    readonly seats: number,
    private readonly queuing: Queuing | undefined,
    private readonly waitLimitMs: number,
  ) {}

  /** A seat now, or once the flow's turn comes; undefined when rejected (or given up via `signal`). */
  admit(flow: string, signal?: AbortSignal): Promise<Release | undefined> {
    if (this.executing < this.seats && this.waiting === 0) return Promise.resolve(this.take());
    const queuing = this.queuing;
    const queue = this.flows.get(flow) ?? [];
    if (!queuing || queue.length >= queuing.queueLengthLimit || this.waiting >= queuing.queues * queuing.queueLengthLimit) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const done = (release: Release | undefined) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', drop);
        resolve(release);
      };
      const waiter: Waiter = { flow, grant: done, reject: () => done(undefined) };
      const drop = () => {
        if (this.remove(waiter)) waiter.reject();
      };
      const timer = setTimeout(drop, this.waitLimitMs);
      signal?.addEventListener('abort', drop, { once: true });
      queue.push(waiter);
      this.waiting++;
      if (!this.flows.has(flow)) this.flows.set(flow, queue);
    });
  }

  get stats(): { executing: number; waiting: number; flows: number } {
    return { executing: this.executing, waiting: this.waiting, flows: this.flows.size };
  }

  private take(): Release {
    this.executing++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.executing--;
      this.dispatch();
    };
  }

  private dispatch(): void {
    while (this.executing < this.seats && this.flows.size > 0) {
      const [flow, queue] = this.flows.entries().next().value as [string, Waiter[]];
      const waiter = queue.shift()!;
      this.flows.delete(flow);
      if (queue.length > 0) this.flows.set(flow, queue);
      this.waiting--;
      waiter.grant(this.take());
    }
  }

  private remove(waiter: Waiter): boolean {
    const queue = this.flows.get(waiter.flow);
    const at = queue?.indexOf(waiter) ?? -1;
    if (!queue || at < 0) return false;
    queue.splice(at, 1);
    this.waiting--;
    if (queue.length === 0) this.flows.delete(waiter.flow);
    return true;
  }
}
