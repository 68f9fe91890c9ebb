// The cron parser and next-fire-time calculation, checked against robfig/cron v3 behaviour (what
// the v1.25 CronJob API and controller use), including DST transitions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cronError, loadLocationError, next, parseCron } from '../src/machinery/cron.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The first `n` fire times after `from`. */
function fires(schedule: string, from: string, n: number, tz?: string): (string | null)[] {
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
    for (const s of ['* * * * *', '*/15 * * * *', '0 2 * * *', '0 0 1,15 * mon-fri', '5-10/2 8-17 * JAN-Mar ?', '@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually', '@every 1h30m', 'TZ=UTC 0 * * * *', 'CRON_TZ=Europe/Berlin 0 9 * * *'])
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
      ['TZ=Bad/Zone * * * * *', 'provided bad location Bad/Zone: unknown time zone Bad/Zone'],
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
    assert.equal(iso(next('@hourly', new Date('2023-01-01T11:00:00Z'))), '2023-01-01T12:00:00.000Z');
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
    assert.equal(next('0 0 30 2 *', new Date('2023-01-01T00:00:00Z')), null);
  });

  it('@every adds the delay to the whole second', () => {
    assert.equal(iso(next('@every 1h30m', new Date('2023-01-01T00:00:00.700Z'))), '2023-01-01T01:30:00.000Z');
    assert.equal(iso(next('@every 100ms', new Date('2023-01-01T00:00:00Z'))), '2023-01-01T00:00:01.000Z');
  });

  it('evaluates in the given zone, and a TZ= prefix wins over it', () => {
    // 09:00 in Tokyo (UTC+9) is midnight UTC.
    assert.deepEqual(fires('0 9 * * *', '2023-01-01T00:00:00Z', 1, 'Asia/Tokyo'), ['2023-01-02T00:00:00.000Z']);
    assert.deepEqual(fires('CRON_TZ=Asia/Tokyo 0 9 * * *', '2023-01-01T00:00:00Z', 1, 'America/New_York'), ['2023-01-02T00:00:00.000Z']);
    assert.deepEqual(fires('0 9 * * *', '2023-01-01T00:00:00Z', 1), ['2023-01-01T09:00:00.000Z']);
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
