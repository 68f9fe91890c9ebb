// Cron schedules as the CronJob API and controller of Kubernetes v1.25 understand them: the
// standard parser of github.com/robfig/cron/v3 (5 fields or a descriptor, optional TZ=/CRON_TZ=
// prefix) with its error texts, and its SpecSchedule.Next, including how it behaves across DST:
// a local time skipped by a spring-forward transition does not fire that day (nor, sometimes, a
// later hour of it), and a local time repeated by a fall-back transition fires as often as robfig's
// stepping reaches it — usually twice. Go's time.Date, AddDate, Add and Truncate are emulated step
// by step (zonedDate below), because robfig's walk through them decides those cases. Zones come
// from Intl; the only impure input is the process's TZ, standing in for Go's time.Local.
import { parseGoDuration } from './duration.js';

export class CronParseError extends Error {}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const minutes: Bounds = { min: 0, max: 59 };
const hours: Bounds = { min: 0, max: 23 };
const dom: Bounds = { min: 1, max: 31 };
const months: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const dow: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** A field as the set of values it allows; `star` marks `*`/`?` (matters for the day-of-month/week rule). */
interface Field {
  allowed: boolean[];
  star: boolean;
}

export type CronSchedule =
  | {
      kind: 'spec';
      minute: Field;
      hour: Field;
      dom: Field;
      month: Field;
      dow: Field;
      /** From a TZ=/CRON_TZ= prefix; it wins over the zone passed to next(). */
      timeZone?: string;
    }
  | { kind: 'every'; delaySeconds: number };

// ---- time zones ------------------------------------------------------------------------------

let zoneNames: Set<string> | undefined;

/** Why Go's time.LoadLocation would reject `name` (its error text), or undefined when it loads. */
export function loadLocationError(name: string): string | undefined {
  if (name === '' || name === 'UTC' || name === 'Local') return undefined;
  if (name.includes('..') || name.startsWith('/') || name.startsWith('\\')) return 'time: invalid location name';
  return isKnownZone(name) ? undefined : `unknown time zone ${name}`;
}

function isKnownZone(name: string): boolean {
  // Go reads zoneinfo files by exact (case-sensitive) path; Intl is case-insensitive and knows
  // offsets like "+01:00", so accept only IANA-shaped names whose spelling Intl confirms.
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(name)) return false;
  zoneNames ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (zoneNames.has(name)) return true;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  // An alias (US/Eastern → America/New_York) resolves to another name; a mis-cased canonical
  // name (america/new_york) resolves to the same name spelled differently — Go rejects that.
  return resolved === name || resolved.toLowerCase() !== name.toLowerCase();
}

/**
 * Go's time.Local: the zone of the process (TZ, else the system's). An unloadable TZ falls back to
 * UTC, as Go does. The CronJob controller schedules in it when spec.timeZone is unset.
 */
export function localZone(): string {
  let tz = process.env['TZ'];
  if (tz === undefined) {
    const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && isKnownZone(zone) ? zone : 'UTC';
  }
  // Go's initLocal: a leading ':' is dropped; a path names a zoneinfo file.
  if (tz.startsWith(':')) tz = tz.slice(1);
  if (tz.startsWith('/')) tz = tz.replace(/^.*\/zoneinfo\//, '');
  return tz !== '' && isKnownZone(tz) ? tz : 'UTC';
}

// ---- parsing ---------------------------------------------------------------------------------

// unicode.IsSpace, which strings.Fields and strings.TrimSpace split and trim on (JS's \s differs:
// it has U+FEFF and lacks U+0085).
const goSpaces = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const goTrim = (x: string) => x.replace(new RegExp(`^${goSpaces.source}|${goSpaces.source}$`, 'g'), '');

/** Parse like cron.ParseStandard; throws CronParseError carrying robfig's message. */
export function parseCron(spec: string): CronSchedule {
  if (spec.length === 0) throw new CronParseError('empty spec string');
  let timeZone: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const sp = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    // robfig slices spec[eq+1:sp] before loading the zone, so without a space it panics (and
    // kube-apiserver answers 500); here that is a parse error carrying the panic's text.
    if (sp < 0) throw new CronParseError('runtime error: slice bounds out of range [:-1]');
    const name = spec.slice(eq + 1, sp);
    const err = loadLocationError(name);
    if (err) throw new CronParseError(`provided bad location ${name}: ${err}`);
    // "" loads UTC; "Local" loads time.Local, which makes Next use the zone of the time it is given.
    if (name !== 'Local') timeZone = name === '' ? 'UTC' : name;
    spec = goTrim(spec.slice(sp));
  }
  if (spec.startsWith('@')) return parseDescriptor(spec, timeZone);

  const fields = spec.split(goSpaces).filter((f) => f !== '');
  if (fields.length !== 5) throw new CronParseError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  return {
    kind: 'spec',
    minute: getField(fields[0]!, minutes),
    hour: getField(fields[1]!, hours),
    dom: getField(fields[2]!, dom),
    month: getField(fields[3]!, months),
    dow: getField(fields[4]!, dow),
    ...(timeZone ? { timeZone } : {}),
  };
}

/** The parse error message for `spec`, or undefined when it parses. */
export function cronError(spec: string): string | undefined {
  try {
    parseCron(spec);
    return undefined;
  } catch (e) {
    if (e instanceof CronParseError) return e.message;
    throw e;
  }
}

function getField(text: string, r: Bounds): Field {
  const f: Field = { allowed: new Array<boolean>(r.max + 1).fill(false), star: false };
  // A list of ranges; empty list entries are dropped, as strings.FieldsFunc does.
  for (const expr of text.split(',').filter((x) => x !== '')) getRange(expr, r, f);
  return f;
}

// expr = "*" | number | number "-" number, optionally followed by "/" step. Numbers are bigints
// until checked against the bounds, so that huge values are reported digit for digit as Go does.
function getRange(expr: string, r: Bounds, f: Field): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const single = lowAndHigh.length === 1;
  let start: bigint;
  let end: bigint;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = BigInt(r.min);
    end = BigInt(r.max);
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, r.names);
    else throw new CronParseError(`too many hyphens: ${expr}`);
  }
  let step: bigint;
  if (rangeAndStep.length === 1) step = 1n;
  else if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]!);
    // "N/step" means "N-max/step".
    if (single) end = BigInt(r.max);
    // "*/2" is not a star: only an unstepped (or step 1) "*" or "?" takes part in the
    // day-of-month/day-of-week rule as a wildcard.
    if (step > 1n) star = false;
  } else throw new CronParseError(`too many slashes: ${expr}`);

  if (start < r.min) throw new CronParseError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new CronParseError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0n) throw new CronParseError(`step of range should be a positive number: ${expr}`);
  const by = step > BigInt(r.max) ? r.max + 1 : Number(step);
  for (let i = Number(start); i <= Number(end); i += by) f.allowed[i] = true;
  if (star) f.star = true;
}

function parseIntOrName(expr: string, names?: Record<string, number>): bigint {
  const key = expr.toLowerCase();
  return names && Object.hasOwn(names, key) ? BigInt(names[key]!) : mustParseInt(expr);
}

// strconv.Atoi (base 10, optional sign, int64) plus robfig's negative check, with both their messages.
function mustParseInt(expr: string): bigint {
  const fail = (why: string) => new CronParseError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: ${why}`);
  if (!/^[+-]?[0-9]+$/.test(expr)) throw fail('invalid syntax');
  const n = BigInt(expr);
  if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) throw fail('value out of range');
  if (n < 0n) throw new CronParseError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function fixed(minute: number, hour: number | '*', day: number | '*', month: number | '*', weekday: number | '*', timeZone?: string): CronSchedule {
  const one = (r: Bounds, v: number | '*'): Field => {
    const allowed = new Array<boolean>(r.max + 1).fill(false);
    if (v === '*') for (let i = r.min; i <= r.max; i++) allowed[i] = true;
    else allowed[v] = true;
    return { allowed, star: v === '*' };
  };
  return {
    kind: 'spec',
    minute: one(minutes, minute),
    hour: one(hours, hour),
    dom: one(dom, day),
    month: one(months, month),
    dow: one(dow, weekday),
    ...(timeZone ? { timeZone } : {}),
  };
}

function parseDescriptor(d: string, timeZone?: string): CronSchedule {
  switch (d) {
    case '@yearly':
    case '@annually':
      return fixed(0, 0, 1, 1, '*', timeZone);
    case '@monthly':
      return fixed(0, 0, 1, '*', '*', timeZone);
    case '@weekly':
      return fixed(0, 0, '*', '*', 0, timeZone);
    case '@daily':
    case '@midnight':
      return fixed(0, 0, '*', '*', '*', timeZone);
    case '@hourly':
      return fixed(0, '*', '*', '*', '*', timeZone);
  }
  const every = '@every ';
  if (d.startsWith(every)) {
    let ms: number;
    try {
      ms = parseGoDuration(d.slice(every.length));
    } catch (err) {
      throw new CronParseError(`failed to parse duration ${d}: ${(err as Error).message}`);
    }
    // cron.Every: at least one second, rounded down to whole seconds.
    return { kind: 'every', delaySeconds: Math.max(1, Math.floor(ms / 1000)) };
  }
  throw new CronParseError(`unrecognized descriptor: ${d}`);
}

// ---- next fire time --------------------------------------------------------------------------

interface Wall {
  y: number;
  mo: number; // 1-12
  d: number;
  h: number;
  mi: number;
  s: number;
  wd: number; // 0 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wall(ms: number, zone: string): Wall {
  if (zone === 'UTC') {
    const t = new Date(ms);
    return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds(), wd: t.getUTCDay() };
  }
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const y = p.year!;
  const mo = p.month!;
  const d = p.day!;
  return { y, mo, d, h: p.hour!, mi: p.minute!, s: p.second!, wd: new Date(Date.UTC(y, mo - 1, d)).getUTCDay() };
}

/** The zone's UTC offset at an instant, in milliseconds (east positive). */
export function utcOffsetMs(ms: number, zone: string): number {
  return offsetAt(ms, zone);
}

function offsetAt(ms: number, zone: string): number {
  const w = wall(ms, zone);
  const base = Math.floor(ms / 1000) * 1000;
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - base;
}

/**
 * time.Date in a zone: fields are normalised (month 13, day 32 roll over), and a wall time that
 * does not exist or exists twice is resolved the way Go resolves it.
 */
function zonedDate(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string): number {
  const unix = Date.UTC(y, mo - 1, d, h, mi, s);
  if (zone === 'UTC') return unix;
  const off = offsetAt(unix, zone);
  const utc = unix - off;
  const off2 = offsetAt(utc, zone);
  return off2 === off ? utc : unix - off2;
}

function dayMatches(sc: Extract<CronSchedule, { kind: 'spec' }>, w: Wall): boolean {
  const domMatch = !!sc.dom.allowed[w.d];
  const dowMatch = !!sc.dow.allowed[w.wd];
  // Classic cron: when either day field is restricted and the other is "*", both must match;
  // when both are restricted, either may match.
  if (sc.dom.star || sc.dow.star) return domMatch && dowMatch;
  return domMatch || dowMatch;
}

/**
 * The first time strictly after `after` (at whole-second resolution) that `schedule` fires.
 * Zone precedence: the schedule's own TZ=/CRON_TZ= prefix, then `timeZone`, then the process's
 * local zone — the zone of the time the controller hands to robfig's Next when spec.timeZone is
 * unset. As in time.LoadLocation, "" means UTC and "Local" the local zone.
 * Returns null when nothing fires within five years (e.g. "0 0 30 2 *"), where robfig returns
 * the zero time.
 */
export function next(schedule: string | CronSchedule, after: Date, timeZone?: string): Date | null {
  const sc = typeof schedule === 'string' ? parseCron(schedule) : schedule;
  const afterMs = after.getTime();
  if (sc.kind === 'every') return new Date(Math.floor(afterMs / 1000) * 1000 + sc.delaySeconds * 1000);
  let zone = sc.timeZone ?? timeZone ?? 'Local';
  const zoneErr = loadLocationError(zone);
  if (zoneErr) throw new CronParseError(zoneErr);
  if (zone === '') zone = 'UTC';
  else if (zone === 'Local') zone = localZone();

  // Start at the upcoming whole second; `added` records that fields below the one being
  // advanced have already been reset.
  let t = Math.floor(afterMs / 1000) * 1000 + 1000;
  let w = wall(t, zone);
  const yearLimit = w.y + 5;
  let added = false;

  wrap: for (;;) {
    w = wall(t, zone);
    if (w.y > yearLimit) return null;

    while (!sc.month.allowed[w.mo]) {
      if (!added) {
        added = true;
        t = zonedDate(w.y, w.mo, 1, 0, 0, 0, zone);
        w = wall(t, zone);
      }
      t = zonedDate(w.y, w.mo + 1, w.d, w.h, w.mi, w.s, zone);
      w = wall(t, zone);
      if (w.mo === 1) continue wrap;
    }

    while (!dayMatches(sc, w)) {
      if (!added) {
        added = true;
        t = zonedDate(w.y, w.mo, w.d, 0, 0, 0, zone);
        w = wall(t, zone);
      }
      t = zonedDate(w.y, w.mo, w.d + 1, w.h, w.mi, w.s, zone);
      w = wall(t, zone);
      // Where DST moved midnight, pull the time back onto the day boundary.
      if (w.h !== 0) {
        t += (w.h > 12 ? 24 - w.h : -w.h) * 3_600_000;
        w = wall(t, zone);
      }
      if (w.d === 1) continue wrap;
    }

    while (!sc.hour.allowed[w.h]) {
      if (!added) {
        added = true;
        t = zonedDate(w.y, w.mo, w.d, w.h, 0, 0, zone);
      }
      t += 3_600_000;
      w = wall(t, zone);
      if (w.h === 0) continue wrap;
    }

    while (!sc.minute.allowed[w.mi]) {
      if (!added) {
        added = true;
        t = Math.floor(t / 60_000) * 60_000;
      }
      t += 60_000;
      w = wall(t, zone);
      if (w.mi === 0) continue wrap;
    }

    // The standard parser fixes seconds at 0: step to the next whole minute and re-check.
    if (w.s !== 0) {
      if (!added) {
        added = true;
        t = Math.floor(t / 1000) * 1000;
      }
      t += (60 - w.s) * 1000;
      continue wrap;
    }
    return new Date(t);
  }
}
