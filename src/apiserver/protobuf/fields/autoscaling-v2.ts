// k8s.io/api autoscaling/v2 generated.proto field numbers (fields present in v1.25). Syntax: see
// ./types.ts.
import type { FieldTable } from './types.js';

export const autoscalingV2: FieldTable = {
  package: 'io.k8s.api.autoscaling.v2',
  messages: {
    ContainerResourceMetricSource: { 1: 'name', 2: 'target', 3: 'container' },
    ContainerResourceMetricStatus: { 1: 'name', 2: 'current', 3: 'container' },
    CrossVersionObjectReference: { 1: 'kind', 2: 'name', 3: 'apiVersion' },
    ExternalMetricSource: { 1: 'metric', 2: 'target' },
    ExternalMetricStatus: { 1: 'metric', 2: 'current' },
    HPAScalingPolicy: { 1: 'type', 2: 'value', 3: 'periodSeconds' },
    HPAScalingRules: { 1: '*selectPolicy', 2: 'policies', 3: '*stabilizationWindowSeconds' },
    HorizontalPodAutoscaler: { 1: 'metadata', 2: 'spec', 3: 'status' },
    HorizontalPodAutoscalerBehavior: { 1: 'scaleUp', 2: 'scaleDown' },
    HorizontalPodAutoscalerCondition: { 1: 'type', 2: 'status', 3: 'lastTransitionTime', 4: 'reason', 5: 'message' },
    HorizontalPodAutoscalerSpec: { 1: 'scaleTargetRef', 2: '*minReplicas', 3: 'maxReplicas', 4: 'metrics', 5: 'behavior' },
    HorizontalPodAutoscalerStatus: {
      1: '*observedGeneration', 2: 'lastScaleTime', 3: 'currentReplicas', 4: 'desiredReplicas', 5: 'currentMetrics',
      6: 'conditions',
    },
    MetricIdentifier: { 1: 'name', 2: 'selector' },
    MetricSpec: { 1: 'type', 2: 'object', 3: 'pods', 4: 'resource', 5: 'external', 7: 'containerResource' },
    MetricStatus: { 1: 'type', 2: 'object', 3: 'pods', 4: 'resource', 5: 'external', 7: 'containerResource' },
    MetricTarget: { 1: 'type', 2: 'value', 3: 'averageValue', 4: '*averageUtilization' },
    MetricValueStatus: { 1: 'value', 2: 'averageValue', 3: '*averageUtilization' },
    ObjectMetricSource: { 1: 'describedObject', 2: 'target', 3: 'metric' },
    ObjectMetricStatus: { 1: 'metric', 2: 'current', 3: 'describedObject' },
    PodsMetricSource: { 1: 'metric', 2: 'target' },
    PodsMetricStatus: { 1: 'metric', 2: 'current' },
    ResourceMetricSource: { 1: 'name', 2: 'target' },
    ResourceMetricStatus: { 1: 'name', 2: 'current' },
  },
};
