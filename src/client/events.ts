// Recording core/v1 Events the way client-go's record.EventRecorder does, so `kubectl describe` and
// `kubectl get events` show controller activity as on a real cluster:
// - the event is named <object name>.<first timestamp in nanoseconds, hex> in the object's namespace
//   (cluster-scoped objects' events go to "default");
// - a repeat of an identical event (same source, object, type, reason and message) within 10 minutes
//   increments count and lastTimestamp on the existing event instead of creating a new one.
// - per source and involved object, a token bucket (burst 25, one more every 5 minutes) drops the
//   rest, as client-go's spam filter does — so a ReplicaSet creating 10,000 pods records 25 events,
//   not 10,000 writes.
// Not reproduced: the "similar events" aggregation.
import type { KObject } from '../api/object.js';
import { silentLogger, type Logger } from '../machinery/log.js';
import type { Clock } from './clock.js';
import { realClock } from './clock.js';
import { isNotFound, type RestClient } from './rest.js';

export type EventType = 'Normal' | 'Warning';

interface Seen {
  name: string;
  namespace: string;
  count: number;
  first: string;
  lastAt: number;
}

const AGGREGATE_WINDOW_MS = 10 * 60 * 1000;
const SPAM_BURST = 25;
const SPAM_REFILL_MS = 5 * 60 * 1000;
const MAX_REMEMBERED = 4096;

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export class EventRecorder {
  private readonly seen = new Map<string, Seen>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private seq = 0;
  private readonly events;

  constructor(
    rest: RestClient,
    private readonly source: { component: string; host?: string },
    private readonly clock: Clock = realClock,
    private readonly log: Logger = silentLogger,
  ) {
    this.events = rest.resource({ group: '', version: 'v1', resource: 'events' });
  }

  /** Record an event without waiting for it, as client-go's recorder does: a control loop never
   *  waits on its events, and a failure is only logged. */
  emit(obj: KObject, type: EventType, reason: string, message: string): void {
    void this.event(obj, type, reason, message).then((err) => {
      if (err) this.log.debug('could not record event', { reason, object: obj.metadata.name, err: err.message });
    });
  }

  /** Record an event about `obj`; failures are returned, never thrown at the caller's control loop. */
  async event(obj: KObject, type: EventType, reason: string, message: string): Promise<Error | undefined> {
    const m = obj.metadata;
    const namespace = m.namespace || 'default';
    const involvedObject = {
      kind: obj.kind,
      namespace: m.namespace,
      name: m.name,
      uid: m.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: m.resourceVersion,
    };
    const key = JSON.stringify([this.source.component, this.source.host ?? '', involvedObject.kind, namespace, m.name, m.uid, type, reason, message]);
    const now = this.clock.now();
    if (!this.allow(JSON.stringify([this.source.component, this.source.host ?? '', involvedObject.kind, namespace, m.name, m.uid, obj.apiVersion]), now.getTime())) return undefined;
    const prior = this.seen.get(key);
    try {
      if (prior && now.getTime() - prior.lastAt < AGGREGATE_WINDOW_MS) {
        try {
          await this.events.patch(prior.name, { count: prior.count + 1, lastTimestamp: rfc3339(now) }, { namespace: prior.namespace, type: 'strategic' });
          prior.count++;
          prior.lastAt = now.getTime();
          return undefined;
        } catch (err) {
          // The aggregated event is gone (deleted, expired): record a fresh one, as client-go does.
          if (!isNotFound(err)) throw err;
          this.seen.delete(key);
        }
      }
      // Nanoseconds as client-go names events; a counter keeps two events of one millisecond apart.
      const name = `${m.name}.${(BigInt(now.getTime()) * 1_000_000n + BigInt(this.seq++ % 1_000_000)).toString(16)}`;
      await this.events.create(
        {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace },
          involvedObject,
          reason,
          message,
          type,
          source: this.source,
          firstTimestamp: rfc3339(now),
          lastTimestamp: rfc3339(now),
          count: 1,
          reportingComponent: this.source.component,
          reportingInstance: this.source.host ?? '',
        } as KObject,
        { namespace },
      );
      if (this.seen.size >= MAX_REMEMBERED) this.seen.delete(this.seen.keys().next().value!);
      this.seen.set(key, { name, namespace, count: 1, first: rfc3339(now), lastAt: now.getTime() });
      return undefined;
    } catch (err) {
      return err as Error;
    }
  }

  /** The spam filter's token bucket for one source and object. */
  private allow(key: string, now: number): boolean {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_REMEMBERED) this.buckets.delete(this.buckets.keys().next().value!);
      this.buckets.set(key, (b = { tokens: SPAM_BURST, at: now }));
    }
    b.tokens = Math.min(SPAM_BURST, b.tokens + (now - b.at) / SPAM_REFILL_MS);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
