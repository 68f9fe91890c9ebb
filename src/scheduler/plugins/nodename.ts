// NodeName: a pod that names a node (spec.nodeName) fits only that node.
import { Action, Skip, unresolvable, type Plugin } from '../framework.js';

export const ErrReasonNodeName = "node(s) didn't match the requested node name";

export const nodeName: Plugin = {
  name: 'NodeName',
  events: [{ resource: 'Node', actions: Action.Add }],
  preFilter: (_s, pod) => (pod.pod.spec?.nodeName ? undefined : Skip),
  filter(_s, pod, node) {
    const want = pod.pod.spec?.nodeName;
    return !want || want === node.name ? undefined : unresolvable(ErrReasonNodeName);
  },
};
