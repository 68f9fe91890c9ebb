// ReplicaSet validation (pkg/apis/apps/validation at v1.25, plus apps/v1 selector immutability).
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { FieldPath, invalid, type FieldError } from '../../machinery/fielderrors.js';
import { goLabelSelector, validateImmutableField, validateNonnegativeField } from '../meta.js';
import { nonNegativeCounters, notGreaterThan, selectorMatches, validateReplicaSetTemplate, validateWorkloadSelector } from './common.js';

const spec = FieldPath.root('spec');
const status = FieldPath.root('status');

export function validateReplicaSet(rs: ReplicaSet): FieldError[] {
  const s = rs.spec;
  const errs: FieldError[] = [];
  errs.push(...validateNonnegativeField(s?.replicas, spec.child('replicas')));
  errs.push(...validateNonnegativeField(s?.minReadySeconds, spec.child('minReadySeconds')));
  // Upstream reuses the Deployment wording here.
  errs.push(...validateWorkloadSelector(s?.selector, spec.child('selector'), 'deployment'));
  if (s?.selector && selectorMatches(s.selector, {}) === undefined)
    errs.push(invalid(spec.child('selector'), goLabelSelector(s.selector), 'invalid label selector'));
  else errs.push(...validateReplicaSetTemplate(s?.template, s?.selector, spec.child('template')));
  return errs;
}

export function validateReplicaSetStatus(rs: ReplicaSet): FieldError[] {
  const st = rs.status as Record<string, unknown> | undefined;
  const errs = nonNegativeCounters(st, ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'], status);
  const msg = 'cannot be greater than status.replicas';
  errs.push(...notGreaterThan(st, 'fullyLabeledReplicas', 'replicas', status, msg));
  errs.push(...notGreaterThan(st, 'readyReplicas', 'replicas', status, msg));
  errs.push(...notGreaterThan(st, 'availableReplicas', 'replicas', status, msg));
  errs.push(...notGreaterThan(st, 'availableReplicas', 'readyReplicas', status, 'cannot be greater than readyReplicas'));
  return errs;
}

export function validateReplicaSetUpdate(rs: ReplicaSet, old: ReplicaSet): FieldError[] {
  return [
    ...validateReplicaSet(rs),
    ...validateImmutableField(rs.spec?.selector, old.spec?.selector, spec.child('selector'), goLabelSelector(rs.spec?.selector)),
    ...validateReplicaSetStatus(rs),
  ];
}
