// The cluster events the scheduler reacts to (upstream's queue events), which node changes count
// as which, and the quick check (preCheckForNode) that a pod could fit a node that just appeared or
// changed, so only pods it may help are moved out of the unschedulable set.
import type { Node } from 'kubernetes-types/core/v1.js';
import { Action, type ClusterEvent } from './framework.js';
import type { NodeInfo } from './nodeinfo.js';
import { requiredNodeAffinity, untoleratedTaint } from './plugins/helpers.js';
import { insufficient } from './plugins/noderesourcesfit.js';
import type { PodInfo } from './podinfo.js';

export const NodeAdd: ClusterEvent = { resource: 'Node', action: Action.Add, label: 'NodeAdd' };
export const AssignedPodAdd: ClusterEvent = { resource: 'Pod', action: Action.Add, label: 'AssignedPodAdd' };
export const AssignedPodUpdate: ClusterEvent = { resource: 'Pod', action: Action.Update, label: 'AssignedPodUpdate' };
export const AssignedPodDelete: ClusterEvent = { resource: 'Pod', action: Action.Delete, label: 'AssignedPodDelete' };
const NodeSpecUnschedulableChange: ClusterEvent = { resource: 'Node', action: Action.UpdateNodeTaint, label: 'NodeSpecUnschedulableChange' };
const NodeAllocatableChange: ClusterEvent = { resource: 'Node', action: Action.UpdateNodeAllocatable, label: 'NodeAllocatableChange' };
const NodeLabelChange: ClusterEvent = { resource: 'Node', action: Action.UpdateNodeLabel, label: 'NodeLabelChange' };
const NodeTaintChange: ClusterEvent = { resource: 'Node', action: Action.UpdateNodeTaint, label: 'NodeTaintChange' };
const NodeConditionChange: ClusterEvent = { resource: 'Node', action: Action.UpdateNodeCondition, label: 'NodeConditionChange' };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const conditionStatuses = (n: Node) => Object.fromEntries((n.status?.conditions ?? []).map((c) => [c.type, c.status]));

/** nodeSchedulingPropertiesChange: the first change that may matter for scheduling, if any. */
export function nodeChange(old: Node, cur: Node): ClusterEvent | undefined {
  // Only a node becoming schedulable can help; being cordoned cannot.
  if (!!old.spec?.unschedulable !== !!cur.spec?.unschedulable && !cur.spec?.unschedulable) return NodeSpecUnschedulableChange;
  if (!same(old.status?.allocatable, cur.status?.allocatable)) return NodeAllocatableChange;
  if (!same(old.metadata?.labels, cur.metadata?.labels)) return NodeLabelChange;
  if (!same(old.spec?.taints, cur.spec?.taints)) return NodeTaintChange;
  if (!same(conditionStatuses(old), conditionStatuses(cur))) return NodeConditionChange;
  return undefined;
}

/** preCheckForNode: resources, node name, host ports, node affinity and NoSchedule taints. */
export function couldFit(pod: PodInfo, node: NodeInfo): boolean {
  const spec = pod.pod.spec;
  if (insufficient(pod, node).length) return false;
  if (spec?.nodeName && spec.nodeName !== node.name) return false;
  if (pod.hostPorts.some((hp) => node.portConflict(hp))) return false;
  const affinity = requiredNodeAffinity(pod.pod);
  if (affinity && !affinity(node)) return false;
  return !untoleratedTaint(node.taints, spec?.tolerations, (t) => t.effect === 'NoSchedule');
}
