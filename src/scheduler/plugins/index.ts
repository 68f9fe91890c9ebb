// The default profile's plugins in upstream v1.25's order (filters run in this order and stop at the
// first failure) with its score weights.
import type { Handle, WeightedPlugin } from '../framework.js';
import { balancedAllocation } from './balancedallocation.js';
import { interPodAffinity } from './interpodaffinity.js';
import { nodeAffinity } from './nodeaffinity.js';
import { nodeName } from './nodename.js';
import { nodePorts } from './nodeports.js';
import { nodeResourcesFit } from './noderesourcesfit.js';
import { nodeUnschedulable } from './nodeunschedulable.js';
import { podTopologySpread } from './podtopologyspread.js';
import { taintToleration } from './tainttoleration.js';

export function defaultPlugins(h: Handle): WeightedPlugin[] {
  return [
    { plugin: nodeUnschedulable, weight: 0 },
    { plugin: nodeName, weight: 0 },
    { plugin: taintToleration, weight: 3 },
    { plugin: nodeAffinity, weight: 2 },
    { plugin: nodePorts, weight: 0 },
    { plugin: nodeResourcesFit, weight: 1 },
    { plugin: podTopologySpread(h), weight: 2 },
    { plugin: interPodAffinity(h), weight: 2 },
    { plugin: balancedAllocation, weight: 1 },
  ];
}
