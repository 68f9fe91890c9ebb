// When a CronJob is due (upstream's cronjob utils.go, v1.25): the zone its schedule runs in, the
// most recent unmet schedule time between the last run and now, and how many runs were missed.
import type { CronJob } from 'kubernetes-types/batch/v1.js';
import { loadLocationError, localZone, next, type CronSchedule } from '../../machinery/cron.js';

/** More missed runs than this get a TooManyMissedTimes warning. */
export const MANY_MISSED = 100;

/**
 * The zone for next(): spec.timeZone when the CronJobTimeZone gate is on (beta, on in v1.25) and
 * the zone loads, else the controller process's local zone (TZ), as kube-controller-manager
 * schedules CronJobs. A TZ=/CRON_TZ= prefix in the schedule wins over both inside next().
 */
export function scheduleZone(cj: CronJob, timeZoneGate: boolean): string {
  const tz = timeZoneGate ? cj.spec?.timeZone : undefined;
  return tz && !loadLocationError(tz) ? tz : localZone();
}

export interface Due {
  /** The most recent schedule time at or before now that has not been run, if any. */
  time?: Date;
  /** How many schedule times were missed (upstream's estimate from the first interval). */
  missed: number;
}

export class ScheduleError extends Error {}

/**
 * getNextScheduleTime: start from lastScheduleTime (else the CronJob's creation), or from
 * now − startingDeadlineSeconds when that is later (nothing older would be started anyway).
 */
export function dueTime(cj: CronJob, now: Date, sched: CronSchedule, zone: string): Due {
  const last = cj.status?.lastScheduleTime ?? cj.metadata?.creationTimestamp;
  let earliest = last ? Date.parse(last) : now.getTime();
  const sds = cj.spec?.startingDeadlineSeconds;
  if (sds != null) earliest = Math.max(earliest, now.getTime() - sds * 1000);
  if (earliest > now.getTime()) return { missed: 0 };
  return mostRecentScheduleTime(new Date(earliest), now, sched, zone);
}

/**
 * The latest schedule time in (earliest, now] and the number of schedule times there. The count
 * is upstream's: the first interval times how many fit. The time itself is found by walking the
 * schedule from just before the estimate, so schedules with uneven gaps ("0 9 * * 1-5", DST days)
 * get a real schedule time where v1.25's arithmetic could produce one off the schedule.
 */
export function mostRecentScheduleTime(earliest: Date, now: Date, sched: CronSchedule, zone: string): Due {
  const t1 = next(sched, earliest, zone);
  if (!t1 || now < t1) return { missed: 0 };
  const t2 = next(sched, t1, zone);
  if (!t2 || now < t2) return { time: t1, missed: 1 };
  const interval = Math.round((t2.getTime() - t1.getTime()) / 1000);
  if (interval < 1) throw new ScheduleError('time difference between two schedules less than 1 second');
  const elapsed = Math.floor((now.getTime() - t1.getTime()) / 1000);
  const missed = Math.floor(elapsed / interval) + 1;
  const walk = (from: Date, limit: number): Date | undefined => {
    let found: Date | undefined;
    for (let t = next(sched, from, zone), i = 0; t && t <= now && i < limit; t = next(sched, t, zone), i++) found = t;
    return found;
  };
  const estimate = new Date(t1.getTime() + (missed - 2) * interval * 1000);
  const time = walk(estimate > t1 ? estimate : t1, 1000) ?? walk(t1, 1000) ?? t1;
  return { time: time < t1 ? t1 : time, missed };
}

/** The next schedule time strictly after `now`, if the schedule ever fires again. */
export function nextTime(sched: CronSchedule, now: Date, zone: string): Date | null {
  return next(sched, now, zone);
}
