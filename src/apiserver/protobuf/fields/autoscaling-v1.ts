// k8s.io/api autoscaling/v1 generated.proto field numbers (fields present in v1.25). Syntax: see
// ./types.ts.
import type { FieldTable } from './types.js';

export const autoscalingV1: FieldTable = {
  package: 'io.k8s.api.autoscaling.v1',
  messages: {
    CrossVersionObjectReference: { 1: 'kind', 2: 'name', 3: 'apiVersion' },
    HorizontalPodAutoscaler: { 1: 'metadata', 2: 'spec', 3: 'status' },
    HorizontalPodAutoscalerSpec: { 1: 'scaleTargetRef', 2: '*minReplicas', 3: 'maxReplicas', 4: '*targetCPUUtilizationPercentage' },
    HorizontalPodAutoscalerStatus: {
      1: '*observedGeneration', 2: 'lastScaleTime', 3: 'currentReplicas', 4: 'desiredReplicas',
      5: '*currentCPUUtilizationPercentage',
    },
    Scale: { 1: 'metadata', 2: 'spec', 3: 'status' },
    // Kept even at 0: scaling to zero through a protobuf Scale body must not read as "unset".
    ScaleSpec: { 1: '*replicas' },
    ScaleStatus: { 1: 'replicas', 2: 'selector' },
  },
};
