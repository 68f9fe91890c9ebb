// What the Job, CronJob and TTL-after-finished controllers share about Jobs (upstream's
// pkg/controller/job/utils.go): whether a Job has finished and how.
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';

export const JOBS = { group: 'batch', version: 'v1', resource: 'jobs' };

/** The Complete or Failed condition with status True, if the Job has finished. */
export function finishedCondition(job: Job): JobCondition | undefined {
  return job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export function isJobFinished(job: Job): boolean {
  return finishedCondition(job) !== undefined;
}
