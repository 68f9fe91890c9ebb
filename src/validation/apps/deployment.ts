// Deployment validation (pkg/apis/apps/validation at v1.25, plus the apps/v1 selector immutability
// its registry strategy adds).
import type { Deployment, DeploymentStrategy } from 'kubernetes-types/apps/v1.js';
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { goLabelSelector, intOrStringLiteral, isNotMoreThan100Percent, validateImmutableField, validateNonnegativeField, validatePositiveIntOrPercent } from '../meta.js';
import { collisionCountNotDecremented, intOrPercentValue, nonNegativeCounters, notGreaterThan, selectorMatches, validateReplicaSetTemplate, validateWorkloadSelector } from './common.js';

const spec = FieldPath.root('spec');
const status = FieldPath.root('status');

function validateStrategy(s: DeploymentStrategy | undefined, path: FieldPath): FieldError[] {
  const type = s?.type ?? '';
  if (type === 'Recreate') {
    return s?.rollingUpdate ? [forbidden(path.child('rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")] : [];
  }
  if (type === 'RollingUpdate') {
    const ru = s?.rollingUpdate;
    if (!ru) return [required(path.child('rollingUpdate'), 'this should be defaulted and never be nil')];
    const p = path.child('rollingUpdate');
    // An absent int-or-string is Go's zero value, the integer 0.
    const errs = [...validatePositiveIntOrPercent(ru.maxUnavailable ?? 0, p.child('maxUnavailable')), ...validatePositiveIntOrPercent(ru.maxSurge ?? 0, p.child('maxSurge'))];
    if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
      errs.push(invalid(p.child('maxUnavailable'), intOrStringLiteral(ru.maxUnavailable ?? 0), 'may not be 0 when `maxSurge` is 0'));
    errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, p.child('maxUnavailable')));
    return errs;
  }
  return [notSupported(path, type, ['Recreate', 'RollingUpdate'])];
}

export function validateDeployment(d: Deployment): FieldError[] {
  const s = d.spec;
  const errs: FieldError[] = [];
  errs.push(...validateNonnegativeField(s?.replicas, spec.child('replicas')));
  errs.push(...validateWorkloadSelector(s?.selector, spec.child('selector'), 'deployment'));
  if (s?.selector && selectorMatches(s.selector, {}) === undefined)
    errs.push(invalid(spec.child('selector'), goLabelSelector(s.selector), 'invalid label selector'));
  else errs.push(...validateReplicaSetTemplate(s?.template, s?.selector, spec.child('template')));
  errs.push(...validateStrategy(s?.strategy, spec.child('strategy')));
  errs.push(...validateNonnegativeField(s?.minReadySeconds, spec.child('minReadySeconds')));
  errs.push(...validateNonnegativeField(s?.revisionHistoryLimit, spec.child('revisionHistoryLimit')));
  if (s?.progressDeadlineSeconds !== undefined && s.progressDeadlineSeconds !== null) {
    errs.push(...validateNonnegativeField(s.progressDeadlineSeconds, spec.child('progressDeadlineSeconds')));
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0))
      errs.push(invalid(spec.child('progressDeadlineSeconds'), s.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

export function validateDeploymentStatus(d: Deployment): FieldError[] {
  const st = d.status as Record<string, unknown> | undefined;
  const errs = nonNegativeCounters(st, ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount'], status);
  const msg = 'cannot be greater than status.replicas';
  errs.push(...notGreaterThan(st, 'updatedReplicas', 'replicas', status, msg));
  errs.push(...notGreaterThan(st, 'readyReplicas', 'replicas', status, msg));
  errs.push(...notGreaterThan(st, 'availableReplicas', 'replicas', status, msg));
  errs.push(...notGreaterThan(st, 'availableReplicas', 'readyReplicas', status, 'cannot be greater than readyReplicas'));
  return errs;
}

/** Update of the main resource or of /status (the store keeps the other half as it was). */
export function validateDeploymentUpdate(d: Deployment, old: Deployment): FieldError[] {
  return [
    ...validateDeployment(d),
    ...validateImmutableField(d.spec?.selector, old.spec?.selector, spec.child('selector'), goLabelSelector(d.spec?.selector)),
    ...validateDeploymentStatus(d),
    ...collisionCountNotDecremented(d.status?.collisionCount, old.status?.collisionCount),
  ];
}
