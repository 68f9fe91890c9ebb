// Time as controllers see it. Everything that waits (work-queue delays, informer back-off, requeue
// after N seconds) goes through a Clock, so a simulated clock can drive a whole control plane.

export interface Clock {
  now(): Date;
  /**
   * Clock milliseconds per real millisecond (1 when absent). Periodic work that cannot go faster
   * than the machine (heartbeats, lease renewals) reads it to keep a floor in real time.
   */
  readonly rate?: number;
  /** Run `fn` once after `ms` milliseconds; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

/** Wall-clock time. Timers are unref'd: a pending delay never keeps the process alive on its own. */
export const realClock: Clock = {
  now: () => new Date(),
  after(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return () => clearTimeout(t);
  },
};

/**
 * Simulated time for a whole cluster (`kubette up --clock=simulated`): it starts at `start` and runs
 * `rate` times faster than the wall clock, so a CronJob's night or a Job's deadline passes in seconds.
 * Timers fire when their simulated instant arrives (a wait of `ms` takes ms / rate of real time).
 */
export class SimulatedClock implements Clock {
  private readonly simStart: number;

  /** `realStart` is the wall-clock instant `start` corresponds to (threads sharing one clock pass it on). */
  constructor(
    start: Date,
    readonly rate = 1,
    readonly realStart = Date.now(),
  ) {
    if (!(rate > 0) || !Number.isFinite(rate)) throw new Error(`clock rate must be a positive number, got ${rate}`);
    this.simStart = start.getTime();
  }

  /** What another thread needs to run the very same clock. */
  get spec(): ClockSpec {
    return { kind: 'simulated', start: this.simStart, rate: this.rate, realStart: this.realStart };
  }

  now(): Date {
    return new Date(this.simStart + (Date.now() - this.realStart) * this.rate);
  }

  after(ms: number, fn: () => void): () => void {
    return realClock.after(Math.max(0, ms) / this.rate, fn);
  }
}

/** A clock as plain data, to hand to a worker thread. */
export type ClockSpec = { kind: 'real' } | { kind: 'simulated'; start: number; rate: number; realStart: number };

export const clockSpec = (c: Clock): ClockSpec => (c instanceof SimulatedClock ? c.spec : { kind: 'real' });
export const clockFromSpec = (s: ClockSpec): Clock => (s.kind === 'real' ? realClock : new SimulatedClock(new Date(s.start), s.rate, s.realStart));

/** A clock that moves only when told to: `step(ms)` fires every timer that falls due, in order. */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start: Date = new Date('2026-01-01T00:00:00Z')) {
    this.t = start.getTime();
  }

  now(): Date {
    return new Date(this.t);
  }

  after(ms: number, fn: () => void): () => void {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return () => this.timers.delete(id);
  }

  step(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
    this.t = end;
  }

  /** Timers not yet fired. */
  pending(): number {
    return this.timers.size;
  }
}

/** A promise that resolves after `ms` on the given clock. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.after(ms, resolve));
}
