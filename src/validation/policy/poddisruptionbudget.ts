// PodDisruptionBudget validation (pkg/apis/policy/validation, v1.25).
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { FieldPath, invalid, type FieldError } from '../../machinery/fielderrors.js';
import { goLiteral, goPointer, isNotMoreThan100Percent, validateLabelSelector, validateNonnegativeField, validatePositiveIntOrPercent } from '../meta.js';

const present = (v: unknown) => v !== undefined && v !== null;

/** The internal spec as kube-apiserver prints it (%#v) in the mutual-exclusion error. */
function specLiteral(pdb: PodDisruptionBudget): unknown {
  const s = pdb.spec ?? {};
  return goLiteral(
    `policy.PodDisruptionBudgetSpec{MinAvailable:${goPointer('intstr.IntOrString', present(s.minAvailable))}, ` +
      `Selector:${goPointer('v1.LabelSelector', present(s.selector))}, MaxUnavailable:${goPointer('intstr.IntOrString', present(s.maxUnavailable))}}`,
  );
}

function validateSpec(pdb: PodDisruptionBudget): FieldError[] {
  const spec = pdb.spec ?? {};
  const p = FieldPath.root('spec');
  const errs: FieldError[] = [];
  if (present(spec.minAvailable) && present(spec.maxUnavailable))
    errs.push(invalid(p, specLiteral(pdb), 'minAvailable and maxUnavailable cannot be both set'));
  for (const f of ['minAvailable', 'maxUnavailable'] as const) {
    if (!present(spec[f])) continue;
    errs.push(...validatePositiveIntOrPercent(spec[f], p.child(f)));
    errs.push(...isNotMoreThan100Percent(spec[f], p.child(f)));
  }
  errs.push(...validateLabelSelector(spec.selector, p.child('selector')));
  return errs;
}

/** Status counters are written by the disruption controller through /status; they never go negative. */
function validateStatus(pdb: PodDisruptionBudget): FieldError[] {
  const s = pdb.status;
  if (!s) return [];
  const p = FieldPath.root('status');
  return [
    ...validateNonnegativeField(s.disruptionsAllowed, p.child('disruptionsAllowed')),
    ...validateNonnegativeField(s.currentHealthy, p.child('currentHealthy')),
    ...validateNonnegativeField(s.desiredHealthy, p.child('desiredHealthy')),
    ...validateNonnegativeField(s.expectedPods, p.child('expectedPods')),
  ];
}

export function validatePodDisruptionBudget(pdb: PodDisruptionBudget): FieldError[] {
  return [...validateSpec(pdb), ...validateStatus(pdb)];
}

export function validatePodDisruptionBudgetUpdate(pdb: PodDisruptionBudget, _old: PodDisruptionBudget): FieldError[] {
  return validatePodDisruptionBudget(pdb);
}
