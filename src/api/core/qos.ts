// Pod QoS class (pkg/apis/core/helper/qos GetPodQOS, v1.25): computed from cpu and memory only.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { addQuantities, compareQuantities, parseQuantity, type Quantity } from './quantity.js';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const qosResources = new Set(['cpu', 'memory']);

export function podQOSClass(pod: Pod): QOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const sum = (into: Map<string, Quantity>, name: string, q: Quantity) => {
    const prev = into.get(name);
    into.set(name, prev ? addQuantities(prev, q) : q);
  };
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const [name, v] of Object.entries(c.resources?.requests ?? {})) {
      const q = parseQuantity(v);
      if (qosResources.has(name) && q && q.nano > 0n) sum(requests, name, q);
    }
    const found = new Set<string>();
    for (const [name, v] of Object.entries(c.resources?.limits ?? {})) {
      const q = parseQuantity(v);
      if (!qosResources.has(name) || !q || q.nano <= 0n) continue;
      found.add(name);
      sum(limits, name, q);
    }
    // Every container must limit both cpu and memory for the pod to be Guaranteed.
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantities(lim, req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
