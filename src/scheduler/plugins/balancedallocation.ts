// NodeResourcesBalancedAllocation: prefer nodes where cpu and memory would be used in similar
// proportions after placing the pod: 100 × (1 − standard deviation of the two fractions).
import { Action, MAX_NODE_SCORE, type Plugin } from '../framework.js';

export const balancedAllocation: Plugin = {
  name: 'NodeResourcesBalancedAllocation',
  events: [
    { resource: 'Pod', actions: Action.Delete },
    { resource: 'Node', actions: Action.Add | Action.Update },
  ],
  preScore: () => true,
  score(_s, pod, node) {
    // Actual requests here (useRequested), not the non-zero defaults LeastAllocated uses.
    const alloc = node.allocatable;
    const req = pod.requests.res;
    const fractions: number[] = [];
    if (alloc.milliCPU > 0) fractions.push(Math.min(1, (node.requested.milliCPU + req.milliCPU) / alloc.milliCPU));
    if (alloc.memory > 0) fractions.push(Math.min(1, (node.requested.memory + req.memory) / alloc.memory));
    const std = fractions.length === 2 ? Math.abs(fractions[0]! - fractions[1]!) / 2 : 0;
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  },
};
