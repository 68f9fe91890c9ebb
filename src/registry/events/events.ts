// events.k8s.io/v1 Event: stored in core/v1 form under the same key prefix as core/v1 events, so
// both APIs see every event; selection and printing reuse the core/v1 strategy on the stored form.
import type { Event } from 'kubernetes-types/events/v1.js';
import { validateEventV1, validateEventV1Update } from '../../validation/events/event.js';
import { eventPrinter, events as coreEvents } from '../core/events.js';
import type { ResourceStrategy } from '../strategy.js';
import { eventFromCore, eventToCore } from './convert.js';

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
  selectableFields: (e) => coreEvents.selectableFields!(eventToCore(e)),
  printer: { columns: eventPrinter.columns, cells: (e, now) => eventPrinter.cells(eventToCore(e), now) },
};
