// Helpers the controller describers share: pod phase counts of a controller's own pods.
import { CORE, listAll, type DescribeContext } from './context.js';
import { controllerOf, selectorString } from './format.js';

export interface PodCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

/** getPodStatusForController: pods matching the selector and controlled by `uid`, counted by phase. */
export async function podStatusForController(ctx: DescribeContext, namespace: string, selector: any, uid: string): Promise<PodCounts> {
  const pods = await listAll(ctx, CORE('pods'), { namespace, labelSelector: selectorString(selector) });
  const counts: PodCounts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const p of pods) {
    if (controllerOf(p)?.uid !== uid) continue;
    switch (p.status?.phase) {
      case 'Running':
        counts.running++;
        break;
      case 'Pending':
        counts.waiting++;
        break;
      case 'Succeeded':
        counts.succeeded++;
        break;
      case 'Failed':
        counts.failed++;
        break;
    }
  }
  return counts;
}

export const podsStatusText = (c: PodCounts) => `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;
