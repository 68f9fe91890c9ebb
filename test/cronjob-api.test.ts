// The CronJob API of v1.25 against the real `kubette up`: spec.timeZone validation, TZ= in the
// schedule with and without spec.timeZone, the CronJobTimeZone feature gate (`--feature-gates`)
// dropping the field, real kubectl 1.25 showing the error; and the feature-gate flag syntax.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FeatureGateError, FeatureGates, featureGatesFromFlag, featureGatesUsage } from '../src/machinery/featuregates.js';
import { api, kubetteBin, startCluster, type Cluster } from './helpers/cluster.js';
import { client, kubectl125 } from './helpers/tools.js';

const path = (name = '') => `/apis/batch/v1/namespaces/default/cronjobs${name ? `/${name}` : ''}`;

function cronjob(name: string, spec: { schedule: string; timeZone?: string }): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: { ...spec, jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } },
  };
}

const mergePatch = (base: string, name: string, patch: object) =>
  api(base, 'PATCH', path(name), patch, { 'Content-Type': 'application/merge-patch+json' });

describe('CronJob spec.timeZone and schedule validation (CronJobTimeZone on, the v1.25 default)', () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster({ args: ['--controllers='] });
  });
  after(async () => {
    if (!cluster) return;
    await cluster.stop();
    cluster.cleanup();
  });

  it('keeps a valid zone', async () => {
    const r = await api(cluster.url, 'POST', path(), cronjob('ny', { schedule: '30 2 * * *', timeZone: 'America/New_York' }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.spec.timeZone, 'America/New_York');
    assert.equal((await api(cluster.url, 'GET', path('ny'))).body.spec.timeZone, 'America/New_York');
  });

  it('rejects unknown, empty and Local zones with the messages naming spec.timeZone', async () => {
    const cases: [string, string, string[]][] = [
      ['mars', 'Mars/Olympus', ['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']],
      ['empty', '', ['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string']],
      ['local', 'Local', ['spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones']],
      ['dots', '../etc/passwd', ['spec.timeZone: Invalid value: "../etc/passwd": time: invalid location name']],
    ];
    for (const [name, zone, messages] of cases) {
      const r = await api(cluster.url, 'POST', path(), cronjob(name, { schedule: '0 * * * *', timeZone: zone }));
      assert.equal(r.status, 422, `${zone}: ${r.text}`);
      assert.equal(r.body.reason, 'Invalid');
      assert.equal(r.body.message, `CronJob.batch "${name}" is invalid: ${messages.join(', ')}`);
      assert.deepEqual(
        r.body.details.causes.map((c: { field: string }) => c.field),
        messages.map(() => 'spec.timeZone'),
      );
    }
  });

  it('rejects TZ= or CRON_TZ= in the schedule next to spec.timeZone, and accepts it alone without a warning', async () => {
    const both = await api(cluster.url, 'POST', path(), cronjob('both', { schedule: 'CRON_TZ=UTC 0 * * * *', timeZone: 'UTC' }));
    assert.equal(both.status, 422, both.text);
    assert.equal(both.body.message, 'CronJob.batch "both" is invalid: spec.schedule: Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule');
    // v1.25 accepts the prefix alone; only the controller warns about it (an UnsupportedSchedule event).
    const alone = await api(cluster.url, 'POST', path(), cronjob('alone', { schedule: 'TZ=Europe/Berlin 0 9 * * *' }));
    assert.equal(alone.status, 201, alone.text);
    assert.equal(alone.headers.get('warning'), null);
    const badPrefix = await api(cluster.url, 'POST', path(), cronjob('badprefix', { schedule: 'TZ=Mars/Olympus 0 9 * * *' }));
    assert.equal(badPrefix.status, 422);
    assert.equal(badPrefix.body.message, 'CronJob.batch "badprefix" is invalid: spec.schedule: Invalid value: "TZ=Mars/Olympus 0 9 * * *": provided bad location Mars/Olympus: unknown time zone Mars/Olympus');
  });

  it('validates a changed zone on update', async () => {
    const r = await mergePatch(cluster.url, 'ny', { spec: { timeZone: 'Mars/Olympus' } });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.message, 'CronJob.batch "ny" is invalid: spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus');
    const ok = await mergePatch(cluster.url, 'ny', { spec: { timeZone: 'Pacific/Chatham' } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.spec.timeZone, 'Pacific/Chatham');
  });

  it('kubectl 1.25 create -f shows the error naming spec.timeZone', async () => {
    const k = client(kubectl125(), cluster.kubeconfig);
    try {
      const r = await k.run(['create', '-f', '-'], JSON.stringify(cronjob('kubectl-bad', { schedule: '0 * * * *', timeZone: 'Mars/Olympus' })));
      assert.equal(r.code, 1, r.stdout);
      assert.equal(r.stderr.trim(), 'The CronJob "kubectl-bad" is invalid: spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus');
    } finally {
      k.cleanup();
    }
  });
});

describe('--feature-gates=CronJobTimeZone=false', () => {
  let cluster: Cluster;
  let dataDir: string;
  before(async () => {
    // A CronJob that already uses a zone, stored while the gate was on.
    const on = await startCluster({ args: ['--controllers='] });
    dataDir = on.dataDir;
    const r = await api(on.url, 'POST', path(), cronjob('had-zone', { schedule: '0 9 * * *', timeZone: 'Asia/Kathmandu' }));
    assert.equal(r.status, 201, r.text);
    await on.stop();
    cluster = await startCluster({ dataDir, args: ['--controllers=', '--feature-gates=CronJobTimeZone=false'] });
  });
  after(async () => {
    if (!cluster) return;
    await cluster.stop();
    cluster.cleanup();
  });

  it('drops spec.timeZone on create, before validation', async () => {
    const r = await api(cluster.url, 'POST', path(), cronjob('dropped', { schedule: '0 9 * * *', timeZone: 'America/New_York' }));
    assert.equal(r.status, 201, r.text);
    assert.equal('timeZone' in r.body.spec, false);
    assert.equal('timeZone' in (await api(cluster.url, 'GET', path('dropped'))).body.spec, false);
    // Dropped first, so neither a bad zone nor a TZ= prefix next to it is an error.
    const bad = await api(cluster.url, 'POST', path(), cronjob('dropped-bad', { schedule: 'TZ=UTC 0 9 * * *', timeZone: 'Mars/Olympus' }));
    assert.equal(bad.status, 201, bad.text);
    assert.equal('timeZone' in bad.body.spec, false);
  });

  it('drops a zone added on update, but keeps (and lets change) one the object already had', async () => {
    const added = await mergePatch(cluster.url, 'dropped', { spec: { timeZone: 'Europe/London' } });
    assert.equal(added.status, 200, added.text);
    assert.equal('timeZone' in added.body.spec, false);
    const kept = await mergePatch(cluster.url, 'had-zone', { spec: { schedule: '0 10 * * *' } });
    assert.equal(kept.status, 200, kept.text);
    assert.equal(kept.body.spec.timeZone, 'Asia/Kathmandu');
    const changed = await mergePatch(cluster.url, 'had-zone', { spec: { timeZone: 'Pacific/Chatham' } });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.body.spec.timeZone, 'Pacific/Chatham');
  });
});

describe('feature gates', () => {
  it('parse the flag syntax: pairs, spaces trimmed, empty entries skipped, strconv.ParseBool values', () => {
    const g = FeatureGates.parse(' CronJobTimeZone = false ,,JobPodFailurePolicy=1');
    assert.equal(g.enabled('CronJobTimeZone'), false);
    assert.equal(g.enabled('JobPodFailurePolicy'), true);
    assert.equal(g.enabled('JobReadyPods'), true);
    assert.equal(g.toString(), 'CronJobTimeZone=false,JobPodFailurePolicy=true');
  });

  it('know the v1.25 defaults and stages', () => {
    const g = new FeatureGates();
    const want: [Parameters<FeatureGates['enabled']>[0], boolean][] = [
      ['CronJobTimeZone', true],
      ['UserNamespacesStatelessPodsSupport', false],
      ['ContainerCheckpoint', false],
      ['CSIMigration', true],
      ['CSIMigrationPortworx', false],
      ['JobTrackingWithFinalizers', true],
      ['JobReadyPods', true],
      ['JobPodFailurePolicy', false],
      ['PodSecurity', true],
    ];
    for (const [name, on] of want) assert.equal(g.enabled(name), on, name);
    assert.match(featureGatesUsage(), /^CronJobTimeZone=true\|false \(BETA - default=true\)$/m);
    assert.match(featureGatesUsage(), /^ContainerCheckpoint=true\|false \(ALPHA - default=false\)$/m);
    assert.doesNotMatch(featureGatesUsage(), /PodSecurity=/); // GA gates are not listed
  });

  it('AllAlpha turns on every alpha gate not named explicitly', () => {
    const g = FeatureGates.parse('ContainerCheckpoint=false,AllAlpha=true');
    assert.equal(g.enabled('UserNamespacesStatelessPodsSupport'), true);
    assert.equal(g.enabled('ContainerCheckpoint'), false);
    assert.equal(g.enabled('CSIMigrationPortworx'), false); // beta
  });

  it('reject with upstream messages, and a GA gate set to its value is only a warning', () => {
    const cases: [string, string][] = [
      ['Foo=true', 'unrecognized feature gate: Foo'],
      ['CronJobTimeZone', 'missing bool value for CronJobTimeZone'],
      ['CronJobTimeZone=yes', 'invalid value of CronJobTimeZone=yes, err: strconv.ParseBool: parsing "yes": invalid syntax'],
      ['PodSecurity=false', 'cannot set feature gate PodSecurity to false, feature is locked to true'],
    ];
    for (const [flag, message] of cases) assert.throws(() => FeatureGates.parse(flag), (e: Error) => e instanceof FeatureGateError && e.message === message, flag);
    assert.deepEqual(featureGatesFromFlag(['PodSecurity=true', 'CronJobTimeZone=false']).warnings, [
      'Setting GA feature gate PodSecurity=true. It will be removed in a future release.',
    ]);
  });

  it('kubette up refuses a bad --feature-gates with pflag\'s wording', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kubette-gates-'));
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [kubetteBin, 'up', '--port', '0', '--data-dir', dataDir, '--feature-gates=Foo=true'], (err, _out, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr: String(stderr) });
      });
    });
    rmSync(dataDir, { recursive: true, force: true });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: invalid argument "Foo=true" for "--feature-gates" flag: unrecognized feature gate: Foo\n');
  });
});
