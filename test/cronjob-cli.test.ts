// `kubette cronjob next`, run as the real bin in a child process: run times in UTC and in the
// zone, the process zone standing in for an unset spec.timeZone, JSON output, and the CronJob
// API's validation messages for bad schedules and zones.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { kubetteBin } from './helpers/cluster.js';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function kubette(args: string[], env: Record<string, string | undefined> = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [kubetteBin, ...args], { env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const lines = (s: string) => s.trimEnd().split('\n');

describe('kubette cronjob next', () => {
  it('prints UTC and local times across the New York spring-forward gap', async () => {
    const r = await kubette(['cronjob', 'next', '30 2 * * *', '--time-zone', 'America/New_York', '--from', '2023-03-10T12:00:00Z', '-n', '3']);
    assert.equal(r.code, 0, r.stderr);
    // 02:30 does not exist on 2023-03-12, so robfig's hour stepping gives that day no run.
    assert.deepEqual(lines(r.stdout), [
      'UTC                    LOCAL (America/New_York)',
      '2023-03-11T07:30:00Z   2023-03-11T02:30:00-05:00 EST',
      '2023-03-13T06:30:00Z   2023-03-13T02:30:00-04:00 EDT',
      '2023-03-14T06:30:00Z   2023-03-14T02:30:00-04:00 EDT',
    ]);
    assert.equal(r.stderr, '');
  });

  it('shows both runs of a repeated local time, and offsets without an abbreviation as they are', async () => {
    const r = await kubette(['cronjob', 'next', '45 1 * * *', '--time-zone', 'Australia/Lord_Howe', '--from', '2023-04-01T12:00:00Z', '-n', '3']);
    assert.equal(r.code, 0, r.stderr);
    const rows = lines(r.stdout).slice(1);
    assert.deepEqual(
      rows.map((l) => l.split(/\s+/).slice(0, 2)),
      [
        ['2023-04-01T14:45:00Z', '2023-04-02T01:45:00+11:00'],
        ['2023-04-01T15:15:00Z', '2023-04-02T01:45:00+10:30'],
        ['2023-04-02T15:15:00Z', '2023-04-03T01:45:00+10:30'],
      ],
    );
  });

  it('uses the process zone (TZ) when --time-zone is absent, as the controller does without spec.timeZone', async () => {
    const r = await kubette(['cronjob', 'next', '@daily', '--from', '2023-01-01T00:00:00Z', '-n', '1'], { TZ: 'Asia/Kathmandu' });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), ['UTC                    LOCAL (Asia/Kathmandu)', '2023-01-01T18:15:00Z   2023-01-02T00:00:00+05:45']);
    // A TZ= prefix in the schedule wins, and draws the controller's UnsupportedSchedule warning.
    const p = await kubette(['cronjob', 'next', 'CRON_TZ=Pacific/Chatham 0 3 * * *', '--from', '2023-04-01T11:00:00Z', '-n', '2'], { TZ: 'Asia/Kathmandu' });
    assert.equal(p.code, 0, p.stderr);
    assert.deepEqual(lines(p.stdout).map((l) => l.split(/\s+/)[0]), ['UTC', '2023-04-01T13:15:00Z', '2023-04-01T14:15:00Z']);
    assert.match(lines(p.stdout)[0]!, /LOCAL \(Pacific\/Chatham\)/);
    assert.match(p.stderr, /^Warning: CRON_TZ or TZ used in schedule "CRON_TZ=Pacific\/Chatham 0 3 \* \* \*" is not officially supported/);
  });

  it('-o json gives each run with its offset and abbreviation', async () => {
    const r = await kubette(['cronjob', 'next', '30 1 * * *', '--time-zone', 'Europe/London', '--from', '2023-10-28T12:00:00Z', '-n', '2', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      schedule: '30 1 * * *',
      timeZone: 'Europe/London',
      from: '2023-10-28T12:00:00.000Z',
      times: [
        { utc: '2023-10-29T00:30:00Z', local: '2023-10-29T01:30:00+01:00', offset: '+01:00', abbreviation: 'BST' },
        { utc: '2023-10-29T01:30:00Z', local: '2023-10-29T01:30:00+00:00', offset: '+00:00', abbreviation: 'GMT' },
      ],
    });
  });

  it('says so when the schedule never fires within robfig\'s five years', async () => {
    const r = await kubette(['cronjob', 'next', '0 0 30 2 *', '--time-zone', 'UTC', '--from', '2023-01-01T00:00:00Z']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), ['UTC   LOCAL (UTC)']);
    assert.equal(r.stderr, 'no further run time within five years of 2023-01-01T00:00:00.000Z\n');
  });

  it('rejects what the CronJob API rejects, with its messages, and exits 1', async () => {
    const cases: [string[], string[]][] = [
      [['bogus'], ['error: spec.schedule: Invalid value: "bogus": expected exactly 5 fields, found 1: [bogus]']],
      [['0 0 * * *', '--time-zone', 'Mars/Olympus'], ['error: spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']],
      [['TZ=UTC 0 * * * *', '--time-zone', 'UTC'], ['error: spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule']],
      [
        ['0 0 * * *', '--time-zone', 'local'],
        [
          'error: spec.timeZone: Invalid value: "local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
          'error: spec.timeZone: Invalid value: "local": unknown time zone local',
        ],
      ],
      [['61 * * * *'], ['error: spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61']],
    ];
    for (const [args, want] of cases) {
      const r = await kubette(['cronjob', 'next', ...args]);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}`);
      assert.deepEqual(lines(r.stderr), want);
      assert.equal(r.stdout, '');
    }
  });

  it('rejects bad flags with a usage error and has help', async () => {
    const bad = await kubette(['cronjob', 'next', '@hourly', '--from', 'yesterday']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^error: invalid --from "yesterday": want an RFC 3339 time/);
    const n = await kubette(['cronjob', 'next', '@hourly', '-n', '0']);
    assert.equal(n.code, 1);
    assert.match(n.stderr, /^error: invalid --count "0"/);
    const help = await kubette(['cronjob', 'next', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /kubette cronjob next <schedule> \[--time-zone ZONE\]/);
    const top = await kubette(['--help']);
    assert.match(top.stdout, /kubette cronjob next <schedule>/);
  });
});
