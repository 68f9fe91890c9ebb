// batch/v1 defaulting (SetDefaults_Job / SetDefaults_CronJob at v1.25), in place, plus core/v1 pod
// defaults on the templates. A CronJob's jobTemplate gets pod defaults only, not Job defaults.
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { ObjectMeta } from '../object.js';
import { defaultPodTemplateSpec } from '../core/defaults.js';

export function defaultJob(job: Job): void {
  const spec = (job.spec ??= {} as Job['spec'] & object);
  // A non-parallel job may leave both unset: both become 1. Only parallelism is defaulted otherwise.
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= 6;
  // Go assigns the template's label map itself, so labels the registry later adds to the template
  // (controller-uid, job-name) show on the Job too; sharing the object here does the same.
  const meta = (job.metadata ??= {}) as ObjectMeta;
  const tplLabels = spec.template?.metadata?.labels;
  if (tplLabels && Object.keys(meta.labels ?? {}).length === 0) meta.labels = tplLabels;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  defaultPodTemplateSpec((spec.template ??= {}));
}

export function defaultCronJob(cj: CronJob): void {
  const spec = (cj.spec ??= {} as CronJob['spec'] & object);
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jt = (spec.jobTemplate ??= {});
  const js = (jt.spec ??= {} as NonNullable<typeof jt.spec>);
  defaultPodTemplateSpec((js.template ??= {}));
}
