// events.k8s.io/v1 Event: stored in core/v1 form under the same key prefix as core/v1 events.
import type { Event as CoreEvent } from 'kubernetes-types/core/v1.js';
import type { Event } from 'kubernetes-types/events/v1.js';
import { ageOf } from '../../machinery/format.js';
import { validateEventV1, validateEventV1Update } from '../../validation/events/event.js';
import { col, nameColumn, type ResourceStrategy } from '../strategy.js';
import { eventFromCore, eventToCore } from './convert.js';

/** Columns of the shared event printer; Name comes last and only with -o wide. */
const columns = [
  col('Last Seen', 'string', 0, 'Time when last event from this series was seen'),
  col('Type', 'string', 0, 'Type of this event (Normal, Warning), new types could be added in the future.'),
  col('Reason', 'string', 0, 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
  col('Object', 'string', 0, 'Object this event is about.'),
  col('Subobject', 'string', 1, 'The field of the object this event is about.'),
  col('Source', 'string', 1, 'The component reporting this event. Should be a short machine understandable string.'),
  col('Message', 'string', 0, 'A human-readable description of the status of this operation.'),
  col('First Seen', 'string', 1, 'The time at which the event was first recorded.'),
  col('Count', 'string', 1, 'The number of times this event has occurred.'),
  { ...nameColumn, priority: 1 },
];

/** One row of printEvent, from the core/v1 form. */
export function eventCells(e: CoreEvent, now: Date): unknown[] {
  const first = e.firstTimestamp ? ageOf(e.firstTimestamp, now) : ageOf(e.eventTime, now);
  let last = e.lastTimestamp ? ageOf(e.lastTimestamp, now) : first;
  let count = e.count ?? 0;
  if (e.series) {
    last = ageOf(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    // Singleton events of the new API carry no count.
    count = 1;
  }
  const obj = e.involvedObject ?? {};
  const kind = (obj.kind ?? '').toLowerCase();
  const target = obj.name ? `${kind}/${obj.name}` : kind;
  const component = e.source?.component || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  return [
    last,
    e.type ?? '',
    e.reason ?? '',
    target,
    obj.fieldPath ?? '',
    instance ? `${component}, ${instance}` : component,
    (e.message ?? '').trim(),
    first,
    count,
    e.metadata?.name ?? '',
  ];
}

export const events: ResourceStrategy<Event> = {
  group: 'events.k8s.io',
  version: 'v1',
  kind: 'Event',
  resource: 'events',
  singular: 'event',
  namespaced: true,
  shortNames: ['ev'],
  storagePrefix: 'events',
  convert: { toStored: eventToCore, fromStored: eventFromCore },
  validate: (e) => validateEventV1(eventToCore(e)),
  validateUpdate: (e, old) => validateEventV1Update(eventToCore(e), eventToCore(old)),
  selectableFields(e) {
    const c = eventToCore(e);
    const o = c.involvedObject ?? {};
    return {
      'involvedObject.kind': o.kind ?? '',
      'involvedObject.namespace': o.namespace ?? '',
      'involvedObject.name': o.name ?? '',
      'involvedObject.uid': o.uid ?? '',
      'involvedObject.apiVersion': o.apiVersion ?? '',
      'involvedObject.resourceVersion': o.resourceVersion ?? '',
      'involvedObject.fieldPath': o.fieldPath ?? '',
      reason: c.reason ?? '',
      reportingComponent: c.reportingComponent ?? '',
      source: c.source?.component ?? '',
      type: c.type ?? '',
    };
  },
  printer: { columns, cells: (e, now) => eventCells(eventToCore(e), now) },
};
