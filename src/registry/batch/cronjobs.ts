// batch/v1 CronJob.
import type { CronJob } from 'kubernetes-types/batch/v1.js';
import { defaultCronJob } from '../../api/batch/defaults.js';
import { defaultFeatureGates, type FeatureGates } from '../../machinery/featuregates.js';
import { ageOf, formatLabelSelector } from '../../machinery/format.js';
import { validateCronJob, validateCronJobUpdate } from '../../validation/batch/cronjob.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';
import { containersColumn, imagesColumn, selectorColumn, templateCells } from '../apps/printing.js';

/** printBoolPtr: optional booleans are text cells. */
const boolText = (b: boolean | undefined): string => (b === undefined || b === null ? '<unset>' : b ? 'True' : 'False');

/**
 * spec.timeZone needs the CronJobTimeZone gate (beta, on in v1.25). While it is off the field is
 * dropped on create, and on update unless the stored object already has one (dropDisabledFields),
 * so turning the gate off never strips a zone from CronJobs that use it.
 */
function dropDisabledFields(gates: FeatureGates, cj: CronJob, old?: CronJob): void {
  if (gates.enabled('CronJobTimeZone') || !cj.spec) return;
  if (old?.spec?.timeZone === undefined || old.spec.timeZone === null) delete cj.spec.timeZone;
}

const base: ResourceStrategy<CronJob> = {
  group: 'batch',
  version: 'v1',
  kind: 'CronJob',
  resource: 'cronjobs',
  singular: 'cronjob',
  namespaced: true,
  shortNames: ['cj'],
  categories: ['all'],
  generation: true,
  subresources: { status: true },
  defaults: defaultCronJob,
  validate: validateCronJob,
  validateUpdate: validateCronJobUpdate,
  printer: {
    columns: [
      nameColumn,
      col('Schedule', 'string', 0, 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
      col('Suspend', 'boolean', 0, 'This flag tells the controller to suspend subsequent executions.'),
      col('Active', 'integer', 0, 'A list of pointers to currently running jobs.'),
      col('Last Schedule', 'string', 0, 'Information when was the last time the job was successfully scheduled.'),
      ageColumn,
      containersColumn,
      imagesColumn,
      selectorColumn('Label selector for pods.'),
    ],
    cells(cj, now) {
      const jobSpec = cj.spec?.jobTemplate?.spec;
      const [containers, images] = templateCells(jobSpec?.template);
      const last = cj.status?.lastScheduleTime;
      return [
        cj.metadata?.name ?? '',
        cj.spec?.schedule ?? '',
        boolText(cj.spec?.suspend),
        cj.status?.active?.length ?? 0,
        last ? ageOf(last, now) : '<none>',
        ageOf(cj.metadata?.creationTimestamp, now),
        containers,
        images,
        formatLabelSelector(jobSpec?.selector),
      ];
    },
  },
};

/** The CronJob strategy for a set of feature gates. */
export function cronjobStrategy(gates: FeatureGates): ResourceStrategy<CronJob> {
  return {
    ...base,
    prepareForCreate(cj) {
      cj.status = {};
      dropDisabledFields(gates, cj);
    },
    prepareForUpdate: (cj, old) => dropDisabledFields(gates, cj, old),
    withFeatureGates: cronjobStrategy,
  };
}

export const cronjobs = cronjobStrategy(defaultFeatureGates);
