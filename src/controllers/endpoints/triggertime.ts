// TriggerTimeTracker (pkg/controller/util/endpoint/trigger_time_tracker.go): the time of the change
// that made an Endpoints update necessary, published as the endpoints.kubernetes.io/
// last-change-trigger-time annotation so latency can be measured end to end. For a Service seen for
// the first time it is the Service's creation; afterwards the earliest Ready transition among pods
// whose transition is newer than at the last sync.
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import { podCondition } from '../common/pods.js';

interface ServiceState {
  podTriggerTimes: Map<string, number>;
  serviceTriggerTime: number;
}

const parse = (t: string | undefined) => (t ? Date.parse(t) : NaN);

export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /** The trigger time for this sync (undefined: none), remembering what was seen for the next one. */
  compute(svc: Service, pods: Pod[]): Date | undefined {
    const key = `${svc.metadata!.namespace}/${svc.metadata!.name}`;
    const prior = this.states.get(key);
    let min = Infinity;
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const t = parse(podCondition(pod, 'Ready')?.lastTransitionTime);
      if (Number.isNaN(t)) continue;
      podTimes.set(pod.metadata!.name!, t);
      if (t > (prior?.podTriggerTimes.get(pod.metadata!.name!) ?? -Infinity)) min = Math.min(min, t);
    }
    const created = parse(svc.metadata?.creationTimestamp);
    if (!Number.isNaN(created) && created > (prior?.serviceTriggerTime ?? -Infinity)) min = Math.min(min, created);
    this.states.set(key, { podTriggerTimes: podTimes, serviceTriggerTime: Number.isNaN(created) ? -Infinity : created });
    if (!prior) return Number.isNaN(created) ? undefined : new Date(created);
    return min === Infinity ? undefined : new Date(min);
  }

  delete(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
  }
}

/** Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros, none when whole. */
export function rfc3339Nano(d: Date): string {
  return d.toISOString().replace(/\.(\d*?)0*Z$/, (_, frac: string) => (frac ? `.${frac}Z` : 'Z'));
}
