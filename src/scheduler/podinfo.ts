// What the scheduler derives from a pod once (framework.PodInfo): its requests, host ports, parsed
// affinity terms and spreading owner, so a scheduling cycle over hundreds of nodes never re-parses it.
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { labelSelectorFromObject, matchesLabels, type LabelSelector } from '../machinery/selectors.js';
import { podRequests, type PodRequests } from './resources.js';

/** framework.AffinityTerm: a selector of pods, the namespaces it looks in, and the topology it spans. */
export interface AffinityTerm {
  namespaces: Set<string>;
  /** undefined: no namespaceSelector (matches no namespace by labels); [] matches every namespace. */
  namespaceSelector?: LabelSelector;
  /** undefined: a nil labelSelector, which matches no pod. */
  selector?: LabelSelector;
  topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export interface PodInfo {
  pod: Pod;
  key: string;
  uid: string;
  namespace: string;
  labels: Record<string, string>;
  priority: number;
  requests: PodRequests;
  hostPorts: HostPort[];
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: WeightedAffinityTerm[];
  preferredAntiAffinity: WeightedAffinityTerm[];
  /** "<namespace>/<uid>" of the controlling owner: the pods spread together by default. */
  spreadGroup?: string;
  terminating: boolean;
}

/** Namespace labels, for terms with a namespaceSelector. */
export type NamespaceLabels = (namespace: string) => Record<string, string> | undefined;

function term(pod: Pod, t: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set(t.namespaces ?? []);
  // getNamespacesFromPodAffinityTerm: no namespaces and no namespaceSelector means the pod's own.
  if (namespaces.size === 0 && !t.namespaceSelector) namespaces.add(pod.metadata?.namespace ?? '');
  return {
    namespaces,
    namespaceSelector: t.namespaceSelector ? safeSelector(t.namespaceSelector) : undefined,
    selector: t.labelSelector ? safeSelector(t.labelSelector) : undefined,
    topologyKey: t.topologyKey,
  };
}

function safeSelector(s: Parameters<typeof labelSelectorFromObject>[0]): LabelSelector | undefined {
  try {
    return labelSelectorFromObject(s);
  } catch {
    // Upstream ignores terms the API server let through but that do not parse: they match nothing.
    return undefined;
  }
}

const weighted = (pod: Pod, ts: WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] =>
  (ts ?? []).filter((t) => t.weight !== 0).map((t) => ({ ...term(pod, t.podAffinityTerm), weight: t.weight }));

/** AffinityTerm.Matches: the pod is in one of the term's namespaces and carries matching labels. */
export function termMatches(t: AffinityTerm, pod: PodInfo, nsLabels: NamespaceLabels): boolean {
  if (!t.selector) return false;
  if (!t.namespaces.has(pod.namespace)) {
    if (!t.namespaceSelector) return false;
    if (t.namespaceSelector.length && !matchesLabels(t.namespaceSelector, nsLabels(pod.namespace))) return false;
  }
  return matchesLabels(t.selector, pod.labels);
}

export function newPodInfo(pod: Pod): PodInfo {
  const m = pod.metadata ?? {};
  const aff = pod.spec?.affinity;
  const hostPorts: HostPort[] = [];
  // Only regular containers' ports count, as in upstream's getContainerPorts.
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? []) if (p.hostPort && p.hostPort > 0) hostPorts.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
  const owner = (m.ownerReferences as OwnerReference[] | undefined)?.find((r) => r.controller);
  return {
    pod,
    key: `${m.namespace}/${m.name}`,
    uid: m.uid ?? '',
    namespace: m.namespace ?? '',
    labels: (m.labels as Record<string, string> | undefined) ?? {},
    priority: pod.spec?.priority ?? 0,
    requests: podRequests(pod),
    hostPorts,
    requiredAffinity: (aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => term(pod, t)),
    requiredAntiAffinity: (aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => term(pod, t)),
    preferredAffinity: weighted(pod, aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinity: weighted(pod, aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    spreadGroup: owner ? `${m.namespace}/${owner.uid}` : undefined,
    terminating: !!m.deletionTimestamp,
  };
}

/** Has any affinity or anti-affinity (NodeInfo.PodsWithAffinity). */
export const hasAffinity = (p: PodInfo) =>
  p.requiredAffinity.length + p.requiredAntiAffinity.length + p.preferredAffinity.length + p.preferredAntiAffinity.length > 0;
