// events.k8s.io/v1 Event validation (ValidateEventCreate/Update of pkg/apis/core/validation at
// v1.25, strict mode). Upstream validates the internal (core) form, so field paths use core names:
// involvedObject, message, firstTimestamp, count, source.
import type { Event as CoreEvent } from 'kubernetes-types/core/v1.js';
import { FieldPath, invalid, required, type FieldError } from '../../machinery/fielderrors.js';
import { isDNS1123Subdomain, isQualifiedName } from '../names.js';
import { deepEqual, validateImmutableField } from '../meta.js';

const p = (name: string) => FieldPath.root(name);
const zero = (t: unknown) => t === undefined || t === null || t === '';

function validateLengths(e: CoreEvent): FieldError[] {
  const errs: FieldError[] = [];
  const check = (name: string, value: string | undefined, max: number, req: boolean) => {
    if (req && !value) errs.push(required(p(name), ''));
    if ((value ?? '').length > max) errs.push(invalid(p(name), '', `can have at most ${max} characters`));
  };
  if (!e.reportingComponent) errs.push(required(p('reportingController'), ''));
  for (const m of isQualifiedName(e.reportingComponent ?? '')) errs.push(invalid(p('reportingController'), e.reportingComponent ?? '', m));
  check('reportingInstance', e.reportingInstance, 128, true);
  check('action', e.action, 128, true);
  check('reason', e.reason, 128, true);
  check('message', e.message, 1024, false);
  return errs;
}

/** legacyValidateEvent: the rules every Event meets, whichever API wrote it. */
function legacyValidate(e: CoreEvent): FieldError[] {
  const errs: FieldError[] = [];
  const ns = e.metadata?.namespace ?? '';
  const objNs = e.involvedObject?.namespace ?? '';
  const mismatch = () => invalid(p('involvedObject').child('namespace'), objNs, 'does not match event.namespace');
  if (zero(e.eventTime)) {
    if (objNs === '' ? ns !== '' && ns !== 'default' : ns !== objNs) errs.push(mismatch());
  } else {
    if (objNs === '' && ns !== 'default' && ns !== 'kube-system') errs.push(mismatch());
    errs.push(...validateLengths(e));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(invalid(p('namespace'), ns, m));
  return errs;
}

function validateSeries(e: CoreEvent): FieldError[] {
  if (!e.series) return [];
  const errs: FieldError[] = [];
  if ((e.series.count ?? 0) < 2) errs.push(invalid(p('series.count'), '', 'should be at least 2'));
  if (zero(e.series.lastObservedTime)) errs.push(required(p('series.lastObservedTime'), ''));
  return errs;
}

/** Create through events.k8s.io/v1, given the event in core form. */
export function validateEventV1(e: CoreEvent): FieldError[] {
  const errs = legacyValidate(e);
  errs.push(...validateSeries(e));
  if (zero(e.eventTime)) errs.push(required(p('eventTime'), ''));
  if (e.type !== 'Normal' && e.type !== 'Warning') errs.push(invalid(p('type'), '', `has invalid value: ${e.type ?? ''}`));
  // The deprecated fields belong to core/v1 writers only.
  if (!zero(e.firstTimestamp)) errs.push(invalid(p('firstTimestamp'), '', 'needs to be unset'));
  if (!zero(e.lastTimestamp)) errs.push(invalid(p('lastTimestamp'), '', 'needs to be unset'));
  if ((e.count ?? 0) !== 0) errs.push(invalid(p('count'), '', 'needs to be unset'));
  if (e.source?.component || e.source?.host) errs.push(invalid(p('source'), '', 'needs to be unset'));
  return errs;
}

const immutable: (keyof CoreEvent)[] = [
  'involvedObject',
  'reason',
  'message',
  'source',
  'firstTimestamp',
  'lastTimestamp',
  'count',
  'type',
  'eventTime',
  'action',
  'related',
  'reportingComponent',
  'reportingInstance',
];

/** Update through events.k8s.io/v1: only the series (and metadata) may change. */
export function validateEventV1Update(e: CoreEvent, old: CoreEvent): FieldError[] {
  const errs = legacyValidate(e);
  if (!deepEqual(e.series, old.series)) errs.push(...validateSeries(e));
  for (const k of immutable) {
    const name = k === 'reportingComponent' ? 'reportingController' : k;
    errs.push(...validateImmutableField(e[k], old[k], p(name)));
  }
  return errs;
}
