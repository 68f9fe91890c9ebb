// batch/v1 Job.
import type { Job } from 'kubernetes-types/batch/v1.js';
import { defaultJob } from '../../api/batch/defaults.js';
import { ageOf, formatLabelSelector, humanDuration } from '../../machinery/format.js';
import { validateJob, validateJobUpdate } from '../../validation/batch/job.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';
import { containersColumn, imagesColumn, selectorColumn, templateCells } from '../apps/printing.js';

/**
 * The selector kube generates on create unless spec.manualSelector: controller-uid=<uid>, with
 * controller-uid and job-name added to the template labels (values the user set are kept, and
 * validation rejects them if they conflict).
 */
export function generateSelector(job: Job): void {
  const meta = job.metadata ?? {};
  const spec = job.spec;
  if (!spec) return;
  const tplMeta = ((spec.template ??= {}).metadata ??= {});
  const labels = (tplMeta.labels ??= {});
  if (!('job-name' in labels)) labels['job-name'] = meta.name ?? '';
  if (!('controller-uid' in labels)) labels['controller-uid'] = meta.uid ?? '';
  const sel = (spec.selector ??= {});
  const ml = (sel.matchLabels ??= {});
  if (!('controller-uid' in ml)) ml['controller-uid'] = meta.uid ?? '';
}

/** spec.podFailurePolicy needs JobPodFailurePolicy, alpha and off in v1.25: dropped unless already stored. */
function dropDisabledFields(job: Job, old?: Job): void {
  if (job.spec && !old?.spec?.podFailurePolicy) delete job.spec.podFailurePolicy;
}

function completions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined && job.spec.completions !== null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function duration(job: Job, now: Date): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now.getTime();
  return humanDuration(end - Date.parse(start));
}

export const jobs: ResourceStrategy<Job> = {
  group: 'batch',
  version: 'v1',
  kind: 'Job',
  resource: 'jobs',
  singular: 'job',
  namespaced: true,
  categories: ['all'],
  generation: true,
  subresources: { status: true },
  // batch/v1 keeps the pre-GC behaviour for compatibility: a DELETE without a policy orphans the pods.
  defaultGarbageCollectionPolicy: 'OrphanDependents',
  defaults: defaultJob,
  prepareForCreate(job) {
    job.status = {};
    dropDisabledFields(job);
    // JobTrackingWithFinalizers (beta, on in v1.25): new Jobs are marked so the controller tracks
    // their pods with finalizers rather than by counting the pods that are left.
    ((job.metadata ??= {}).annotations ??= {})['batch.kubernetes.io/job-tracking'] = '';
    if (job.spec && job.spec.manualSelector !== true) generateSelector(job);
    // Reading the Job back from storage defaults it again: label-less Jobs take the template's labels.
    const meta = job.metadata;
    const tplLabels = job.spec?.template?.metadata?.labels;
    if (meta && tplLabels && Object.keys(meta.labels ?? {}).length === 0) meta.labels = { ...tplLabels };
  },
  prepareForUpdate(job, old) {
    dropDisabledFields(job, old);
  },
  validate: validateJob,
  validateUpdate: validateJobUpdate,
  printer: {
    columns: [
      nameColumn,
      col('Completions', 'string', 0, 'The completion status of the job.'),
      col('Duration', 'string', 0, 'Time required to complete the job.'),
      ageColumn,
      containersColumn,
      imagesColumn,
      selectorColumn('Label selector for pods.'),
    ],
    cells(job, now) {
      const [containers, images] = templateCells(job.spec?.template);
      return [
        job.metadata?.name ?? '',
        completions(job),
        duration(job, now),
        ageOf(job.metadata?.creationTimestamp, now),
        containers,
        images,
        formatLabelSelector(job.spec?.selector),
      ];
    },
  },
};
