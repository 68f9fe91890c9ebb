// core/v1 Event validation: legacyValidateEvent of v1.25, which is all the v1 API applies (stricter
// rules belong to events.k8s.io/v1 only).
import type { Event } from 'kubernetes-types/core/v1.js';
import { FieldPath, invalid, required, type FieldError } from '../../machinery/fielderrors.js';
import { isDNS1123Subdomain, isQualifiedName } from '../names.js';

export const REPORTING_INSTANCE_LENGTH_LIMIT = 128;
export const ACTION_LENGTH_LIMIT = 128;
export const REASON_LENGTH_LIMIT = 128;
export const NOTE_LENGTH_LIMIT = 1024;

const involvedNs = FieldPath.root('involvedObject').child('namespace');

/**
 * Old-style events (no eventTime) only need a consistent namespace; new-style ones (eventTime set)
 * must also name their reporter, action and reason, within the length limits.
 * `reportingField` is how the request's API spells reportingController ("reportingComponent" in v1).
 */
export function validateEvent(ev: Event, reportingField = 'reportingComponent'): FieldError[] {
  const errs: FieldError[] = [];
  const ns = ev.metadata?.namespace ?? '';
  const objNs = ev.involvedObject?.namespace ?? '';
  if (!ev.eventTime) {
    if (!objNs) {
      // Tolerated for old clients: cluster-scoped objects' events in "default".
      if (ns !== '' && ns !== 'default') errs.push(invalid(involvedNs, objNs, 'does not match event.namespace'));
    } else if (ns !== objNs) {
      errs.push(invalid(involvedNs, objNs, 'does not match event.namespace'));
    }
  } else {
    if (!objNs && ns !== 'default' && ns !== 'kube-system') errs.push(invalid(involvedNs, objNs, 'does not match event.namespace'));
    const rc = ev.reportingComponent ?? '';
    if (!rc) errs.push(required(FieldPath.root(reportingField), ''));
    errs.push(...isQualifiedName(rc).map((m) => invalid(FieldPath.root(reportingField), rc, m)));
    const ri = ev.reportingInstance ?? '';
    if (!ri) errs.push(required(FieldPath.root('reportingInstance'), ''));
    if (ri.length > REPORTING_INSTANCE_LENGTH_LIMIT)
      errs.push(invalid(FieldPath.root('reportingInstance'), '', `can have at most ${REPORTING_INSTANCE_LENGTH_LIMIT} characters`));
    const action = ev.action ?? '';
    if (!action) errs.push(required(FieldPath.root('action'), ''));
    if (action.length > ACTION_LENGTH_LIMIT) errs.push(invalid(FieldPath.root('action'), '', `can have at most ${ACTION_LENGTH_LIMIT} characters`));
    const reason = ev.reason ?? '';
    if (!reason) errs.push(required(FieldPath.root('reason'), ''));
    if (reason.length > REASON_LENGTH_LIMIT) errs.push(invalid(FieldPath.root('reason'), '', `can have at most ${REASON_LENGTH_LIMIT} characters`));
    if ((ev.message ?? '').length > NOTE_LENGTH_LIMIT) errs.push(invalid(FieldPath.root('message'), '', `can have at most ${NOTE_LENGTH_LIMIT} characters`));
  }
  errs.push(...isDNS1123Subdomain(ns).map((m) => invalid(FieldPath.root('namespace'), ns, m)));
  return errs;
}
