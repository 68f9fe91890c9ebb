// NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods that tolerate
// node.kubernetes.io/unschedulable:NoSchedule.
import { Action, unresolvable, type Plugin } from '../framework.js';
import { tolerated } from './helpers.js';

export const ErrReasonUnschedulable = 'node(s) were unschedulable';
const cordonTaint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export const nodeUnschedulable: Plugin = {
  name: 'NodeUnschedulable',
  events: [{ resource: 'Node', actions: Action.Add | Action.UpdateNodeTaint }],
  filter(_s, pod, node) {
    if (!node.unschedulable || tolerated(pod.pod.spec?.tolerations, cordonTaint)) return undefined;
    return unresolvable(ErrReasonUnschedulable);
  },
};
