// The pure part of the Endpoints controller: which pods count, the address and port each offers for
// a Service, how per-pod subsets are packed into the fewest subsets (RepackSubsets), and the
// 1000-address cap. No I/O.
import type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints, Pod, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { isPodReady } from '../common/pods.js';

/** Upstream's maxCapacity: an Endpoints object holds at most this many addresses. */
export const MAX_CAPACITY = 1000;

/**
 * ShouldPodBeInEndpoints (v1.25): a pod with an IP that is neither finished for good (by its restart
 * policy) nor, unless terminating pods are wanted, being deleted.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  switch (pod.spec?.restartPolicy) {
    case 'Never':
      if (phase === 'Failed' || phase === 'Succeeded') return false;
      break;
    case 'OnFailure':
      if (phase === 'Succeeded') return false;
      break;
  }
  if (!pod.status?.podIP && !pod.status?.podIPs?.length) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

const isIPv6 = (ip: string) => ip.includes(':');

/**
 * podToEndpointAddressForService: the pod's IP of the Service's first IP family (from the pod's
 * podIPs), its node and a reference to it; undefined when the pod has no IP of that family.
 */
export function podAddress(svc: Service, pod: Pod): EndpointAddress | undefined {
  let v6: boolean;
  if (svc.spec?.ipFamilies?.length) v6 = svc.spec.ipFamilies[0] === 'IPv6';
  else if (svc.spec?.clusterIP && svc.spec.clusterIP !== 'None') v6 = isIPv6(svc.spec.clusterIP);
  else v6 = isIPv6(pod.status?.podIP ?? '');
  const ips = pod.status?.podIPs?.length ? pod.status.podIPs.map((p) => p.ip) : [pod.status?.podIP ?? ''];
  const ip = ips.find((i) => !!i && isIPv6(i) === v6);
  if (!ip) return undefined;
  const addr: EndpointAddress = { ip, targetRef: { kind: 'Pod', namespace: pod.metadata!.namespace, name: pod.metadata!.name, uid: pod.metadata!.uid } };
  if (pod.spec?.nodeName) addr.nodeName = pod.spec.nodeName;
  // ShouldSetHostname: the pod asked for a hostname under this Service as its subdomain.
  if (pod.spec?.hostname && pod.spec.subdomain === svc.metadata?.name && pod.metadata?.namespace === svc.metadata?.namespace) addr.hostname = pod.spec.hostname;
  return addr;
}

/** FindPort: a numeric targetPort as is; a named one from the pod's containers' ports of the same protocol. */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  return undefined;
}

/** The per-pod subsets for a Service, before packing; counts ready and not-ready entries. */
export function podSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const publishNotReady = !!svc.spec?.publishNotReadyAddresses;
  const subsets: EndpointSubset[] = [];
  const add = (pod: Pod, addr: EndpointAddress, port?: EndpointPort) => {
    const ports = port ? [port] : [];
    if (publishNotReady || isPodReady(pod)) subsets.push({ addresses: [addr], ports });
    else subsets.push({ notReadyAddresses: [addr], ports });
  };
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const addr = podAddress(svc, pod);
    if (!addr) continue;
    const svcPorts = svc.spec?.ports ?? [];
    if (svcPorts.length === 0) {
      // A headless Service may have no ports: its addresses are still published.
      if (svc.spec?.clusterIP === 'None') add(pod, addr);
      continue;
    }
    for (const sp of svcPorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) ep.name = sp.name;
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      add(pod, { ...addr }, ep);
    }
  }
  return subsets;
}

const addressKey = (a: EndpointAddress) => `${a.ip}/${a.targetRef?.uid ?? ''}`;
const portKey = (p: EndpointPort) => JSON.stringify([p.name ?? '', p.port, p.protocol ?? '', p.appProtocol ?? '']);

function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const ua = a.targetRef?.uid ?? '';
  const ub = b.targetRef?.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/**
 * RepackSubsets: group addresses offering exactly the same ports into one subset (an address not
 * ready on any port is not ready on all of them). Addresses are sorted by IP then pod uid as
 * upstream; upstream orders ports and subsets by a hash of their Go value, which cannot be
 * reproduced, so here ports sort by name/port/protocol and subsets by their first address.
 */
export function repackSubsets(subsets: EndpointSubset[]): EndpointSubset[] {
  const addrs = new Map<string, EndpointAddress>();
  // port key → (address key → ready)
  const byPort = new Map<string, { port: EndpointPort | undefined; ready: Map<string, boolean> }>();
  const note = (port: EndpointPort | undefined, a: EndpointAddress, ready: boolean) => {
    const ak = addressKey(a);
    if (!addrs.has(ak)) addrs.set(ak, a);
    const pk = port ? portKey(port) : '-';
    let entry = byPort.get(pk);
    if (!entry) byPort.set(pk, (entry = { port, ready: new Map() }));
    const was = entry.ready.get(ak);
    if (was === undefined || was) entry.ready.set(ak, ready);
  };
  for (const ss of subsets) {
    const ports = ss.ports?.length ? ss.ports : [undefined];
    for (const port of ports) {
      for (const a of ss.addresses ?? []) note(port, a, true);
      for (const a of ss.notReadyAddresses ?? []) note(port, a, false);
    }
  }
  // Address sets (with readiness) → the ports they offer.
  const groups = new Map<string, { ready: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const { port, ready } of byPort.values()) {
    const key = JSON.stringify([...ready].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ready, ports: [] }));
    if (port) g.ports.push(port);
  }
  const out: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [ak, r] of g.ready) (r ? ready : notReady).push(addrs.get(ak)!);
    const ss: EndpointSubset = {};
    if (ready.length) ss.addresses = ready.sort(compareAddresses);
    if (notReady.length) ss.notReadyAddresses = notReady.sort(compareAddresses);
    if (g.ports.length) ss.ports = g.ports.sort((a, b) => (portKey(a) < portKey(b) ? -1 : portKey(a) > portKey(b) ? 1 : 0));
    out.push(ss);
  }
  const first = (ss: EndpointSubset) => (ss.addresses ?? ss.notReadyAddresses ?? [])[0];
  return out.sort((a, b) => {
    const fa = first(a);
    const fb = first(b);
    const c = fa && fb ? compareAddresses(fa, fb) : 0;
    return c || (JSON.stringify(a.ports ?? []) < JSON.stringify(b.ports ?? []) ? -1 : 1);
  });
}

/** Addresses (ready and not) in the subsets. */
export function countAddresses(subsets: EndpointSubset[] | undefined): number {
  let n = 0;
  for (const ss of subsets ?? []) n += (ss.addresses?.length ?? 0) + (ss.notReadyAddresses?.length ?? 0);
  return n;
}

/**
 * truncateEndpoints: keep at most MAX_CAPACITY addresses, ready ones first, each subset keeping its
 * share (rounded up) of what is kept. Returns whether anything was dropped.
 */
export function truncateEndpoints(ep: Endpoints): boolean {
  const subsets = ep.subsets ?? [];
  let totalReady = 0;
  let totalNotReady = 0;
  for (const ss of subsets) {
    totalReady += ss.addresses?.length ?? 0;
    totalNotReady += ss.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= MAX_CAPACITY) return false;
  const truncateReady = totalReady > MAX_CAPACITY;
  const max = truncateReady ? MAX_CAPACITY : MAX_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  ep.subsets = subsets.map((ss) => {
    const inSubset = (truncateReady ? ss.addresses?.length : ss.notReadyAddresses?.length) ?? 0;
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    const out: EndpointSubset = { ...ss };
    if (truncateReady) {
      out.addresses = (ss.addresses ?? []).slice(0, toBeAdded);
      delete out.notReadyAddresses;
      canBeAdded -= out.addresses.length;
    } else {
      out.notReadyAddresses = (ss.notReadyAddresses ?? []).slice(0, toBeAdded);
      canBeAdded -= out.notReadyAddresses.length;
    }
    return out;
  });
  return true;
}
