// Protobuf responses: the encoder writes the field numbers of upstream generated.proto (checked
// against hand-built bytes), round-trips through the decoder for every covered kind, refuses what it
// cannot encode; and `kubette up` answers protobuf to protobuf-only clients (objects, lists, Scale,
// Status), JSON to clients that also take JSON, and 406 for kinds without field tables.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeMessage, decodeProtobuf } from '../src/apiserver/protobuf/index.js';
import { EncodeError, encodableDefinition, encodeMessage, encodeProtobuf } from '../src/apiserver/protobuf/encode.js';
import { builtinStrategies } from '../src/registry/index.js';
import { api, apiOnly, kfetch, startCluster, type Cluster } from './helpers/cluster.js';
import { cat, varint, int, bytes, str, msg, sentry, MAGIC, envelope, strategy } from './helpers/pbwriter.js';

type Obj = Record<string, any>;

/** encode → decode through the envelope, with the strategy of the object's own kind. */
function roundTrip(obj: Obj): unknown {
  const [group] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : [''];
  const s = builtinStrategies.find((x) => x.group === group && (x.kind === obj.kind || `${x.kind}List` === obj.kind)) ?? builtinStrategies[0]!;
  return decodeProtobuf(encodeProtobuf(obj), s);
}

const pod: Obj = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-1',
    namespace: 'shop',
    uid: '4f0c7f1e-2d8a-4c59-9a55-6c1b6a0d2e11',
    resourceVersion: '1234',
    creationTimestamp: '2026-03-04T05:06:07Z',
    deletionTimestamp: '2026-03-04T06:00:00Z',
    deletionGracePeriodSeconds: 0,
    labels: { app: 'web', tier: 'frontend' },
    annotations: { 'example.com/note': 'hello "quoted" ünïcode' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u-1', controller: true, blockOwnerDeletion: false }],
    finalizers: ['example.com/keep'],
    managedFields: [
      { manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2026-03-04T05:06:07Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {} } } } },
    ],
  },
  spec: {
    volumes: [
      { name: 'cfg', configMap: { name: 'web-config', items: [{ key: 'k', path: 'p', mode: 256 }], defaultMode: 420, optional: false } },
      { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
    ],
    containers: [
      {
        name: 'web',
        image: 'nginx:1.25',
        command: ['nginx'],
        args: ['-g', 'daemon off;'],
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        env: [
          { name: 'PLAIN', value: 'v' },
          { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
        ],
        resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } },
        volumeMounts: [{ name: 'cfg', readOnly: true, mountPath: '/etc/cfg' }],
        livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, initialDelaySeconds: 3, periodSeconds: 10 },
        readinessProbe: { tcpSocket: { port: 8080 } },
        terminationMessagePath: '/dev/termination-log',
        imagePullPolicy: 'IfNotPresent',
        securityContext: { capabilities: { drop: ['ALL'] }, runAsUser: 0, allowPrivilegeEscalation: false },
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    serviceAccountName: 'default',
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    priority: 0,
    enableServiceLinks: true,
  },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-03-04T05:06:09Z' }],
    podIP: '10.244.0.7',
    podIPs: [{ ip: '10.244.0.7' }],
    startTime: '2026-03-04T05:06:08Z',
    containerStatuses: [
      {
        name: 'web',
        state: { terminated: { exitCode: -1, signal: 9, reason: 'Error', startedAt: '2026-03-04T05:06:08Z', finishedAt: '2026-03-04T05:07:08Z' } },
        lastState: {},
        ready: true,
        restartCount: 2,
        image: 'nginx:1.25',
        imageID: 'docker-pullable://nginx@sha256:abc',
        started: false,
      },
    ],
    qosClass: 'Burstable',
  },
};

describe('protobuf encoding: field numbers', () => {
  it('writes a ConfigMap as upstream generated.proto numbers it, map entries sorted', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1', namespace: 'ns', labels: { z: '1', a: '2' } }, data: { k: 'v' }, immutable: true };
    const want = envelope(
      'v1',
      'ConfigMap',
      // ObjectMeta: name 1, namespace 3, labels 11; ConfigMap: metadata 1, data 2, immutable 4.
      cat(msg(1, str(1, 'cm1'), str(3, 'ns'), sentry(11, 'a', '2'), sentry(11, 'z', '1')), sentry(2, 'k', 'v'), int(4, 1)),
    );
    assert.equal(encodeProtobuf(cm).toString('hex'), want.toString('hex'));
  });

  it('writes times as Timestamp{seconds, nanos}, IntOrString with all three fields, negative ints sign-extended', () => {
    const raw = encodeMessage(
      {
        metadata: { name: 't', creationTimestamp: '2026-01-02T03:04:05+02:00' },
        spec: { ports: [{ port: 80, targetPort: 'http' }, { port: -1, targetPort: 8080 }] },
      },
      'io.k8s.api.core.v1.Service',
    );
    const seconds = Date.parse('2026-01-02T01:04:05Z') / 1000;
    const want = cat(
      msg(1, str(1, 't'), msg(8, int(1, seconds), int(2, 0))),
      // ServicePort: port 3, targetPort 4 (IntOrString: type 1, intVal 2, strVal 3).
      msg(2, msg(1, int(3, 80), msg(4, int(1, 1), int(2, 0), str(3, 'http'))), msg(1, int(3, -1), msg(4, int(1, 0), int(2, 8080), str(3, '')))),
    );
    assert.equal(raw.toString('hex'), want.toString('hex'));
    assert.equal(varint(-1).length, 10, 'a negative int32 takes ten bytes on the wire');
  });

  it('writes bytes fields from base64, FieldsV1 and RawExtension as JSON text, MicroTime with microseconds', () => {
    const secret = encodeMessage({ metadata: { name: 's' }, data: { p: Buffer.from([0, 255, 16]).toString('base64') }, type: 'Opaque' }, 'io.k8s.api.core.v1.Secret');
    assert.equal(secret.toString('hex'), cat(msg(1, str(1, 's')), msg(2, str(1, 'p'), bytes(2, [0, 255, 16])), str(3, 'Opaque')).toString('hex'));
    const fields = { 'f:data': {} };
    const mf = encodeMessage({ managedFields: [{ manager: 'm', fieldsV1: fields }] }, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    assert.equal(mf.toString('hex'), msg(17, str(1, 'm'), msg(7, bytes(1, Buffer.from(JSON.stringify(fields))))).toString('hex'));
    const ev = encodeMessage({ metadata: { name: 'e' }, eventTime: '2026-01-02T03:04:05.123456Z' }, 'io.k8s.api.core.v1.Event');
    const eventTime = cat(int(1, Date.parse('2026-01-02T03:04:05Z') / 1000), int(2, 123_456_000));
    assert.equal(ev.toString('hex'), cat(msg(1, str(1, 'e')), msg(10, eventTime)).toString('hex'));
  });

  it('writes lists as {1: ListMeta, 2: items} and leaves item TypeMeta to the envelope', () => {
    const list = { apiVersion: 'v1', kind: 'ConfigMapList', metadata: { resourceVersion: '9', continue: 'tok', remainingItemCount: 0 }, items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }] };
    const want = envelope('v1', 'ConfigMapList', cat(msg(1, str(2, '9'), str(3, 'tok'), int(4, 0)), msg(2, msg(1, str(1, 'a')))));
    assert.equal(encodeProtobuf(list).toString('hex'), want.toString('hex'));
  });
});

describe('protobuf encoding: round trips through the decoder', () => {
  const cases: [string, Obj][] = [
    ['a Pod with every kind of field', pod],
    [
      'a Deployment with pointer zeros',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd', namespace: 'default', generation: 3 },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'd' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] },
          template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
          revisionHistoryLimit: 10,
          progressDeadlineSeconds: 600,
        },
        status: { observedGeneration: 3, replicas: 2, conditions: [{ type: 'Available', status: 'True', lastUpdateTime: '2026-01-01T00:00:00Z', reason: 'MinimumReplicasAvailable' }] },
      },
    ],
    ['a Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'YWJj', b: '' }, type: 'Opaque', immutable: false }],
    [
      'a Service',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ name: 'h', protocol: 'TCP', port: 80, targetPort: 'http' }], selector: { app: 'x' }, clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], type: 'ClusterIP', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' }, status: { loadBalancer: {} } },
    ],
    [
      'a CronJob',
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj' }, spec: { schedule: '*/5 * * * *', suspend: false, successfulJobsHistoryLimit: 3, jobTemplate: { spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } }, status: { lastScheduleTime: '2026-01-01T00:05:00Z' } },
    ],
    [
      'an autoscaling/v2 HorizontalPodAutoscaler',
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd', apiVersion: 'apps/v1' }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] }, status: { currentReplicas: 1, desiredReplicas: 2 } },
    ],
    [
      'a TokenReview with extra (map of string lists)',
      { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', metadata: {}, spec: { token: 't' }, status: { authenticated: true, user: { username: 'u', groups: ['g'], extra: { scopes: ['a', 'b'], empty: [] } } } },
    ],
    ['a Scale', { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'd', namespace: 'default' }, spec: { replicas: 0 }, status: { replicas: 2, selector: 'app=d' } }],
    [
      'a Status with causes',
      { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Pod "x" is invalid: spec: Required value', reason: 'Invalid', details: { name: 'x', kind: 'pods', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec' }], retryAfterSeconds: 3 }, code: 422 },
    ],
    ['a PodList', { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '77', continue: 'c', remainingItemCount: 3 }, items: [{ metadata: pod.metadata, spec: pod.spec, status: pod.status }] }],
    ['a Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }],
  ];
  for (const [name, obj] of cases) {
    it(name, () => assert.deepEqual(roundTrip(obj), obj));
  }

  it('normalises times to UTC and keeps metav1.Time to whole seconds', () => {
    const got = roundTrip({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', creationTimestamp: '2026-01-02T03:04:05.9+02:00' } }) as Obj;
    assert.equal(got.metadata.creationTimestamp, '2026-01-02T01:04:05Z');
  });

  it('decodeMessage reads back encodeMessage for a message without an envelope', () => {
    const spec = { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }] }], hostNetwork: true };
    const raw = encodeMessage(spec, 'io.k8s.api.core.v1.PodSpec');
    assert.deepEqual(decodeMessage(raw, 0, raw.length, 'io.k8s.api.core.v1.PodSpec').object, spec);
  });
});

describe('protobuf encoding: what it refuses', () => {
  const refuses = (obj: Obj, message: RegExp) =>
    assert.throws(
      () => encodeProtobuf(obj),
      (e: unknown) => e instanceof EncodeError && message.test(e.message),
    );

  it('kinds without field tables (NetworkPolicy, CRDs, custom resources)', () => {
    assert.equal(encodableDefinition('networking.k8s.io/v1', 'NetworkPolicy'), undefined);
    assert.equal(encodableDefinition('apps/v1', 'Deployment'), 'io.k8s.api.apps.v1.Deployment');
    assert.equal(encodableDefinition('apps/v1', 'DeploymentList'), 'io.k8s.api.apps.v1.DeploymentList');
    refuses({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'r' } }, /no field table for networking\.k8s\.io\/v1 NetworkPolicy/);
    refuses({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'c' } }, /no field table/);
  });

  it('properties without a field number and values of the wrong type', () => {
    refuses({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, bogus: 1 }, /bogus: no field number in io\.k8s\.api\.core\.v1\.ConfigMap/);
    refuses({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', generation: 'x' } }, /metadata\.generation: expected an integer/);
    refuses({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', creationTimestamp: 'yesterday' } }, /metadata\.creationTimestamp: "yesterday" is not an RFC 3339 time/);
    refuses({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: 'c' } }, /spec\.containers: expected a list/);
  });
});

// ---------------------------------------------------------------------------------------------

const PB = 'application/vnd.kubernetes.protobuf';

async function getProtobuf(base: string, path: string, accept = PB): Promise<{ status: number; type: string | null; body: Buffer }> {
  const r = await kfetch(base + path, { headers: { Accept: accept } });
  return { status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
}

/** Go's JSON writes a zero Time as null; the protobuf form simply leaves it out. */
function dropNulls(v: any): any {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, dropNulls(x)]));
  return v;
}

describe('protobuf responses from kubette up', () => {
  let cluster: Cluster;
  let base: string;
  const ns = '/api/v1/namespaces/default';
  before(async () => {
    cluster = await startCluster({ args: apiOnly }); // objects stay as written: no controller acts on them
    base = cluster.url;
    const created = [
      await api(base, 'POST', `${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1', labels: { app: 'p' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: 'b' }], resources: { requests: { cpu: '100m' } } }] } }),
      await api(base, 'POST', `${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p2' }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '1'] }] } }),
      await api(base, 'POST', '/apis/apps/v1/namespaces/default/deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 3, selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }),
      await api(base, 'POST', `${ns}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'p' }, ports: [{ port: 80, targetPort: 'http' }] } }),
      await api(base, 'POST', `${ns}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec' }, data: { k: 'dmFsdWU=' } }),
      await api(base, 'POST', '/apis/networking.k8s.io/v1/namespaces/default/networkpolicies', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'r' }, spec: { podSelector: {} } }),
    ];
    for (const r of created) assert.equal(r.status, 201, r.text);
    // A controller's status write, so the Scale's status.replicas is not a zero the protobuf form omits.
    const st = await api(base, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/d/status', { status: { replicas: 2, observedGeneration: 1 } }, { 'Content-Type': 'application/merge-patch+json' });
    assert.equal(st.status, 200, st.text);
  });
  after(async () => {
    await cluster.stop();
    cluster.cleanup();
  });

  for (const [path, group, kind] of [
    [`${ns}/pods/p1`, '', 'Pod'],
    ['/apis/apps/v1/namespaces/default/deployments/d', 'apps', 'Deployment'],
    [`${ns}/services/s`, '', 'Service'],
    [`${ns}/secrets/sec`, '', 'Secret'],
    ['/api/v1/namespaces/default', '', 'Namespace'],
    ['/apis/apps/v1/namespaces/default/deployments/d/scale', 'apps', 'Deployment'],
  ] as const) {
    it(`GET ${path} in protobuf decodes to the JSON GET's object`, async () => {
      const json = await api(base, 'GET', path);
      assert.equal(json.status, 200, json.text);
      const pb = await getProtobuf(base, path);
      assert.equal(pb.status, 200);
      assert.equal(pb.type, PB);
      assert.deepEqual([...pb.body.subarray(0, 4)], MAGIC);
      assert.deepEqual(decodeProtobuf(pb.body, strategy(group, kind)), dropNulls(json.body));
    });
  }

  it('a list in protobuf: ListMeta and the items (whose TypeMeta only JSON repeats)', async () => {
    const json = await api(base, 'GET', `${ns}/pods?limit=1`);
    const pb = await getProtobuf(base, `${ns}/pods?limit=1`);
    assert.equal(pb.status, 200);
    const list = decodeProtobuf(pb.body, strategy('', 'Pod')) as Obj;
    assert.equal(list.kind, 'PodList');
    assert.ok(list.metadata.continue, 'the continue token is carried');
    assert.equal(list.metadata.remainingItemCount, 1);
    const want = dropNulls(json.body);
    want.items = want.items.map(({ apiVersion: _a, kind: _k, ...rest }: Obj) => rest);
    assert.deepEqual(list, want);
  });

  it('errors and delete results are protobuf Status objects', async () => {
    const missing = await getProtobuf(base, `${ns}/pods/nope`);
    assert.equal(missing.status, 404);
    assert.equal(missing.type, PB);
    const status = decodeProtobuf(missing.body, strategy('', 'Pod'));
    assert.deepEqual(status, (await api(base, 'GET', `${ns}/pods/nope`)).body);
    const del = await kfetch(`${base}${ns}/pods/p2`, { method: 'DELETE', headers: { Accept: PB } });
    assert.equal(del.status, 200);
    const deleted = decodeProtobuf(Buffer.from(await del.arrayBuffer()), strategy('', 'Pod')) as Obj;
    // A pod on no node goes at once (grace 0): the answer is the object, marked for deletion.
    assert.equal(deleted.metadata.name, 'p2');
  });

  it('a create answered in protobuf', async () => {
    const r = await kfetch(`${base}${ns}/configmaps`, {
      method: 'POST',
      headers: { Accept: PB, 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'made' }, data: { a: '1' } }),
    });
    assert.equal(r.status, 201);
    assert.equal(r.headers.get('content-type'), PB);
    const cm = decodeProtobuf(Buffer.from(await r.arrayBuffer()), strategy('', 'ConfigMap'));
    assert.deepEqual(cm, (await api(base, 'GET', `${ns}/configmaps/made`)).body);
  });

  it('clients that also take JSON get JSON (kubectl 1.32+ sends protobuf,json)', async () => {
    for (const accept of [`${PB},application/json`, `${PB}, */*`]) {
      const r = await getProtobuf(base, `${ns}/pods/p1`, accept);
      assert.equal(r.status, 200);
      assert.equal(r.type, 'application/json');
      assert.equal(JSON.parse(r.body.toString()).metadata.name, 'p1');
    }
  });

  it('406 in JSON for a kind without field tables, a protobuf Table, and a protobuf watch', async () => {
    for (const [path, accept] of [
      ['/apis/networking.k8s.io/v1/namespaces/default/networkpolicies/r', PB],
      [`${ns}/pods`, `${PB};as=Table;v=v1;g=meta.k8s.io`],
      [`${ns}/pods?watch=true&timeoutSeconds=1`, PB],
    ]) {
      const r = await getProtobuf(base, path!, accept);
      assert.equal(r.status, 406, path);
      assert.equal(r.type, 'application/json');
      const status = JSON.parse(r.body.toString());
      assert.equal(status.reason, 'NotAcceptable');
      assert.match(status.message, /^only the following media types are accepted: application\/json, application\/yaml/);
    }
  });
});
