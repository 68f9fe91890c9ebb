// The controller loop: workers take keys from a work queue and call sync(key). sync reads the
// informer caches, writes what it must, and says when to come back; a thrown error brings the key
// back with back-off. Every controller is this loop plus its own sync.
import { silentLogger, type Logger } from '../machinery/log.js';
import { isConflict } from './rest.js';
import type { WorkQueue } from './workqueue.js';

/**
 * What sync asks for: nothing (done); to be called again after `requeueAfterMs`; or again after the
 * key's back-off (`backoff`: not an error, just not ready yet).
 */
export type SyncResult = void | { requeueAfterMs: number } | { backoff: true };

export interface WorkerOptions<K> {
  queue: WorkQueue<K>;
  sync(key: K): Promise<SyncResult>;
  workers?: number;
  log?: Logger;
}

/** Runs `workers` concurrent workers until the queue is shut down; resolves when they have all exited. */
export async function runWorkers<K>(opts: WorkerOptions<K>): Promise<void> {
  const log = opts.log ?? silentLogger;
  const q = opts.queue;
  const worker = async () => {
    for (;;) {
      const key = await q.get();
      if (key === undefined) return;
      try {
        const r = await opts.sync(key);
        if (r && 'backoff' in r) q.addRateLimited(key);
        else {
          q.forget(key);
          if (r) q.addAfter(key, r.requeueAfterMs);
        }
      } catch (err) {
        // A conflict only means the cache was behind the server: retried at once, not worth a warning.
        (isConflict(err) ? log.debug : log.warn)('sync failed, will retry', { queue: q.name, key: String(key), retries: q.numRequeues(key), err: err instanceof Error ? err.message : String(err) });
        q.addRateLimited(key);
      } finally {
        q.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.workers ?? 1) }, worker));
}
