// DefaultPreemption's PostFilter message for a pod that fits nowhere. Preemption itself is not done:
// every node where preemption could help is reported as upstream reports a node without victims.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { fitErrorMessage, unresolvable, type Status } from '../framework.js';
import type { NodeInfo } from '../nodeinfo.js';

/** "preemption: ..." as DefaultPreemption.PostFilter words it when it finds no candidates. */
export function preemptionMessage(pod: Pod, nodes: NodeInfo[], statuses: Map<string, Status>): string {
  if (pod.spec?.preemptionPolicy === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never.';
  const after = nodes.map((n) =>
    statuses.get(n.name)?.code === 'UnschedulableAndUnresolvable'
      ? unresolvable('Preemption is not helpful for scheduling')
      : unresolvable('No preemption victims found for incoming pod'),
  );
  return `preemption: ${fitErrorMessage(after.length, after)}`;
}
