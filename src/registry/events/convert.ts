// events.k8s.io/v1 Event ⇄ core/v1 Event. Both APIs share one storage in core/v1 form, so each sees
// every event. Output keys follow Go's JSON encoding of each type: struct fields without omitempty
// (or struct-valued ones) are always written, zero timestamps as null.
import type { Event as CoreEvent } from 'kubernetes-types/core/v1.js';
import type { Event } from 'kubernetes-types/events/v1.js';
import type { KObject } from '../../api/object.js';

/** Copy `value` under `key` unless it is Go's zero value for an omitempty field. */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined || value === null || value === '' || value === 0) return;
  out[key] = value;
}

export function eventToCore(e: Event): CoreEvent & KObject {
  const out: Record<string, unknown> = { apiVersion: 'v1', kind: 'Event', metadata: e.metadata ?? {} };
  out.involvedObject = e.regarding ?? {};
  put(out, 'reason', e.reason);
  put(out, 'message', e.note);
  out.source = e.deprecatedSource ?? {};
  out.firstTimestamp = e.deprecatedFirstTimestamp ?? null;
  out.lastTimestamp = e.deprecatedLastTimestamp ?? null;
  put(out, 'count', e.deprecatedCount);
  put(out, 'type', e.type);
  out.eventTime = e.eventTime ?? null;
  put(out, 'series', e.series);
  put(out, 'action', e.action);
  put(out, 'related', e.related);
  out.reportingComponent = e.reportingController ?? '';
  out.reportingInstance = e.reportingInstance ?? '';
  return out as unknown as CoreEvent & KObject;
}

export function eventFromCore(c: KObject): Event {
  const e = c as unknown as CoreEvent;
  const out: Record<string, unknown> = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: e.metadata ?? {} };
  out.eventTime = e.eventTime ?? null;
  put(out, 'series', e.series);
  put(out, 'reportingController', e.reportingComponent);
  put(out, 'reportingInstance', e.reportingInstance);
  put(out, 'action', e.action);
  put(out, 'reason', e.reason);
  out.regarding = e.involvedObject ?? {};
  put(out, 'related', e.related);
  put(out, 'note', e.message);
  put(out, 'type', e.type);
  out.deprecatedSource = e.source ?? {};
  out.deprecatedFirstTimestamp = e.firstTimestamp ?? null;
  out.deprecatedLastTimestamp = e.lastTimestamp ?? null;
  put(out, 'deprecatedCount', e.count);
  return out as unknown as Event;
}
