// Strategies of apps/v1, batch/v1, coordination.k8s.io/v1 and events.k8s.io/v1, called directly:
// defaults, generated fields, validation messages as kube-apiserver v1.25 prints them, printers,
// and the events.k8s.io ⇄ core/v1 conversion.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ControllerRevision, DaemonSet, Deployment, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Event } from 'kubernetes-types/events/v1.js';
import type { ObjectMeta } from '../src/api/object.js';
import { errorString, type FieldError } from '../src/machinery/fielderrors.js';
import type { ResourceStrategy } from '../src/registry/strategy.js';
import { appsStrategies } from '../src/registry/apps/index.js';
import { batchStrategies } from '../src/registry/batch/index.js';
import { coordinationStrategies } from '../src/registry/coordination/index.js';
import { eventsStrategies } from '../src/registry/events/index.js';
import { deployments } from '../src/registry/apps/deployments.js';
import { statefulsets } from '../src/registry/apps/statefulsets.js';
import { daemonsets } from '../src/registry/apps/daemonsets.js';
import { controllerrevisions } from '../src/registry/apps/controllerrevisions.js';
import { jobs } from '../src/registry/batch/jobs.js';
import { cronjobs } from '../src/registry/batch/cronjobs.js';
import { leases } from '../src/registry/coordination/leases.js';
import { events } from '../src/registry/events/events.js';

const UID = '0b5e3c1a-7f2d-4c1e-9a8b-111122223333';
const NOW = new Date('2024-05-01T12:00:00Z');
const messages = (errs: FieldError[]) => errs.map(errorString);

/** What the generic store does on create, in its order: defaults, system fields, prepare, validate. */
function create<T>(s: ResourceStrategy<T>, input: T): { obj: T; errs: string[] } {
  const obj = structuredClone(input);
  s.defaults?.(obj);
  const meta = (obj as { metadata: ObjectMeta }).metadata;
  meta.uid = UID;
  meta.creationTimestamp = '2024-05-01T11:00:00Z';
  if (s.generation) meta.generation = 1;
  s.prepareForCreate?.(obj);
  return { obj, errs: messages(s.validate?.(obj) ?? []) };
}

/** An update through the main resource: defaults, status kept, prepare, validate. */
function update<T>(s: ResourceStrategy<T>, next: T, old: T): { obj: T; errs: string[] } {
  const obj = structuredClone(next);
  s.defaults?.(obj);
  (obj as { status?: unknown }).status = structuredClone((old as { status?: unknown }).status);
  s.prepareForUpdate?.(obj, old);
  return { obj, errs: messages(s.validateUpdate?.(obj, old) ?? []) };
}

const container = { name: 'web', image: 'nginx:1.25' };

function deployment(extra: Partial<Deployment['spec']> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } },
      ...extra,
    },
  };
}

function job(extra: Partial<Job['spec']> = {}, meta: Partial<ObjectMeta> = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', ...meta },
    spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }], restartPolicy: 'Never' } }, ...extra },
  };
}

function cronjob(spec: Partial<CronJob['spec']> = {}, name = 'hello'): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox' }], restartPolicy: 'OnFailure' } } } },
      ...spec,
    },
  };
}

describe('registration', () => {
  it('lists every resource once, with names and short names', () => {
    const all = [...appsStrategies, ...batchStrategies, ...coordinationStrategies, ...eventsStrategies];
    assert.deepEqual(
      all.map((s) => `${s.group}/${s.resource}`),
      [
        'apps/deployments',
        'apps/replicasets',
        'apps/statefulsets',
        'apps/daemonsets',
        'apps/controllerrevisions',
        'batch/jobs',
        'batch/cronjobs',
        'coordination.k8s.io/leases',
        'events.k8s.io/events',
      ],
    );
    assert.deepEqual(
      all.map((s) => s.shortNames ?? []),
      [['deploy'], ['rs'], ['sts'], ['ds'], [], [], ['cj'], [], ['ev']],
    );
    assert.deepEqual(deployments.subresources?.scale, {
      specReplicasPath: ['spec', 'replicas'],
      statusReplicasPath: ['status', 'replicas'],
      labelSelectorPath: ['spec', 'selector'],
    });
    assert.equal(daemonsets.subresources?.scale, undefined);
    assert.equal(events.storagePrefix, 'events');
  });

  it('every printer has one cell per column', () => {
    const samples: [ResourceStrategy<any>, unknown][] = [
      [deployments, create(deployments, deployment()).obj],
      [appsStrategies[1]!, { metadata: { name: 'rs' }, spec: { selector: {}, template: {} } }],
      [statefulsets, { metadata: { name: 'sts' } }],
      [daemonsets, { metadata: { name: 'ds' } }],
      [controllerrevisions, { metadata: { name: 'cr' }, revision: 1 }],
      [jobs, { metadata: { name: 'j' }, spec: {} }],
      [cronjobs, { metadata: { name: 'c' }, spec: {} }],
      [leases, { metadata: { name: 'l' } }],
      [events, { metadata: { name: 'e' } }],
    ];
    for (const [s, obj] of samples) assert.equal(s.printer!.cells(obj, NOW).length, s.printer!.columns.length, s.resource);
  });
});

describe('deployments', () => {
  it('defaults a minimal Deployment as v1.25 does', () => {
    const { obj, errs } = create(deployments, deployment());
    assert.deepEqual(errs, []);
    const spec = obj.spec!;
    assert.equal(spec.replicas, 1);
    assert.deepEqual(spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    assert.equal(spec.revisionHistoryLimit, 10);
    assert.equal(spec.progressDeadlineSeconds, 600);
    assert.equal(spec.template.spec?.restartPolicy, 'Always');
    assert.equal(spec.template.spec?.dnsPolicy, 'ClusterFirst');
    assert.deepEqual(obj.status, {});
  });

  it('keeps a Recreate strategy without rollingUpdate', () => {
    const { obj, errs } = create(deployments, deployment({ strategy: { type: 'Recreate' } }));
    assert.deepEqual(errs, []);
    assert.deepEqual(obj.spec!.strategy, { type: 'Recreate' });
  });

  it('rejects a selector that does not match the template labels, in kube words', () => {
    const { errs } = create(deployments, deployment({ selector: { matchLabels: { app: 'other' } } }));
    assert.deepEqual(errs, ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`']);
  });

  it('requires a selector (and then nothing matches the template)', () => {
    const d = deployment();
    delete (d.spec! as Partial<NonNullable<Deployment['spec']>>).selector;
    assert.deepEqual(create(deployments, d).errs, [
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('rejects negative replicas, restartPolicy other than Always and a bad strategy type', () => {
    const d = deployment({ replicas: -1, strategy: { type: 'BlueGreen' } });
    d.spec!.template.spec!.restartPolicy = 'Never';
    assert.deepEqual(create(deployments, d).errs, [
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
      'spec.strategy: Unsupported value: "BlueGreen": supported values: "Recreate", "RollingUpdate"',
    ]);
  });

  it('rejects maxUnavailable and maxSurge both 0', () => {
    const { errs } = create(deployments, deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '0%' } } }));
    assert.deepEqual(errs, ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0']);
  });

  it('makes the selector immutable and bumps generation for spec or annotation changes', () => {
    const old = create(deployments, deployment()).obj;
    const moved = deployment({ selector: { matchLabels: { app: 'web', tier: 'fe' } } });
    moved.spec!.template.metadata!.labels = { app: 'web', tier: 'fe' };
    assert.deepEqual(update(deployments, moved, old).errs, [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
    const annotated = structuredClone(old);
    annotated.metadata!.annotations = { note: 'x' };
    assert.equal(update(deployments, annotated, old).obj.metadata!.generation, 2);
    assert.equal(update(deployments, structuredClone(old), old).obj.metadata!.generation, 1);
  });

  it('prints Ready, Up-to-date, Available and the wide columns', () => {
    const d = create(deployments, deployment({ replicas: 3 })).obj;
    (d as { status: unknown }).status = { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 };
    const p = deployments.printer!;
    assert.deepEqual(
      p.columns.map((c) => [c.name, c.type, c.priority]),
      [
        ['Name', 'string', 0],
        ['Ready', 'string', 0],
        ['Up-to-date', 'string', 0],
        ['Available', 'string', 0],
        ['Age', 'string', 0],
        ['Containers', 'string', 1],
        ['Images', 'string', 1],
        ['Selector', 'string', 1],
      ],
    );
    assert.deepEqual(p.cells(d, NOW), ['web', '2/3', 3, 2, '60m', 'web', 'nginx:1.25', 'app=web']);
  });
});

describe('statefulsets, daemonsets, controllerrevisions', () => {
  const sts = (): StatefulSet => ({
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres' }] } },
    },
  });

  it('defaults a StatefulSet and forbids changes outside the mutable fields', () => {
    const { obj, errs } = create(statefulsets, sts());
    assert.deepEqual(errs, []);
    assert.equal(obj.spec!.podManagementPolicy, 'OrderedReady');
    assert.deepEqual(obj.spec!.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    assert.equal(obj.spec!.replicas, 1);
    assert.equal(obj.spec!.revisionHistoryLimit, 10);
    assert.equal(obj.spec!.persistentVolumeClaimRetentionPolicy, undefined);

    const scaled = structuredClone(obj);
    scaled.spec!.replicas = 5;
    assert.deepEqual(update(statefulsets, scaled, obj).errs, []);
    const renamed = structuredClone(obj);
    renamed.spec!.serviceName = 'other';
    assert.deepEqual(update(statefulsets, renamed, obj).errs, [
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it('defaults a DaemonSet and rejects surge together with unavailability', () => {
    const ds: DaemonSet = {
      metadata: { name: 'agent', namespace: 'kube-system' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent' }], nodeSelector: { 'kubernetes.io/os': 'linux' } } },
      },
    };
    const { obj, errs } = create(daemonsets, ds);
    assert.deepEqual(errs, []);
    assert.deepEqual(obj.spec!.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    assert.equal(obj.spec!.revisionHistoryLimit, 10);
    assert.deepEqual(daemonsets.printer!.cells(obj, NOW).slice(0, 7), ['agent', 0, 0, 0, 0, 0, 'kubernetes.io/os=linux']);

    const both = structuredClone(ds);
    both.spec!.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } };
    assert.deepEqual(create(daemonsets, both).errs, [
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero',
    ]);
  });

  it('requires ControllerRevision data, keeps it immutable, and prints its controller', () => {
    const cr: ControllerRevision = {
      metadata: {
        name: 'agent-5d4f',
        namespace: 'kube-system',
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'u', controller: true }],
      },
      data: { spec: { template: {} } },
      revision: 3,
    };
    assert.deepEqual(create(controllerrevisions, { ...cr, data: undefined } as ControllerRevision).errs, ['data: Required value: data is mandatory']);
    const changed = { ...structuredClone(cr), data: { spec: {} } };
    assert.deepEqual(update(controllerrevisions, changed, cr).errs, ['data: Invalid value: map[string]interface {}{"spec":map[string]interface {}{}}: field is immutable']);
    assert.deepEqual(controllerrevisions.printer!.cells({ ...cr, metadata: { ...cr.metadata, creationTimestamp: '2024-05-01T11:59:00Z' } }, NOW), [
      'agent-5d4f',
      'daemonset.apps/agent',
      3,
      '60s',
    ]);
  });
});

describe('jobs', () => {
  it('defaults and generates the controller-uid selector and template labels', () => {
    const { obj, errs } = create(jobs, job());
    assert.deepEqual(errs, []);
    const spec = obj.spec!;
    assert.equal(spec.completions, 1);
    assert.equal(spec.parallelism, 1);
    assert.equal(spec.backoffLimit, 6);
    assert.equal(spec.completionMode, 'NonIndexed');
    assert.equal(spec.suspend, false);
    assert.deepEqual(spec.selector, { matchLabels: { 'controller-uid': UID } });
    assert.deepEqual(spec.template.metadata?.labels, { 'controller-uid': UID, 'job-name': 'pi' });
    // Read back from storage, a label-less Job carries its template's labels.
    assert.deepEqual(obj.metadata?.labels, { 'controller-uid': UID, 'job-name': 'pi' });
  });

  it('defaults parallelism alone when only completions is set', () => {
    const { obj } = create(jobs, job({ completions: 5 }));
    assert.equal(obj.spec!.completions, 5);
    assert.equal(obj.spec!.parallelism, 1);
    const par = create(jobs, job({ parallelism: 3 })).obj;
    assert.equal(par.spec!.completions, undefined);
    assert.equal(par.spec!.parallelism, 3);
  });

  it('shares template labels with a Job that has none, generated ones included', () => {
    const j = job();
    j.spec!.template.metadata = { labels: { app: 'pi' } };
    const { obj } = create(jobs, j);
    assert.deepEqual(obj.metadata?.labels, { app: 'pi', 'controller-uid': UID, 'job-name': 'pi' });
    const own = create(jobs, job({}, { labels: { team: 'x' } })).obj;
    assert.deepEqual(own.metadata?.labels, { team: 'x' });
  });

  it('leaves a manual selector alone and checks it against the template', () => {
    const j = job({ manualSelector: true, selector: { matchLabels: { app: 'pi' } } });
    j.spec!.template.metadata = { labels: { app: 'other' } };
    const { obj, errs } = create(jobs, j);
    assert.deepEqual(obj.spec!.selector, { matchLabels: { app: 'pi' } });
    assert.deepEqual(errs, ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`']);
  });

  it('rejects restartPolicy Always with the v1.25 message', () => {
    const j = job();
    j.spec!.template.spec!.restartPolicy = 'Always';
    assert.deepEqual(create(jobs, j).errs, ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
    const unset = job();
    delete unset.spec!.template.spec!.restartPolicy;
    assert.deepEqual(create(jobs, unset).errs, ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  });

  it('rejects negative counts', () => {
    assert.deepEqual(create(jobs, job({ parallelism: -1, backoffLimit: -2, activeDeadlineSeconds: -3 })).errs, [
      'spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
      'spec.activeDeadlineSeconds: Invalid value: -3: must be greater than or equal to 0',
      'spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0',
    ]);
  });

  it('keeps completions and the template immutable, except scheduling of a suspended, unstarted Job', () => {
    const old = create(jobs, job()).obj;
    const more = structuredClone(old);
    more.spec!.completions = 3;
    assert.deepEqual(update(jobs, more, old).errs, ['spec.completions: Invalid value: 3: field is immutable']);
    const image = structuredClone(old);
    image.spec!.template.spec!.containers[0]!.image = 'perl:5.38';
    const errs = update(jobs, image, old).errs;
    assert.equal(errs.length, 1);
    assert.match(errs[0]!, /^spec\.template: Invalid value: .*: field is immutable$/);

    const suspended = create(jobs, job({ suspend: true })).obj;
    const placed = structuredClone(suspended);
    placed.spec!.template.spec!.nodeSelector = { zone: 'a' };
    assert.deepEqual(update(jobs, placed, suspended).errs, []);
    const started = { ...structuredClone(suspended), status: { startTime: '2024-05-01T11:00:00Z' } };
    assert.equal(update(jobs, placed, started).errs.length, 1);
  });

  it('prints a running and a finished Job', () => {
    const j = create(jobs, job()).obj;
    const p = jobs.printer!;
    assert.deepEqual(
      p.columns.map((c) => [c.name, c.priority]),
      [
        ['Name', 0],
        ['Completions', 0],
        ['Duration', 0],
        ['Age', 0],
        ['Containers', 1],
        ['Images', 1],
        ['Selector', 1],
      ],
    );
    assert.deepEqual(p.cells(j, NOW), ['pi', '0/1', '', '60m', 'pi', 'perl', `controller-uid=${UID}`]);
    const running = { ...j, status: { startTime: '2024-05-01T11:55:30Z', active: 1 } };
    assert.deepEqual(p.cells(running, NOW).slice(1, 3), ['0/1', '4m30s']);
    const done = { ...j, status: { startTime: '2024-05-01T11:00:00Z', completionTime: '2024-05-01T11:00:42Z', succeeded: 1 } };
    assert.deepEqual(p.cells(done, NOW).slice(1, 3), ['1/1', '42s']);
    const parallel = { ...j, spec: { ...j.spec!, completions: undefined, parallelism: 4 }, status: { succeeded: 2 } };
    assert.equal(p.cells(parallel, NOW)[1], '2/1 of 4');
  });
});

describe('cronjobs', () => {
  it('defaults a CronJob (pod defaults only in the job template)', () => {
    const { obj, errs } = create(cronjobs, cronjob());
    assert.deepEqual(errs, []);
    assert.equal(obj.spec!.concurrencyPolicy, 'Allow');
    assert.equal(obj.spec!.suspend, false);
    assert.equal(obj.spec!.successfulJobsHistoryLimit, 3);
    assert.equal(obj.spec!.failedJobsHistoryLimit, 1);
    assert.equal(obj.spec!.jobTemplate.spec!.backoffLimit, undefined);
    assert.equal(obj.spec!.jobTemplate.spec!.template.spec!.dnsPolicy, 'ClusterFirst');
  });

  it('rejects a bad schedule and a bad time zone with kube messages', () => {
    assert.deepEqual(create(cronjobs, cronjob({ schedule: 'bogus' })).errs, ['spec.schedule: Invalid value: "bogus": expected exactly 5 fields, found 1: [bogus]']);
    assert.deepEqual(create(cronjobs, cronjob({ schedule: '61 * * * *' })).errs, ['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61']);
    assert.deepEqual(create(cronjobs, cronjob({ schedule: '' })).errs, ['spec.schedule: Required value']);
    assert.deepEqual(create(cronjobs, cronjob({ timeZone: 'Bad/Zone' })).errs, ['spec.timeZone: Invalid value: "Bad/Zone": unknown time zone Bad/Zone']);
    assert.deepEqual(create(cronjobs, cronjob({ timeZone: 'Europe/Paris', schedule: '@daily' })).errs, []);
    assert.deepEqual(create(cronjobs, cronjob({ timeZone: '' })).errs, ['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string']);
  });

  it('accepts TZ= in the schedule alone (v1.25), but not together with timeZone', () => {
    assert.deepEqual(create(cronjobs, cronjob({ schedule: 'CRON_TZ=UTC 0 * * * *' })).errs, []);
    assert.deepEqual(create(cronjobs, cronjob({ schedule: 'TZ=UTC 0 * * * *', timeZone: 'UTC' })).errs, [
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule',
    ]);
  });

  it('limits names to 52 characters on create only, and checks the policy and job template', () => {
    const long = 'x'.repeat(53);
    assert.deepEqual(create(cronjobs, cronjob({}, long)).errs, [`metadata.name: Invalid value: "${long}": must be no more than 52 characters`]);
    const old = create(cronjobs, cronjob({}, long)).obj;
    assert.deepEqual(update(cronjobs, structuredClone(old), old).errs, []);
    const bad = cronjob({ concurrencyPolicy: 'Sometimes' });
    bad.spec!.jobTemplate.spec!.template.spec!.restartPolicy = 'Always';
    bad.spec!.jobTemplate.spec!.selector = { matchLabels: { a: 'b' } };
    assert.deepEqual(create(cronjobs, bad).errs, [
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
    ]);
  });

  it('prints Schedule, Suspend as text, Active and Last Schedule', () => {
    const cj = create(cronjobs, cronjob()).obj;
    const p = cronjobs.printer!;
    assert.deepEqual(
      p.columns.map((c) => [c.name, c.type, c.priority]),
      [
        ['Name', 'string', 0],
        ['Schedule', 'string', 0],
        ['Suspend', 'boolean', 0],
        ['Active', 'integer', 0],
        ['Last Schedule', 'string', 0],
        ['Age', 'string', 0],
        ['Containers', 'string', 1],
        ['Images', 'string', 1],
        ['Selector', 'string', 1],
      ],
    );
    assert.deepEqual(p.cells(cj, NOW), ['hello', '*/5 * * * *', 'False', 0, '<none>', '60m', 'hello', 'busybox', '<none>']);
    const active = { ...cj, spec: { ...cj.spec!, suspend: undefined }, status: { active: [{ name: 'hello-1' }], lastScheduleTime: '2024-05-01T11:55:00Z' } };
    assert.deepEqual(p.cells(active, NOW).slice(2, 5), ['<unset>', 1, '5m']);
  });
});

describe('leases', () => {
  it('requires a positive duration and prints the holder', () => {
    const lease: Lease = { metadata: { name: 'kube-scheduler', namespace: 'kube-system' }, spec: { holderIdentity: 'node-1_abc', leaseDurationSeconds: 0 } };
    assert.deepEqual(create(leases, lease).errs, ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']);
    assert.deepEqual(leases.printer!.cells({ ...lease, metadata: { ...lease.metadata } }, NOW), ['kube-scheduler', 'node-1_abc', '<unknown>']);
  });
});

describe('events.k8s.io/v1', () => {
  const ev: Event = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: 'web-0.17a', namespace: 'default', creationTimestamp: '2024-05-01T11:00:00Z' },
    eventTime: '2024-05-01T11:58:00.000000Z',
    series: { count: 3, lastObservedTime: '2024-05-01T11:59:30.000000Z' },
    reportingController: 'kubelet',
    reportingInstance: 'node-1',
    action: 'Pulling',
    reason: 'Pulling',
    regarding: { kind: 'Pod', namespace: 'default', name: 'web-0', fieldPath: 'spec.containers{web}' },
    related: { kind: 'Node', name: 'node-1' },
    note: 'Pulling image "nginx"\n',
    type: 'Normal',
    deprecatedSource: {},
    deprecatedFirstTimestamp: null as unknown as string,
    deprecatedLastTimestamp: null as unknown as string,
  };

  it('converts to core/v1 and back without loss', () => {
    const core = events.convert!.toStored(ev);
    assert.equal(core.apiVersion, 'v1');
    assert.equal(core.kind, 'Event');
    assert.deepEqual(core.involvedObject, ev.regarding);
    assert.equal(core.message, ev.note);
    assert.equal(core.reportingComponent, 'kubelet');
    assert.equal(core.reportingInstance, 'node-1');
    assert.deepEqual(core.series, ev.series);
    assert.equal(core.count, undefined);
    const back = events.convert!.fromStored(core);
    assert.equal(back.apiVersion, 'events.k8s.io/v1');
    assert.deepEqual(back, ev);
  });

  it('maps the deprecated fields of a core/v1 event', () => {
    const v1 = events.convert!.fromStored({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'x', namespace: 'default' },
      involvedObject: { kind: 'Node', name: 'node-1' },
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: '2024-05-01T11:00:00Z',
      lastTimestamp: '2024-05-01T11:50:00Z',
      count: 4,
      message: 'Starting kubelet.',
      reason: 'Starting',
      type: 'Normal',
    });
    assert.deepEqual(v1.deprecatedSource, { component: 'kubelet', host: 'node-1' });
    assert.equal(v1.deprecatedFirstTimestamp, '2024-05-01T11:00:00Z');
    assert.equal(v1.deprecatedLastTimestamp, '2024-05-01T11:50:00Z');
    assert.equal(v1.deprecatedCount, 4);
    assert.equal(v1.note, 'Starting kubelet.');
    assert.equal(v1.eventTime, null);
    assert.deepEqual(events.printer!.cells(v1, NOW), ['10m', 'Normal', 'Starting', 'node/node-1', '', 'kubelet, node-1', 'Starting kubelet.', '60m', 4, 'x']);
  });

  it('validates strictly on create', () => {
    assert.deepEqual(create(events, ev).errs, []);
    // Without eventTime only the legacy namespace rules apply besides the strict ones.
    const bad = { metadata: { name: 'bad', namespace: 'default' }, regarding: { kind: 'Pod', namespace: 'default' }, type: 'Odd', deprecatedCount: 2 } as Event;
    assert.deepEqual(create(events, bad).errs, [
      'eventTime: Required value',
      'type: Invalid value: "": has invalid value: Odd',
      'count: Invalid value: "": needs to be unset',
    ]);
    const anonymous = { ...bad, eventTime: '2024-05-01T11:58:00.000000Z', type: 'Warning', deprecatedCount: undefined, regarding: { kind: 'Node', name: 'n' } } as Event;
    anonymous.metadata = { name: 'anon', namespace: 'apps' };
    assert.deepEqual(create(events, anonymous).errs, [
      'involvedObject.namespace: Invalid value: "": does not match event.namespace',
      'reportingController: Required value',
      'reportingController: Invalid value: "": name part must be non-empty',
      'reportingInstance: Required value',
      'action: Required value',
      'reason: Required value',
    ]);
  });

  it('lets only the series change on update', () => {
    const old = create(events, ev).obj;
    const more = { ...structuredClone(old), series: { count: 4, lastObservedTime: '2024-05-01T11:59:50.000000Z' } };
    assert.deepEqual(update(events, more, old).errs, []);
    const edited = { ...structuredClone(old), note: 'changed' };
    assert.deepEqual(update(events, edited, old).errs, ['message: Invalid value: "changed": field is immutable']);
  });

  it('prints like core/v1 events, Name last and wide', () => {
    const p = events.printer!;
    assert.deepEqual(
      p.columns.map((c) => [c.name, c.priority, c.format]),
      [
        ['Last Seen', 0, ''],
        ['Type', 0, ''],
        ['Reason', 0, ''],
        ['Object', 0, ''],
        ['Subobject', 1, ''],
        ['Source', 1, ''],
        ['Message', 0, ''],
        ['First Seen', 1, ''],
        ['Count', 1, ''],
        ['Name', 1, 'name'],
      ],
    );
    assert.deepEqual(p.cells(ev, NOW), ['30s', 'Normal', 'Pulling', 'pod/web-0', 'spec.containers{web}', 'kubelet, node-1', 'Pulling image "nginx"', '2m', 3, 'web-0.17a']);
  });
});
