// Protobuf request bodies: hand-built envelopes and real kubectl 1.33 bytes decode to the JSON a
// client would have sent; malformed bytes are a 400; the field tables agree with the v1.25
// definitions and cover everything reachable from the kinds kubectl sends; and the real kubectl
// 1.33 generators create objects over HTTP against `kubette up`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { definition, definitionNameFor } from '../src/api/openapi/definitions.js';
import type { Schema } from '../src/api/openapi/schema.js';
import { decodeProtobuf, decodeProtobufDetailed } from '../src/apiserver/protobuf/index.js';
import { tableFor, tableNames } from '../src/apiserver/protobuf/fields/index.js';
import { StatusError } from '../src/machinery/errors.js';
import type { AnyStrategy } from '../src/registry/strategy.js';
import { api, startCluster, type Cluster } from './helpers/cluster.js';
import { type Bytes, cat, varint, tag, int, bool, bytes, str, msg, entry, sentry, intOrString, quantity, MAGIC, envelope, strategy } from './helpers/pbwriter.js';
import { client, kubectlVersion } from './helpers/tools.js';

/** ObjectMeta with the empty strings and empty creationTimestamp gogo always writes. */
const meta = (no: number, name: string, ...more: Bytes[]) =>
  msg(no, str(1, name), str(2, ''), str(3, ''), str(4, ''), str(5, ''), str(6, ''), int(7, 0), msg(8), ...more);


function assert400(fn: () => unknown, message: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof StatusError, `expected a StatusError, got ${String(e)}`);
    assert.equal(e.code, 400);
    assert.equal(e.reason, 'BadRequest');
    assert.match(e.message, message);
    return true;
  });
}

const epoch = (iso: string) => Date.parse(iso) / 1000;

// ---------------------------------------------------------------------------------------------

describe('protobuf: hand-built envelopes', () => {
  it('decodes a Namespace', () => {
    const raw = cat(meta(1, 'ns1', sentry(11, 'team', 'a')), msg(2, str(1, 'kubernetes')), msg(3, str(1, '')));
    assert.deepEqual(decodeProtobuf(envelope('v1', 'Namespace', raw), strategy('', 'Namespace')), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'ns1', labels: { team: 'a' } },
      spec: { finalizers: ['kubernetes'] },
      status: {},
    });
  });

  it('decodes a ConfigMap: data, binaryData as base64, pointer false kept, times as RFC 3339', () => {
    const created = epoch('2026-01-02T03:04:05Z');
    const raw = cat(
      msg(1, str(1, 'cm1'), str(3, 'default'), msg(8, int(1, created), int(2, 999_000_000)), sentry(12, 'note', 'x')),
      sentry(2, 'a', 'b'),
      sentry(2, 'empty', ''),
      entry(3, 'bin', bytes(2, [0x00, 0xff, 0x10])),
      bool(4, false),
    );
    assert.deepEqual(decodeProtobuf(envelope('v1', 'ConfigMap', raw), strategy('', 'ConfigMap')), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm1', namespace: 'default', creationTimestamp: '2026-01-02T03:04:05Z', annotations: { note: 'x' } },
      data: { a: 'b', empty: '' },
      binaryData: { bin: Buffer.from([0x00, 0xff, 0x10]).toString('base64') },
      immutable: false,
    });
  });

  it('decodes Secret bytes as base64 and stringData as strings', () => {
    const raw = cat(meta(1, 's1'), entry(2, 'p', bytes(2, Buffer.from('q'))), str(3, 'Opaque'), sentry(4, 'plain', 'text'), bool(5, true));
    assert.deepEqual(decodeProtobuf(envelope('v1', 'Secret', raw), strategy('', 'Secret')), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's1' },
      data: { p: 'cQ==' },
      type: 'Opaque',
      stringData: { plain: 'text' },
      immutable: true,
    });
  });

  it('drops non-pointer zero scalars but keeps pointer zeros and IntOrString choices', () => {
    const container = cat(str(1, 'c'), str(2, 'img'), str(5, ''), msg(8), bool(16, false));
    const podSpec = cat(msg(2, container), str(3, ''), int(4, 0), bool(11, false), int(25, 0), bool(30, false));
    const raw = cat(
      meta(1, 'd'),
      msg(
        2,
        int(1, 0), // *replicas = 0: scale to zero, kept
        msg(3, meta(1, ''), msg(2, podSpec)),
        msg(4, str(1, 'RollingUpdate'), msg(2, intOrString(1, '25%'), intOrString(2, 0))),
        int(5, 0), // minReadySeconds: plain int32, dropped
        bool(7, false), // paused: plain bool, dropped
      ),
      msg(3),
    );
    assert.deepEqual(decodeProtobuf(envelope('apps/v1', 'Deployment', raw), strategy('apps', 'Deployment')), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: {
        replicas: 0,
        template: {
          metadata: {},
          spec: {
            containers: [{ name: 'c', image: 'img', resources: {} }],
            terminationGracePeriodSeconds: 0,
            priority: 0,
            enableServiceLinks: false,
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 0 } },
      },
      status: {},
    });
  });

  it('decodes Service ports with numeric, named and unset targetPort', () => {
    const port = (name: string, p: number, target?: number | string) =>
      msg(1, str(1, name), str(2, 'TCP'), int(3, p), target === undefined ? intOrString(4, 0) : intOrString(4, target), int(5, 0));
    const raw = cat(
      meta(1, 'svc'),
      msg(2, port('a', 80, 8080), port('b', 443, 'https'), port('c', 53), sentry(2, 'app', 'x'), str(3, ''), str(4, 'ClusterIP'), str(17, 'SingleStack')),
      msg(3, msg(1)),
    );
    const svc = decodeProtobuf(envelope('v1', 'Service', raw), strategy('', 'Service')) as any;
    assert.deepEqual(svc.spec, {
      ports: [
        { name: 'a', protocol: 'TCP', port: 80, targetPort: 8080 },
        { name: 'b', protocol: 'TCP', port: 443, targetPort: 'https' },
        { name: 'c', protocol: 'TCP', port: 53 },
      ],
      selector: { app: 'x' },
      type: 'ClusterIP',
      ipFamilyPolicy: 'SingleStack',
    });
    assert.deepEqual(svc.status, { loadBalancer: {} });
  });

  it('decodes the PodSpec tree: inlined structs, volumes, probes, env, resources, security, affinity', () => {
    const container = cat(
      str(1, 'app'),
      str(2, 'nginx'),
      str(4, '--port'),
      str(4, '8080'),
      msg(6, str(1, 'http'), int(3, 8080), str(4, 'TCP')),
      msg(7, str(1, 'PLAIN'), str(2, 'v')),
      msg(7, str(1, 'FROM_SECRET'), str(2, ''), msg(3, msg(4, msg(1, str(1, 'creds')), str(2, 'token'), bool(3, false)))),
      msg(7, str(1, 'POD'), msg(3, msg(1, str(1, 'v1'), str(2, 'metadata.name')))),
      msg(8, entry(1, 'cpu', quantity(2, '500m')), entry(2, 'memory', quantity(2, '64Mi'))),
      msg(9, str(1, 'cfg'), bool(2, true), str(3, '/etc/cfg'), str(4, '')),
      msg(10, msg(1, msg(2, str(1, '/healthz'), intOrString(2, 'http'), str(4, 'HTTP'))), int(2, 5), int(3, 0), int(4, 10)),
      msg(11, msg(1, msg(1, str(1, 'cat'), str(1, '/ready')))),
      msg(15, msg(1, str(1, 'NET_ADMIN'), str(2, 'ALL')), bool(2, false), int(4, -1), bool(6, true)),
      msg(19, str(1, 'CFG_'), msg(2, msg(1, str(1, 'cm')), bool(2, true))),
    );
    const podSpec = cat(
      msg(1, str(1, 'cfg'), msg(2, msg(19, msg(1, str(1, 'app-config')), msg(2, str(1, 'k'), str(2, 'p'), int(3, 0o400)), int(3, 420)))),
      msg(1, str(1, 'scratch'), msg(2, msg(2, str(1, 'Memory'), quantity(2, '1Gi')))),
      msg(1, str(1, 'tok'), msg(2, msg(26, msg(1, msg(4, str(1, 'vault'), int(2, 3600), str(3, 'token'))), int(2, 0o644)))),
      msg(2, container),
      int(5, 2 ** 40),
      sentry(7, 'disk', 'ssd'),
      msg(14, int(2, 1000), int(4, 1000), int(4, 2000), bytes(4, [...varint(3000), ...varint(4000)]), int(5, 0)),
      msg(18, msg(1, msg(1, msg(1, msg(1, str(1, 'zone'), str(2, 'In'), str(3, 'a'), str(3, 'b')))))),
      msg(22, str(1, 'k'), str(2, 'Exists'), str(4, 'NoExecute'), int(5, 0)),
      msg(34, msg(1, str(1, 'debug'), str(2, 'busybox'), bool(16, true)), str(2, 'app')),
    );
    const raw = cat(meta(1, 'p'), msg(2, podSpec));
    const pod = decodeProtobuf(envelope('v1', 'Pod', raw), strategy('', 'Pod')) as any;
    assert.deepEqual(pod.spec.volumes, [
      { name: 'cfg', configMap: { name: 'app-config', items: [{ key: 'k', path: 'p', mode: 0o400 }], defaultMode: 420 } },
      { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
      { name: 'tok', projected: { sources: [{ serviceAccountToken: { audience: 'vault', expirationSeconds: 3600, path: 'token' } }], defaultMode: 0o644 } },
    ]);
    assert.deepEqual(pod.spec.containers, [
      {
        name: 'app',
        image: 'nginx',
        args: ['--port', '8080'],
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        env: [
          { name: 'PLAIN', value: 'v' },
          { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'creds', key: 'token', optional: false } } },
          { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
        ],
        resources: { limits: { cpu: '500m' }, requests: { memory: '64Mi' } },
        volumeMounts: [{ name: 'cfg', readOnly: true, mountPath: '/etc/cfg' }],
        livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, initialDelaySeconds: 5, periodSeconds: 10 },
        readinessProbe: { exec: { command: ['cat', '/ready'] } },
        securityContext: { capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] }, privileged: false, runAsUser: -1, readOnlyRootFilesystem: true },
        envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'cm', optional: true } }],
      },
    ]);
    assert.equal(pod.spec.activeDeadlineSeconds, 2 ** 40);
    assert.deepEqual(pod.spec.nodeSelector, { disk: 'ssd' });
    assert.deepEqual(pod.spec.securityContext, { runAsUser: 1000, supplementalGroups: [1000, 2000, 3000, 4000], fsGroup: 0 });
    assert.deepEqual(pod.spec.affinity, {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] } },
    });
    assert.deepEqual(pod.spec.tolerations, [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }]);
    assert.deepEqual(pod.spec.ephemeralContainers, [{ name: 'debug', image: 'busybox', stdin: true, targetContainerName: 'app' }]);
  });

  it('decodes Time with second precision and MicroTime with microseconds', () => {
    const t = epoch('2026-01-02T03:04:05Z');
    const raw = cat(
      meta(1, 'e'),
      msg(2, str(1, 'Pod'), str(3, 'p')),
      str(3, 'Started'),
      msg(6, int(1, t), int(2, 500_000_000)),
      msg(7),
      int(8, 1),
      msg(10, int(1, t), int(2, 123_456_789)),
    );
    const ev = decodeProtobuf(envelope('v1', 'Event', raw), strategy('', 'Event')) as any;
    assert.equal(ev.firstTimestamp, '2026-01-02T03:04:05Z');
    assert.equal('lastTimestamp' in ev, false, 'an empty Time message is a zero (unset) time');
    assert.equal(ev.eventTime, '2026-01-02T03:04:05.123456Z');
    assert.deepEqual(ev.involvedObject, { kind: 'Pod', name: 'p' });
  });

  it('decodes a Job and a CronJob with their pointer fields', () => {
    const tmpl = msg(6, meta(1, ''), msg(2, msg(2, str(1, 'j'), str(2, 'busybox')), str(3, 'Never')));
    const jobSpec = cat(int(1, 1), int(2, 3), int(7, 0), bool(10, false), str(9, 'Indexed'), tmpl);
    const job = decodeProtobuf(envelope('batch/v1', 'Job', cat(meta(1, 'j'), msg(2, jobSpec))), strategy('batch', 'Job')) as any;
    assert.deepEqual(job.spec, {
      parallelism: 1,
      completions: 3,
      backoffLimit: 0,
      suspend: false,
      completionMode: 'Indexed',
      template: { metadata: {}, spec: { containers: [{ name: 'j', image: 'busybox' }], restartPolicy: 'Never' } },
    });
    const cronSpec = cat(str(1, '*/5 * * * *'), int(2, 0), str(3, 'Forbid'), msg(5, meta(1, 'c'), msg(2, jobSpec)), int(6, 3), str(8, 'Etc/UTC'));
    const cron = decodeProtobuf(envelope('batch/v1', 'CronJob', cat(meta(1, 'c'), msg(2, cronSpec))), strategy('batch', 'CronJob')) as any;
    assert.equal(cron.spec.schedule, '*/5 * * * *');
    assert.equal(cron.spec.startingDeadlineSeconds, 0);
    assert.equal(cron.spec.concurrencyPolicy, 'Forbid');
    assert.equal(cron.spec.successfulJobsHistoryLimit, 3);
    assert.equal(cron.spec.timeZone, 'Etc/UTC');
    assert.equal(cron.spec.jobTemplate.spec.completions, 3);
    assert.equal(cron.spec.jobTemplate.metadata.name, 'c');
  });

  it('decodes a TokenRequest (create token), even when posted under serviceaccounts', () => {
    const raw = cat(
      meta(1, ''),
      msg(2, str(1, 'https://kubernetes.default.svc'), str(1, 'vault'), msg(3, str(1, 'Pod'), str(2, 'v1'), str(3, 'p1'), str(4, 'uid-1')), int(4, 600)),
      msg(3, str(1, ''), msg(2)),
    );
    const body = envelope('authentication.k8s.io/v1', 'TokenRequest', raw);
    assert.deepEqual(decodeProtobuf(body, strategy('', 'ServiceAccount')), {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: {},
      spec: {
        audiences: ['https://kubernetes.default.svc', 'vault'],
        boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p1', uid: 'uid-1' },
        expirationSeconds: 600,
      },
      status: {},
    });
  });

  it('decodes a SelfSubjectAccessReview (auth can-i) and a SubjectAccessReview with extra', () => {
    const ssar = cat(
      meta(1, ''),
      msg(2, msg(1, str(1, 'default'), str(2, 'get'), str(3, ''), str(4, ''), str(5, 'pods'), str(6, 'log'), str(7, 'web-0'))),
      msg(3, bool(1, false), str(2, ''), str(3, ''), bool(4, false)),
    );
    const s1 = decodeProtobuf(envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', ssar), strategy('', 'Namespace')) as any;
    assert.equal(s1.kind, 'SelfSubjectAccessReview');
    assert.deepEqual(s1.spec, { resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods', subresource: 'log', name: 'web-0' } });
    const nonResource = cat(meta(1, ''), msg(2, msg(2, str(1, '/healthz'), str(2, 'get'))));
    const s2 = decodeProtobuf(envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', nonResource), strategy('', 'Namespace')) as any;
    assert.deepEqual(s2.spec, { nonResourceAttributes: { path: '/healthz', verb: 'get' } });
    const sar = cat(
      meta(1, ''),
      msg(2, msg(1, str(2, 'list'), str(5, 'secrets')), str(3, 'alice'), str(4, 'devs'), str(4, 'ops'), entry(5, 'scopes', msg(2, str(1, 'a'), str(1, 'b'))), str(6, 'u-1')),
    );
    const s3 = decodeProtobuf(envelope('authorization.k8s.io/v1', 'SubjectAccessReview', sar), strategy('', 'Namespace')) as any;
    assert.deepEqual(s3.spec, {
      resourceAttributes: { verb: 'list', resource: 'secrets' },
      user: 'alice',
      groups: ['devs', 'ops'],
      extra: { scopes: ['a', 'b'] },
      uid: 'u-1',
    });
  });

  // No horizontalpodautoscalers resource is served yet: the envelope's kind picks the schema.
  it('decodes HorizontalPodAutoscalers of autoscaling/v2 and v1', () => {
    const ref = msg(1, str(1, 'Deployment'), str(2, 'web'), str(3, 'apps/v1'));
    const metric = msg(4, str(1, 'Resource'), msg(4, str(1, 'cpu'), msg(2, str(1, 'Utilization'), int(4, 50))));
    const behavior = msg(5, msg(2, int(3, 0), str(1, 'Min'), msg(2, str(1, 'Pods'), int(2, 1), int(3, 60))));
    const v2 = decodeProtobuf(envelope('autoscaling/v2', 'HorizontalPodAutoscaler', cat(meta(1, 'web'), msg(2, ref, int(2, 1), int(3, 5), metric, behavior))), strategy('apps', 'Deployment')) as any;
    assert.deepEqual(v2.spec, {
      scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      behavior: { scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Min', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
    });
    const v1 = decodeProtobuf(envelope('autoscaling/v1', 'HorizontalPodAutoscaler', cat(meta(1, 'web'), msg(2, ref, int(3, 3), int(4, 80)))), strategy('apps', 'Deployment')) as any;
    assert.deepEqual(v1.spec, { scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, maxReplicas: 3, targetCPUUtilizationPercentage: 80 });
  });

  it('skips unknown and post-1.25 field numbers, and says so', () => {
    const raw = cat(
      meta(1, 'p', int(99, 7)),
      msg(2, msg(2, str(1, 'c'), str(2, 'img')), msg(39, str(1, 'claim')), bytes(250, [1, 2, 3])),
    );
    const r = decodeProtobufDetailed(envelope('v1', 'Pod', raw), strategy('', 'Pod'));
    assert.deepEqual(r.object, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'img' }] } });
    assert.deepEqual(r.skipped, [
      'metadata: unknown field 99 of io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta skipped',
      'spec: unknown field 39 of io.k8s.api.core.v1.PodSpec skipped',
      'spec: unknown field 250 of io.k8s.api.core.v1.PodSpec skipped',
    ]);
  });

  it('takes apiVersion/kind from the envelope and leaves a mismatch to the caller', () => {
    const raw = cat(meta(1, 'x'));
    const out = decodeProtobuf(envelope('v1', 'ConfigMap', raw), strategy('', 'Secret')) as any;
    assert.equal(out.kind, 'ConfigMap');
    assert.equal(out.apiVersion, 'v1');
    // An envelope without TypeMeta decodes as the URL's kind and carries no apiVersion/kind.
    const bare = decodeProtobuf(cat(MAGIC, bytes(2, cat(meta(1, 'y'), sentry(2, 'k', 'v')))), strategy('', 'ConfigMap'));
    assert.deepEqual(bare, { metadata: { name: 'y' }, data: { k: 'v' } });
  });

  it('answers 415 for a kind without protobuf tables', () => {
    assert.throws(
      () => decodeProtobuf(envelope('networking.k8s.io/v1', 'NetworkPolicy', meta(1, 'r')), strategy('networking.k8s.io', 'NetworkPolicy')),
      (e: unknown) => e instanceof StatusError && e.code === 415 && e.reason === 'UnsupportedMediaType',
    );
  });
});

describe('protobuf: malformed bodies are 400 Bad Request', () => {
  const ns = strategy('', 'Namespace');

  it('rejects a body without the k8s magic', () => {
    assert400(() => decodeProtobuf(Buffer.from('{"kind":"Namespace"}'), ns), /magic/);
    assert400(() => decodeProtobuf(Buffer.alloc(0), ns), /magic/);
    assert400(() => decodeProtobuf(Buffer.from([0x6b, 0x38, 0x73]), ns), /magic/);
  });

  it('rejects bodies cut inside a field', () => {
    // Cutting between fields leaves valid (shorter) protobuf; cutting inside one must not.
    const raw = cat(MAGIC, bytes(2, cat(meta(1, 'ns1', sentry(11, 'a', 'b')), msg(2, str(1, 'kubernetes')))));
    for (let cut = MAGIC.length + 1; cut < raw.length; cut++) assert400(() => decodeProtobuf(raw.subarray(0, cut), ns), /protobuf/);
    const typeMeta = cat(MAGIC, msg(1, str(1, 'v1'), str(2, 'Namespace')));
    for (let cut = MAGIC.length + 1; cut < typeMeta.length; cut++) assert400(() => decodeProtobuf(typeMeta.subarray(0, cut), ns), /protobuf/);
  });

  it('rejects bad varints, wire types and overlong lengths', () => {
    assert400(() => decodeProtobuf(cat(MAGIC, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), ns), /varint/);
    assert400(() => decodeProtobuf(envelope('v1', 'Namespace', int(1, 5)), ns), /metadata: wire type 0, expected 2/);
    assert400(() => decodeProtobuf(envelope('v1', 'Namespace', cat(tag(1, 3), tag(1, 4))), ns), /wire type/);
    assert400(() => decodeProtobuf(envelope('v1', 'Namespace', cat(tag(1, 2), varint(1000), [1, 2])), ns), /length 1000/);
    assert400(() => decodeProtobuf(envelope('v1', 'Namespace', cat(tag(0, 0), [0])), ns), /field number/);
  });

  it('rejects an unsupported contentEncoding and non-JSON embedded objects', () => {
    const gz = cat(MAGIC, msg(1, str(1, 'v1'), str(2, 'Namespace')), bytes(2, meta(1, 'x')), str(3, 'gzip'));
    assert400(() => decodeProtobuf(gz, ns), /contentEncoding "gzip"/);
    const rev = envelope('apps/v1', 'ControllerRevision', cat(meta(1, 'r'), msg(2, bytes(1, Buffer.from('not json'))), int(3, 1)));
    assert400(() => decodeProtobuf(rev, strategy('apps', 'ControllerRevision')), /data: embedded object is not JSON/);
    const ok = envelope('apps/v1', 'ControllerRevision', cat(meta(1, 'r'), msg(2, bytes(1, Buffer.from('{"spec":{"x":1}}'))), int(3, 4)));
    assert.deepEqual((decodeProtobuf(ok, strategy('apps', 'ControllerRevision')) as any).data, { spec: { x: 1 } });
  });
});

// ---------------------------------------------------------------------------------------------
// Bytes captured from kubectl 1.33 (through a logging proxy in front of kubette) and what kubectl
// itself renders for the same objects with --dry-run=client -o json (creationTimestamp: null aside).

const captured: [string, string, AnyStrategy, object][] = [
  ['create namespace ns1', '6b3873000a0f0a02763112094e616d657370616365121b0a130a036e733112001a0022002a0032003800420012001a020a001a002200', strategy('', 'Namespace'),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns1' }, spec: {}, status: {} }],
  ['create configmap cm1 --from-literal=a=b', '6b3873000a0f0a0276311209436f6e6669674d6170121d0a130a03636d3112001a0022002a0032003800420012060a01611201621a002200', strategy('', 'ConfigMap'),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1' }, data: { a: 'b' } }],
  ['create secret generic s1 --from-literal=p=q', '6b3873000a0c0a0276311206536563726574121e0a120a02733112001a0022002a0032003800420012060a01701201711a001a002200', strategy('', 'Secret'),
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1' }, data: { p: 'cQ==' } }],
  ['create deployment d1 --image=nginx:1.25 --replicas=2 -- sleep 10', '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412b8010a1d0a02643112001a0022002a003200380042005a090a03617070120264311288010802120b0a090a03617070120264311a6f0a1b0a0012001a0022002a003200380042005a090a0361707012026431125012320a056e67696e78120a6e67696e783a312e32351a05736c6565701a0231302a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200', strategy('apps', 'Deployment'),
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd1', labels: { app: 'd1' } }, spec: { replicas: 2, selector: { matchLabels: { app: 'd1' } }, template: { metadata: { labels: { app: 'd1' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', command: ['sleep', '10'], resources: {} }] } }, strategy: {} }, status: {} }],
  ['create job j1 --image=busybox -- echo hi', '6b3873000a0f0a0862617463682f763112034a6f621284010a120a026a3112001a0022002a00320038004200126432620a100a0012001a0022002a00320038004200124e122b0a026a31120762757379626f781a046563686f1a0268692a0042006a007200800100880100900100a201001a054e65766572320042004a0052005800600068008201008a01009a0100c201001a082000280030003a001a002200', strategy('batch', 'Job'),
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j1' }, spec: { template: { metadata: {}, spec: { containers: [{ name: 'j1', image: 'busybox', command: ['echo', 'hi'], resources: {} }], restartPolicy: 'Never' } } }, status: {} }],
  ['create cronjob c1 --image=busybox --schedule="*/5 * * * *"', '6b3873000a130a0862617463682f7631120743726f6e4a6f62129e010a120a02633112001a0022002a003200380042001285010a0b2a2f35202a202a202a202a1a002a740a120a02633112001a0022002a00320038004200125e325c0a100a0012001a0022002a00320038004200124812210a026331120762757379626f782a0042006a007200800100880100900100a201001a094f6e4661696c757265320042004a0052005800600068008201008a01009a0100c201001a001a002200', strategy('batch', 'CronJob'),
    { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c1' }, spec: { schedule: '*/5 * * * *', jobTemplate: { metadata: { name: 'c1' }, spec: { template: { metadata: {}, spec: { containers: [{ name: 'c1', image: 'busybox', resources: {} }], restartPolicy: 'OnFailure' } } } } }, status: {} }],
  ['create service clusterip svc1 --tcp=80:8080', '6b3873000a0d0a027631120753657276696365126c0a210a047376633112001a0022002a003200380042005a0b0a0361707012047376633112430a1b0a0738302d38303830120354435018502207080010903f1a002800120b0a036170701204737663311a002209436c757374657249503a00420052005a00600068001a020a001a002200', strategy('', 'Service'),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc1', labels: { app: 'svc1' } }, spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'svc1' }, type: 'ClusterIP' }, status: { loadBalancer: {} } }],
  ['create serviceaccount sa1', '6b3873000a140a027631120e536572766963654163636f756e7412150a130a0373613112001a0022002a003200380042001a002200', strategy('', 'ServiceAccount'),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa1' } }],
  ['create token sa1', '6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e52657175657374121a0a100a0012001a0022002a0032003800420012001a040a0012001a002200', strategy('', 'ServiceAccount'),
    { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: {}, spec: {}, status: {} }],
  ['auth can-i get pods', '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577123c0a100a0012001a0022002a00320038004200121e0a1c0a0764656661756c7412036765741a0022002a04706f647332003a001a08080012001a0020001a002200', strategy('', 'Namespace'),
    { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec: { resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } }, status: {} }],
  ['autoscale deploy d1 --max=3 (autoscaling/v2)', '6b3873000a290a0e6175746f7363616c696e672f76321217486f72697a6f6e74616c506f644175746f7363616c657212390a120a02643112001a0022002a00320038004200121d0a190a0a4465706c6f796d656e74120264311a07617070732f763118031a04180020001a002200', strategy('apps', 'Deployment'),
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'd1' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd1', apiVersion: 'apps/v1' }, maxReplicas: 3 }, status: {} }],
];

describe('protobuf: bodies captured from kubectl 1.33', () => {
  for (const [command, hex, s, want] of captured) {
    it(`kubectl ${command}`, () => {
      const r = decodeProtobufDetailed(Buffer.from(hex, 'hex'), s);
      assert.deepEqual(r.object, want);
      assert.deepEqual(r.skipped, []);
    });
  }

  it('decodes a typical Deployment fast', (t) => {
    const small = Buffer.from(captured[3]![1], 'hex');
    // A fuller manifest: labels, probes, env, resources, volume, security context.
    const container = cat(
      str(1, 'web'), str(2, 'registry.example.com/team/web:1.4.2'), str(4, '--listen=:8080'),
      msg(6, str(1, 'http'), int(3, 8080), str(4, 'TCP')),
      msg(7, str(1, 'LOG_LEVEL'), str(2, 'info')),
      msg(7, str(1, 'POD_NAME'), msg(3, msg(1, str(1, 'v1'), str(2, 'metadata.name')))),
      msg(8, entry(1, 'cpu', quantity(2, '1')), entry(1, 'memory', quantity(2, '512Mi')), entry(2, 'cpu', quantity(2, '100m')), entry(2, 'memory', quantity(2, '128Mi'))),
      msg(9, str(1, 'cfg'), str(3, '/etc/web')),
      msg(10, msg(1, msg(2, str(1, '/healthz'), intOrString(2, 'http'))), int(2, 10)),
      msg(11, msg(1, msg(2, str(1, '/ready'), intOrString(2, 8080))), int(4, 5)),
      str(14, 'IfNotPresent'),
      msg(15, bool(7, false), bool(5, true), msg(1, str(2, 'ALL'))),
    );
    const labels = cat(sentry(11, 'app', 'web'), sentry(11, 'tier', 'frontend'), sentry(11, 'team', 'payments'));
    const big = envelope('apps/v1', 'Deployment', cat(
      meta(1, 'web', labels, sentry(12, 'deployment.kubernetes.io/revision', '3')),
      msg(2, int(1, 3), msg(2, sentry(1, 'app', 'web')),
        msg(3, meta(1, '', labels), msg(2, msg(1, str(1, 'cfg'), msg(2, msg(19, msg(1, str(1, 'web-config'))))), msg(2, container), int(4, 30), str(6, 'ClusterFirst'), str(8, 'web'))),
        msg(4, str(1, 'RollingUpdate'), msg(2, intOrString(1, '25%'), intOrString(2, '25%'))), int(6, 10), int(9, 600)),
      msg(3),
    ));
    const d = decodeProtobuf(big, strategy('apps', 'Deployment')) as any;
    assert.equal(d.spec.template.spec.containers[0].readinessProbe.httpGet.port, 8080);
    for (const [label, body] of [['kubectl create deployment', small], ['fuller Deployment', big]] as const) {
      const n = 20_000;
      for (let i = 0; i < 1000; i++) decodeProtobuf(body, strategy('apps', 'Deployment'));
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) decodeProtobuf(body, strategy('apps', 'Deployment'));
      const us = Number(process.hrtime.bigint() - t0) / 1000 / n;
      t.diagnostic(`${label} (${body.length} bytes): ${us.toFixed(2)} µs per decode`);
      assert.ok(us < 200, `${label}: ${us} µs per decode`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The tables against the v1.25 definitions.

const SPECIAL = new Set([
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
  'io.k8s.apimachinery.pkg.runtime.RawExtension',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  'io.k8s.apimachinery.pkg.api.resource.Quantity',
]);

const ROOTS: [string, string, string][] = [
  ['', 'v1', 'Namespace'], ['', 'v1', 'ConfigMap'], ['', 'v1', 'Secret'], ['', 'v1', 'Service'], ['', 'v1', 'ServiceAccount'],
  ['', 'v1', 'Pod'], ['', 'v1', 'PodTemplate'], ['', 'v1', 'Endpoints'], ['', 'v1', 'Event'], ['', 'v1', 'PersistentVolume'],
  ['', 'v1', 'PersistentVolumeClaim'], ['', 'v1', 'LimitRange'], ['', 'v1', 'ResourceQuota'], ['', 'v1', 'ReplicationController'],
  ['apps', 'v1', 'Deployment'], ['apps', 'v1', 'ReplicaSet'], ['apps', 'v1', 'StatefulSet'], ['apps', 'v1', 'DaemonSet'],
  ['apps', 'v1', 'ControllerRevision'], ['batch', 'v1', 'Job'], ['batch', 'v1', 'CronJob'],
  ['authentication.k8s.io', 'v1', 'TokenRequest'], ['authentication.k8s.io', 'v1', 'TokenReview'],
  ['authorization.k8s.io', 'v1', 'SelfSubjectAccessReview'], ['authorization.k8s.io', 'v1', 'SubjectAccessReview'],
  ['authorization.k8s.io', 'v1', 'LocalSubjectAccessReview'], ['authorization.k8s.io', 'v1', 'SelfSubjectRulesReview'],
  ['autoscaling', 'v1', 'HorizontalPodAutoscaler'], ['autoscaling', 'v1', 'Scale'], ['autoscaling', 'v2', 'HorizontalPodAutoscaler'],
];

/** Properties kubernetes-types 1.25.0 lacks, so the definitions do too; the tables keep the proto facts. */
const DEFINITION_GAPS = new Set(['io.k8s.api.authorization.v1.ResourceRule.verbs', 'io.k8s.api.authorization.v1.ResourceRule.resources']);

const refOf = (s: Schema | undefined) => s?.$ref?.replace('#/definitions/', '');

/** JSON properties a message's table fills, following inlined structs. */
function coveredProps(name: string): string[] {
  return (tableFor(name) ?? []).flatMap((f) => (f.inline ? coveredProps(f.inline) : [f.prop!]));
}

describe('protobuf: field tables', () => {
  it('name only properties of the v1.25 definitions, each once per message', () => {
    const inlinedBy = new Map<string, string[]>();
    for (const name of tableNames())
      for (const f of tableFor(name)!) if (f.inline) inlinedBy.set(f.inline, [...(inlinedBy.get(f.inline) ?? []), name]);
    for (const name of tableNames()) {
      const owners = definition(name) ? [name] : (inlinedBy.get(name) ?? []);
      assert.ok(owners.length > 0, `${name}: neither a definition nor inlined anywhere`);
      for (const owner of owners) {
        const props = definition(owner)!.properties ?? {};
        for (const f of tableFor(name)!)
          if (f.prop && !DEFINITION_GAPS.has(`${owner}.${f.prop}`)) assert.ok(f.prop in props, `${name} field ${f.no}: "${f.prop}" is not a property of ${owner}`);
        const seen = coveredProps(owner);
        assert.equal(new Set(seen).size, seen.length, `${owner}: a property has two field numbers`);
      }
    }
  });

  it('cover every property of every message reachable from the kinds clients send as protobuf', () => {
    const seen = new Set<string>();
    const missing: string[] = [];
    const visit = (name: string) => {
      if (seen.has(name) || SPECIAL.has(name)) return;
      seen.add(name);
      const def = definition(name);
      assert.ok(def, `no definition ${name}`);
      if (!tableFor(name)) {
        missing.push(`${name}: no field table`);
        return;
      }
      const covered = new Set(coveredProps(name));
      for (const [prop, s] of Object.entries(def.properties ?? {})) {
        if (prop === 'apiVersion' || prop === 'kind') continue;
        if (!covered.has(prop)) missing.push(`${name}.${prop}: no field number`);
        for (const sub of [s, s.items, typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined]) {
          const ref = refOf(sub);
          if (ref) visit(ref);
        }
      }
    };
    for (const [g, v, k] of ROOTS) {
      const name = definitionNameFor(g, v, k);
      assert.ok(name, `no definition for ${g}/${v} ${k}`);
      visit(name);
    }
    assert.deepEqual(missing, []);
    assert.ok(seen.size > 150, `walked ${seen.size} definitions`);
  });
});

// ---------------------------------------------------------------------------------------------
// The real kubectl 1.33 against the real server.

describe('protobuf: kubectl 1.33 create commands against kubette', () => {
  let cluster: Cluster;
  let kubectl: ReturnType<typeof client>;
  const get = async (path: string) => {
    const r = await api(cluster.url, 'GET', path);
    assert.equal(r.status, 200, r.text);
    return r.body;
  };
  const create = async (args: string[], printed: string) => {
    const r = await kubectl.run(['create', ...args]);
    assert.equal(r.code, 0, `kubectl create ${args.join(' ')}: ${r.stderr}\n${cluster.logs()}`);
    assert.equal(r.stdout.trim(), printed);
  };

  before(async () => {
    cluster = await startCluster();
    kubectl = client(kubectlVersion(33), cluster.kubeconfig);
  });
  after(async () => {
    kubectl?.cleanup();
    await cluster?.stop();
    cluster?.cleanup();
  });

  it('create namespace', async () => {
    await create(['namespace', 'ns1'], 'namespace/ns1 created');
    const ns = await get('/api/v1/namespaces/ns1');
    assert.equal(ns.metadata.name, 'ns1');
    assert.equal(ns.status.phase, 'Active');
  });

  it('create configmap', async () => {
    await create(['configmap', 'cm1', '--from-literal=a=b', '--from-literal=empty='], 'configmap/cm1 created');
    assert.deepEqual((await get('/api/v1/namespaces/default/configmaps/cm1')).data, { a: 'b', empty: '' });
  });

  it('create secret generic', async () => {
    await create(['secret', 'generic', 's1', '--from-literal=p=q'], 'secret/s1 created');
    const s = await get('/api/v1/namespaces/default/secrets/s1');
    assert.deepEqual(s.data, { p: Buffer.from('q').toString('base64') });
    assert.equal(s.type, 'Opaque');
  });

  it('create deployment', async () => {
    await create(['deployment', 'd1', '--image=nginx:1.25', '--replicas=2', '--', 'sleep', '10'], 'deployment.apps/d1 created');
    const d = await get('/apis/apps/v1/namespaces/default/deployments/d1');
    assert.equal(d.spec.replicas, 2);
    assert.deepEqual(d.spec.selector, { matchLabels: { app: 'd1' } });
    assert.deepEqual(d.spec.template.metadata.labels, { app: 'd1' });
    const [c] = d.spec.template.spec.containers;
    assert.equal(c.name, 'nginx');
    assert.equal(c.image, 'nginx:1.25');
    assert.deepEqual(c.command, ['sleep', '10']);
    assert.equal(d.spec.strategy.type, 'RollingUpdate', 'defaults ran on the decoded object');
  });

  it('create deployment with zero replicas in another namespace', async () => {
    await create(['deployment', 'd0', '-n', 'ns1', '--image=busybox', '--replicas=0', '--port=8080'], 'deployment.apps/d0 created');
    const d = await get('/apis/apps/v1/namespaces/ns1/deployments/d0');
    assert.equal(d.spec.replicas, 0, 'an explicit 0 in a pointer field survives');
    assert.deepEqual(d.spec.template.spec.containers[0].ports, [{ containerPort: 8080, protocol: 'TCP' }]);
  });

  it('create job', async () => {
    await create(['job', 'j1', '--image=busybox', '--', 'echo', 'hi'], 'job.batch/j1 created');
    const j = await get('/apis/batch/v1/namespaces/default/jobs/j1');
    const [c] = j.spec.template.spec.containers;
    assert.equal(c.image, 'busybox');
    assert.deepEqual(c.command, ['echo', 'hi']);
    assert.equal(j.spec.template.spec.restartPolicy, 'Never');
  });

  it('create cronjob', async () => {
    await create(['cronjob', 'c1', '--image=busybox', '--schedule=*/5 * * * *'], 'cronjob.batch/c1 created');
    const cj = await get('/apis/batch/v1/namespaces/default/cronjobs/c1');
    assert.equal(cj.spec.schedule, '*/5 * * * *');
    assert.equal(cj.spec.jobTemplate.spec.template.spec.containers[0].image, 'busybox');
    assert.equal(cj.spec.jobTemplate.spec.template.spec.restartPolicy, 'OnFailure');
  });

  it('create service clusterip', async () => {
    await create(['service', 'clusterip', 'svc1', '--tcp=80:8080'], 'service/svc1 created');
    const svc = await get('/api/v1/namespaces/default/services/svc1');
    assert.deepEqual(svc.spec.ports, [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }]);
    assert.deepEqual(svc.spec.selector, { app: 'svc1' });
    assert.equal(svc.spec.type, 'ClusterIP');
  });

  it('create serviceaccount', async () => {
    await create(['serviceaccount', 'sa1'], 'serviceaccount/sa1 created');
    assert.equal((await get('/api/v1/namespaces/default/serviceaccounts/sa1')).metadata.name, 'sa1');
  });
});
