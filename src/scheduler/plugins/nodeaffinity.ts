// NodeAffinity: spec.nodeSelector and required node affinity filter nodes; the weights of matching
// preferred terms score them (normalized so the best is 100).
import type { PreferredSchedulingTerm } from 'kubernetes-types/core/v1.js';
import { Action, defaultNormalize, Skip, unresolvable, type Plugin } from '../framework.js';
import { anyTermMatches, nodeSelectorTerms, requiredNodeAffinity, type NodeMatcher } from './helpers.js';

export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
const FILTER_KEY = 'PreFilterNodeAffinity';
const SCORE_KEY = 'PreScoreNodeAffinity';

type Preferred = { weight: number; terms: ReturnType<typeof nodeSelectorTerms> }[];

export const nodeAffinity: Plugin = {
  name: 'NodeAffinity',
  events: [{ resource: 'Node', actions: Action.Add | Action.Update }],
  preFilter(state, pod) {
    const match = requiredNodeAffinity(pod.pod);
    if (!match) return Skip;
    state.write(FILTER_KEY, match);
    return undefined;
  },
  filter(state, _pod, node) {
    return state.read<NodeMatcher>(FILTER_KEY)!(node) ? undefined : unresolvable(ErrReasonPod);
  },
  preScore(state, pod) {
    const terms: PreferredSchedulingTerm[] = pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    const preferred: Preferred = terms.filter((t) => t.weight !== 0).map((t) => ({ weight: t.weight, terms: nodeSelectorTerms([t.preference]) }));
    state.write(SCORE_KEY, preferred);
    return preferred.length > 0;
  },
  score(state, _pod, node) {
    let sum = 0;
    for (const p of state.read<Preferred>(SCORE_KEY)!) if (anyTermMatches(p.terms, node)) sum += p.weight;
    return sum;
  },
  normalize(_s, _p, scores) {
    defaultNormalize(scores, false);
  },
};
