// Expectations (upstream's ControllerExpectations and uidTrackingExpectations): after a controller
// creates or deletes pods, its informer cache lags behind. Until the cache has shown those
// creations and deletions, a sync must not count pods again, or it would create twice as many.
// Expectations expire after five minutes so a lost watch event cannot wedge a Job forever.
import type { Clock } from '../../client/clock.js';

const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Pending {
  add: number;
  del: number;
  at: number;
}

export class Expectations {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly clock: Clock) {}

  /** Whether the cache has caught up with this key's creations and deletions (or they expired). */
  satisfied(key: string): boolean {
    const p = this.pending.get(key);
    if (!p) return true;
    if (p.add <= 0 && p.del <= 0) return true;
    return this.clock.now().getTime() - p.at > EXPECTATIONS_TIMEOUT_MS;
  }

  expect(key: string, add: number, del: number): void {
    this.pending.set(key, { add, del, at: this.clock.now().getTime() });
  }

  creationObserved(key: string): void {
    const p = this.pending.get(key);
    if (p) p.add--;
  }

  deletionObserved(key: string): void {
    const p = this.pending.get(key);
    if (p) p.del--;
  }

  delete(key: string): void {
    this.pending.delete(key);
  }
}

/** Pod UIDs whose tracking finalizer this controller removed, until the cache shows it gone. */
export class FinalizerExpectations {
  private readonly uids = new Map<string, Set<string>>();

  expected(key: string): Set<string> {
    return this.uids.get(key) ?? new Set();
  }

  expectRemoved(key: string, uids: string[]): void {
    const s = this.uids.get(key) ?? new Set<string>();
    for (const u of uids) s.add(u);
    this.uids.set(key, s);
  }

  observed(key: string, uid: string): void {
    const s = this.uids.get(key);
    if (!s) return;
    s.delete(uid);
    if (s.size === 0) this.uids.delete(key);
  }

  delete(key: string): void {
    this.uids.delete(key);
  }
}
