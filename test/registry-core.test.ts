// The core/v1 strategies called directly, as the generic store calls them: defaults → prepareForCreate
// → validate (and defaults → prepareForUpdate → validateUpdate), plus the printers' cells.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, PersistentVolumeClaim, Pod, Service } from 'kubernetes-types/core/v1.js';
import { defaultPodTemplateSpec } from '../src/api/core/defaults.js';
import { canonicalQuantity, compareQuantities, parseQuantity } from '../src/api/core/quantity.js';
import { errorString, FieldPath } from '../src/machinery/fielderrors.js';
import { configMaps } from '../src/registry/core/configmaps.js';
import { endpoints } from '../src/registry/core/endpoints.js';
import { events } from '../src/registry/core/events.js';
import { coreStrategies } from '../src/registry/core/index.js';
import { limitRanges } from '../src/registry/core/limitranges.js';
import { namespaces } from '../src/registry/core/namespaces.js';
import { nodes } from '../src/registry/core/nodes.js';
import { persistentVolumeClaims } from '../src/registry/core/persistentvolumeclaims.js';
import { persistentVolumes } from '../src/registry/core/persistentvolumes.js';
import { pods } from '../src/registry/core/pods.js';
import { resourceQuotas } from '../src/registry/core/resourcequotas.js';
import { secrets } from '../src/registry/core/secrets.js';
import { randomClusterIP, randomNodePort, services } from '../src/registry/core/services.js';
import type { ResourceStrategy } from '../src/registry/strategy.js';
import { validatePodTemplateSpec } from '../src/validation/core/pod.js';

const NOW = new Date('2024-05-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** What the store does on create, minus metadata and storage; returns the rendered errors. */
function create<T>(s: ResourceStrategy<T>, obj: T): string[] {
  s.defaults?.(obj);
  s.prepareForCreate?.(obj);
  return (s.validate?.(obj) ?? []).map(errorString);
}

/** What the store does on a main-resource update: defaults, old status kept, prepare, validate. */
function update<T>(s: ResourceStrategy<T>, obj: T, old: T): string[] {
  s.defaults?.(obj);
  if (s.subresources?.status) (obj as { status?: unknown }).status = structuredClone((old as { status?: unknown }).status);
  s.prepareForUpdate?.(obj, old);
  return (s.validateUpdate?.(obj, old) ?? []).map(errorString);
}

const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'default', creationTimestamp: ago(300), ...extra });

function pod(spec: Partial<Pod['spec']> & Record<string, unknown> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta('web'), spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...spec } };
}

function createdPod(spec: Partial<Pod['spec']> & Record<string, unknown> = {}): Pod {
  const p = pod(spec);
  assert.deepEqual(create(pods, p), []);
  return p;
}

describe('pods: validation messages', () => {
  it('a container without an image gives exactly the Required error', () => {
    assert.deepEqual(create(pods, pod({ containers: [{ name: 'app' } as never] })), ['spec.containers[0].image: Required value']);
  });

  it('a pod without containers', () => {
    assert.deepEqual(create(pods, pod({ containers: [] })), ['spec.containers: Required value']);
  });

  it('a container name that is not a DNS label', () => {
    assert.deepEqual(create(pods, pod({ containers: [{ name: 'Web_1', image: 'nginx' }] })), [
      `spec.containers[0].name: Invalid value: "Web_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });

  it('duplicate container names, also between init and app containers', () => {
    const errs = create(pods, pod({ containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }], initContainers: [{ name: 'a', image: 'z' }] }));
    assert.deepEqual(errs, ['spec.containers[1].name: Duplicate value: "a"', 'spec.initContainers[0].name: Duplicate value: "a"']);
  });

  it('an unsupported restartPolicy and dnsPolicy', () => {
    assert.deepEqual(create(pods, pod({ restartPolicy: 'Sometimes', dnsPolicy: 'Google' })), [
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
  });

  it('ports: range, protocol, duplicate names, duplicate host ports', () => {
    const errs = create(
      pods,
      pod({
        containers: [
          {
            name: 'app',
            image: 'nginx',
            ports: [
              { name: 'http', containerPort: 80, hostPort: 8080 },
              { name: 'http', containerPort: 70000, protocol: 'HTTP' },
              { name: 'Bad--name', containerPort: 81, hostPort: 8080 },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(errs, [
      'spec.containers[0].ports[1].name: Duplicate value: "http"',
      'spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[2].name: Invalid value: "Bad--name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[2].name: Invalid value: "Bad--name": must not contain consecutive hyphens',
      'spec.containers[0].ports[2].hostPort: Duplicate value: "/TCP/8080"',
    ]);
  });

  it('env names, resources and requests above limits', () => {
    const errs = create(
      pods,
      pod({
        containers: [
          {
            name: 'app',
            image: 'nginx',
            env: [{ name: '1BAD' }, { name: 'OK', valueFrom: {} }],
            resources: { limits: { cpu: '500m' }, requests: { memory: 'lots', cpu: '1' } },
          },
        ],
      }),
    );
    assert.equal(errs.length, 4, errs.join('\n'));
    assert.match(errs[0]!, /^spec\.containers\[0\]\.env\[0\]\.name: Invalid value: "1BAD": a valid environment variable name must consist of/);
    assert.equal(errs[1], 'spec.containers[0].env[1].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`');
    assert.match(errs[2]!, /^spec\.containers\[0\]\.resources\.requests\[memory\]: Invalid value: "lots": quantities must match/);
    assert.equal(errs[3], 'spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit');
  });

  it('volumes: one source each, unique names; mounts name a volume and a path', () => {
    const errs = create(
      pods,
      pod({
        volumes: [
          { name: 'data', emptyDir: {}, hostPath: { path: '/tmp' } },
          { name: 'cfg', configMap: {} as never },
          { name: 'ok', secret: { secretName: 's' } },
          { name: 'ok', emptyDir: {} },
        ],
        containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'data', mountPath: '' }, { name: 'ok', mountPath: '/x' }] }],
      }),
    );
    assert.deepEqual(errs, [
      'spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[1].configMap.name: Required value',
      'spec.volumes[3].name: Duplicate value: "ok"',
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
      'spec.containers[0].volumeMounts[0].mountPath: Required value',
    ]);
  });

  it('init containers may not have probes', () => {
    const errs = create(pods, pod({ initContainers: [{ name: 'init', image: 'busybox', readinessProbe: { exec: { command: ['true'] } } }] }));
    assert.deepEqual(errs, ['spec.initContainers[0].readinessProbe: Invalid value: "": must not be set for init containers']);
  });

  it('pod templates report labels under the template path', () => {
    const t = { metadata: { labels: { 'bad key': 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
    defaultPodTemplateSpec(t);
    const errs = validatePodTemplateSpec(t, FieldPath.root('spec').child('template')).map(errorString);
    assert.equal(errs.length, 1);
    assert.match(errs[0]!, /^spec\.template\.labels: Invalid value: "bad key": name part must consist of/);
  });
});

describe('pods: defaults and status on create', () => {
  it('applies the v1.25 pod and container defaults', () => {
    const p = createdPod({
      containers: [
        { name: 'a', image: 'nginx' },
        { name: 'b', image: 'nginx:latest', ports: [{ containerPort: 80 }] },
        { name: 'c', image: 'registry:5000/team/app:1.2' },
        { name: 'd', image: 'nginx@sha256:abc' },
        { name: 'e', image: 'busybox', readinessProbe: { httpGet: { port: 80 } } },
      ],
      volumes: [{ name: 'v' } as never],
    });
    const s = p.spec!;
    assert.equal(s.restartPolicy, 'Always');
    assert.equal(s.dnsPolicy, 'ClusterFirst');
    assert.equal(s.schedulerName, 'default-scheduler');
    assert.equal(s.terminationGracePeriodSeconds, 30);
    assert.deepEqual(s.securityContext, {});
    assert.equal(s.enableServiceLinks, true);
    assert.deepEqual(s.volumes, [{ name: 'v', emptyDir: {} }]);
    assert.deepEqual(
      s.containers.map((c) => c.imagePullPolicy),
      ['Always', 'Always', 'IfNotPresent', 'IfNotPresent', 'Always'],
    );
    const b = s.containers[1]!;
    assert.equal(b.terminationMessagePath, '/dev/termination-log');
    assert.equal(b.terminationMessagePolicy, 'File');
    assert.deepEqual(b.resources, {});
    assert.equal(b.ports![0]!.protocol, 'TCP');
    assert.deepEqual(s.containers[4]!.readinessProbe, {
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    assert.deepEqual(p.status, { phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('templates do not get the pod-only defaults', () => {
    const t = { spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: '1' } } }] } };
    defaultPodTemplateSpec(t);
    assert.equal((t.spec as Record<string, unknown>).enableServiceLinks, undefined);
    assert.deepEqual(t.spec.containers[0]!.resources, { limits: { cpu: '1' } });
    assert.equal((t.spec as Record<string, unknown>).restartPolicy, 'Always');
  });

  it('computes the QoS class (requests default to limits first)', () => {
    const qos = (resources: object[]) =>
      createdPod({ containers: resources.map((r, i) => ({ name: `c${i}`, image: 'x', resources: r })) }).status!.qosClass;
    assert.equal(qos([{}]), 'BestEffort');
    assert.equal(qos([{ requests: { cpu: '100m' } }]), 'Burstable');
    assert.equal(qos([{ limits: { cpu: '1', memory: '1Gi' } }]), 'Guaranteed');
    assert.equal(qos([{ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } }]), 'Guaranteed');
    assert.equal(qos([{ limits: { cpu: '1', memory: '1Gi' } }, { limits: { cpu: '1' } }]), 'Burstable');
    assert.equal(qos([{ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } }]), 'Burstable');
  });

  it('stores quantities in canonical form', () => {
    const p = createdPod({ containers: [{ name: 'c', image: 'x', resources: { limits: { memory: '1024Mi', cpu: '0.5' } } }] });
    assert.deepEqual(p.spec!.containers[0]!.resources, { limits: { memory: '1Gi', cpu: '500m' }, requests: { memory: '1Gi', cpu: '500m' } });
  });
});

describe('pods: updates', () => {
  it('allows image, activeDeadlineSeconds and added tolerations', () => {
    const old = createdPod({ activeDeadlineSeconds: 100, tolerations: [{ key: 'a', operator: 'Exists' }] });
    const next = structuredClone(old);
    next.spec!.containers[0]!.image = 'nginx:1.26';
    next.spec!.activeDeadlineSeconds = 50;
    next.spec!.tolerations!.push({ key: 'b', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 });
    assert.deepEqual(update(pods, next, old), []);
  });

  it('forbids any other spec change with upstream message', () => {
    const old = createdPod();
    const next = structuredClone(old);
    next.spec!.containers[0]!.ports = [{ containerPort: 81 }];
    const errs = update(pods, next, old);
    assert.equal(errs.length, 1);
    assert.ok(
      errs[0]!.startsWith(
        'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n',
      ),
      errs[0],
    );
  });

  it('forbids raising activeDeadlineSeconds, removing tolerations and adding containers', () => {
    const old = createdPod({ activeDeadlineSeconds: 100, tolerations: [{ key: 'a', operator: 'Exists' }] });
    const raised = structuredClone(old);
    raised.spec!.activeDeadlineSeconds = 200;
    assert.deepEqual(update(pods, raised, old), ['spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value']);
    const untolerated = structuredClone(old);
    untolerated.spec!.tolerations = [];
    assert.deepEqual(update(pods, untolerated, old), ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
    const more = structuredClone(old);
    more.spec!.containers.push({ name: 'x', image: 'y' });
    assert.deepEqual(update(pods, more, old), ['spec.containers: Forbidden: pod updates may not add or remove containers']);
  });

  it('selectable fields', () => {
    const p = createdPod({ nodeName: 'n1', serviceAccountName: 'sa' });
    (p as { status: object }).status = { phase: 'Running', podIP: '10.0.0.5' };
    assert.deepEqual(pods.selectableFields!(p), {
      'spec.nodeName': 'n1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'sa',
      'status.phase': 'Running',
      'status.podIP': '10.0.0.5',
      'status.nominatedNodeName': '',
    });
  });
});

describe('pods: printer', () => {
  const printed = (p: Pod) => pods.printer!.cells(p, NOW);
  const withStatus = (status: object, spec: Record<string, unknown> = {}, metaExtra: Record<string, unknown> = {}): Pod => {
    const p = createdPod(spec);
    (p as { status: object }).status = status;
    Object.assign(p.metadata!, metaExtra);
    return p;
  };
  const running = { running: { startedAt: ago(200) } };

  it('has the nine v1.25 columns, the last four wide', () => {
    const cols = pods.printer!.columns;
    assert.deepEqual(cols.map((c) => c.name), ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates']);
    assert.deepEqual(cols.map((c) => c.priority), [0, 0, 0, 0, 0, 1, 1, 1, 1]);
    assert.equal(cols[0]!.format, 'name');
  });

  it('a Running pod', () => {
    const p = withStatus(
      {
        phase: 'Running',
        podIP: '10.244.0.7',
        podIPs: [{ ip: '10.244.0.7' }],
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running, image: 'nginx', imageID: '' }],
      },
      { nodeName: 'node-1' },
    );
    assert.deepEqual(printed(p), ['web', '1/1', 'Running', '0', '5m', '10.244.0.7', 'node-1', '<none>', '<none>']);
    assert.equal(pods.printer!.conditions!(p), undefined);
  });

  it('a CrashLoopBackOff pod with restarts and the last restart age', () => {
    const p = withStatus({
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(330) } },
          image: 'nginx',
          imageID: '',
        },
      ],
    });
    assert.deepEqual(printed(p).slice(1, 4), ['0/1', 'CrashLoopBackOff', '3 (5m30s ago)']);
  });

  it('a Terminating pod', () => {
    const p = withStatus(
      { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running, image: 'x', imageID: '' }] },
      {},
      { deletionTimestamp: ago(1) },
    );
    assert.deepEqual(printed(p).slice(1, 3), ['1/1', 'Terminating']);
  });

  it('an initializing pod: Init:0/1', () => {
    const p = withStatus(
      {
        phase: 'Pending',
        initContainerStatuses: [{ name: 'init', ready: false, restartCount: 0, state: running, image: 'x', imageID: '' }],
        containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } }, image: 'x', imageID: '' }],
      },
      { initContainers: [{ name: 'init', image: 'busybox' }] },
    );
    assert.deepEqual(printed(p).slice(1, 4), ['0/1', 'Init:0/1', '0']);
  });

  it('a Completed pod, with its row condition', () => {
    const p = withStatus(
      {
        phase: 'Succeeded',
        containerStatuses: [
          { name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } }, image: 'x', imageID: '' },
        ],
      },
      { restartPolicy: 'Never' },
    );
    assert.deepEqual(printed(p).slice(1, 4), ['0/1', 'Completed', '0']);
    assert.deepEqual(pods.printer!.conditions!(p), [
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ]);
  });

  it('readiness gates count true conditions', () => {
    const p = withStatus({ phase: 'Running', conditions: [{ type: 'example.com/gate', status: 'True' }] }, {
      readinessGates: [{ conditionType: 'example.com/gate' }, { conditionType: 'example.com/other' }],
    });
    assert.equal(printed(p)[8], '1/2');
  });
});

function svc(spec: Service['spec'], name = 'web'): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(name), spec };
}

describe('services', () => {
  it('defaults and allocates a cluster IP in 10.96.0.0/12', () => {
    const s = svc({ selector: { app: 'web' }, ports: [{ port: 80 }] });
    assert.deepEqual(create(services, s), []);
    const spec = s.spec!;
    assert.equal(spec.type, 'ClusterIP');
    assert.equal(spec.sessionAffinity, 'None');
    assert.deepEqual(spec.ports, [{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    assert.deepEqual(spec.ipFamilies, ['IPv4']);
    assert.equal(spec.ipFamilyPolicy, 'SingleStack');
    assert.equal(spec.internalTrafficPolicy, 'Cluster');
    assert.equal(spec.externalTrafficPolicy, undefined);
    assert.deepEqual(spec.clusterIPs, [spec.clusterIP]);
    const [a, b] = spec.clusterIP!.split('.').map(Number);
    assert.equal(a, 10);
    assert.ok(b! >= 96 && b! <= 111, spec.clusterIP);
    assert.deepEqual(s.status, { loadBalancer: {} });
  });

  it('never hands out the network, first or broadcast address', () => {
    assert.equal(randomClusterIP(() => 0), '10.96.0.2');
    assert.equal(randomClusterIP(() => 0.999999999), '10.111.255.254');
    for (let i = 0; i < 500; i++) assert.notEqual(randomClusterIP(), '10.96.0.1');
    assert.equal(randomNodePort(() => 0), 30000);
    assert.equal(randomNodePort(() => 0.999999999), 32767);
  });

  it('keeps a headless service headless and rejects an out-of-range cluster IP', () => {
    const headless = svc({ clusterIP: 'None', selector: { app: 'db' } });
    assert.deepEqual(create(services, headless), []);
    assert.deepEqual(headless.spec!.clusterIPs, ['None']);
    assert.deepEqual(create(services, svc({ clusterIP: '192.168.1.1', ports: [{ port: 80 }] })), [
      'spec.clusterIPs: Invalid value: []string{"192.168.1.1"}: failed to allocate IP 192.168.1.1: the provided IP (192.168.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    ]);
  });

  it('allocates node ports, shared by ports with the same number', () => {
    const s = svc({ type: 'NodePort', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }, { name: 'x', port: 80, nodePort: 30080 }] });
    assert.deepEqual(create(services, s), []);
    const [p0, p1, p2] = s.spec!.ports!;
    assert.ok(p0!.nodePort! >= 30000 && p0!.nodePort! <= 32767);
    assert.equal(p1!.nodePort, p0!.nodePort);
    assert.equal(p2!.nodePort, 30080);
    assert.equal(s.spec!.externalTrafficPolicy, 'Cluster');
  });

  it('validation: ports, names, type, external name', () => {
    assert.deepEqual(create(services, svc({})), ['spec.ports: Required value']);
    assert.deepEqual(create(services, svc({ ports: [{ port: 80 }, { port: 443 }] })), ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']);
    assert.deepEqual(create(services, svc({ type: 'Magic', ports: [{ port: 0 }] })), [
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
    assert.deepEqual(create(services, svc({ type: 'ExternalName' })), ['spec.externalName: Required value']);
    const ext = svc({ type: 'ExternalName', externalName: 'db.example.com' });
    assert.deepEqual(create(services, ext), []);
    assert.equal(ext.spec!.clusterIP, undefined);
    assert.equal(ext.spec!.ipFamilies, undefined);
    assert.deepEqual(create(services, svc({ ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] })).length, 1);
  });

  it('the cluster IP may not change; an update without it keeps the allocated one', () => {
    const old = svc({ ports: [{ port: 80 }] });
    create(services, old);
    const changed = structuredClone(old);
    changed.spec!.clusterIP = '10.96.100.100';
    assert.deepEqual(update(services, changed, old), [
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.100.100"}: may not change once set',
    ]);
    const applied = svc({ ports: [{ port: 8080 }] });
    assert.deepEqual(update(services, applied, old), []);
    assert.equal(applied.spec!.clusterIP, old.spec!.clusterIP);
  });

  it('switching NodePort to ClusterIP drops the node ports', () => {
    const old = svc({ type: 'NodePort', ports: [{ port: 80 }] });
    create(services, old);
    const next = structuredClone(old);
    next.spec!.type = 'ClusterIP';
    assert.deepEqual(update(services, next, old), []);
    assert.equal(next.spec!.ports![0]!.nodePort, undefined);
    assert.equal(next.spec!.externalTrafficPolicy, undefined);
  });

  it('printer: Port(s), Cluster-IP and External-IP per type', () => {
    const cells = (s: Service) => services.printer!.cells(s, NOW);
    const ci = svc({ type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], selector: { app: 'web', tier: 'fe' }, ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] });
    assert.deepEqual(cells(ci), ['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP,53/UDP', '5m', 'app=web,tier=fe']);
    const np = svc({ type: 'NodePort', clusterIPs: ['10.96.0.11'], externalIPs: ['1.2.3.4'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] });
    assert.deepEqual(cells(np).slice(1, 5), ['NodePort', '10.96.0.11', '1.2.3.4', '80:30080/TCP']);
    const lb = svc({ type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], ports: [] });
    assert.deepEqual(cells(lb).slice(3, 5), ['<pending>', '<none>']);
    (lb as { status: object }).status = { loadBalancer: { ingress: [{ ip: '5.6.7.8' }, { hostname: 'lb.example.com' }, { ip: '5.6.7.8' }] } };
    assert.equal(cells(lb)[3], '5.6.7.8,lb.example.com');
    const ext = svc({ type: 'ExternalName', externalName: 'db.example.com' });
    assert.deepEqual(cells(ext).slice(1, 5), ['ExternalName', '<none>', 'db.example.com', '<none>']);
    const headless = svc({ clusterIP: 'None', clusterIPs: ['None'], type: 'ClusterIP' });
    assert.equal(cells(headless)[2], 'None');
    assert.equal(cells(svc({ ports: [] }))[6], '<none>');
  });
});

describe('nodes', () => {
  const node = (labels: Record<string, string>, conditions: object[], unschedulable = false): Node => ({
    metadata: { name: 'n1', labels, creationTimestamp: ago(3 * 86400) },
    spec: { unschedulable },
    status: {
      conditions: conditions as never,
      nodeInfo: { kubeletVersion: 'v1.25.0', osImage: '', kernelVersion: '6.1', containerRuntimeVersion: 'containerd://1.6.8' } as never,
      addresses: [{ type: 'InternalIP', address: '192.168.0.10' }],
    },
  });

  it('Status and Roles', () => {
    const cells = (n: Node) => nodes.printer!.cells(n, NOW);
    const ready = node({ 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': 'x', 'kubernetes.io/role': 'edge' }, [
      { type: 'MemoryPressure', status: 'False' },
      { type: 'Ready', status: 'True' },
    ]);
    assert.deepEqual(cells(ready), ['n1', 'Ready', 'control-plane,edge,master', '3d', 'v1.25.0', '192.168.0.10', '<none>', '<unknown>', '6.1', 'containerd://1.6.8']);
    assert.deepEqual(cells(node({}, [{ type: 'Ready', status: 'Unknown' }], true)).slice(1, 3), ['NotReady,SchedulingDisabled', '<none>']);
    assert.equal(cells(node({ 'node-role.kubernetes.io/': 'x' }, []))[1], 'Unknown');
    assert.equal(cells(node({ 'node-role.kubernetes.io/': 'x' }, []))[2], '<none>');
    assert.deepEqual(nodes.selectableFields!(node({}, [], true)), { 'spec.unschedulable': 'true' });
  });

  it('taints are validated (under upstream’s metadata.taints path) and allocatable defaults to capacity', () => {
    const n = node({}, []);
    n.spec!.taints = [{ key: 'k', effect: 'Sometimes' }];
    (n.status as { capacity?: object }).capacity = { cpu: '4', memory: '8192Mi' };
    assert.deepEqual(create(nodes, n), ['metadata.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"']);
    assert.deepEqual(n.status!.allocatable, { cpu: '4', memory: '8Gi' });
  });
});

function pvc(spec: PersistentVolumeClaim['spec']): PersistentVolumeClaim {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('data'), spec };
}

describe('persistent volumes and claims', () => {
  it('a claim needs access modes and a storage request', () => {
    assert.deepEqual(create(persistentVolumeClaims, pvc({})), [
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ]);
    assert.deepEqual(create(persistentVolumeClaims, pvc({ accessModes: ['ReadWriteSometimes'], resources: { requests: { storage: '0' } } })), [
      'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce"',
      'spec.resources[storage]: Invalid value: "0": must be greater than zero',
    ]);
  });

  it('the claim spec is frozen except a bound claim growing', () => {
    const old = pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } });
    assert.deepEqual(create(persistentVolumeClaims, old), []);
    assert.equal(old.status!.phase, 'Pending');
    assert.equal(old.spec!.volumeMode, 'Filesystem');
    const grow = structuredClone(old);
    grow.spec!.resources!.requests!.storage = '2Gi';
    assert.deepEqual(update(persistentVolumeClaims, grow, old), [
      'spec: Forbidden: spec is immutable after creation except resources.requests for bound claims',
    ]);
    const bound = structuredClone(old);
    bound.spec!.volumeName = 'pv-1';
    (bound as { status: object }).status = { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] };
    const grown = structuredClone(bound);
    grown.spec!.resources!.requests!.storage = '2Gi';
    assert.deepEqual(update(persistentVolumeClaims, grown, bound), []);
    const shrunk = structuredClone(bound);
    shrunk.spec!.resources!.requests!.storage = '512Mi';
    assert.deepEqual(update(persistentVolumeClaims, shrunk, bound), [
      'spec.resources.requests.storage: Forbidden: field can not be less than previous value',
    ]);
  });

  it('printer shows capacity only once bound', () => {
    const claim = pvc({ accessModes: ['ReadWriteOnce', 'ReadWriteMany'], resources: { requests: { storage: '5Gi' } }, storageClassName: 'standard' });
    create(persistentVolumeClaims, claim);
    assert.deepEqual(persistentVolumeClaims.printer!.cells(claim, NOW), ['data', 'Pending', '', '', '', 'standard', '5m', 'Filesystem']);
    claim.spec!.volumeName = 'pv-1';
    (claim as { status: object }).status = { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'] };
    assert.deepEqual(persistentVolumeClaims.printer!.cells(claim, NOW).slice(1, 6), ['Bound', 'pv-1', '10Gi', 'RWO,RWX', 'standard']);
  });

  it('a volume needs capacity, access modes and one source; printer', () => {
    const pv = { metadata: { name: 'pv-1', creationTimestamp: ago(60) }, spec: {} } as never;
    assert.deepEqual(create(persistentVolumes, pv), [
      'spec.accessModes: Required value',
      'spec.capacity: Required value',
      'spec.capacity: Unsupported value: map[string]interface {}{}: supported values: "storage"',
      'spec: Required value: must specify a volume type',
    ]);
    const good = {
      metadata: { name: 'pv-1', creationTimestamp: ago(60) },
      spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' }, claimRef: { namespace: 'default', name: 'data' } },
    };
    assert.deepEqual(create(persistentVolumes, good as never), []);
    assert.deepEqual(persistentVolumes.printer!.cells(good as never, NOW), ['pv-1', '10Gi', 'RWO', 'Retain', 'Pending', 'default/data', '', '', '60s', 'Filesystem']);
  });
});

describe('namespaces, configmaps, secrets', () => {
  it('namespaces start Active with the kubernetes finalizer and the name label', () => {
    const ns = { metadata: { name: 'team-a' } };
    assert.deepEqual(create(namespaces, ns as never), []);
    assert.deepEqual(ns, {
      metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    assert.equal(namespaces.finalizersPending!(ns as never), true);
    namespaces.prepareForDelete!(ns as never);
    assert.equal((ns as { status: { phase: string } }).status.phase, 'Terminating');
    assert.ok(!namespaces.verbs!.includes('deletecollection'));
    assert.deepEqual(create(namespaces, { metadata: { name: 'x' }, spec: { finalizers: ['custom'] } } as never), [
      'spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });

  it('config map keys, the binaryData overlap and the Data count', () => {
    const cm = { metadata: meta('cfg'), data: { 'bad key': 'v', dup: 'x', ok: 'y' }, binaryData: { dup: 'eA==' } };
    assert.deepEqual(create(configMaps, cm as never), [
      `data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      'data[dup]: Invalid value: "dup": duplicate of key present in binaryData',
    ]);
    assert.deepEqual(configMaps.printer!.cells(cm as never, NOW), ['cfg', 4, '5m']);
    const big = { metadata: meta('big'), data: { a: 'x'.repeat(1024 * 1024), b: 'y' } };
    assert.deepEqual(create(configMaps, big as never), ['Too long: must have at most 1048576 bytes']);
  });

  it('secrets: type default, stringData, base64, immutable type, printer', () => {
    const s = { metadata: meta('creds'), data: { password: 'c2VjcmV0' }, stringData: { user: 'admin' } };
    assert.deepEqual(create(secrets, s as never), []);
    assert.deepEqual(s, { metadata: meta('creds'), type: 'Opaque', data: { password: 'c2VjcmV0', user: 'YWRtaW4=' } });
    assert.deepEqual(secrets.printer!.cells(s as never, NOW), ['creds', 'Opaque', 2, '5m']);
    assert.deepEqual(secrets.selectableFields!(s as never), { type: 'Opaque' });
    assert.deepEqual(create(secrets, { metadata: meta('bad'), data: { k: 'not base64!' } } as never), [
      'data[k]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3',
    ]);
    const changed = { ...structuredClone(s), type: 'kubernetes.io/tls' };
    assert.deepEqual(update(secrets, changed as never, s as never), [
      'data[tls.crt]: Required value',
      'data[tls.key]: Required value',
      'type: Invalid value: "kubernetes.io/tls": field is immutable',
    ]);
  });
});

describe('other printers', () => {
  it('events', () => {
    const ev = {
      metadata: meta('web.17a'),
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', fieldPath: 'spec.containers{app}' },
      reason: 'Pulled',
      message: '  Successfully pulled image\n',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: ago(600),
      lastTimestamp: ago(30),
      count: 0,
      type: 'Normal',
    };
    assert.deepEqual(create(events, ev as never), []);
    assert.deepEqual(events.printer!.cells(ev as never, NOW), ['30s', 'Normal', 'Pulled', 'pod/web', 'spec.containers{app}', 'kubelet, node-1', 'Successfully pulled image', '10m', 1, 'web.17a']);
    assert.deepEqual(events.printer!.columns.map((c) => c.priority), [0, 0, 0, 0, 1, 1, 0, 1, 1, 1]);
    const wrongNs = { ...ev, involvedObject: { ...ev.involvedObject, namespace: 'other' } };
    assert.deepEqual(create(events, wrongNs as never), ['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
  });

  it('endpoints cap at three', () => {
    const ep = {
      metadata: meta('web'),
      subsets: [{ addresses: ['10.1.0.5', '10.1.0.6', '10.1.0.7'].map((ip) => ({ ip })), notReadyAddresses: [{ ip: '10.1.0.9' }], ports: [{ port: 8080 }, { port: 9090, name: 'm' }] }],
    };
    assert.deepEqual(create(endpoints, ep as never), ['subsets[0].ports[0].name: Required value']);
    assert.deepEqual(endpoints.printer!.cells(ep as never, NOW), ['web', '10.1.0.5:8080,10.1.0.6:8080,10.1.0.7:8080 + 3 more...', '5m']);
    assert.equal(endpoints.printer!.cells({ metadata: meta('e') } as never, NOW)[1], '<none>');
    assert.equal(endpoints.printer!.cells({ metadata: meta('e'), subsets: [{ notReadyAddresses: [{ ip: '10.0.0.1' }] }] } as never, NOW)[1], '');
  });

  it('resource quotas', () => {
    const q = { metadata: meta('q'), spec: { hard: { pods: '10', 'limits.cpu': '4', 'requests.cpu': '2' } } };
    assert.deepEqual(create(resourceQuotas, q as never), []);
    assert.deepEqual(resourceQuotas.printer!.cells(q as never, NOW), ['q', '5m', '', '']);
    (q as { status?: object }).status = { hard: { pods: '10', 'limits.cpu': '4', 'requests.cpu': '2' }, used: { pods: '3', 'requests.cpu': '500m' } };
    assert.deepEqual(resourceQuotas.printer!.cells(q as never, NOW), ['q', '5m', 'pods: 3/10, requests.cpu: 500m/2', 'limits.cpu: 0/4']);
    assert.deepEqual(create(resourceQuotas, { metadata: meta('q2'), spec: { hard: { widgets: '1' } } } as never), [
      'spec.hard[widgets]: Invalid value: "widgets": must be a standard resource type or fully qualified',
    ]);
  });

  it('limit ranges default container requests and have no printer', () => {
    const lr = { metadata: meta('l'), spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { cpu: '100m' } }] } };
    assert.deepEqual(create(limitRanges, lr as never), []);
    assert.deepEqual(lr.spec.limits[0], { type: 'Container', max: { cpu: '2' }, min: { cpu: '100m' }, default: { cpu: '2' }, defaultRequest: { cpu: '2' } });
    assert.equal(limitRanges.printer, undefined);
    const bad = { metadata: meta('l'), spec: { limits: [{ type: 'Pod', default: { cpu: '1' } }] } };
    assert.deepEqual(create(limitRanges, bad as never), ["spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"]);
  });

  it('every printer sends one cell per column', () => {
    for (const s of coreStrategies) {
      if (!s.printer) continue;
      const row = s.printer.cells({ metadata: { name: 'x' } }, NOW);
      assert.equal(row.length, s.printer.columns.length, s.resource);
    }
  });
});

describe('quantities', () => {
  it('parse, compare and canonicalise', () => {
    assert.equal(canonicalQuantity('1024Mi'), '1Gi');
    assert.equal(canonicalQuantity('1536Mi'), '1536Mi');
    assert.equal(canonicalQuantity('0.5'), '500m');
    assert.equal(canonicalQuantity('1000'), '1k');
    assert.equal(canonicalQuantity('1500'), '1500');
    assert.equal(canonicalQuantity('512'), '512');
    assert.equal(canonicalQuantity('1e3'), '1e3');
    assert.equal(canonicalQuantity(2), '2');
    assert.equal(compareQuantities(parseQuantity('1Gi')!, parseQuantity('1073741824')!), 0);
    assert.equal(compareQuantities(parseQuantity('100m')!, parseQuantity('0.1')!), 0);
    assert.equal(parseQuantity('1.2.3'), undefined);
  });
});
