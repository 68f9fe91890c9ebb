// autoscaling defaulting (SetDefaults_* of pkg/apis/autoscaling/v1 and v2 at v1.25), in place.
import type { HorizontalPodAutoscaler as HPAv1 } from 'kubernetes-types/autoscaling/v1.js';
import type { HorizontalPodAutoscaler as HPAv2, HPAScalingRules } from 'kubernetes-types/autoscaling/v2.js';
import { DEFAULT_CPU_UTILIZATION, METRICS_ANNOTATION } from './convert.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const scaleUp = (): HPAScalingRules => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});
// No stabilization window: the controller's --horizontal-pod-autoscaler-downscale-stabilization applies.
const scaleDown = (): HPAScalingRules => ({ selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });

/** GenerateHPAScale{Up,Down}Rules: each unset field of a given rule set from the defaults. */
function fillRules(given: HPAScalingRules | undefined, defaults: HPAScalingRules): HPAScalingRules {
  if (!given) return defaults;
  const out: Mutable<HPAScalingRules> = { ...defaults };
  if (given.selectPolicy !== undefined) out.selectPolicy = given.selectPolicy;
  if (given.stabilizationWindowSeconds !== undefined) out.stabilizationWindowSeconds = given.stabilizationWindowSeconds;
  if (given.policies !== undefined) out.policies = given.policies;
  return out;
}

export function defaultHPAv2(hpa: HPAv2): void {
  const spec = ((hpa as Mutable<HPAv2>).spec ??= {} as HPAv2['spec'] & object) as Mutable<NonNullable<HPAv2['spec']>>;
  spec.minReplicas ??= 1;
  if (!spec.metrics?.length) spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  if (spec.behavior) spec.behavior = { scaleUp: fillRules(spec.behavior.scaleUp, scaleUp()), scaleDown: fillRules(spec.behavior.scaleDown, scaleDown()) };
}

/**
 * v1 defaults minReplicas only; the CPU target is added when converting to the stored v2 form, so
 * every read shows it. It is set here too so that the create and update replies show it as well.
 */
export function defaultHPAv1(hpa: HPAv1): void {
  const spec = ((hpa as Mutable<HPAv1>).spec ??= {} as HPAv1['spec'] & object) as Mutable<NonNullable<HPAv1['spec']>>;
  spec.minReplicas ??= 1;
  if (spec.targetCPUUtilizationPercentage === undefined && !hpa.metadata?.annotations?.[METRICS_ANNOTATION])
    spec.targetCPUUtilizationPercentage = DEFAULT_CPU_UTILIZATION;
}
