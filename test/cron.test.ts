// The cron parser and next-fire-time calculation, checked against robfig/cron v3 behaviour (what
// the v1.25 CronJob API and controller use), including DST transitions. Every expected instant is
// worked out by hand from robfig's SpecSchedule.Next and Go's time.Date, not by running our code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cronError, loadLocationError, localZone, next, parseCron } from '../src/machinery/cron.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The first `n` fire times after `from`, in `tz` (UTC unless given, whatever the machine's zone). */
function fires(schedule: string, from: string, n: number, tz = 'UTC'): (string | null)[] {
  const out: (string | null)[] = [];
  let t: Date | null = new Date(from);
  for (let i = 0; i < n && t; i++) {
    t = next(schedule, t, tz);
    out.push(iso(t));
  }
  return out;
}

describe('cron parsing', () => {
  it('accepts standard specs and descriptors', () => {
    // strings.Fields splits on U+0085 too (JS's \s does not).
    for (const s of ['0 0 * *\u0085*', 'TZ=  0 0 * * *', '*-5 * * * *', '* * * * *', '*/15 * * * *', '0 2 * * *', '0 0 1,15 * mon-fri', '5-10/2 8-17 * JAN-Mar ?', '@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually', '@every 1h30m', 'TZ=UTC 0 * * * *', 'CRON_TZ=Europe/Berlin 0 9 * * *'])
      assert.equal(cronError(s), undefined, s);
  });

  it('rejects with robfig/cron v3 messages', () => {
    const cases: [string, string][] = [
      ['bogus', 'expected exactly 5 fields, found 1: [bogus]'],
      ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
      ['0 0 * * * *', 'expected exactly 5 fields, found 6: [0 0 * * * *]'],
      ['61 * * * *', 'end of range (61) above maximum (59): 61'],
      ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
      ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
      ['* * * * 7', 'end of range (7) above maximum (6): 7'],
      ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
      ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
      ['*/2/3 * * * *', 'too many slashes: */2/3'],
      ['*/0 * * * *', 'step of range should be a positive number: */0'],
      ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
      ['@bogus', 'unrecognized descriptor: @bogus'],
      ['@every x', 'failed to parse duration @every x: time: invalid duration "x"'],
      ['@every 5', 'failed to parse duration @every 5: time: missing unit in duration "5"'],
      ['@every 5constructor', 'failed to parse duration @every 5constructor: time: unknown unit "constructor" in duration "5constructor"'],
      ['@every 3000000h', 'failed to parse duration @every 3000000h: time: invalid duration "3000000h"'],
      ['TZ=Bad/Zone * * * * *', 'provided bad location Bad/Zone: unknown time zone Bad/Zone'],
      ['CRON_TZ=../x 0 * * *', 'provided bad location ../x: time: invalid location name'],
      // robfig slices up to the first space before loading the zone; with no space it panics.
      ['TZ=UTC', 'runtime error: slice bounds out of range [:-1]'],
      ['TZ=UTC ', 'expected exactly 5 fields, found 0: []'],
      ['', 'empty spec string'],
      ['-1 * * * *', 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'],
      ['*/-12 * * * *', 'negative number (-12) not allowed: -12'],
      ['1/0 * * * *', 'step of range should be a positive number: 1/0'],
      // Atoi takes int64; bounds are checked on the exact value.
      ['9223372036854775807 * * * *', 'end of range (9223372036854775807) above maximum (59): 9223372036854775807'],
      ['9223372036854775808 * * * *', 'failed to parse int from 9223372036854775808: strconv.Atoi: parsing "9223372036854775808": value out of range'],
      // Names are looked up in robfig's own tables only.
      ['* * * constructor *', 'failed to parse int from constructor: strconv.Atoi: parsing "constructor": invalid syntax'],
    ];
    for (const [spec, msg] of cases) assert.equal(cronError(spec), msg, spec);
  });

  it('knows IANA zones the way Go loads them', () => {
    assert.equal(loadLocationError('America/New_York'), undefined);
    assert.equal(loadLocationError('UTC'), undefined);
    assert.equal(loadLocationError('US/Eastern'), undefined);
    assert.equal(loadLocationError('Bad/Zone'), 'unknown time zone Bad/Zone');
    assert.equal(loadLocationError('america/new_york'), 'unknown time zone america/new_york');
    assert.equal(loadLocationError('+01:00'), 'unknown time zone +01:00');
    assert.equal(loadLocationError('../etc/passwd'), 'time: invalid location name');
  });
});

describe('cron next', () => {
  it('@hourly fires on the hour, strictly after the given time', () => {
    assert.deepEqual(fires('@hourly', '2023-01-01T10:59:59.500Z', 2), ['2023-01-01T11:00:00.000Z', '2023-01-01T12:00:00.000Z']);
    assert.equal(iso(next('@hourly', new Date('2023-01-01T11:00:00Z'), 'UTC')), '2023-01-01T12:00:00.000Z');
  });

  it('steps, ranges and lists', () => {
    assert.deepEqual(fires('*/15 * * * *', '2023-01-01T10:14:00Z', 4), [
      '2023-01-01T10:15:00.000Z',
      '2023-01-01T10:30:00.000Z',
      '2023-01-01T10:45:00.000Z',
      '2023-01-01T11:00:00.000Z',
    ]);
    assert.deepEqual(fires('0 9-11 * * *', '2023-01-01T10:30:00Z', 3), ['2023-01-01T11:00:00.000Z', '2023-01-02T09:00:00.000Z', '2023-01-02T10:00:00.000Z']);
    assert.deepEqual(fires('5,10 0 * * *', '2023-01-01T00:00:00Z', 3), ['2023-01-01T00:05:00.000Z', '2023-01-01T00:10:00.000Z', '2023-01-02T00:05:00.000Z']);
    // 2023-01-02 is a Monday; weekdays only.
    assert.deepEqual(fires('0 8 * * mon-fri', '2023-01-06T09:00:00Z', 2), ['2023-01-09T08:00:00.000Z', '2023-01-10T08:00:00.000Z']);
    // "N/step" runs from N to the maximum.
    assert.deepEqual(fires('50/5 * * * *', '2023-01-01T00:00:00Z', 3), ['2023-01-01T00:50:00.000Z', '2023-01-01T00:55:00.000Z', '2023-01-01T01:50:00.000Z']);
  });

  it('day-of-month and day-of-week: either matches when both are restricted, both when one is *', () => {
    // The 13th, or any Friday: 2023-01-06 is a Friday, before the 13th.
    assert.deepEqual(fires('0 0 13 * 5', '2023-01-01T00:00:00Z', 3), ['2023-01-06T00:00:00.000Z', '2023-01-13T00:00:00.000Z', '2023-01-20T00:00:00.000Z']);
    // Only the 13th (day-of-week is *).
    assert.deepEqual(fires('0 0 13 * *', '2023-01-01T00:00:00Z', 2), ['2023-01-13T00:00:00.000Z', '2023-02-13T00:00:00.000Z']);
    // Only Fridays (day-of-month is ?): January 2023 Fridays.
    assert.deepEqual(fires('0 0 ? * fri', '2023-01-01T00:00:00Z', 2), ['2023-01-06T00:00:00.000Z', '2023-01-13T00:00:00.000Z']);
  });

  it('months wrap into the next year; an impossible date never fires', () => {
    assert.deepEqual(fires('0 0 1 jan *', '2023-03-01T00:00:00Z', 1), ['2024-01-01T00:00:00.000Z']);
    assert.deepEqual(fires('0 0 29 2 *', '2023-01-01T00:00:00Z', 1), ['2024-02-29T00:00:00.000Z']);
    assert.equal(next('0 0 30 2 *', new Date('2023-01-01T00:00:00Z'), 'UTC'), null);
  });

  it('@every adds the delay to the whole second', () => {
    assert.equal(iso(next('@every 1h30m', new Date('2023-01-01T00:00:00.700Z'))), '2023-01-01T01:30:00.000Z');
    assert.equal(iso(next('@every 100ms', new Date('2023-01-01T00:00:00Z'))), '2023-01-01T00:00:01.000Z');
  });

  it('evaluates in the given zone, and a TZ= prefix wins over it', () => {
    // 09:00 in Tokyo (UTC+9) is midnight UTC.
    assert.deepEqual(fires('0 9 * * *', '2023-01-01T00:00:00Z', 1, 'Asia/Tokyo'), ['2023-01-02T00:00:00.000Z']);
    assert.deepEqual(fires('CRON_TZ=Asia/Tokyo 0 9 * * *', '2023-01-01T00:00:00Z', 1, 'America/New_York'), ['2023-01-02T00:00:00.000Z']);
    // "TZ=" loads UTC; "TZ=Local" keeps the zone of the time Next is given.
    assert.deepEqual(fires('TZ= 0 9 * * *', '2023-01-01T00:00:00Z', 1, 'Asia/Tokyo'), ['2023-01-01T09:00:00.000Z']);
    assert.deepEqual(fires('TZ=Local 0 9 * * *', '2023-01-01T00:00:00Z', 1, 'Asia/Tokyo'), ['2023-01-02T00:00:00.000Z']);
  });

  it("without a zone uses the process zone (Go's time.Local), as the controller does without spec.timeZone", () => {
    const saved = process.env['TZ'];
    try {
      process.env['TZ'] = 'Asia/Tokyo';
      assert.equal(localZone(), 'Asia/Tokyo');
      const from = new Date('2023-01-01T00:00:00Z');
      assert.equal(iso(next('0 9 * * *', from)), '2023-01-02T00:00:00.000Z');
      assert.equal(iso(next('TZ=Local 0 9 * * *', from)), '2023-01-02T00:00:00.000Z');
      // Go treats TZ="" as UTC, and an unknown TZ falls back to UTC.
      process.env['TZ'] = '';
      assert.equal(localZone(), 'UTC');
      assert.equal(iso(next('0 9 * * *', from)), '2023-01-01T09:00:00.000Z');
      process.env['TZ'] = 'Nowhere/Special';
      assert.equal(localZone(), 'UTC');
      process.env['TZ'] = ':Asia/Kathmandu';
      assert.equal(localZone(), 'Asia/Kathmandu');
    } finally {
      if (saved === undefined) delete process.env['TZ'];
      else process.env['TZ'] = saved;
    }
  });

  it('"0 2 * * *" in America/New_York skips the day 02:00 does not exist (2023-03-12)', () => {
    assert.deepEqual(fires('0 2 * * *', '2023-03-10T12:00:00Z', 3, 'America/New_York'), [
      '2023-03-11T07:00:00.000Z', // 02:00 EST
      '2023-03-13T06:00:00.000Z', // 02:00 EDT; on the 12th the clock jumps from 01:59 to 03:00
      '2023-03-14T06:00:00.000Z',
    ]);
    // A time after the gap on the same day still fires at the new offset.
    assert.deepEqual(fires('30 3 * * *', '2023-03-11T12:00:00Z', 1, 'America/New_York'), ['2023-03-12T07:30:00.000Z']);
  });

  it('"30 1 * * *" in America/New_York fires in both 01:30s on 2023-11-05', () => {
    assert.deepEqual(fires('30 1 * * *', '2023-11-04T12:00:00Z', 4, 'America/New_York'), [
      '2023-11-05T05:30:00.000Z', // 01:30 EDT
      '2023-11-05T06:30:00.000Z', // 01:30 EST, an hour later (robfig fires twice)
      '2023-11-06T06:30:00.000Z',
      '2023-11-07T06:30:00.000Z',
    ]);
  });

  it('hourly schedules keep absolute spacing across DST', () => {
    assert.deepEqual(fires('0 * * * *', '2023-03-12T06:30:00Z', 2, 'America/New_York'), ['2023-03-12T07:00:00.000Z', '2023-03-12T08:00:00.000Z']);
    assert.deepEqual(fires('0 * * * *', '2023-11-05T04:30:00Z', 3, 'America/New_York'), [
      '2023-11-05T05:00:00.000Z',
      '2023-11-05T06:00:00.000Z',
      '2023-11-05T07:00:00.000Z',
    ]);
  });

  it('accepts a parsed schedule', () => {
    const sc = parseCron('0 12 * * *');
    assert.equal(iso(next(sc, new Date('2023-06-01T00:00:00Z'), 'Europe/Berlin')), '2023-06-01T10:00:00.000Z');
  });
});

// How to read the table: robfig's Next starts one second after `from`, then checks month, day,
// hour, minute, second in the schedule's zone. A field that does not match is first reset
// (time.Date with the lower fields zeroed, or Truncate) and then stepped: months and days with
// AddDate (wall clock), hours with Add(1h) and minutes with Add(1m) (absolute time); reaching 0 in
// the stepped field goes back to the month check. time.Date resolves a wall time by the offset
// in effect at that wall time read as UTC, then, if the result falls outside that offset's
// period, by the offset at the result: a skipped wall time west of UTC lands an hour earlier, east
// of UTC it lands later; a repeated wall time west of UTC is the first one, east the second.
interface Row {
  zone: string;
  schedule: string;
  from: string;
  want: string[];
  why: string;
}

const table: Row[] = [
  // ---- America/New_York: 2023-03-12 02:00 EST → 03:00 EDT (07:00Z); 2023-11-05 02:00 EDT → 01:00 EST (06:00Z).
  {
    zone: 'America/New_York',
    schedule: '30 2 * * *',
    from: '2023-03-11T12:00:00Z',
    want: ['2023-03-13T06:30:00Z', '2023-03-14T06:30:00Z'],
    why: 'hours step by Add(1h): 01:00 EST (06:00Z) + 1h is 03:00 EDT, so the 12th has no hour 2 and no run',
  },
  {
    zone: 'America/New_York',
    schedule: '30 2 * * *',
    from: '2023-03-12T06:59:59Z',
    want: ['2023-03-13T06:30:00Z'],
    why: 'starts at 03:00 EDT; the hour reset Date(12th, 3:00) is 07:00Z; stepping reaches 02:00 only on the 13th',
  },
  {
    zone: 'America/New_York',
    schedule: '0 * * * *',
    from: '2023-03-12T05:30:00Z',
    want: ['2023-03-12T06:00:00Z', '2023-03-12T07:00:00Z', '2023-03-12T08:00:00Z'],
    why: 'minutes step in absolute time: 01:00 EST, then 03:00 EDT an hour later',
  },
  {
    zone: 'America/New_York',
    schedule: '@daily',
    from: '2023-03-11T12:00:00Z',
    want: ['2023-03-12T05:00:00Z', '2023-03-13T04:00:00Z'],
    why: 'midnight EST, then midnight EDT: the day after the change is 23 hours long',
  },
  {
    zone: 'America/New_York',
    schedule: '30 2 12 3 *',
    from: '2023-03-01T00:00:00Z',
    want: ['2024-03-12T06:30:00Z'],
    why: 'day-of-week is *, so only the 12th; hour 2 is stepped over on 2023-03-12, the day loop runs on to April, the month loop to March 2024',
  },
  {
    zone: 'America/New_York',
    schedule: '30 1 * * *',
    from: '2023-11-04T12:00:00Z',
    want: ['2023-11-05T05:30:00Z', '2023-11-05T06:30:00Z', '2023-11-06T06:30:00Z'],
    why: 'after 01:30 EDT, minutes step to 02:00 EDT = 01:00 EST (minute 0: re-check), hour 1 again, so 01:30 EST fires too',
  },
  {
    zone: 'America/New_York',
    schedule: '0 2 * * *',
    from: '2023-11-04T12:00:00Z',
    want: ['2023-11-05T07:00:00Z', '2023-11-06T07:00:00Z'],
    why: '02:00 exists once, in EST; hour stepping goes 01:00 EDT, 01:00 EST, 02:00 EST',
  },
  {
    zone: 'America/New_York',
    schedule: '@hourly',
    from: '2023-11-05T04:30:00Z',
    want: ['2023-11-05T05:00:00Z', '2023-11-05T06:00:00Z', '2023-11-05T07:00:00Z'],
    why: 'the repeated hour has two minute-0 instants and both fire',
  },
  // ---- Europe/London: 2023-03-26 01:00 GMT → 02:00 BST (01:00Z); 2023-10-29 02:00 BST → 01:00 GMT (01:00Z).
  {
    zone: 'Europe/London',
    schedule: '30 1 * * *',
    from: '2023-03-25T12:00:00Z',
    want: ['2023-03-27T00:30:00Z'],
    why: '00:00 GMT + 1h is 02:00 BST: no hour 1 on the 26th',
  },
  {
    zone: 'Europe/London',
    schedule: '@daily',
    from: '2023-03-25T12:00:00Z',
    want: ['2023-03-26T00:00:00Z', '2023-03-26T23:00:00Z'],
    why: 'midnight GMT, then midnight BST',
  },
  {
    zone: 'Europe/London',
    schedule: '30 1 * * *',
    from: '2023-10-28T12:00:00Z',
    want: ['2023-10-29T00:30:00Z', '2023-10-29T01:30:00Z', '2023-10-30T01:30:00Z'],
    why: '01:30 BST, then 01:30 GMT (minute stepping passes 01:00 GMT, minute 0, hour 1 matches again)',
  },
  {
    zone: 'Europe/London',
    schedule: '0 9 1 * mon',
    from: '2023-05-02T00:00:00Z',
    want: ['2023-05-08T08:00:00Z', '2023-05-15T08:00:00Z', '2023-05-22T08:00:00Z', '2023-05-29T08:00:00Z', '2023-06-01T08:00:00Z', '2023-06-05T08:00:00Z'],
    why: 'both day fields restricted: the 1st (a Thursday in June) or any Monday; 09:00 BST is 08:00Z',
  },
  // ---- Asia/Kathmandu: +05:45 since 1986-01-01, when 00:00 (+05:30) became 00:15 (+05:45).
  {
    zone: 'Asia/Kathmandu',
    schedule: '*/30 * * * *',
    from: '2023-01-01T00:00:00Z',
    want: ['2023-01-01T00:15:00Z', '2023-01-01T00:45:00Z', '2023-01-01T01:15:00Z'],
    why: 'local :00 and :30 are :15 and :45 UTC (start is 05:45 local, minute 45 does not match)',
  },
  {
    zone: 'Asia/Kathmandu',
    schedule: '@daily',
    from: '2023-01-01T00:00:00Z',
    want: ['2023-01-01T18:15:00Z', '2023-01-02T18:15:00Z'],
    why: 'midnight +05:45 is 18:15Z the day before',
  },
  {
    zone: 'Asia/Kathmandu',
    schedule: '@daily',
    from: '1985-12-31T12:00:00Z',
    want: ['1986-01-01T18:15:00Z'],
    why: '23:00 +05:30 + 1h is 00:15 +05:45 (hour 0, minute 15): minute stepping reaches minute 0 at 01:00, so 1986-01-01 has no run',
  },
  // ---- Australia/Lord_Howe: 2023-04-02 02:00 (+11) → 01:30 (+10:30) at 15:00Z on the 1st;
  //      2023-10-01 02:00 (+10:30) → 02:30 (+11) at 15:30Z on 09-30.
  {
    zone: 'Australia/Lord_Howe',
    schedule: '0 3 * * *',
    from: '2023-09-30T15:00:00Z',
    want: ['2023-10-01T16:00:00Z'],
    why: 'from 01:30, the hour reset is 01:00 +10:30; + 1h is 02:30 +11, + 1h is 03:30: minute 0 of hour 3 is never visited on Oct 1 although 03:00 exists',
  },
  {
    zone: 'Australia/Lord_Howe',
    schedule: '0 3 * * *',
    from: '2023-09-30T15:44:30Z',
    want: ['2023-10-01T16:00:00Z'],
    why: 'from 02:44 +11 the hour reset Date(Oct 1, 2:00) is in the gap; east of UTC Go resolves it forward, to 02:30 +11 (15:30Z), and + 1h is 03:30 again',
  },
  {
    zone: 'Australia/Lord_Howe',
    schedule: '30 3 * * *',
    from: '2023-09-30T15:00:00Z',
    want: ['2023-09-30T16:30:00Z'],
    why: 'the same stepping lands on 03:30 +11, which matches',
  },
  {
    zone: 'Australia/Lord_Howe',
    schedule: '@hourly',
    from: '2023-09-30T14:00:00Z',
    want: ['2023-09-30T14:30:00Z', '2023-09-30T16:00:00Z', '2023-09-30T17:00:00Z'],
    why: '01:00 +10:30, then minutes pass 02:30 +11 (minute 30) and reach minute 0 at 03:00: 90 minutes between runs',
  },
  {
    zone: 'Australia/Lord_Howe',
    schedule: '45 1 * * *',
    from: '2023-04-01T12:00:00Z',
    want: ['2023-04-01T14:45:00Z', '2023-04-01T15:15:00Z', '2023-04-02T15:15:00Z'],
    why: '01:45 +11; minutes then run 01:59 +11 → 01:30 +10:30 (not minute 0, no re-check) → 01:45 +10:30',
  },
  {
    zone: 'Australia/Lord_Howe',
    schedule: '@hourly',
    from: '2023-04-01T13:30:00Z',
    want: ['2023-04-01T14:00:00Z', '2023-04-01T15:30:00Z', '2023-04-01T16:30:00Z'],
    why: '01:00 +11, then 01:30 +10:30 is not minute 0; the next is 02:00 +10:30, 90 minutes later',
  },
  // ---- Pacific/Chatham: 2023-04-02 03:45 (+13:45) → 02:45 (+12:45) at 14:00Z on the 1st;
  //      2023-09-24 02:45 (+12:45) → 03:45 (+13:45) at 14:00Z on the 23rd.
  {
    zone: 'Pacific/Chatham',
    schedule: '0 3 * * *',
    from: '2023-04-01T11:00:00Z',
    want: ['2023-04-01T13:15:00Z', '2023-04-01T14:15:00Z', '2023-04-02T14:15:00Z'],
    why: '03:00 +13:45; minutes run 03:44 +13:45 → 02:45 +12:45 → 03:00 +12:45 (minute 0, hour 3 again): both fire',
  },
  {
    zone: 'Pacific/Chatham',
    schedule: '50 2 * * *',
    from: '2023-04-01T12:00:00Z',
    want: ['2023-04-01T13:05:00Z', '2023-04-02T14:05:00Z'],
    why: 'after 02:50 +13:45 minutes reach 03:00 +13:45 (minute 0, hour 3 fails) and hours step over the repeated 02:45–02:59: the second 02:50 never fires',
  },
  {
    zone: 'Pacific/Chatham',
    schedule: '50 3 * * *',
    from: '2023-09-23T12:00:00Z',
    want: ['2023-09-24T14:05:00Z'],
    why: 'the hour reset Date(24th, 0:00) is 00:00 +12:45; + 1h steps give 01:00, 02:00, then 04:00 +13:45: 03:50 exists on the 24th but hour 3 is skipped',
  },
  {
    zone: 'Pacific/Chatham',
    schedule: '50 3 * * *',
    from: '2023-09-23T14:00:00Z',
    want: ['2023-09-23T14:05:00Z'],
    why: 'starting at 03:45 +13:45 the hour already matches; minutes step to 03:50',
  },
  // ---- robfig's own DST note: America/Sao_Paulo 2018-11-04 00:00 -03 became 01:00 -02.
  {
    zone: 'America/Sao_Paulo',
    schedule: '0 0 * * 0',
    from: '2018-11-01T12:00:00Z',
    want: ['2018-11-11T02:00:00Z'],
    why: 'AddDate to Date(Nov 4, 0:00) in the gap resolves west of UTC to 23:00 on the 3rd; the ">12: add an hour" fix gives 01:00 on Sunday the 4th, which hour stepping leaves at 01:00 … 23:00: no run that Sunday',
  },
  // ---- The star rule: a day field is "*" only as an unstepped (or /1) "*" or "?".
  {
    zone: 'UTC',
    schedule: '0 0 */2 * 1',
    from: '2023-01-12T00:00:00Z',
    want: ['2023-01-13T00:00:00Z', '2023-01-15T00:00:00Z', '2023-01-16T00:00:00Z', '2023-01-17T00:00:00Z'],
    why: '"*/2" is not a star, so odd days OR Mondays (the 16th)',
  },
  {
    zone: 'UTC',
    schedule: '0 0 */1 * 1',
    from: '2023-01-12T00:00:00Z',
    want: ['2023-01-16T00:00:00Z', '2023-01-23T00:00:00Z'],
    why: '"*/1" is still a star: Mondays only',
  },
  {
    zone: 'UTC',
    schedule: '0 0 ? * mon',
    from: '2023-01-12T00:00:00Z',
    want: ['2023-01-16T00:00:00Z', '2023-01-23T00:00:00Z'],
    why: '"?" is a star too',
  },
  {
    zone: 'UTC',
    schedule: '0 0 1-31 * 1',
    from: '2023-01-12T00:00:00Z',
    want: ['2023-01-13T00:00:00Z', '2023-01-14T00:00:00Z', '2023-01-15T00:00:00Z'],
    why: 'a full range is not a star: every day OR Mondays is every day',
  },
  {
    zone: 'UTC',
    schedule: '0 0 */2 * *',
    from: '2023-01-12T00:00:00Z',
    want: ['2023-01-13T00:00:00Z', '2023-01-15T00:00:00Z', '2023-01-17T00:00:00Z'],
    why: 'day-of-week is a star, so both must match: odd days',
  },
];

describe('cron next: robfig/cron v3 across zones and DST', () => {
  for (const row of table) {
    it(`${row.zone} "${row.schedule}" after ${row.from}: ${row.why}`, () => {
      assert.deepEqual(fires(row.schedule, row.from, row.want.length, row.zone), row.want.map((t) => new Date(t).toISOString()));
    });
  }
});
