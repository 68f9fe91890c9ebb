// PodTopologySpread: a pod's topologySpreadConstraints with whenUnsatisfiable DoNotSchedule filter
// nodes by skew (matching pods in the node's domain + self − the global minimum ≤ maxSkew); the
// ScheduleAnyway ones score. A pod without constraints gets the system defaults (hostname maxSkew 3,
// zone maxSkew 5, ScheduleAnyway) over the pods of its controller, which spreads replicas.
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { labelSelectorFromObject, matchesLabels, type LabelSelector } from '../../machinery/selectors.js';
import { Action, MAX_NODE_SCORE, Skip, unresolvable, unschedulable, type Handle, type Plugin } from '../framework.js';
import type { NodeInfo } from '../nodeinfo.js';
import type { PodInfo } from '../podinfo.js';
import { requiredNodeAffinity } from './helpers.js';

export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const ErrReasonNodeLabelNotMatch = `${ErrReasonConstraintsNotMatch} (missing required label)`;

const HOSTNAME = 'kubernetes.io/hostname';
const FILTER_KEY = 'PreFilterPodTopologySpread';
const SCORE_KEY = 'PreScorePodTopologySpread';

interface Constraint {
  maxSkew: number;
  topologyKey: string;
  minDomains: number;
  /** Matching pods on one node (terminating ones and other namespaces left out). */
  count(node: NodeInfo): number;
  selfMatch: boolean;
}

const hasKeys = (node: NodeInfo, cs: Constraint[]) => cs.every((c) => node.labels[c.topologyKey] !== undefined);
const pair = (key: string, value: string) => `${key}\x00${value}`;

function selectorCounter(sel: LabelSelector | undefined, ns: string): (node: NodeInfo) => number {
  return (node) => {
    if (!sel) return 0; // a nil selector matches nothing
    let n = 0;
    for (const p of node.pods.values()) if (!p.terminating && p.namespace === ns && matchesLabels(sel, p.labels)) n++;
    return n;
  };
}

function constraints(pod: PodInfo, when: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
  const spec: TopologySpreadConstraint[] = pod.pod.spec?.topologySpreadConstraints ?? [];
  if (spec.length)
    return spec
      .filter((c) => c.whenUnsatisfiable === when)
      .map((c) => {
        let sel: LabelSelector | undefined;
        try {
          sel = c.labelSelector ? labelSelectorFromObject(c.labelSelector) : undefined;
        } catch {
          sel = undefined;
        }
        return { maxSkew: c.maxSkew, topologyKey: c.topologyKey, minDomains: c.minDomains ?? 1, count: selectorCounter(sel, pod.namespace), selfMatch: !!sel && matchesLabels(sel, pod.labels) };
      });
  // System defaults, all ScheduleAnyway; spread over the pod's controller's pods.
  const group = pod.spreadGroup;
  if (when === 'DoNotSchedule' || !group) return [];
  const count = (node: NodeInfo) => node.groupCount(group);
  return [
    { maxSkew: 3, topologyKey: HOSTNAME, minDomains: 1, count, selfMatch: true },
    { maxSkew: 5, topologyKey: 'topology.kubernetes.io/zone', minDomains: 1, count, selfMatch: true },
  ];
}

interface FilterState {
  constraints: Constraint[];
  /** Matching pods per domain. */
  matchNum: Map<string, number>;
  /** Per constraint: the fewest matching pods in a domain, and the number of domains. */
  min: number[];
  domains: number[];
}

interface ScoreState {
  constraints: Constraint[];
  ignored: Set<NodeInfo>;
  pairCounts: Map<string, number>;
  weights: number[];
}

export function podTopologySpread(h: Handle): Plugin {
  return {
    name: 'PodTopologySpread',
    events: [
      { resource: 'Pod', actions: Action.All },
      { resource: 'Node', actions: Action.Add | Action.Delete | Action.UpdateNodeLabel },
    ],
    preFilter(state, pod) {
      const cs = constraints(pod, 'DoNotSchedule');
      if (!cs.length) return Skip;
      const s: FilterState = { constraints: cs, matchNum: new Map(), min: cs.map(() => Infinity), domains: cs.map(() => 0) };
      // Spreading is among the nodes the pod's node selector and affinity allow.
      const allowed = requiredNodeAffinity(pod.pod);
      for (const node of h.cache.list()) {
        if ((allowed && !allowed(node)) || !hasKeys(node, cs)) continue;
        cs.forEach((c, i) => {
          const k = pair(c.topologyKey, node.labels[c.topologyKey]!);
          if (!s.matchNum.has(k)) s.domains[i]!++;
          s.matchNum.set(k, (s.matchNum.get(k) ?? 0) + c.count(node));
        });
      }
      for (const [k, n] of s.matchNum) cs.forEach((c, i) => k.startsWith(`${c.topologyKey}\x00`) && (s.min[i] = Math.min(s.min[i]!, n)));
      state.write(FILTER_KEY, s);
      return undefined;
    },
    filter(state, _pod, node) {
      const s = state.read<FilterState>(FILTER_KEY)!;
      for (let i = 0; i < s.constraints.length; i++) {
        const c = s.constraints[i]!;
        const v = node.labels[c.topologyKey];
        if (v === undefined) return unresolvable(ErrReasonNodeLabelNotMatch);
        // Fewer domains than minDomains: the global minimum counts as 0.
        const min = s.domains[i]! < c.minDomains ? 0 : s.min[i]!;
        const skew = (s.matchNum.get(pair(c.topologyKey, v)) ?? 0) + (c.selfMatch ? 1 : 0) - min;
        if (skew > c.maxSkew) return unschedulable(ErrReasonConstraintsNotMatch);
      }
      return undefined;
    },
    preScore(state, pod, nodes) {
      const cs = constraints(pod, 'ScheduleAnyway');
      if (!cs.length) return false;
      // Nodes lacking a topology key are ignored, except under the system defaults, so that nodes
      // without a zone label still spread by hostname.
      const requireAll = (pod.pod.spec?.topologySpreadConstraints ?? []).length > 0;
      const s: ScoreState = { constraints: cs, ignored: new Set(), pairCounts: new Map(), weights: [] };
      const sizes = cs.map(() => 0);
      let labelled = false;
      for (const node of nodes) {
        if (requireAll && !hasKeys(node, cs)) {
          s.ignored.add(node);
          continue;
        }
        cs.forEach((c, i) => {
          if (c.topologyKey === HOSTNAME) return; // counted per node in score
          const v = node.labels[c.topologyKey];
          if (v !== undefined) labelled = true;
          const k = pair(c.topologyKey, v ?? '');
          if (!s.pairCounts.has(k)) {
            s.pairCounts.set(k, 0);
            sizes[i]!++;
          }
        });
      }
      s.weights = cs.map((c, i) => Math.log((c.topologyKey === HOSTNAME ? nodes.length - s.ignored.size : sizes[i]!) + 2));
      // Domain counts come from every node the pod may go to, not just the ones being scored.
      if (labelled) {
        const allowed = requiredNodeAffinity(pod.pod);
        for (const node of h.cache.list()) {
          if ((allowed && !allowed(node)) || (requireAll && !hasKeys(node, cs))) continue;
          for (const c of cs) {
            if (c.topologyKey === HOSTNAME) continue;
            const k = pair(c.topologyKey, node.labels[c.topologyKey] ?? '');
            const n = s.pairCounts.get(k);
            if (n !== undefined) s.pairCounts.set(k, n + c.count(node));
          }
        }
      }
      state.write(SCORE_KEY, s);
      return true;
    },
    score(state, _pod, node) {
      const s = state.read<ScoreState>(SCORE_KEY)!;
      if (s.ignored.has(node)) return 0;
      let score = 0;
      s.constraints.forEach((c, i) => {
        const v = node.labels[c.topologyKey];
        if (v === undefined) return;
        const cnt = c.topologyKey === HOSTNAME ? c.count(node) : (s.pairCounts.get(pair(c.topologyKey, v)) ?? 0);
        score += cnt * s.weights[i]! + (c.maxSkew - 1);
      });
      return Math.round(score);
    },
    normalize(state, _pod, scores, nodes) {
      const s = state.read<ScoreState>(SCORE_KEY)!;
      let min = Infinity;
      let max = 0;
      scores.forEach((v, i) => {
        if (s.ignored.has(nodes[i]!)) return;
        if (v < min) min = v;
        if (v > max) max = v;
      });
      // Fewer matching pods is better: the emptiest domain gets the top score.
      for (let i = 0; i < scores.length; i++) {
        if (s.ignored.has(nodes[i]!)) scores[i] = 0;
        else if (max === 0) scores[i] = MAX_NODE_SCORE;
        else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
      }
    },
  };
}
