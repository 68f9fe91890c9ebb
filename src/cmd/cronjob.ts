// `kubette cronjob next`: when a CronJob schedule fires, computed as the v1.25 CronJob controller
// computes it (robfig/cron v3 in the schedule's zone), with the API server's validation messages.
import { parseArgs } from 'node:util';
import { localZone, next, parseCron, utcOffsetMs } from '../machinery/cron.js';
import { errorString } from '../machinery/fielderrors.js';
import { validateSchedule, validateTimeZone } from '../validation/batch/cronjob.js';

const groupHelp = `CronJob tools.

Usage:
  kubette cronjob next <schedule> [flags]   print when a schedule fires next

Run 'kubette cronjob next --help' for its flags.
`;

const help = `Print the next run times of a CronJob schedule, in UTC and in the schedule's time zone.

Usage:
  kubette cronjob next <schedule> [--time-zone ZONE] [--from TIME] [-n N] [-o text|json]

The schedule is what spec.schedule takes: five fields or a descriptor (@hourly, @every 1h30m, ...),
optionally after TZ=ZONE or CRON_TZ=ZONE. Times are computed as the CronJob controller of
Kubernetes v1.25 computes them (github.com/robfig/cron v3), including its behaviour across
daylight-saving changes: a skipped local time does not run that day, a repeated one may run twice.
Errors are the ones the API server gives for the same spec.schedule and spec.timeZone.

Examples:
  kubette cronjob next "30 2 * * *" --time-zone America/New_York --from 2026-03-06T12:00:00Z
  kubette cronjob next @daily --time-zone Asia/Kathmandu -n 3 -o json

Flags:
      --time-zone string   spec.timeZone: an IANA zone name (default: the zone of this process, from TZ,
                           as the controller uses when spec.timeZone is unset)
      --from string        start after this RFC 3339 time (default: now)
  -n, --count int          how many run times to print (default 5)
  -o, --output string      "text" (a UTC and a LOCAL column) or "json" (default "text")

Exit status:
  0   the run times were printed
  1   the schedule or a flag is invalid (reported on stderr as "error: ...")
`;

export async function cronjob(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    process.stdout.write(groupHelp);
    return 0;
  }
  if (sub !== 'next') throw new Error(`unknown command "${sub}" for "kubette cronjob" (known: next)`);
  return nextCommand(rest);
}

interface RunTime {
  utc: string;
  local: string;
  offset: string;
  abbreviation?: string;
}

function nextCommand(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'time-zone': { type: 'string' },
      from: { type: 'string' },
      count: { type: 'string', short: 'n', default: '5' },
      output: { type: 'string', short: 'o', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  if (positionals.length !== 1) throw new Error(`want exactly one schedule argument, got ${positionals.length} (quote the schedule: "*/5 * * * *")`);
  const schedule = positionals[0]!;
  const timeZone = values['time-zone'];
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1) throw new Error(`invalid --count ${JSON.stringify(values.count)}: want a positive integer`);
  const output = values.output;
  if (output !== 'text' && output !== 'json') throw new Error(`invalid --output ${JSON.stringify(output)}: use "text" or "json"`);
  const from = values.from === undefined ? new Date() : parseRFC3339(values.from);

  const errs = [...validateSchedule(schedule, timeZone), ...validateTimeZone(timeZone)];
  if (errs.length) {
    for (const e of errs) process.stderr.write(`error: ${errorString(e)}\n`);
    return 1;
  }
  // The controller's UnsupportedSchedule event for the same schedule (the API server accepts it in v1.25).
  if (schedule.includes('TZ'))
    process.stderr.write(`Warning: CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details\n`);
  const sc = parseCron(schedule);
  // The zone the times are computed (and shown) in: TZ= in the schedule, else spec.timeZone, else Local.
  const zone = (sc.kind === 'spec' ? sc.timeZone : undefined) ?? (timeZone || localZone());

  const times: RunTime[] = [];
  let t: Date | null = from;
  while (times.length < count) {
    t = next(sc, t, zone);
    if (!t) break;
    times.push(describe(t, zone));
  }
  if (output === 'json') {
    process.stdout.write(`${JSON.stringify({ schedule, timeZone: zone, from: from.toISOString(), times }, null, 2)}\n`);
  } else {
    const rows = [['UTC', `LOCAL (${zone})`], ...times.map((r) => [r.utc, r.abbreviation ? `${r.local} ${r.abbreviation}` : r.local])];
    const width = Math.max(...rows.map((r) => r[0]!.length));
    for (const [utc, local] of rows) process.stdout.write(`${utc!.padEnd(width)}   ${local}\n`);
  }
  // robfig gives up after five years (the controller then never runs the CronJob).
  if (times.length < count) process.stderr.write(`no further run time within five years of ${(times.length ? new Date(times.at(-1)!.utc) : from).toISOString()}\n`);
  return 0;
}

/** Go's time.RFC3339 layout (fractional seconds allowed), as --from accepts it. */
function parseRFC3339(text: string): Date {
  const ok = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(text);
  const ms = ok ? Date.parse(text.toUpperCase()) : NaN;
  if (Number.isNaN(ms)) throw new Error(`invalid --from ${JSON.stringify(text)}: want an RFC 3339 time such as 2026-03-08T00:00:00Z`);
  return new Date(ms);
}

const rfc3339 = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function describe(t: Date, zone: string): RunTime {
  const off = utcOffsetMs(t.getTime(), zone);
  const abs = Math.abs(off) / 60_000;
  // The local column always spells the offset out (+00:00 rather than Z), so zones line up.
  const offset = `${off < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  const local = rfc3339(t.getTime() + off).replace(/Z$/, offset);
  const abbreviation = abbreviationOf(t, zone);
  return { utc: rfc3339(t.getTime()), local, offset, ...(abbreviation ? { abbreviation } : {}) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The zone's abbreviation when Intl knows one (EST, BST, CEST); "GMT+5:45"-style names do not count. */
function abbreviationOf(t: Date, zone: string): string | undefined {
  for (const locale of ['en-US', 'en-GB']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(t).find((p) => p.type === 'timeZoneName')?.value;
    if (name && !/^(GMT|UTC)[+-−]/.test(name)) return name;
  }
  return undefined;
}
