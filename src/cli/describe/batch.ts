// The Job and CronJob describers (kubectl 1.25: no Suspend, Backoff Limit or Time Zone lines).
import { humanDuration } from '../../machinery/format.js';
import { getObject, type DescribeContext } from './context.js';
import { describeEvents, eventsFor } from './events.js';
import { printAnnotationsMultiline, printBoolPtr, printController, printLabelsMultiline, rfc1123z, selectorString } from './format.js';
import { describePodTemplate } from './podtemplate.js';
import { LEVEL_0, tabbedString, type PrefixWriter } from './writer.js';

const BATCH = (resource: string) => ({ group: 'batch', version: 'v1', resource });
const present = (v: unknown) => v !== undefined && v !== null;

/** Completed indexes cut after the first comma past `softLimit` characters. */
function capIndexes(indexes: string | undefined, softLimit: number): string {
  if (!indexes) return '<none>';
  let ix = softLimit;
  while (ix < indexes.length && indexes[ix] !== ',') ix++;
  return ix >= indexes.length ? indexes : indexes.slice(0, ix + 1) + '...';
}

export async function describeJob(ctx: DescribeContext): Promise<string> {
  const job = await getObject(ctx, BATCH('jobs'));
  const events = await eventsFor(ctx, job, 'Job');
  return tabbedString((w) => {
    const spec = job.spec ?? {};
    const st = job.status ?? {};
    w.write(LEVEL_0, `Name:\t${job.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${job.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', job.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', job.metadata.annotations);
    const controlledBy = printController(job);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (present(spec.parallelism)) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
    w.write(LEVEL_0, present(spec.completions) ? `Completions:\t${spec.completions}\n` : 'Completions:\t<unset>\n');
    if (spec.completionMode) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (st.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
    if (st.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(st.completionTime)}\n`);
    if (st.startTime && st.completionTime) w.write(LEVEL_0, `Duration:\t${humanDuration(Date.parse(st.completionTime) - Date.parse(st.startTime))}\n`);
    if (present(spec.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    if (present(st.ready)) w.write(LEVEL_0, `Pods Statuses:\t${st.active ?? 0} Active (${st.ready} Ready) / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
    else w.write(LEVEL_0, `Pods Statuses:\t${st.active ?? 0} Active / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
    if (spec.completionMode === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${capIndexes(st.completedIndexes, 50)}\n`);
    describePodTemplate(spec.template, w);
    if (events) describeEvents(events, w, ctx.now);
  });
}

function describeJobTemplate(t: any, w: PrefixWriter): void {
  const spec = t?.spec ?? {};
  w.write(LEVEL_0, spec.selector ? `Selector:\t${selectorString(spec.selector)}\n` : 'Selector:\t<unset>\n');
  w.write(LEVEL_0, present(spec.parallelism) ? `Parallelism:\t${spec.parallelism}\n` : 'Parallelism:\t<unset>\n');
  w.write(LEVEL_0, present(spec.completions) ? `Completions:\t${spec.completions}\n` : 'Completions:\t<unset>\n');
  if (present(spec.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  describePodTemplate(spec.template, w);
}

export async function describeCronJob(ctx: DescribeContext): Promise<string> {
  const cj = await getObject(ctx, BATCH('cronjobs'));
  const events = await eventsFor(ctx, cj, 'CronJob');
  return tabbedString((w) => {
    const spec = cj.spec ?? {};
    w.write(LEVEL_0, `Name:\t${cj.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${cj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cj.metadata.annotations);
    w.write(LEVEL_0, `Schedule:\t${spec.schedule ?? ''}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Suspend:\t${printBoolPtr(spec.suspend)}\n`);
    const opt = (title: string, v: unknown, suffix = '') => w.write(LEVEL_0, present(v) ? `${title}:\t${v}${suffix}\n` : `${title}:\t<unset>\n`);
    opt('Successful Job History Limit', spec.successfulJobsHistoryLimit);
    opt('Failed Job History Limit', spec.failedJobsHistoryLimit);
    opt('Starting Deadline Seconds', spec.startingDeadlineSeconds, 's');
    describeJobTemplate(spec.jobTemplate, w);
    const last = cj.status?.lastScheduleTime;
    w.write(LEVEL_0, last ? `Last Schedule Time:\t${rfc1123z(last)}\n` : 'Last Schedule Time:\t<unset>\n');
    const active: any[] = cj.status?.active ?? [];
    w.write(LEVEL_0, 'Active Jobs:\t');
    if (active.length === 0) w.writeLine('<none>');
    else w.writeLine(active.map((j) => j.name).join(', '));
    if (events) describeEvents(events, w, ctx.now);
  });
}
