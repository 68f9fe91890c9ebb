// CronJobs in time zones across daylight-saving changes, on the simulated clock: `kubette up
// --clock=simulated --clock-start=… --clock-rate=…` runs days in seconds, and the Jobs the CronJob
// controller creates carry the scheduled instants robfig/cron v3 gives (as names
// <cronjob>-<minutes since the epoch>). The expected instants are written out by hand here, from
// robfig's algorithm; test/cron.test.ts checks the parser and next() against a larger table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connect, RestClient } from '../src/client/rest.js';
import { startCluster } from './helpers/cluster.js';
import { poll } from './helpers/wait.js';
import { client, kubectl125 } from './helpers/tools.js';

const minutes = (iso: string) => Date.parse(iso) / 60_000;

interface Case {
  zone: string;
  schedule: string;
  /** The simulated clock's start: two days and more before the instants that matter, since the
   *  clock runs from the moment the server starts (10 simulated hours a real second) and a loaded
   *  machine may take seconds to start the server and create the CronJob. */
  clockStart: string;
  /** Every fire instant from clockStart to the end of the window, in UTC. */
  expected: string[];
  /** The instants that show the zone's rule; the CronJob must exist before the first of them. */
  critical: string[];
  why: string;
}

const RATE = 36_000;

const cases: Case[] = [
  {
    zone: 'America/New_York',
    schedule: '30 2 * * *',
    clockStart: '2026-03-05T00:00:00Z',
    // 2026-03-08: clocks jump from 02:00 EST to 03:00 EDT, so 02:30 does not exist; robfig's hour
    // stepping goes from 01:00 EST to 03:00 EDT and the day has no run.
    expected: ['2026-03-05T07:30:00Z', '2026-03-06T07:30:00Z', '2026-03-07T07:30:00Z', '2026-03-09T06:30:00Z', '2026-03-10T06:30:00Z'],
    critical: ['2026-03-07T07:30:00Z', '2026-03-09T06:30:00Z'],
    why: 'spring forward: 02:30 skipped',
  },
  {
    zone: 'America/New_York',
    schedule: '30 1 * * *',
    clockStart: '2026-10-29T00:00:00Z',
    // 2026-11-01: clocks go back from 02:00 EDT to 01:00 EST, so 01:30 happens twice; robfig's
    // minute stepping reaches it in both offsets and fires twice that night.
    expected: ['2026-10-29T05:30:00Z', '2026-10-30T05:30:00Z', '2026-10-31T05:30:00Z', '2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', '2026-11-02T06:30:00Z'],
    critical: ['2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z'],
    why: 'fall back: 01:30 twice',
  },
  {
    zone: 'Asia/Kathmandu',
    schedule: '0 9 * * *',
    clockStart: '2026-03-06T00:00:00Z',
    // UTC+05:45 all year: 09:00 local is 03:15 UTC.
    expected: ['2026-03-06T03:15:00Z', '2026-03-07T03:15:00Z', '2026-03-08T03:15:00Z', '2026-03-09T03:15:00Z', '2026-03-10T03:15:00Z', '2026-03-11T03:15:00Z'],
    critical: ['2026-03-09T03:15:00Z', '2026-03-10T03:15:00Z'],
    why: '45-minute offset',
  },
  {
    zone: 'Australia/Lord_Howe',
    schedule: '45 1 * * *',
    clockStart: '2026-04-02T00:00:00Z',
    // 2026-04-05: Lord Howe goes back 30 minutes, from 02:00 (+11:00) to 01:30 (+10:30), so 01:45
    // happens twice: 14:45Z and 15:15Z on the 4th.
    expected: ['2026-04-02T14:45:00Z', '2026-04-03T14:45:00Z', '2026-04-04T14:45:00Z', '2026-04-04T15:15:00Z', '2026-04-05T15:15:00Z', '2026-04-06T15:15:00Z'],
    critical: ['2026-04-04T14:45:00Z', '2026-04-04T15:15:00Z'],
    why: '30-minute fall back: 01:45 twice',
  },
  {
    zone: 'Australia/Lord_Howe',
    schedule: '15,45 2 * * *',
    clockStart: '2026-10-01T00:00:00Z',
    // 2026-10-04: Lord Howe jumps 30 minutes, from 02:00 (+10:30) to 02:30 (+11:00). Stepping by
    // hours from midnight lands on 02:30 +11:00 — still hour 2 — so 02:15 is skipped but 02:45 fires.
    expected: ['2026-10-01T15:45:00Z', '2026-10-01T16:15:00Z', '2026-10-02T15:45:00Z', '2026-10-02T16:15:00Z', '2026-10-03T15:45:00Z', '2026-10-04T15:15:00Z', '2026-10-04T15:45:00Z'],
    critical: ['2026-10-03T15:45:00Z', '2026-10-04T15:15:00Z'],
    why: '30-minute spring forward: 02:15 skipped, 02:45 kept',
  },
];

/** Simulated time after the CronJob's creation from which every run must be there (1.2 s real at RATE: room for a loaded machine). */
const SETTLE_MS = 12 * 3600_000;

describe('CronJob time zones on the simulated clock', () => {
  for (const c of cases) {
    it(`${c.zone} "${c.schedule}" (${c.why}) fires at robfig/cron's instants with the right Job names`, async () => {
      // The simulated clock runs from process start: no wait for RBAC's aggregation (this test reads no roles).
      const cluster = await startCluster({ args: ['--nodes', '1', '--controllers=*,-clusterrole-aggregation', '--clock=simulated', `--clock-start=${c.clockStart}`, `--clock-rate=${RATE}`] });
      const k = client(kubectl125(), cluster.kubeconfig);
      const rest = connect(cluster.connection);
      const seen: string[] = [];
      const w = rest.resource({ group: 'batch', version: 'v1', resource: 'jobs' }).watch({ namespace: 'default' }, (ev) => {
        if (ev.type === 'ADDED' && !seen.includes(ev.object.metadata.name!)) seen.push(ev.object.metadata.name!);
      });
      try {
        const cronjob = {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          metadata: { name: 'tick', namespace: 'default' },
          spec: {
            schedule: c.schedule,
            timeZone: c.zone,
            successfulJobsHistoryLimit: 10,
            jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['true'] }] } } } },
          },
        };
        const r = await k.run(['apply', '-f', '-'], JSON.stringify(cronjob));
        assert.equal(r.code, 0, r.stderr);
        const cj = (await rest.resource({ group: 'batch', version: 'v1', resource: 'cronjobs' }).get('tick', 'default')) as any;
        // The server stamps creation with the simulated clock; runs before it are not the CronJob's.
        const created = Date.parse(cj.metadata.creationTimestamp);
        assert.ok(created < Date.parse(c.critical[0]!), `the CronJob was created at ${cj.metadata.creationTimestamp}, after ${c.critical[0]}: start-up was too slow for this clock rate`);
        // The controller may see the CronJob a moment (tens of simulated minutes) after its creation and,
        // as upstream does, then starts only the latest missed run: instants in the first simulated
        // hours are not asserted. The critical instants are days later.
        const settled = created + SETTLE_MS;
        assert.ok(settled < Date.parse(c.critical[0]!), `the CronJob was created at ${cj.metadata.creationTimestamp}, too close to ${c.critical[0]}`);
        const atOf = (n: string) => Number(n.split('-')[1]) * 60_000;
        const want = c.expected.filter((t) => Date.parse(t) > settled).map((t) => `tick-${minutes(t)}`);
        const fired = () => seen.filter((n) => atOf(n) > settled);
        const deadline = Date.now() + 45_000;
        while (fired().length < want.length && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
        assert.deepEqual(fired().slice(0, want.length), want, `fired at ${seen.map((n) => new Date(atOf(n)).toISOString()).join(', ')}`);
        // The status update follows the Job's creation: wait for it rather than read it once.
        let last = '';
        await poll(`lastScheduleTime ≥ ${c.expected.at(-1)}`, async () => {
          const after = (await rest.resource({ group: 'batch', version: 'v1', resource: 'cronjobs' }).get('tick', 'default')) as any;
          last = after.status?.lastScheduleTime ?? '';
          return Date.parse(last) >= Date.parse(c.expected.at(-1)!);
        }, { timeoutMs: 20_000 }).catch(() => assert.fail(`lastScheduleTime ${last}`));
      } finally {
        w.stop();
        rest.close();
        k.cleanup();
        await cluster.stop();
        cluster.cleanup();
      }
    });
  }
});
