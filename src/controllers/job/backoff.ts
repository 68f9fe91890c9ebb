// The pod failure back-off: after a pod of a Job fails, its replacement is created only after
// 10 s × 2^(failures − 1), capped at 6 minutes, counted from the last failure; a success starts
// the count over. v1.25 gets this delay from its work queue's rate limiter, which informer events
// can cut short; keeping the count per Job (as upstream's backoff_utils.go later does) makes the
// delay the documented one, measured on the injected clock.

export const DEFAULT_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 360_000;

interface Record {
  /** The failed and succeeded counts the last sync saw. */
  failed: number;
  succeeded: number;
  /** Failures since the last success. */
  failures: number;
  lastFailureAt: number;
}

export class BackoffStore {
  private readonly records = new Map<string, Record>();

  /**
   * Bring the record up to date with the Job's counts as of `now`. Counts first seen (a
   * restarted controller) are taken as they are, without a delay.
   */
  observe(key: string, failed: number, succeeded: number, now: number): void {
    const r = this.records.get(key);
    if (!r) {
      this.records.set(key, { failed, succeeded, failures: 0, lastFailureAt: 0 });
      return;
    }
    const newFailed = Math.max(0, failed - r.failed);
    if (succeeded > r.succeeded) r.failures = 0;
    if (newFailed > 0) {
      r.failures += newFailed;
      r.lastFailureAt = now;
    }
    r.failed = failed;
    r.succeeded = succeeded;
  }

  /** Milliseconds until a replacement pod may be created (0: now). */
  remaining(key: string, now: number): number {
    const r = this.records.get(key);
    if (!r || r.failures === 0) return 0;
    const delay = Math.min(DEFAULT_BACKOFF_MS * 2 ** (r.failures - 1), MAX_BACKOFF_MS);
    return Math.max(0, r.lastFailureAt + delay - now);
  }

  delete(key: string): void {
    this.records.delete(key);
  }
}
