// events (core/v1). events.k8s.io/v1 stores its events in this shape too, so this printer serves both.
import type { Event } from 'kubernetes-types/core/v1.js';
import { ageOf } from '../../machinery/format.js';
import { validateEvent } from '../../validation/core/event.js';
import { isPathSegmentName } from '../../validation/names.js';
import { col, type ResourceStrategy, type TablePrinter } from '../strategy.js';

/** formatEventSource: component (or reportingController), then ", host" (or reportingInstance) when known. */
function source(ev: Event): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const host = ev.source?.host || ev.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

export const eventPrinter: TablePrinter<Event> = {
  columns: [
    col('Last Seen', 'string', 0, 'Time when last event from this group was observed'),
    col('Type', 'string', 0, 'Type of this event (Normal, Warning), new types could be added in the future.'),
    col('Reason', 'string', 0, 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    col('Object', 'string', 0, 'The object this Event is about.'),
    col('Subobject', 'string', 1, 'The subobject (field path) this Event is about.'),
    col('Source', 'string', 1, 'The component reporting this event.'),
    col('Message', 'string', 0, 'A human-readable description of the status of this operation.'),
    col('First Seen', 'string', 1, 'The time at which the event was first recorded.'),
    col('Count', 'string', 1, 'The number of times this event has occurred.'),
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 1 },
  ],
  cells(ev, now) {
    const first = ev.firstTimestamp ? ageOf(ev.firstTimestamp, now) : ageOf(ev.eventTime, now);
    let last = ev.lastTimestamp ? ageOf(ev.lastTimestamp, now) : first;
    let count = ev.count ?? 0;
    if (ev.series) {
      last = ageOf(ev.series.lastObservedTime, now);
      count = ev.series.count ?? 0;
    } else if (count === 0) {
      // Singleton events of the new API carry no count.
      count = 1;
    }
    const kind = (ev.involvedObject?.kind ?? '').toLowerCase();
    const target = ev.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind;
    return [
      last,
      ev.type ?? '',
      ev.reason ?? '',
      target,
      ev.involvedObject?.fieldPath ?? '',
      source(ev),
      (ev.message ?? '').trim(),
      first,
      count,
      ev.metadata?.name ?? '',
    ];
  },
};

export const events: ResourceStrategy<Event> = {
  group: '',
  version: 'v1',
  kind: 'Event',
  resource: 'events',
  singular: 'event',
  namespaced: true,
  shortNames: ['ev'],
  // The v1 API never validated event names beyond what a URL needs (client-go names them name.hex).
  nameValidator: isPathSegmentName,
  validate: (ev) => validateEvent(ev),
  validateUpdate: (ev) => validateEvent(ev),
  selectableFields(ev) {
    const o = ev.involvedObject ?? {};
    return {
      'involvedObject.kind': o.kind ?? '',
      'involvedObject.namespace': o.namespace ?? '',
      'involvedObject.name': o.name ?? '',
      'involvedObject.uid': o.uid ?? '',
      'involvedObject.apiVersion': o.apiVersion ?? '',
      'involvedObject.resourceVersion': o.resourceVersion ?? '',
      'involvedObject.fieldPath': o.fieldPath ?? '',
      reason: ev.reason ?? '',
      reportingComponent: ev.reportingComponent ?? '',
      source: ev.source?.component || ev.reportingComponent || '',
      type: ev.type ?? '',
    };
  },
  printer: eventPrinter,
};
