// Checks shared by the apps/v1 workloads (and reused by batch/v1): selectors against template
// labels, and the pod template rules of ValidatePodTemplateSpecForReplicaSet.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { labelSelectorFromObject, matchesLabels, SelectorError } from '../../machinery/selectors.js';
import { goLabelSelector, goStringMap, validateLabelSelector, validateNonnegativeField } from '../meta.js';
import { validatePodTemplateSpec } from '../core/pod.js';

/**
 * metav1.LabelSelectorAsSelector followed by Matches: a missing selector matches nothing, an empty
 * one everything; undefined when the selector does not convert (unknown operator, In without values).
 */
export function selectorMatches(sel: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean | undefined {
  if (!sel) return false;
  for (const e of sel.matchExpressions ?? []) {
    const n = e.values?.length ?? 0;
    if ((e.operator === 'In' || e.operator === 'NotIn') && n === 0) return undefined;
    if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && n > 0) return undefined;
  }
  try {
    return matchesLabels(labelSelectorFromObject(sel), labels);
  } catch (e) {
    if (e instanceof SelectorError) return undefined;
    throw e;
  }
}

export const selectorIsEmpty = (sel: LabelSelector | undefined | null): boolean =>
  !!sel && Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions?.length ?? 0) === 0;

/** spec.selector of a workload: required, well-formed, and not empty (`kind` names it in the message). */
export function validateWorkloadSelector(sel: LabelSelector | undefined, path: FieldPath, kind: string): FieldError[] {
  if (!sel) return [required(path, '')];
  const errs = validateLabelSelector(sel, path);
  if (selectorIsEmpty(sel)) errs.push(invalid(path, goLabelSelector(sel), `empty selector is invalid for ${kind}`));
  return errs;
}

/** The template must carry labels the selector matches (ReplicaSet, Deployment, StatefulSet, DaemonSet, Job). */
export function validateSelectorMatchesTemplate(sel: LabelSelector | undefined, template: PodTemplateSpec | undefined, path: FieldPath): FieldError[] {
  if (sel && selectorIsEmpty(sel)) return [];
  const labels = template?.metadata?.labels;
  return selectorMatches(sel, labels) === false
    ? [invalid(path.child('metadata', 'labels'), goStringMap(labels), '`selector` does not match template `labels`')]
    : [];
}

/**
 * ValidatePodTemplateSpecForReplicaSet: selector match, the full pod template validation, and
 * restartPolicy Always only. (Upstream's message says ReplicaSet for Deployments too.)
 */
export function validateReplicaSetTemplate(template: PodTemplateSpec | undefined, sel: LabelSelector | undefined, path: FieldPath): FieldError[] {
  if (!template) return [required(path, '')];
  const errs = validateSelectorMatchesTemplate(sel, template, path);
  errs.push(...validatePodTemplateSpec(template, path));
  errs.push(...restartAlwaysOnly(template, path, 'ReplicaSet'));
  return errs;
}

/** Long-running workloads: restartPolicy must be Always and activeDeadlineSeconds unset. */
export function restartAlwaysOnly(template: PodTemplateSpec, path: FieldPath, kind: string): FieldError[] {
  const errs: FieldError[] = [];
  const rp = template.spec?.restartPolicy ?? '';
  if (rp !== 'Always') errs.push(notSupported(path.child('spec', 'restartPolicy'), rp, ['Always']));
  if (template.spec?.activeDeadlineSeconds !== undefined && template.spec?.activeDeadlineSeconds !== null)
    errs.push(forbidden(path.child('spec', 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${kind} is not Supported`));
  return errs;
}

/** Status counters that must be >= 0, by name, under `path`. */
export function nonNegativeCounters(status: Record<string, unknown> | undefined, names: string[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const n of names) {
    const v = status?.[n];
    if (typeof v === 'number') errs.push(...validateNonnegativeField(v, path.child(n)));
  }
  return errs;
}

/** `child` of status may not exceed `parent` (e.g. readyReplicas ≤ replicas). */
export function notGreaterThan(status: Record<string, unknown> | undefined, child: string, parent: string, path: FieldPath, msg: string): FieldError[] {
  const c = (status?.[child] as number | undefined) ?? 0;
  const p = (status?.[parent] as number | undefined) ?? 0;
  return c > p ? [invalid(path.child(child), c, msg)] : [];
}

/** status.collisionCount may only grow. */
export function collisionCountNotDecremented(newCount: number | undefined, oldCount: number | undefined): FieldError[] {
  if (oldCount === undefined || oldCount === null) return [];
  if (newCount !== undefined && newCount !== null && newCount >= oldCount) return [];
  return [invalid(FieldPath.root('status').child('collisionCount'), newCount ?? 0, 'cannot be decremented')];
}

/** getIntOrPercentValue: the number, or the percentage's number, or 0 for anything else. */
export function intOrPercentValue(v: number | string | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const m = /^([0-9]+)%?$/.exec(v);
    return m ? Number(m[1]) : 0;
  }
  return 0;
}
