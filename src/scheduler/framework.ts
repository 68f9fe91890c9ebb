// The scheduling framework's shapes: a plugin may pre-filter (once per pod), filter (per node),
// pre-score, score and normalize; a failed filter says why in upstream's words; the cluster events a
// plugin names are the ones that may make a pod it rejected schedulable again.
import type { SchedulerCache } from './cache.js';
import type { NodeInfo } from './nodeinfo.js';
import type { NamespaceLabels, PodInfo } from './podinfo.js';

export const MAX_NODE_SCORE = 100;

/** Unschedulable: preemption might help; UnschedulableAndUnresolvable: it cannot. */
export type Code = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface Status {
  code: Code;
  reasons: string[];
  /** The plugin that failed the pod, set by the framework. */
  plugin?: string;
}

export const unschedulable = (...reasons: string[]): Status => ({ code: 'Unschedulable', reasons });
export const unresolvable = (...reasons: string[]): Status => ({ code: 'UnschedulableAndUnresolvable', reasons });

/** framework.ActionType bits as in v1.25. */
export const Action = {
  Add: 1,
  Delete: 2,
  UpdateNodeAllocatable: 4,
  UpdateNodeLabel: 8,
  UpdateNodeTaint: 16,
  UpdateNodeCondition: 32,
  Update: 4 | 8 | 16 | 32,
  All: 63,
} as const;

export type EventResource = 'Node' | 'Pod';

export interface ClusterEvent {
  resource: EventResource;
  action: number;
  /** Name used in logs, e.g. "NodeAdd". */
  label: string;
}

/** Per-cycle data a plugin computes in PreFilter/PreScore and reads per node. */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  write(key: string, v: unknown): void {
    this.data.set(key, v);
  }
}

/** PreFilter's answer when the plugin has nothing to check for this pod: its Filter is not called. */
export const Skip = { skipFilter: true } as const;
export type PreFilterResult = Status | typeof Skip | undefined;

/** What plugins may look at beyond the pod and node in hand. */
export interface Handle {
  cache: SchedulerCache;
  namespaceLabels: NamespaceLabels;
}

export interface Plugin {
  readonly name: string;
  /** Cluster events that may make a pod this plugin rejected schedulable (EnqueueExtensions). */
  readonly events: { resource: EventResource; actions: number }[];
  /** Once per cycle; a Status rejects every node with it, Skip spares the per-node filter. */
  preFilter?(state: CycleState, pod: PodInfo): PreFilterResult;
  filter?(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined;
  /** Once per cycle over the feasible nodes; false means every node scores 0 (nothing to prefer). */
  preScore?(state: CycleState, pod: PodInfo, nodes: NodeInfo[]): boolean;
  score?(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /** Rescale raw scores (same order as the nodes) into 0..MAX_NODE_SCORE. */
  normalize?(state: CycleState, pod: PodInfo, scores: number[], nodes: NodeInfo[]): void;
}

export interface WeightedPlugin {
  plugin: Plugin;
  /** Score weight; 0 for plugins that only filter. */
  weight: number;
}

/** FitError.Error (v1.25): "0/N nodes are available: <count> <reason>, ... (sorted)." + post-filter message. */
export function fitErrorMessage(numAllNodes: number, statuses: Iterable<Status>, postFilterMsg = ''): string {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  // Go's sort.Strings: byte order, so "10 x" sorts before "2 y" exactly as upstream prints it.
  const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const msg = `0/${numAllNodes} nodes are available: ${parts.join(', ')}.`;
  return postFilterMsg ? `${msg} ${postFilterMsg}` : msg;
}

/** helper.DefaultNormalizeScore: scale so the largest is MAX_NODE_SCORE; `reverse` flips it. */
export function defaultNormalize(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) {
    if (reverse) scores.fill(MAX_NODE_SCORE);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const s = Math.trunc((MAX_NODE_SCORE * scores[i]!) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - s : s;
  }
}
