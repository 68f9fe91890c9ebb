// TaintToleration: NoSchedule and NoExecute taints the pod does not tolerate rule a node out; each
// untolerated PreferNoSchedule taint lowers its score (normalized in reverse: fewer is better).
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { Action, defaultNormalize, unresolvable, type Plugin } from '../framework.js';
import { tolerated, untoleratedTaint } from './helpers.js';

const doNotSchedule = (t: Taint) => t.effect === 'NoSchedule' || t.effect === 'NoExecute';
const KEY = 'PreScoreTaintToleration';

export const taintToleration: Plugin = {
  name: 'TaintToleration',
  events: [{ resource: 'Node', actions: Action.Add | Action.Update }],
  filter(_s, pod, node) {
    const taint = untoleratedTaint(node.taints, pod.pod.spec?.tolerations, doNotSchedule);
    if (!taint) return undefined;
    return unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
  },
  preScore(state, pod) {
    // Only tolerations that can apply to PreferNoSchedule: that effect, or any effect.
    state.write(KEY, (pod.pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule'));
    return true;
  },
  score(state, _pod, node) {
    const tolerations = state.read<Toleration[]>(KEY);
    let n = 0;
    for (const t of node.taints) if (t.effect === 'PreferNoSchedule' && !tolerated(tolerations, t)) n++;
    return n;
  },
  normalize(_s, _p, scores) {
    defaultNormalize(scores, true);
  },
};
