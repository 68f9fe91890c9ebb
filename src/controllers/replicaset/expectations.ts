// Controller expectations (upstream's UIDTrackingControllerExpectations): after a sync creates or
// deletes pods, the informer cache lags behind the server. Until the cache has shown every create and
// every delete the sync asked for, another sync would count stale pods and act twice; so the next
// sync only manages replicas once the expectations are met (or have expired, in case a watch event
// was lost).
import type { Clock } from '../../client/clock.js';

/** Upstream's ExpectationsTimeout: an unmet expectation older than this no longer blocks syncs. */
const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  at: number;
  /** Keys ("namespace/name") of the pods whose deletion is expected. */
  deleting: Set<string>;
}

export class Expectations {
  private readonly byKey = new Map<string, Expectation>();

  constructor(private readonly clock: Clock) {}

  /** True when the controller may act: nothing pending, pending expired, or never recorded. */
  satisfied(key: string): boolean {
    const e = this.byKey.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.clock.now().getTime() - e.at > EXPECTATIONS_TIMEOUT_MS;
  }

  expectCreations(key: string, n: number): void {
    this.byKey.set(key, { add: n, del: 0, at: this.clock.now().getTime(), deleting: new Set() });
  }

  expectDeletions(key: string, podKeys: string[]): void {
    this.byKey.set(key, { add: 0, del: podKeys.length, at: this.clock.now().getTime(), deleting: new Set(podKeys) });
  }

  creationObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e) e.add--;
  }

  /** Counted once per pod: a pod seen with a deletionTimestamp and then deleted lowers it only once. */
  deletionObserved(key: string, podKey: string): void {
    const e = this.byKey.get(key);
    if (e?.deleting.delete(podKey)) e.del--;
  }

  delete(key: string): void {
    this.byKey.delete(key);
  }
}
