// DaemonSet validation (pkg/apis/apps/validation at v1.25, plus apps/v1 selector immutability).
import type { DaemonSet, DaemonSetUpdateStrategy } from 'kubernetes-types/apps/v1.js';
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import {
  goLabelSelector,
  intOrStringLiteral,
  isNotMoreThan100Percent,
  validateImmutableField,
  validateLabelSelector,
  validateNonnegativeField,
  validatePositiveIntOrPercent,
} from '../meta.js';
import { validatePodTemplateSpec } from '../core/pod.js';
import { collisionCountNotDecremented, intOrPercentValue, nonNegativeCounters, selectorIsEmpty, validateSelectorMatchesTemplate } from './common.js';

const spec = FieldPath.root('spec');

function validateUpdateStrategy(us: DaemonSetUpdateStrategy | undefined, path: FieldPath): FieldError[] {
  const type = us?.type ?? '';
  if (type === 'OnDelete') return [];
  if (type !== 'RollingUpdate') return [notSupported(path, us ?? null, ['RollingUpdate', 'OnDelete'])];
  const ru = us?.rollingUpdate;
  if (!ru) return [required(path.child('rollingUpdate'), '')];
  const p = path.child('rollingUpdate');
  const mu = ru.maxUnavailable ?? 0;
  const ms = ru.maxSurge ?? 0;
  const errs = [
    ...validatePositiveIntOrPercent(mu, p.child('maxUnavailable')),
    ...validatePositiveIntOrPercent(ms, p.child('maxSurge')),
    ...isNotMoreThan100Percent(mu, p.child('maxUnavailable')),
    ...isNotMoreThan100Percent(ms, p.child('maxSurge')),
  ];
  // Exactly one of the two may be non-zero.
  const hasUnavailable = intOrPercentValue(mu) !== 0;
  const hasSurge = intOrPercentValue(ms) !== 0;
  if (hasUnavailable && hasSurge) errs.push(invalid(p.child('maxSurge'), intOrStringLiteral(ms), 'may not be set when maxUnavailable is non-zero'));
  if (!hasUnavailable && !hasSurge) errs.push(required(p.child('maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  return errs;
}

export function validateDaemonSet(ds: DaemonSet): FieldError[] {
  const s = ds.spec;
  const tpl = s?.template ?? {};
  const tplPath = spec.child('template');
  const errs = validateLabelSelector(s?.selector, spec.child('selector'));
  errs.push(...validateSelectorMatchesTemplate(s?.selector, tpl, tplPath));
  if (s?.selector && selectorIsEmpty(s.selector)) errs.push(invalid(spec.child('selector'), goLabelSelector(s.selector), 'empty selector is invalid for daemonset'));
  errs.push(...validatePodTemplateSpec(tpl, tplPath));
  const rp = tpl.spec?.restartPolicy ?? '';
  if (rp !== 'Always') errs.push(notSupported(tplPath.child('spec', 'restartPolicy'), rp, ['Always']));
  if (tpl.spec?.activeDeadlineSeconds !== undefined && tpl.spec?.activeDeadlineSeconds !== null)
    errs.push(forbidden(tplPath.child('spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in DaemonSet is not Supported'));
  errs.push(...validateNonnegativeField(s?.minReadySeconds, spec.child('minReadySeconds')));
  errs.push(...validateUpdateStrategy(s?.updateStrategy, spec.child('updateStrategy')));
  errs.push(...validateNonnegativeField(s?.revisionHistoryLimit, spec.child('revisionHistoryLimit')));
  return errs;
}

export function validateDaemonSetStatus(ds: DaemonSet): FieldError[] {
  return nonNegativeCounters(
    ds.status as Record<string, unknown> | undefined,
    [
      'currentNumberScheduled',
      'numberMisscheduled',
      'desiredNumberScheduled',
      'numberReady',
      'observedGeneration',
      'updatedNumberScheduled',
      'numberAvailable',
      'numberUnavailable',
      'collisionCount',
    ],
    FieldPath.root('status'),
  );
}

export function validateDaemonSetUpdate(ds: DaemonSet, old: DaemonSet): FieldError[] {
  return [
    ...validateDaemonSet(ds),
    ...validateImmutableField(ds.spec?.selector, old.spec?.selector, spec.child('selector'), goLabelSelector(ds.spec?.selector)),
    ...validateDaemonSetStatus(ds),
    ...collisionCountNotDecremented(ds.status?.collisionCount, old.status?.collisionCount),
  ];
}
