// InterPodAffinity: required pod affinity and anti-affinity of the incoming pod, and existing pods'
// required anti-affinity against it, per topology domain (topologyKey's value on the node); preferred
// terms on both sides (and existing pods' required affinity, at weight 1) score the domains.
import { Action, MAX_NODE_SCORE, Skip, unresolvable, unschedulable, type Handle, type Plugin } from '../framework.js';
import type { NodeInfo } from '../nodeinfo.js';
import { termMatches, type AffinityTerm, type PodInfo } from '../podinfo.js';

export const ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

const FILTER_KEY = 'PreFilterInterPodAffinity';
const SCORE_KEY = 'PreScoreInterPodAffinity';
const HARD_POD_AFFINITY_WEIGHT = 1;

/** Matched-term counts per topology pair "key\0value". */
type Counts = Map<string, number>;
const pair = (key: string, value: string) => `${key}\x00${value}`;

function bump(m: Counts, node: NodeInfo, key: string, by: number): void {
  const v = node.labels[key];
  if (v === undefined) return;
  const k = pair(key, v);
  m.set(k, (m.get(k) ?? 0) + by);
}

interface FilterState {
  affinity: Counts;
  antiAffinity: Counts;
  existingAntiAffinity: Counts;
}

export function interPodAffinity(h: Handle): Plugin {
  const matchesAll = (terms: AffinityTerm[], p: PodInfo) => terms.length > 0 && terms.every((t) => termMatches(t, p, h.namespaceLabels));

  function satisfiesAffinity(s: FilterState, pod: PodInfo, node: NodeInfo): boolean {
    let podsExist = true;
    for (const t of pod.requiredAffinity) {
      const v = node.labels[t.topologyKey];
      if (v === undefined) return false; // every topology key must be on the node
      if (!((s.affinity.get(pair(t.topologyKey, v)) ?? 0) > 0)) podsExist = false;
    }
    // The first of a group of pods with affinity to each other: nothing matches yet anywhere, and the
    // pod matches its own terms, so let it start the group rather than stay pending forever.
    return podsExist || (s.affinity.size === 0 && matchesAll(pod.requiredAffinity, pod));
  }

  return {
    name: 'InterPodAffinity',
    events: [
      { resource: 'Pod', actions: Action.All },
      { resource: 'Node', actions: Action.Add | Action.UpdateNodeLabel },
    ],
    preFilter(state, pod) {
      const s: FilterState = { affinity: new Map(), antiAffinity: new Map(), existingAntiAffinity: new Map() };
      for (const node of h.cache.nodesWithAffinity)
        for (const existing of node.podsWithRequiredAntiAffinity)
          for (const t of existing.requiredAntiAffinity) if (termMatches(t, pod, h.namespaceLabels)) bump(s.existingAntiAffinity, node, t.topologyKey, 1);
      if (pod.requiredAffinity.length || pod.requiredAntiAffinity.length) {
        for (const node of h.cache.list())
          for (const existing of node.pods.values()) {
            if (matchesAll(pod.requiredAffinity, existing)) for (const t of pod.requiredAffinity) bump(s.affinity, node, t.topologyKey, 1);
            for (const t of pod.requiredAntiAffinity) if (termMatches(t, existing, h.namespaceLabels)) bump(s.antiAffinity, node, t.topologyKey, 1);
          }
      }
      if (!pod.requiredAffinity.length && !s.antiAffinity.size && !s.existingAntiAffinity.size) return Skip;
      state.write(FILTER_KEY, s);
      return undefined;
    },
    filter(state, pod, node) {
      const s = state.read<FilterState>(FILTER_KEY)!;
      if (pod.requiredAffinity.length && !satisfiesAffinity(s, pod, node)) return unresolvable(ErrReasonAffinityRulesNotMatch);
      if (s.antiAffinity.size)
        for (const t of pod.requiredAntiAffinity) {
          const v = node.labels[t.topologyKey];
          if (v !== undefined && (s.antiAffinity.get(pair(t.topologyKey, v)) ?? 0) > 0) return unschedulable(ErrReasonAntiAffinityRulesNotMatch);
        }
      if (s.existingAntiAffinity.size)
        for (const [k, v] of Object.entries(node.labels)) if ((s.existingAntiAffinity.get(pair(k, v)) ?? 0) > 0) return unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch);
      return undefined;
    },
    preScore(state, pod) {
      const own = pod.preferredAffinity.length + pod.preferredAntiAffinity.length > 0;
      // Without preferences of its own, only nodes hosting pods with affinity terms can matter.
      const nodes = own ? h.cache.list() : [...h.cache.nodesWithAffinity];
      const scores: Counts = new Map();
      const ns = h.namespaceLabels;
      for (const node of nodes) {
        if (!node.node || Object.keys(node.labels).length === 0) continue;
        for (const existing of own ? node.pods.values() : node.podsWithAffinity) {
          for (const t of pod.preferredAffinity) if (termMatches(t, existing, ns)) bump(scores, node, t.topologyKey, t.weight);
          for (const t of pod.preferredAntiAffinity) if (termMatches(t, existing, ns)) bump(scores, node, t.topologyKey, -t.weight);
          for (const t of existing.requiredAffinity) if (termMatches(t, pod, ns)) bump(scores, node, t.topologyKey, HARD_POD_AFFINITY_WEIGHT);
          for (const t of existing.preferredAffinity) if (termMatches(t, pod, ns)) bump(scores, node, t.topologyKey, t.weight);
          for (const t of existing.preferredAntiAffinity) if (termMatches(t, pod, ns)) bump(scores, node, t.topologyKey, -t.weight);
        }
      }
      for (const [k, v] of scores) if (v === 0) scores.delete(k);
      state.write(SCORE_KEY, scores);
      return scores.size > 0;
    },
    score(state, _pod, node) {
      let sum = 0;
      for (const [k, v] of state.read<Counts>(SCORE_KEY)!) {
        const i = k.indexOf('\x00');
        if (node.labels[k.slice(0, i)] === k.slice(i + 1)) sum += v;
      }
      return sum;
    },
    normalize(_s, _p, scores) {
      let min = Infinity;
      let max = -Infinity;
      for (const s of scores) {
        if (s > max) max = s;
        if (s < min) min = s;
      }
      const diff = max - min;
      for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (scores[i]! - min)) / diff) : 0;
    },
  };
}
