// k8s.io/api apps/v1 generated.proto field numbers (fields present in v1.25). Syntax: see ./types.ts.
import type { FieldTable } from './types.js';

export const appsV1: FieldTable = {
  package: 'io.k8s.api.apps.v1',
  messages: {
    ControllerRevision: { 1: 'metadata', 2: 'data', 3: 'revision' },
    DaemonSet: { 1: 'metadata', 2: 'spec', 3: 'status' },
    DaemonSetCondition: { 1: 'type', 2: 'status', 3: 'lastTransitionTime', 4: 'reason', 5: 'message' },
    DaemonSetSpec: { 1: 'selector', 2: 'template', 3: 'updateStrategy', 4: 'minReadySeconds', 6: '*revisionHistoryLimit' },
    DaemonSetStatus: {
      1: 'currentNumberScheduled', 2: 'numberMisscheduled', 3: 'desiredNumberScheduled', 4: 'numberReady',
      5: 'observedGeneration', 6: 'updatedNumberScheduled', 7: 'numberAvailable', 8: 'numberUnavailable',
      9: '*collisionCount', 10: 'conditions',
    },
    DaemonSetUpdateStrategy: { 1: 'type', 2: 'rollingUpdate' },
    Deployment: { 1: 'metadata', 2: 'spec', 3: 'status' },
    DeploymentCondition: { 1: 'type', 2: 'status', 4: 'reason', 5: 'message', 6: 'lastUpdateTime', 7: 'lastTransitionTime' },
    DeploymentSpec: {
      1: '*replicas', 2: 'selector', 3: 'template', 4: 'strategy', 5: 'minReadySeconds', 6: '*revisionHistoryLimit',
      7: 'paused', 9: '*progressDeadlineSeconds',
    },
    DeploymentStatus: {
      1: 'observedGeneration', 2: 'replicas', 3: 'updatedReplicas', 4: 'availableReplicas', 5: 'unavailableReplicas',
      6: 'conditions', 7: 'readyReplicas', 8: '*collisionCount',
    },
    DeploymentStrategy: { 1: 'type', 2: 'rollingUpdate' },
    ReplicaSet: { 1: 'metadata', 2: 'spec', 3: 'status' },
    ReplicaSetCondition: { 1: 'type', 2: 'status', 3: 'lastTransitionTime', 4: 'reason', 5: 'message' },
    ReplicaSetSpec: { 1: '*replicas', 2: 'selector', 3: 'template', 4: 'minReadySeconds' },
    ReplicaSetStatus: {
      1: 'replicas', 2: 'fullyLabeledReplicas', 3: 'observedGeneration', 4: 'readyReplicas', 5: 'availableReplicas',
      6: 'conditions',
    },
    // maxUnavailable / maxSurge are *intstr.IntOrString: an explicit 0 is a real setting.
    RollingUpdateDaemonSet: { 1: '*maxUnavailable', 2: '*maxSurge' },
    RollingUpdateDeployment: { 1: '*maxUnavailable', 2: '*maxSurge' },
    RollingUpdateStatefulSetStrategy: { 1: '*partition', 2: '*maxUnavailable' },
    StatefulSet: { 1: 'metadata', 2: 'spec', 3: 'status' },
    StatefulSetCondition: { 1: 'type', 2: 'status', 3: 'lastTransitionTime', 4: 'reason', 5: 'message' },
    StatefulSetPersistentVolumeClaimRetentionPolicy: { 1: 'whenDeleted', 2: 'whenScaled' },
    StatefulSetSpec: {
      1: '*replicas', 2: 'selector', 3: 'template', 4: 'volumeClaimTemplates', 5: 'serviceName',
      6: 'podManagementPolicy', 7: 'updateStrategy', 8: '*revisionHistoryLimit', 9: 'minReadySeconds',
      10: 'persistentVolumeClaimRetentionPolicy',
    },
    StatefulSetStatus: {
      1: 'observedGeneration', 2: 'replicas', 3: 'readyReplicas', 4: 'currentReplicas', 5: 'updatedReplicas',
      6: 'currentRevision', 7: 'updateRevision', 9: '*collisionCount', 10: 'conditions', 11: 'availableReplicas',
    },
    StatefulSetUpdateStrategy: { 1: 'type', 2: 'rollingUpdate' },
  },
};
