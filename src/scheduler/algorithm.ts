// One scheduling cycle (upstream's schedulePod): pre-filter, filter nodes starting where the last
// cycle stopped until enough feasible ones are found (the adaptive percentageOfNodesToScore), score
// them with every plugin's weight, and pick the best, ties broken by reservoir sampling.
import { CycleState, type Plugin, type Status, type WeightedPlugin } from './framework.js';
import type { SchedulerCache } from './cache.js';
import type { NodeInfo } from './nodeinfo.js';
import type { PodInfo } from './podinfo.js';

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

export type ScheduleResult =
  | { kind: 'scheduled'; node: string; evaluated: number; feasible: number }
  /** FitError: why each node was rejected. */
  | { kind: 'unfit'; numAllNodes: number; nodes: NodeInfo[]; statuses: Map<string, Status>; plugins: Set<string> }
  /** ErrNoNodesAvailable. */
  | { kind: 'noNodes' };

/** numFeasibleNodesToFind: all of a small cluster; 50% less 1% per 125 nodes (at least 5%) of a big one. */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentage >= 100) return numAllNodes;
  let pct = percentage;
  if (pct <= 0) pct = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(numAllNodes / 125));
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.trunc((numAllNodes * pct) / 100));
}

/** The first filter that rejects the node, as RunFilterPlugins stops at the first failure. */
function filter(plugins: Plugin[], state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined {
  for (const p of plugins) {
    const s = p.filter!(state, pod, node);
    if (s) return { ...s, plugin: p.name };
  }
  return undefined;
}

export class Algorithm {
  private nextStartNodeIndex = 0;
  private readonly filters: WeightedPlugin['plugin'][];
  private readonly scorers: WeightedPlugin[];

  constructor(
    plugins: WeightedPlugin[],
    private readonly cache: SchedulerCache,
    private readonly percentageOfNodesToScore = 0,
    private readonly random: () => number = Math.random,
  ) {
    this.filters = plugins.map((p) => p.plugin).filter((p) => p.preFilter || p.filter);
    this.scorers = plugins.filter((p) => p.weight > 0 && p.plugin.score);
  }

  schedule(pod: PodInfo): ScheduleResult {
    const nodes = this.cache.list();
    if (nodes.length === 0) return { kind: 'noNodes' };
    const state = new CycleState();
    const active: Plugin[] = [];
    for (const p of this.filters) {
      const s = p.preFilter?.(state, pod);
      if (s && 'skipFilter' in s) continue;
      if (!s) {
        if (p.filter) active.push(p);
        continue;
      }
      // Rejected before looking at any node: every node gets the same status.
      const statuses = new Map(nodes.map((n) => [n.name, { ...s, plugin: p.name }]));
      return { kind: 'unfit', numAllNodes: nodes.length, nodes, statuses, plugins: new Set([p.name]) };
    }

    const want = numFeasibleNodesToFind(nodes.length, this.percentageOfNodesToScore);
    const feasible: NodeInfo[] = [];
    const statuses = new Map<string, Status>();
    const plugins = new Set<string>();
    for (let i = 0; i < nodes.length && feasible.length < want; i++) {
      // Start where the previous cycle stopped, so every node gets its turn to be considered.
      const node = nodes[(this.nextStartNodeIndex + i) % nodes.length]!;
      const s = filter(active, state, pod, node);
      if (s) {
        statuses.set(node.name, s);
        plugins.add(s.plugin!);
      } else feasible.push(node);
    }
    this.nextStartNodeIndex = (this.nextStartNodeIndex + feasible.length + statuses.size) % nodes.length;
    const evaluated = feasible.length + statuses.size;
    if (feasible.length === 0) return { kind: 'unfit', numAllNodes: nodes.length, nodes, statuses, plugins };
    if (feasible.length === 1) return { kind: 'scheduled', node: feasible[0]!.name, evaluated, feasible: 1 };
    const scores = this.prioritize(state, pod, feasible);
    return { kind: 'scheduled', node: this.selectHost(feasible, scores), evaluated, feasible: feasible.length };
  }

  private prioritize(state: CycleState, pod: PodInfo, nodes: NodeInfo[]): number[] {
    const total = new Array<number>(nodes.length).fill(0);
    for (const { plugin, weight } of this.scorers) {
      if (plugin.preScore && !plugin.preScore(state, pod, nodes)) continue; // every node scores 0
      const scores = nodes.map((n) => plugin.score!(state, pod, n));
      plugin.normalize?.(state, pod, scores, nodes);
      for (let i = 0; i < nodes.length; i++) total[i]! += scores[i]! * weight;
    }
    return total;
  }

  /** selectHost: one of the highest-scoring nodes, each equally likely (reservoir sampling). */
  private selectHost(nodes: NodeInfo[], scores: number[]): string {
    let best = 0;
    let ties = 1;
    for (let i = 1; i < nodes.length; i++) {
      if (scores[i]! > scores[best]!) {
        best = i;
        ties = 1;
      } else if (scores[i] === scores[best] && Math.floor(this.random() * ++ties) === 0) best = i;
    }
    return nodes[best]!.name;
  }
}
