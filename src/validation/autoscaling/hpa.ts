// HorizontalPodAutoscaler validation (pkg/apis/autoscaling/validation, v1.25) on the v2 shape, which
// is the internal one: v1 objects are converted first, so their errors carry the same paths upstream's do.
import type { HorizontalPodAutoscaler, HPAScalingRules, MetricSpec, MetricTarget } from 'kubernetes-types/autoscaling/v2.js';
import { parseQuantity } from '../../api/core/quantity.js';
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { validateNonnegativeField } from '../meta.js';
import { isPathSegmentName } from '../names.js';

const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const FIELD_OF: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', External: 'external', ContainerResource: 'containerResource' };

/** ValidateCrossVersionObjectReference: kind and name required, each a valid path segment. */
function validateReference(ref: { kind?: string; name?: string } | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['kind', 'name'] as const) {
    const v = ref?.[f];
    if (!v) errs.push(required(path.child(f), ''));
    else errs.push(...isPathSegmentName(v).map((m) => invalid(path.child(f), v, m)));
  }
  return errs;
}

const positive = (q: unknown) => {
  const parsed = parseQuantity(q);
  return parsed !== undefined && parsed.nano > 0n;
};

function validateTarget(t: MetricTarget | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const type = t?.type ?? '';
  if (!type) errs.push(required(path.child('type'), 'must specify a metric target type'));
  if (!['Utilization', 'Value', 'AverageValue'].includes(type)) errs.push(invalid(path.child('type'), type, 'must be either Utilization, Value, or AverageValue'));
  if (t?.value !== undefined && !positive(t.value)) errs.push(invalid(path.child('value'), t.value, 'must be positive'));
  if (t?.averageValue !== undefined && !positive(t.averageValue)) errs.push(invalid(path.child('averageValue'), t.averageValue, 'must be positive'));
  if (t?.averageUtilization !== undefined && t.averageUtilization < 1) errs.push(invalid(path.child('averageUtilization'), t.averageUtilization, 'must be greater than 0'));
  return errs;
}

/** The per-source checks: a named metric (or resource) and a usable target. */
function validateSource(type: string, src: Record<string, any>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const target = path.child('target');
  if (type === 'Resource' || type === 'ContainerResource') {
    if (!src['name']) errs.push(required(path.child('name'), 'must specify a resource name'));
    if (type === 'ContainerResource' && !src['container']) errs.push(required(path.child('container'), 'must specify a container'));
    errs.push(...validateTarget(src['target'], target));
    const t = src['target'] ?? {};
    if (t.averageUtilization === undefined && t.averageValue === undefined)
      errs.push(required(target.child('averageUtilization'), 'must set either a target raw value or a target utilization'));
    if (t.averageUtilization !== undefined && t.averageValue !== undefined)
      errs.push(forbidden(target.child('averageValue'), 'may not set both a target raw value and a target utilization'));
    return errs;
  }
  if (type === 'Object') errs.push(...validateReference(src['describedObject'], path.child('describedObject')));
  if (!src['metric']?.name) errs.push(required(path.child('metric', 'name'), 'must specify a metric name'));
  errs.push(...validateTarget(src['target'], target));
  const t = src['target'] ?? {};
  if (type === 'Pods' && t.averageValue === undefined) errs.push(required(target.child('averageValue'), 'must specify a positive target averageValue'));
  if (type !== 'Pods' && t.value === undefined && t.averageValue === undefined)
    errs.push(required(target.child('averageValue'), 'must set either a target value or averageValue'));
  return errs;
}

function validateMetric(m: MetricSpec, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!m.type) errs.push(required(path.child('type'), 'must specify a metric source type'));
  else if (!METRIC_TYPES.includes(m.type)) errs.push(notSupported(path.child('type'), m.type, METRIC_TYPES));
  const fields = m as unknown as Record<string, any>;
  const present = METRIC_TYPES.map((t) => FIELD_OF[t]!).filter((f) => fields[f] !== undefined && fields[f] !== null);
  if (present.length) {
    const first = present[0]!;
    const type = Object.keys(FIELD_OF).find((t) => FIELD_OF[t] === first)!;
    errs.push(...validateSource(type, fields[first], path.child(first)));
  }
  const expected = FIELD_OF[m.type];
  if (expected && !present.includes(expected)) errs.push(required(path.child(expected), 'must populate information for the given metric source'));
  for (const f of present) if (f !== expected && present.length !== 1) errs.push(forbidden(path.child(f), 'must populate the given metric source only'));
  return errs;
}

function validateRules(rules: HPAScalingRules | undefined, path: FieldPath): FieldError[] {
  if (!rules) return [];
  const errs: FieldError[] = [];
  const w = rules.stabilizationWindowSeconds;
  if (w !== undefined && w < 0) errs.push(invalid(path.child('stabilizationWindowSeconds'), w, 'must be greater than or equal to zero'));
  if (w !== undefined && w > MAX_STABILIZATION_WINDOW_SECONDS)
    errs.push(invalid(path.child('stabilizationWindowSeconds'), w, `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`));
  if (rules.selectPolicy !== undefined && !['Disabled', 'Max', 'Min'].includes(rules.selectPolicy))
    errs.push(notSupported(path.child('selectPolicy'), rules.selectPolicy, ['Disabled', 'Max', 'Min']));
  const policies = path.child('policies');
  if (!rules.policies?.length) errs.push(required(policies, 'must specify at least one Policy'));
  (rules.policies ?? []).forEach((p, i) => {
    const pp = policies.index(i);
    if (p.type !== 'Pods' && p.type !== 'Percent') errs.push(notSupported(pp.child('type'), p.type, ['Percent', 'Pods']));
    if (!(p.value > 0)) errs.push(invalid(pp.child('value'), p.value, 'must be greater than zero'));
    if (!(p.periodSeconds > 0)) errs.push(invalid(pp.child('periodSeconds'), p.periodSeconds, 'must be greater than zero'));
    if (p.periodSeconds > MAX_PERIOD_SECONDS) errs.push(invalid(pp.child('periodSeconds'), p.periodSeconds, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  });
  return errs;
}

/** validateHorizontalPodAutoscalerSpec (minReplicas lower bound 1: HPAScaleToZero is off). */
export function validateHPA(hpa: HorizontalPodAutoscaler): FieldError[] {
  const spec = hpa.spec;
  const path = FieldPath.root('spec');
  const errs: FieldError[] = [];
  const min = spec?.minReplicas;
  const max = spec?.maxReplicas ?? 0;
  if (min !== undefined && min < 1) errs.push(invalid(path.child('minReplicas'), min, 'must be greater than or equal to 1'));
  if (max < 1) errs.push(invalid(path.child('maxReplicas'), max, 'must be greater than 0'));
  if (min !== undefined && max < min) errs.push(invalid(path.child('maxReplicas'), max, 'must be greater than or equal to `minReplicas`'));
  errs.push(...validateReference(spec?.scaleTargetRef, path.child('scaleTargetRef')));
  (spec?.metrics ?? []).forEach((m, i) => errs.push(...validateMetric(m, path.child('metrics').index(i))));
  const behavior = spec?.behavior;
  if (behavior) {
    errs.push(...validateRules(behavior.scaleUp, path.child('behavior', 'scaleUp')));
    errs.push(...validateRules(behavior.scaleDown, path.child('behavior', 'scaleDown')));
  }
  return errs;
}

/** Spec rules again (status updates keep the stored spec, so they pass) plus the status counters. */
export function validateHPAUpdate(hpa: HorizontalPodAutoscaler): FieldError[] {
  const status = hpa.status;
  return [
    ...validateHPA(hpa),
    ...validateNonnegativeField(status?.currentReplicas, 'status.currentReplicas'),
    ...validateNonnegativeField(status?.desiredReplicas, 'status.desiredReplicas'),
  ];
}
