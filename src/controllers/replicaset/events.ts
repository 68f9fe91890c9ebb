// Events as client-go's recorder sends them from a busy controller: fire and forget (the control loop
// never waits on an event), and at most 25 per object in a burst, then one per 5 minutes
// (EventSourceObjectSpamFilter's defaults), so scaling a ReplicaSet to thousands of pods records a
// handful of SuccessfulCreate events instead of doubling the writes to the server.
import type { KObject } from '../../api/object.js';
import type { Clock } from '../../client/clock.js';
import { EventRecorder, type EventType } from '../../client/events.js';
import type { RestClient } from '../../client/rest.js';
import type { Logger } from '../../machinery/log.js';

const BURST = 25;
const REFILL_MS = 300_000;
const MAX_TRACKED = 4096;

export class ControllerEvents {
  private readonly recorder: EventRecorder;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    rest: RestClient,
    component: string,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.recorder = new EventRecorder(rest, { component }, clock);
  }

  emit(obj: KObject, type: EventType, reason: string, message: string): void {
    if (!this.allow(obj)) return;
    void this.recorder.event(obj, type, reason, message).then((err) => {
      if (err) this.log.debug('could not record event', { reason, object: obj.metadata.name, err: err.message });
    });
  }

  private allow(obj: KObject): boolean {
    const m = obj.metadata;
    const key = `${obj.kind}/${m.namespace}/${m.name}/${m.uid}`;
    const now = this.clock.now().getTime();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_TRACKED) this.buckets.delete(this.buckets.keys().next().value!);
      this.buckets.set(key, (b = { tokens: BURST, at: now }));
    }
    b.tokens = Math.min(BURST, b.tokens + (now - b.at) / REFILL_MS);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens--;
    return true;
  }
}
