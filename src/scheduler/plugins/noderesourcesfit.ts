// NodeResourcesFit: the pod's requests must fit in allocatable minus what the node's pods (assumed
// ones included) request, and the node must have room for one more pod. Scores by LeastAllocated
// over cpu and memory (weight 1 each), counting request-less containers at the default requests.
import { Action, MAX_NODE_SCORE, unschedulable, type Plugin } from '../framework.js';
import type { NodeInfo } from '../nodeinfo.js';
import type { PodInfo } from '../podinfo.js';

/** fitsRequest: every reason, in upstream's order (pods, cpu, memory, ephemeral-storage, scalars). */
export function insufficient(pod: PodInfo, node: NodeInfo): string[] {
  const out: string[] = [];
  const alloc = node.allocatable;
  const used = node.requested;
  const req = pod.requests.res;
  if (node.pods.size + 1 > alloc.allowedPodNumber) out.push('Too many pods');
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && !req.scalar?.size) return out;
  if (req.milliCPU > alloc.milliCPU - used.milliCPU) out.push('Insufficient cpu');
  if (req.memory > alloc.memory - used.memory) out.push('Insufficient memory');
  if (req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) out.push('Insufficient ephemeral-storage');
  if (req.scalar)
    for (const [name, v] of req.scalar) if (v > (alloc.scalar?.get(name) ?? 0) - (used.scalar?.get(name) ?? 0)) out.push(`Insufficient ${name}`);
  return out;
}

/** The common case without allocating: does it fit at all? */
function fits(pod: PodInfo, node: NodeInfo): boolean {
  const alloc = node.allocatable;
  const used = node.requested;
  const req = pod.requests.res;
  if (node.pods.size + 1 > alloc.allowedPodNumber) return false;
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && !req.scalar?.size) return true;
  if (req.milliCPU > alloc.milliCPU - used.milliCPU || req.memory > alloc.memory - used.memory || req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) return false;
  if (req.scalar) for (const [name, v] of req.scalar) if (v > (alloc.scalar?.get(name) ?? 0) - (used.scalar?.get(name) ?? 0)) return false;
  return true;
}

/** leastRequestedScore: the free share of capacity after placing the pod, 0..100 (integer). */
function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

export const nodeResourcesFit: Plugin = {
  name: 'NodeResourcesFit',
  events: [
    { resource: 'Pod', actions: Action.Delete },
    { resource: 'Node', actions: Action.Add | Action.Update },
  ],
  filter(_s, pod, node) {
    if (fits(pod, node)) return undefined;
    const reasons = insufficient(pod, node);
    return reasons.length ? unschedulable(...reasons) : undefined;
  },
  preScore: () => true,
  score(_s, pod, node) {
    // Resources with no allocatable are left out of the average, as upstream skips them.
    let sum = 0;
    let weights = 0;
    const alloc = node.allocatable;
    if (alloc.milliCPU > 0) {
      sum += leastRequested(node.nonZeroCPU + pod.requests.nonZeroCPU, alloc.milliCPU);
      weights++;
    }
    if (alloc.memory > 0) {
      sum += leastRequested(node.nonZeroMem + pod.requests.nonZeroMem, alloc.memory);
      weights++;
    }
    return weights ? Math.trunc(sum / weights) : 0;
  },
};
