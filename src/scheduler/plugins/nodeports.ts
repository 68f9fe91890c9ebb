// NodePorts: a pod's hostPorts must be free on the node, per protocol and host IP (0.0.0.0 clashes
// with every IP).
import { Action, Skip, unschedulable, type Plugin } from '../framework.js';

export const ErrReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";

export const nodePorts: Plugin = {
  name: 'NodePorts',
  events: [
    { resource: 'Pod', actions: Action.Delete },
    { resource: 'Node', actions: Action.Add },
  ],
  preFilter: (_s, pod) => (pod.hostPorts.length ? undefined : Skip),
  filter(_s, pod, node) {
    for (const hp of pod.hostPorts) if (node.portConflict(hp)) return unschedulable(ErrReasonNodePorts);
    return undefined;
  },
};
