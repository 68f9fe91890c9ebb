// services (core/v1): defaults, cluster IP and node port allocation (kube does this in the service
// registry), the update normalisation of pkg/registry/core/service/strategy.go, and the printer.
//
// Allocation is random and NOT yet collision-free: there is no allocator bitmap, so two services can
// draw the same cluster IP or node port, and a user-chosen one is not checked against others.
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { defaultService } from '../../api/core/defaults.js';
import type { Mutable } from '../../api/object.js';
import { ageOf, formatLabels } from '../../machinery/format.js';
import { isDNS1035Label } from '../../validation/names.js';
import { NODE_PORT_MAX, NODE_PORT_MIN, validateService, validateServiceUpdate } from '../../validation/core/service.js';
import { deepEqual } from '../../validation/meta.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

/** Reserved for the `kubernetes` service (the first address of the range). */
export const KUBERNETES_SERVICE_IP = '10.96.0.1';

/** A random address in 10.96.0.0/12, never the network, the first (10.96.0.1) or the broadcast address. */
export function randomClusterIP(rand: () => number = Math.random): string {
  const offset = 2 + Math.floor(rand() * ((1 << 20) - 3));
  const n = ((10 << 24) >>> 0) + (96 << 16) + offset;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function randomNodePort(rand: () => number = Math.random): number {
  return NODE_PORT_MIN + Math.floor(rand() * (NODE_PORT_MAX - NODE_PORT_MIN + 1));
}

const needsClusterIP = (svc: Service) => svc.spec?.type !== 'ExternalName';
const needsNodePort = (svc: Service) =>
  svc.spec?.type === 'NodePort' || (svc.spec?.type === 'LoadBalancer' && svc.spec.allocateLoadBalancerNodePorts !== false);
const needsHCNodePort = (svc: Service) => svc.spec?.type === 'LoadBalancer' && svc.spec.externalTrafficPolicy === 'Local';

/** Fill in what the registry allocates: cluster IPs, node ports (shared by ports with the same number), health check port. */
function allocate(svc: Service): void {
  const spec = (svc.spec ??= {});
  if (needsClusterIP(svc)) {
    if (!spec.clusterIP && spec.clusterIPs?.length) spec.clusterIP = spec.clusterIPs[0];
    if (!spec.clusterIP) spec.clusterIP = randomClusterIP();
    if (!spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
  }
  if (needsNodePort(svc)) {
    const byPort = new Map<number, number>();
    for (const p of spec.ports ?? []) if (p.nodePort) byPort.set(p.port, p.nodePort);
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const np = byPort.get(p.port) ?? randomNodePort();
      p.nodePort = np;
      byPort.set(p.port, np);
    }
  }
  if (needsHCNodePort(svc) && !spec.healthCheckNodePort) spec.healthCheckNodePort = randomNodePort();
}

/** NormalizeClusterIPs on update: keep clusterIP and clusterIPs in step with what the client meant. */
function normalizeClusterIPs(svc: Service, old: Service): void {
  const spec = svc.spec!;
  const o = old.spec ?? {};
  if (o.clusterIPs?.length && !spec.clusterIPs?.length && o.clusterIP === spec.clusterIP) spec.clusterIPs = o.clusterIPs;
  if ((o.clusterIP ?? '') !== (spec.clusterIP ?? '')) {
    if (o.clusterIP && !spec.clusterIP && deepEqual(o.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs;
    if (spec.clusterIP && deepEqual(o.clusterIPs, spec.clusterIPs)) spec.clusterIPs = [spec.clusterIP];
  }
}

/** patchAllocatedValues: values a client left out (kubectl apply usually does) come from the old object. */
function patchAllocatedValues(svc: Service, old: Service): void {
  const spec = svc.spec!;
  const o = old.spec ?? {};
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!spec.clusterIP) spec.clusterIP = o.clusterIP;
    if (!spec.clusterIPs?.length) spec.clusterIPs = o.clusterIPs;
  }
  if (needsNodePort(old) && needsNodePort(svc)) {
    const used = new Set((spec.ports ?? []).map((p) => p.nodePort).filter((n): n is number => !!n));
    const byName = new Map((o.ports ?? []).map((p) => [p.name ?? '', p.nodePort]));
    for (const p of spec.ports ?? []) {
      const prev = byName.get(p.name ?? '');
      if (!p.nodePort && prev && !used.has(prev)) p.nodePort = prev;
    }
  }
  if (needsHCNodePort(old) && needsHCNodePort(svc) && !spec.healthCheckNodePort) spec.healthCheckNodePort = o.healthCheckNodePort;
}

/** dropTypeDependentFields: on a type change, wipe what only the old type needed, unless the client changed it too. */
function dropTypeDependentFields(svc: Service, old: Service): void {
  const spec = svc.spec!;
  const o = old.spec ?? {};
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    if (spec.clusterIP === o.clusterIP && deepEqual(spec.clusterIPs, o.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (deepEqual(spec.ipFamilies, o.ipFamilies)) delete spec.ipFamilies;
    if (spec.ipFamilyPolicy === o.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(svc)) {
    const same = deepEqual((spec.ports ?? []).map((p) => p.nodePort ?? 0), (o.ports ?? []).map((p) => p.nodePort ?? 0));
    if (same) for (const p of spec.ports ?? []) delete p.nodePort;
  }
  if (needsHCNodePort(old) && !needsHCNodePort(svc) && spec.healthCheckNodePort === o.healthCheckNodePort) delete spec.healthCheckNodePort;
  if (o.type === 'LoadBalancer' && spec.type !== 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === o.allocateLoadBalancerNodePorts)
    delete spec.allocateLoadBalancerNodePorts;
  const etpNeeded = (s: Service) => s.spec?.type === 'NodePort' || s.spec?.type === 'LoadBalancer';
  if (etpNeeded(old) && !etpNeeded(svc) && spec.externalTrafficPolicy === o.externalTrafficPolicy) delete spec.externalTrafficPolicy;
  if (spec.type !== 'LoadBalancer') (svc as Mutable<Service>).status = { loadBalancer: {} };
}

function portsText(ports: ServicePort[] | undefined): string {
  const parts = (ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`));
  return parts.length ? parts.join(',') : '<none>';
}

function externalIP(svc: Service): string {
  const s = svc.spec ?? {};
  const external = s.externalIPs ?? [];
  switch (s.type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = [...new Set((svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter((x) => x))].sort();
      if (external.length) return [...lb, ...external].join(',');
      return lb.length ? lb.join(',') : '<pending>';
    }
    case 'ExternalName':
      return s.externalName ?? '';
    default:
      return '<unknown>';
  }
}

export const services: ResourceStrategy<Service> = {
  group: '',
  version: 'v1',
  kind: 'Service',
  resource: 'services',
  singular: 'service',
  namespaced: true,
  shortNames: ['svc'],
  categories: ['all'],
  storagePrefix: 'services/specs',
  subresources: { status: true },
  nameValidator: isDNS1035Label,

  defaults: defaultService,
  prepareForCreate(svc) {
    (svc as Mutable<Service>).status = { loadBalancer: {} };
    allocate(svc);
  },
  prepareForUpdate(svc, old) {
    svc.spec ??= {};
    normalizeClusterIPs(svc, old);
    patchAllocatedValues(svc, old);
    dropTypeDependentFields(svc, old);
    allocate(svc);
  },
  validate: validateService,
  validateUpdate: validateServiceUpdate,
  printer: {
    columns: [
      nameColumn,
      col('Type', 'string', 0, 'The type of the service.'),
      col('Cluster-IP', 'string', 0, 'The IP address of the service.'),
      col('External-IP', 'string', 0, 'The external IP address of the service.'),
      col('Port(s)', 'string', 0, 'The ports exposed by the service.'),
      ageColumn,
      col('Selector', 'string', 1, 'Route service traffic to pods with label keys and values matching this selector.'),
    ],
    cells: (svc, now) => [
      svc.metadata?.name ?? '',
      svc.spec?.type ?? '',
      svc.spec?.clusterIPs?.[0] ?? '<none>',
      externalIP(svc),
      portsText(svc.spec?.ports),
      ageOf(svc.metadata?.creationTimestamp, now),
      formatLabels(svc.spec?.selector),
    ],
  },
};
