// What the DaemonSet controller waits to see before acting again (controller.ControllerExpectations),
// and the back-off on replacing failed pods (flowcontrol.Backoff). The informer's cache lags the
// controller's own writes; without expectations a second sync would create the same pods twice.
import type { Clock } from '../../client/clock.js';

/** Expectations older than this are given up on (ExpectationsTimeout, 5 minutes). */
const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

export class Expectations {
  private readonly byKey = new Map<string, { add: number; del: number; at: number }>();

  constructor(private readonly clock: Clock) {}

  set(key: string, add: number, del: number): void {
    this.byKey.set(key, { add, del, at: this.clock.now().getTime() });
  }

  creationObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e) e.add--;
  }

  deletionObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e) e.del--;
  }

  /** Forget `add` creations and `del` deletions that will not happen (failed or skipped). */
  lower(key: string, add: number, del: number): void {
    const e = this.byKey.get(key);
    if (e) {
      e.add -= add;
      e.del -= del;
    }
  }

  delete(key: string): void {
    this.byKey.delete(key);
  }

  /** Everything expected has been seen, the expectations expired, or there were none. */
  satisfied(key: string): boolean {
    const e = this.byKey.get(key);
    if (!e) return true;
    return (e.add <= 0 && e.del <= 0) || this.clock.now().getTime() - e.at > EXPECTATIONS_TIMEOUT_MS;
  }
}

/** Per-key exponential back-off: 1 s doubling to 15 min, forgotten after twice the maximum. */
export class Backoff {
  private readonly entries = new Map<string, { backoffMs: number; last: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly initialMs = 1000,
    private readonly maxMs = 15 * 60 * 1000,
  ) {}

  private expired(e: { last: number }, now: number): boolean {
    return now - e.last > 2 * this.maxMs;
  }

  /** Still within the delay since the last Next. */
  inBackoff(key: string, now: number): boolean {
    const e = this.entries.get(key);
    return !!e && !this.expired(e, now) && now - e.last < e.backoffMs;
  }

  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  next(key: string, now: number): void {
    const e = this.entries.get(key);
    const backoffMs = !e || this.expired(e, now) ? this.initialMs : Math.min(e.backoffMs * 2, this.maxMs);
    this.entries.set(key, { backoffMs, last: this.clock.now().getTime() });
  }

  /** Drop entries past their use (upstream's periodic GC). */
  gc(now: number): void {
    for (const [k, e] of this.entries) if (this.expired(e, now)) this.entries.delete(k);
  }
}
