// CronJob validation (pkg/apis/batch/validation at v1.25). v1.25 still accepts a TZ=/CRON_TZ=
// prefix in the schedule (rejected only together with spec.timeZone; outright rejection came in
// 1.27), and gives no API warning for it: the controller reports it with an UnsupportedSchedule event.
import type { CronJob, CronJobSpec } from 'kubernetes-types/batch/v1.js';
import { FieldPath, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { cronError, loadLocationError } from '../../machinery/cron.js';
import { validateNonnegativeField } from '../meta.js';
import { validateJobTemplateSpec } from './job.js';

const spec = FieldPath.root('spec');

// The controller names Jobs "<cronjob>-<11 characters>", and Job names are at most 63.
const maxCronJobNameLength = 52;

/** spec.schedule: robfig's parse error, and a TZ in the schedule next to spec.timeZone (any "TZ" substring, as upstream). */
export function validateSchedule(schedule: string, timeZone: string | undefined | null): FieldError[] {
  const path = spec.child('schedule');
  if (schedule === '') return [required(path, '')];
  const errs: FieldError[] = [];
  const err = cronError(schedule);
  if (err) errs.push(invalid(path, schedule, err));
  if (schedule.includes('TZ') && timeZone !== undefined && timeZone !== null)
    errs.push(invalid(path, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  return errs;
}

/** spec.timeZone: unset, or a zone time.LoadLocation loads other than Local. */
export function validateTimeZone(tz: string | undefined | null): FieldError[] {
  if (tz === undefined || tz === null) return [];
  const path = spec.child('timeZone');
  if (tz === '') return [invalid(path, tz, 'timeZone must be nil or non-empty string')];
  const errs: FieldError[] = [];
  if (tz.toLowerCase() === 'local') errs.push(invalid(path, tz, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  const err = loadLocationError(tz);
  if (err) errs.push(invalid(path, tz, err));
  return errs;
}

function validateCronJobSpec(s: CronJobSpec | undefined, old: CronJobSpec | undefined): FieldError[] {
  const errs = validateSchedule(s?.schedule ?? '', s?.timeZone);
  errs.push(...validateNonnegativeField(s?.startingDeadlineSeconds, spec.child('startingDeadlineSeconds')));
  // An unchanged time zone is not re-checked, so a zone later dropped from tzdata does not block updates.
  if (!old || (old.timeZone ?? null) !== (s?.timeZone ?? null)) errs.push(...validateTimeZone(s?.timeZone));
  const cp = s?.concurrencyPolicy ?? '';
  if (cp === '') errs.push(required(spec.child('concurrencyPolicy'), ''));
  else if (!['Allow', 'Forbid', 'Replace'].includes(cp)) errs.push(notSupported(spec.child('concurrencyPolicy'), cp, ['Allow', 'Forbid', 'Replace']));
  errs.push(...validateJobTemplateSpec(s?.jobTemplate, spec.child('jobTemplate')));
  errs.push(...validateNonnegativeField(s?.successfulJobsHistoryLimit, spec.child('successfulJobsHistoryLimit')));
  errs.push(...validateNonnegativeField(s?.failedJobsHistoryLimit, spec.child('failedJobsHistoryLimit')));
  return errs;
}

export function validateCronJob(cj: CronJob): FieldError[] {
  const errs = validateCronJobSpec(cj.spec, undefined);
  const name = cj.metadata?.name ?? '';
  if (name.length > maxCronJobNameLength)
    errs.push(invalid(FieldPath.root('metadata').child('name'), name, `must be no more than ${maxCronJobNameLength} characters`));
  return errs;
}

/** Updates skip the name length limit, so older long-named CronJobs can still be changed or deleted. */
export function validateCronJobUpdate(cj: CronJob, old: CronJob): FieldError[] {
  return validateCronJobSpec(cj.spec, old.spec);
}
