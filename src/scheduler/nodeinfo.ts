// NodeInfo: one node plus running aggregates of the pods on it (requested resources, host ports,
// pods with affinity, pods per spreading group). Adding or removing a pod updates the aggregates in
// O(1), so filters and scores read numbers instead of walking the node's pods.
import type { Node, Taint } from 'kubernetes-types/core/v1.js';
import { hasAffinity, type HostPort, type PodInfo } from './podinfo.js';
import { accumulate, emptyResource, resourceFromList, type Resource } from './resources.js';

export class NodeInfo {
  node?: Node;
  labels: Record<string, string> = {};
  taints: Taint[] = [];
  unschedulable = false;
  allocatable: Resource = emptyResource();
  readonly requested: Resource = emptyResource();
  /** cpu and memory requested, counting request-less containers at the defaults (for scoring). */
  nonZeroCPU = 0;
  nonZeroMem = 0;
  readonly pods = new Map<string, PodInfo>();
  readonly podsWithAffinity = new Set<PodInfo>();
  readonly podsWithRequiredAntiAffinity = new Set<PodInfo>();
  /** "<protocol>/<port>" → ip → number of pods using it. */
  private readonly ports = new Map<string, Map<string, number>>();
  /** Spreading group → pods on this node that are not terminating. */
  private readonly groups = new Map<string, number>();

  constructor(readonly name: string) {}

  setNode(node: Node): void {
    this.node = node;
    this.labels = (node.metadata?.labels as Record<string, string> | undefined) ?? {};
    this.taints = node.spec?.taints ?? [];
    this.unschedulable = !!node.spec?.unschedulable;
    this.allocatable = resourceFromList(node.status?.allocatable as Record<string, unknown> | undefined);
  }

  addPod(p: PodInfo): void {
    this.pods.set(p.key, p);
    this.update(p, 1);
  }

  removePod(key: string): PodInfo | undefined {
    const p = this.pods.get(key);
    if (!p) return undefined;
    this.pods.delete(key);
    this.update(p, -1);
    return p;
  }

  private update(p: PodInfo, sign: 1 | -1): void {
    accumulate(this.requested, p.requests.res, sign);
    this.nonZeroCPU += sign * p.requests.nonZeroCPU;
    this.nonZeroMem += sign * p.requests.nonZeroMem;
    const sets = [hasAffinity(p) && this.podsWithAffinity, p.requiredAntiAffinity.length > 0 && this.podsWithRequiredAntiAffinity];
    for (const s of sets) if (s) sign > 0 ? s.add(p) : s.delete(p);
    for (const hp of p.hostPorts) {
      const k = `${hp.protocol}/${hp.port}`;
      let ips = this.ports.get(k);
      if (!ips) this.ports.set(k, (ips = new Map()));
      const n = (ips.get(hp.ip) ?? 0) + sign;
      if (n > 0) ips.set(hp.ip, n);
      else ips.delete(hp.ip);
      if (ips.size === 0) this.ports.delete(k);
    }
    if (p.spreadGroup && !p.terminating) {
      const n = (this.groups.get(p.spreadGroup) ?? 0) + sign;
      if (n > 0) this.groups.set(p.spreadGroup, n);
      else this.groups.delete(p.spreadGroup);
    }
  }

  /** HostPortInfo.CheckConflict: 0.0.0.0 conflicts with every IP; another IP with itself and 0.0.0.0. */
  portConflict(hp: HostPort): boolean {
    const ips = this.ports.get(`${hp.protocol}/${hp.port}`);
    if (!ips) return false;
    if (hp.ip === '0.0.0.0') return ips.size > 0;
    return ips.has('0.0.0.0') || ips.has(hp.ip);
  }

  groupCount(group: string): number {
    return this.groups.get(group) ?? 0;
  }
}

/** utilnode.GetZoneKey: region and zone, so nodes can be visited zone by zone in turn. */
export function zoneKey(labels: Record<string, string>): string {
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region || zone ? `${region}:\x00:${zone}` : '';
}
