// core/v1 defaulting: the SetDefaults_* functions of pkg/apis/core/v1 (v1.25) plus the nested
// defaults the generated defaulter applies, in place. Pure: no I/O, no allocation of IPs or ports
// (that is the registry's job, see src/registry/core/services.ts).
import type {
  Container,
  Endpoints,
  LimitRange,
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodSpec,
  PodTemplateSpec,
  Probe,
  ResourceQuota,
  Secret,
  Service,
  Volume,
} from 'kubernetes-types/core/v1.js';
import type { Mutable } from '../object.js';
import { canonicalQuantity, defaultResourceList } from './quantity.js';

type ResourceList = Record<string, unknown> | undefined;

/** The tag ParseImageName reports: explicit tag, "" for digest-only or empty references, else "latest". */
export function imageTag(image: string | undefined): string {
  if (!image) return '';
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) return name.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  p.timeoutSeconds ||= 1;
  p.periodSeconds ||= 10;
  p.successThreshold ||= 1;
  p.failureThreshold ||= 3;
  if (p.httpGet) {
    p.httpGet.path ||= '/';
    p.httpGet.scheme ||= 'HTTP';
  }
}

/** SetDefaults_Container and what the generated defaulter applies beneath it. */
export function defaultContainer(c: Container): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(c.image) === 'latest' ? 'Always' : 'IfNotPresent';
  c.terminationMessagePath ||= '/dev/termination-log';
  c.terminationMessagePolicy ||= 'File';
  for (const p of c.ports ?? []) p.protocol ||= 'TCP';
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.fieldRef;
    if (ref) ref.apiVersion ||= 'v1';
  }
  // ResourceRequirements is a struct in Go, so it always serialises, as `resources: {}` at least.
  c.resources ??= {};
  defaultResourceList(c.resources.limits as ResourceList);
  defaultResourceList(c.resources.requests as ResourceList);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  for (const h of [c.lifecycle?.postStart, c.lifecycle?.preStop]) {
    if (h?.httpGet) {
      h.httpGet.path ||= '/';
      h.httpGet.scheme ||= 'HTTP';
    }
  }
}

const volumeSourceKeys = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos',
  'csi', 'ephemeral',
] as const;

/** Every volume source field of core/v1 VolumeSource, in Go struct order. */
export const VOLUME_SOURCE_KEYS: readonly string[] = volumeSourceKeys;

function defaultVolume(v: Volume): void {
  const src = v as unknown as Record<string, unknown>;
  if (!volumeSourceKeys.some((k) => src[k] !== undefined && src[k] !== null)) v.emptyDir = {};
  // 0644, as the decimal the API returns.
  if (v.secret) v.secret.defaultMode ??= 420;
  if (v.configMap) v.configMap.defaultMode ??= 420;
  if (v.downwardAPI) {
    v.downwardAPI.defaultMode ??= 420;
    for (const item of v.downwardAPI.items ?? []) if (item.fieldRef) item.fieldRef.apiVersion ||= 'v1';
  }
  if (v.projected) {
    v.projected.defaultMode ??= 420;
    for (const s of v.projected.sources ?? []) {
      if (s.serviceAccountToken) s.serviceAccountToken.expirationSeconds ??= 3600;
      for (const item of s.downwardAPI?.items ?? []) if (item.fieldRef) item.fieldRef.apiVersion ||= 'v1';
    }
  }
  if (v.hostPath) v.hostPath.type ??= '';
  if (v.emptyDir?.sizeLimit !== undefined) v.emptyDir.sizeLimit = canonicalQuantity(v.emptyDir.sizeLimit) as string;
}

/** SetDefaults_PodSpec and the nested container/volume defaults; what templates get too. */
export function defaultPodSpec(spec: PodSpec): void {
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.restartPolicy ||= 'Always';
  if (spec.hostNetwork) {
    // With host networking every container port is a host port.
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])])
      for (const p of c.ports ?? []) if (!p.hostPort) p.hostPort = p.containerPort;
  }
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= 'default-scheduler';
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.ephemeralContainers ?? []) defaultContainer(c as Container);
  for (const v of spec.volumes ?? []) defaultVolume(v);
  defaultResourceList(spec.overhead as ResourceList);
}

export function defaultPodTemplateSpec(template: PodTemplateSpec): void {
  defaultPodSpec((template.spec ??= { containers: [] }));
}

/** SetDefaults_Pod: the pod-only defaults on top of the spec defaults. */
export function defaultPod(pod: Pod): void {
  const spec = (pod.spec ??= { containers: [] });
  defaultPodSpec(spec);
  // Requests default to limits, for pods only (templates keep what the user wrote).
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const limits = c.resources?.limits;
    if (!limits) continue;
    const requests = (c.resources!.requests ??= {});
    for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
  }
  spec.enableServiceLinks ??= true;
  // The v1 ↔ internal conversion keeps podIP and podIPs in step.
  const status = pod.status as Mutable<NonNullable<Pod['status']>> | undefined;
  if (status) {
    if (status.podIP && !status.podIPs?.length) status.podIPs = [{ ip: status.podIP }];
    else if (status.podIPs?.length && !status.podIP) status.podIP = status.podIPs[0]!.ip;
  }
}

export function defaultNamespace(ns: Namespace): void {
  // kubernetes.io/metadata.name always mirrors the name (the strategy re-applies it after generateName).
  if (ns.metadata?.name) (ns.metadata.labels ??= {})['kubernetes.io/metadata.name'] = ns.metadata.name;
  const mutable = ns as Mutable<Namespace>;
  if (mutable.status) mutable.status.phase ||= 'Active';
}

export function defaultService(svc: Service): void {
  const spec = (svc.spec ??= {});
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined)
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  spec.type ||= 'ClusterIP';
  for (const p of spec.ports ?? []) {
    p.protocol ||= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  const type = spec.type;
  if ((type === 'NodePort' || type === 'LoadBalancer') && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer') {
    spec.internalTrafficPolicy ??= 'Cluster';
    // Single-stack IPv4 cluster: what the registry's IP family logic settles on for every such service.
    if (!spec.ipFamilies?.length) spec.ipFamilies = ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
  }
  if (type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

/** Secret: type Opaque, and stringData folded into data (base64) the way the v1 conversion does. */
export function defaultSecret(secret: Secret & { stringData?: Record<string, string> }): void {
  secret.type ||= 'Opaque';
  if (secret.stringData) {
    const data = (secret.data ??= {});
    for (const [k, v] of Object.entries(secret.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    delete secret.stringData;
  }
}

export function defaultPersistentVolume(pv: PersistentVolume): void {
  const spec = (pv.spec ??= {});
  spec.persistentVolumeReclaimPolicy ||= 'Retain';
  spec.volumeMode ??= 'Filesystem';
  defaultResourceList(spec.capacity as ResourceList);
  const mutable = pv as Mutable<PersistentVolume>;
  mutable.status ??= {};
  mutable.status.phase ||= 'Pending';
}

export function defaultPersistentVolumeClaim(pvc: PersistentVolumeClaim): void {
  const spec = (pvc.spec ??= {});
  spec.volumeMode ??= 'Filesystem';
  spec.resources ??= {};
  defaultResourceList(spec.resources.requests as ResourceList);
  defaultResourceList(spec.resources.limits as ResourceList);
  const mutable = pvc as Mutable<PersistentVolumeClaim>;
  mutable.status ??= {};
  mutable.status.phase ||= 'Pending';
}

export function defaultEndpoints(ep: Endpoints): void {
  for (const ss of ep.subsets ?? []) for (const p of ss.ports ?? []) p.protocol ||= 'TCP';
}

export function defaultNode(node: Node): void {
  const status = (node as Mutable<Node>).status;
  if (!status) return;
  defaultResourceList(status.capacity as ResourceList);
  defaultResourceList(status.allocatable as ResourceList);
  if (!status.allocatable && status.capacity) status.allocatable = { ...status.capacity };
}

/** SetDefaults_LimitRangeItem: container limits fill default from max and defaultRequest from default or min. */
export function defaultLimitRange(lr: LimitRange): void {
  for (const item of lr.spec?.limits ?? []) {
    for (const l of [item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio]) defaultResourceList(l as ResourceList);
    if (item.type !== 'Container') continue;
    const def = (item.default ??= {});
    const defReq = (item.defaultRequest ??= {});
    for (const [k, v] of Object.entries(item.max ?? {})) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
    for (const [k, v] of Object.entries(item.min ?? {})) if (!(k in defReq)) defReq[k] = v;
  }
}

export function defaultResourceQuota(q: ResourceQuota): void {
  defaultResourceList(q.spec?.hard as ResourceList);
}
