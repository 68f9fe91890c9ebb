// k8s.io/api batch/v1 generated.proto field numbers (fields present in v1.25). Syntax: see ./types.ts.
import type { FieldTable } from './types.js';

export const batchV1: FieldTable = {
  package: 'io.k8s.api.batch.v1',
  messages: {
    CronJob: { 1: 'metadata', 2: 'spec', 3: 'status' },
    CronJobSpec: {
      1: 'schedule', 2: '*startingDeadlineSeconds', 3: 'concurrencyPolicy', 4: '*suspend', 5: 'jobTemplate',
      6: '*successfulJobsHistoryLimit', 7: '*failedJobsHistoryLimit', 8: '*timeZone',
    },
    CronJobStatus: { 1: 'active', 4: 'lastScheduleTime', 5: 'lastSuccessfulTime' },
    Job: { 1: 'metadata', 2: 'spec', 3: 'status' },
    JobCondition: { 1: 'type', 2: 'status', 3: 'lastProbeTime', 4: 'lastTransitionTime', 5: 'reason', 6: 'message' },
    JobSpec: {
      1: '*parallelism', 2: '*completions', 3: '*activeDeadlineSeconds', 4: 'selector', 5: '*manualSelector',
      6: 'template', 7: '*backoffLimit', 8: '*ttlSecondsAfterFinished', 9: '*completionMode', 10: '*suspend',
      11: 'podFailurePolicy',
    },
    JobStatus: {
      1: 'conditions', 2: 'startTime', 3: 'completionTime', 4: 'active', 5: 'succeeded', 6: 'failed',
      7: 'completedIndexes', 8: 'uncountedTerminatedPods', 9: '*ready',
    },
    JobTemplateSpec: { 1: 'metadata', 2: 'spec' },
    PodFailurePolicy: { 1: 'rules' },
    PodFailurePolicyOnExitCodesRequirement: { 1: '*containerName', 2: 'operator', 3: 'values' },
    PodFailurePolicyOnPodConditionsPattern: { 1: 'type', 2: 'status' },
    PodFailurePolicyRule: { 1: 'action', 2: 'onExitCodes', 3: 'onPodConditions' },
    UncountedTerminatedPods: { 1: 'succeeded', 2: 'failed' },
  },
};
