// `kubectl describe` differential: the real kubectl 1.25.0 and src/cli/describe, in-process, against
// one `kubette up` with controllers, the scheduler and two simulated nodes. Outputs must be
// byte-identical once ages are normalised (test/helpers/normalize.ts).
import assert from 'node:assert/strict';
import { after, before, describe as suite, it } from 'node:test';
import { connect, RestClient } from '../src/client/rest.js';
import { describe, describeMany, type DescribeTarget } from '../src/cli/describe/index.js';
import { useCluster } from './helpers/cluster.js';
import { crdYaml } from './helpers/crd.js';
import { normalizeDescribeAges } from './helpers/normalize.js';
import { client, kubectl125 } from './helpers/tools.js';
import { expectOk, poll } from './helpers/wait.js';

const T: Record<string, DescribeTarget> = {
  pod: { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true },
  deployment: { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true },
  replicaset: { group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true },
  statefulset: { group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet', namespaced: true },
  daemonset: { group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', namespaced: true },
  namespace: { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false },
  service: { group: '', version: 'v1', resource: 'services', kind: 'Service', namespaced: true },
  configmap: { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true },
  secret: { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true },
  serviceaccount: { group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  node: { group: '', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false },
  job: { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', namespaced: true },
  cronjob: { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', namespaced: true },
  widget: { group: 'example.com', version: 'v1', resource: 'widgets', kind: 'Widget', namespaced: true },
};

// One data key per ConfigMap/Secret: kubectl 1.25 walks those maps in Go's random order.
const manifests = `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, labels: {app: web, tier: fe}, annotations: {note: hello, multi: "a\\nb\\n"}}
data: {settings: "line1\\nline2\\n"}
---
apiVersion: v1
kind: Secret
metadata: {name: sec}
type: Opaque
stringData: {password: s3cret}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-1
  labels: {app: web}
  annotations: {a.example.com/x: "y", long: "${'z'.repeat(150)}"}
spec:
  serviceAccountName: default
  priority: 0
  tolerations:
  - {key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}
  - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
  - {operator: Exists}
  nodeSelector: {kubernetes.io/os: linux}
  initContainers: [{name: init, image: busybox, command: [sh, -c, "exit 0"]}]
  containers:
  - name: main
    image: nginx:1.23
    command: [sh, -c]
    args: ["echo hi\\nsleep 1000"]
    ports: [{containerPort: 80, name: http}, {containerPort: 443, protocol: TCP}]
    env:
    - {name: PLAIN, value: "1"}
    - {name: MULTI, value: "a\\nb"}
    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
    - {name: CPU_LIM, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}
    - {name: FROM_CM, valueFrom: {configMapKeyRef: {name: cfg, key: settings}}}
    - {name: FROM_SEC, valueFrom: {secretKeyRef: {name: sec, key: password, optional: true}}}
    envFrom: [{configMapRef: {name: cfg}}, {secretRef: {name: sec}, prefix: S_}]
    resources: {limits: {cpu: 500m, memory: 128Mi}, requests: {cpu: 250m, memory: 64Mi}}
    livenessProbe: {httpGet: {path: /healthz, port: 80}, initialDelaySeconds: 3}
    readinessProbe: {tcpSocket: {port: http}}
    startupProbe: {exec: {command: [cat, /tmp/ok]}}
    volumeMounts:
    - {name: cfgvol, mountPath: /etc/cfg, readOnly: true}
    - {name: secvol, mountPath: /etc/sec}
    - {name: scratch, mountPath: /scratch, subPath: sub}
    - {name: kube-api-access-x7k2p, mountPath: /var/run/secrets/kubernetes.io/serviceaccount, readOnly: true}
  - name: side
    image: busybox
  volumes:
  - {name: cfgvol, configMap: {name: cfg}}
  - {name: secvol, secret: {secretName: sec, optional: true}}
  - {name: scratch, emptyDir: {sizeLimit: 1Gi}}
  - {name: tmp, emptyDir: {}}
  - {name: hp, hostPath: {path: /tmp/x, type: Directory}}
  - name: kube-api-access-x7k2p
    projected:
      sources:
      - serviceAccountToken: {expirationSeconds: 3607, path: token}
      - configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}
      - downwardAPI: {items: [{path: namespace, fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, labels: {app: web}}
spec:
  containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: stuck, labels: {app: stuck}}
spec:
  nodeSelector: {no-such: label}
  containers: [{name: c, image: nginx, resources: {limits: {cpu: "1", memory: 1Gi}}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: dep, labels: {app: dep}}
spec:
  replicas: 2
  selector: {matchLabels: {app: dep}}
  template:
    metadata: {labels: {app: dep}, annotations: {team: blue}}
    spec:
      containers: [{name: c, image: nginx, ports: [{containerPort: 80}], resources: {requests: {cpu: 100m, memory: 32Mi}}}]
---
apiVersion: v1
kind: Service
metadata: {name: svc}
spec:
  selector: {app: dep}
  ports: [{port: 80, targetPort: 8080, name: http}, {port: 443, targetPort: https, name: tls}]
---
apiVersion: v1
kind: Service
metadata: {name: np}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: bot}
secrets: [{name: sec}, {name: missing}]
imagePullSecrets: [{name: pull}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: job1}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox, command: [sh, -c, "exit 0"]}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cj}
spec:
  schedule: "0 0 1 1 *"
  startingDeadlineSeconds: 30
  jobTemplate:
    spec:
      activeDeadlineSeconds: 60
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: c, image: busybox}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: sts}
spec:
  serviceName: sts
  replicas: 1
  selector: {matchLabels: {app: sts}}
  template:
    metadata: {labels: {app: sts}}
    spec:
      containers: [{name: c, image: nginx, env: [{name: MEM, valueFrom: {resourceFieldRef: {resource: limits.memory}}}]}]
  volumeClaimTemplates:
  - metadata: {name: data, labels: {a: b}}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds}
spec:
  selector: {matchLabels: {app: ds}}
  template:
    metadata: {labels: {app: ds}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      containers: [{name: c, image: nginx, resources: {requests: {cpu: 100m, memory: 50Mi}, limits: {cpu: 200m, memory: 100Mi}}}]
---
apiVersion: v1
kind: Namespace
metadata: {name: ns1, labels: {team: a}}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: q, namespace: ns1}
spec: {hard: {pods: "10", requests.cpu: "2"}}
---
apiVersion: v1
kind: LimitRange
metadata: {name: lr, namespace: ns1}
spec: {limits: [{type: Container, default: {cpu: 500m}}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: empty}
---
${crdYaml('example.com', 'Widget', { type: 'object', 'x-kubernetes-preserve-unknown-fields': true })}`;

const widget = `apiVersion: example.com/v1
kind: Widget
metadata: {name: w1, labels: {color: blue}}
spec:
  size: 3
  ratio: 1.5
  big: 12345678.25
  enabled: true
  tags: [a, b]
  items: [{name: one, weight: 1}, {name: two}]
  nested: {deepField: {apiURL: "http://x", someUID: u, x-y: z, v1beta1: q}}
status: {phase: Ready}
`;

suite('kubectl describe (differential against kubectl 1.25.0)', () => {
  const cluster = useCluster({ args: ['--nodes', '2'] });
  let kubectl: ReturnType<typeof client>;
  let rest: RestClient;

  before(async () => {
    const c = cluster();
    kubectl = client(kubectl125(), c.kubeconfig);
    rest = connect(c.connection);
    const applied = await kubectl.run(['apply', '-f', '-'], manifests);
    assert.equal(applied.code, 0, applied.stderr);
    await poll('the Widget CRD to serve', async () => (await kubectl.run(['apply', '-f', '-'], widget)).code === 0, { timeoutMs: 10_000, intervalMs: 200 });
    const get = (path: string) => expectOk(c.url, 'GET', path);
    await poll(
      'pods and workloads to settle',
      async () => {
        const pods = (await get('/api/v1/namespaces/default/pods')).items as any[];
        const byName = (prefix: string) => pods.filter((p) => p.metadata.name.startsWith(prefix));
        const running = (ps: any[], n: number) => ps.length === n && ps.every((p) => p.status?.phase === 'Running' && p.status.containerStatuses?.every((s: any) => s.ready));
        const dep = await get('/apis/apps/v1/namespaces/default/deployments/dep');
        const job = await get('/apis/batch/v1/namespaces/default/jobs/job1');
        const ds = await get('/apis/apps/v1/namespaces/default/daemonsets/ds');
        const sts = await get('/apis/apps/v1/namespaces/default/statefulsets/sts');
        const ep = await get('/api/v1/namespaces/default/endpoints/svc');
        return (
          running(byName('web-'), 2) &&
          running(byName('dep-'), 2) &&
          running(byName('ds-'), 2) &&
          running(byName('sts-'), 1) &&
          dep.status?.availableReplicas === 2 &&
          dep.status?.conditions?.length === 2 &&
          job.status?.succeeded === 1 &&
          job.status?.completionTime &&
          ds.status?.numberAvailable === 2 &&
          sts.status?.readyReplicas === 1 &&
          (ep.subsets?.[0]?.addresses?.length ?? 0) === 2
        );
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    // A repeated Warning and a series event (events.k8s.io style) on the ConfigMap.
    const cm = await get('/api/v1/namespaces/default/configmaps/cfg');
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg', namespace: 'default', uid: cm.metadata.uid };
    const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    await expectOk(c.url, 'POST', '/api/v1/namespaces/default/events', {
      metadata: { name: 'cfg.repeated' },
      involvedObject: { ...ref, fieldPath: 'data{settings}' },
      type: 'Warning',
      reason: 'Repeated',
      message: '  something happened  ',
      count: 3,
      firstTimestamp: ago(300),
      lastTimestamp: ago(70),
      source: { component: 'tester' },
    });
    await expectOk(c.url, 'POST', '/api/v1/namespaces/default/events', {
      metadata: { name: 'cfg.series' },
      involvedObject: ref,
      type: 'Normal',
      reason: 'Series',
      message: 'series event',
      eventTime: new Date(Date.now() - 3 * 3600_000).toISOString().replace('Z', '000Z'),
      series: { count: 4, lastObservedTime: new Date(Date.now() - 3600_000).toISOString().replace('Z', '000Z') },
      reportingComponent: 'rc',
      reportingInstance: 'rc-1',
      action: 'Did',
    });
  });

  after(() => {
    rest?.close();
    kubectl?.cleanup();
  });

  /** kubectl 1.25 `describe <kind> <name>` and ours, after normalising ages. */
  async function compare(kind: keyof typeof T, name: string, namespace = 'default', expect: RegExp[] = []) {
    const args = ['describe', kind, name, ...(T[kind]!.namespaced ? ['-n', namespace] : [])];
    const theirs = await kubectl.run(args);
    assert.equal(theirs.code, 0, theirs.stderr);
    const ours = await describe(rest, T[kind]!, namespace, name, { showEvents: true });
    assert.equal(normalizeDescribeAges(ours), normalizeDescribeAges(theirs.stdout));
    for (const re of expect) assert.match(ours, re);
  }

  it('Pod: containers, state, env, mounts, probes, volumes incl. kube-api-access, QoS, tolerations, events', () =>
    compare('pod', 'web-1', 'default', [/Init Containers:/, /kube-api-access-x7k2p:\n {4}Type: +Projected/, /QoS Class: +Burstable/, /Scheduled .*default-scheduler/]));
  it('Pod: pending, unscheduled, Guaranteed', () => compare('pod', 'stuck', 'default', [/Node: +<none>/, /QoS Class: +Guaranteed/]));
  it('Deployment: replicas, strategy, pod template, conditions, ReplicaSets', () => compare('deployment', 'dep', 'default', [/NewReplicaSet: +dep-\w+ \(2\/2 replicas created\)/]));
  it('ReplicaSet', async () => {
    const rs = (await rest.resource({ group: 'apps', version: 'v1', resource: 'replicasets' }).list({ namespace: 'default', labelSelector: 'app=dep' })).items[0]!;
    await compare('replicaset', rs.metadata.name!, 'default', [/Controlled By: +Deployment\/dep/]);
  });
  it('StatefulSet', () => compare('statefulset', 'sts', 'default', [/Volume Claims:/]));
  it('DaemonSet', () => compare('daemonset', 'ds', 'default', [/Desired Number of Nodes Scheduled: 2/]));
  it('Namespace: quota and limit range sections, and none', async () => {
    await compare('namespace', 'ns1', 'default', [/Resource Quotas/, /Resource Limits/]);
    await compare('namespace', 'empty', 'default', [/No resource quota\.\n\nNo LimitRange resource\./]);
  });
  it('Service: endpoints per port, NodePort', async () => {
    await compare('service', 'svc', 'default', [/Endpoints: +\d+\.\d+\.\d+\.\d+:8080,/]);
    await compare('service', 'np');
  });
  it('ConfigMap with events (xN over, series)', () => compare('configmap', 'cfg', 'default', [/\(x3 over /, /\(x4 over /]));
  it('Secret', () => compare('secret', 'sec', 'default', [/password: +6 bytes/]));
  it('ServiceAccount: pull, mountable and missing secrets', () => compare('serviceaccount', 'bot', 'default', [/missing \(not found\)/]));
  it('Job and CronJob', async () => {
    await compare('job', 'job1', 'default', [/Pods Statuses: +0 Active \(0 Ready\) \/ 1 Succeeded/]);
    await compare('cronjob', 'cj', 'default', [/Active Deadline Seconds: +60s/]);
  });
  it('generic describer for a custom resource', () => compare('widget', 'w1', 'default', [/API Version: +example\.com\/v1/, /Big: +1\.234567825e\+07/, /Managed Fields:/]));
  it('Node: lease, conditions, pods table, allocated resources', async () => {
    // Lease renewals and heartbeats move between the two reads; retry until both saw the same node.
    let last: unknown;
    for (let i = 0; i < 5; i++) {
      try {
        return await compare('node', 'kubette-node-0', 'default', [/Non-terminated Pods:/, /Allocated resources:/]);
      } catch (err) {
        last = err;
      }
    }
    throw last;
  });

  it('describe many: lists, label selectors, prefix matches, not found, nothing found', async () => {
    const cases: [string[], string, Parameters<typeof describeMany>[3]][] = [
      [['describe', 'pods', '-l', 'app=web'], 'default', { labelSelector: 'app=web' }],
      [['describe', 'pod', 'web'], 'default', { name: 'web' }],
      [['describe', 'pod/web'], 'default', { name: 'web', exactName: true }],
      [['describe', 'pod', 'nope'], 'default', { name: 'nope' }],
      [['describe', 'pods', '-n', 'empty'], 'empty', {}],
      [['describe', 'pods', '-l', 'app=none', '-A'], 'default', { labelSelector: 'app=none', allNamespaces: true }],
      [['describe', 'configmaps', '-l', 'app=web', '-A'], 'default', { labelSelector: 'app=web', allNamespaces: true }],
    ];
    for (const [args, ns, sel] of cases) {
      const kind = args[1]!.replace(/\/.*$/, '').replace(/s$/, '') as keyof typeof T;
      const theirs = await kubectl.run(args);
      const ours = await describeMany(rest, T[kind]!, ns, sel, { showEvents: true });
      const what = args.join(' ');
      assert.equal(ours.code, theirs.code, what);
      assert.equal(ours.stderr, theirs.stderr, what);
      assert.equal(normalizeDescribeAges(ours.stdout), normalizeDescribeAges(theirs.stdout), what);
    }
  });
});
