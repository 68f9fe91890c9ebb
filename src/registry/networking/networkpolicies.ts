// networking.k8s.io/v1 NetworkPolicy: pod-level traffic isolation rules.
import type { NetworkPolicy } from 'kubernetes-types/networking/v1.js';
import { defaultNetworkPolicy } from '../../api/networking/defaults.js';
import { ageOf, formatLabelSelector } from '../../machinery/format.js';
import { validateNetworkPolicy } from '../../validation/networking/networkpolicy.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

// status belongs to the NetworkPolicyStatus gate (alpha, off in 1.25): dropped unless already stored.
function dropStatus(np: NetworkPolicy & { status?: unknown }, old?: NetworkPolicy & { status?: unknown }): void {
  if (old?.status === undefined) delete np.status;
  else np.status = old.status;
}

export const networkPolicies: ResourceStrategy<NetworkPolicy> = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'NetworkPolicy',
  resource: 'networkpolicies',
  singular: 'networkpolicy',
  namespaced: true,
  shortNames: ['netpol'],
  generation: true,
  defaults: defaultNetworkPolicy,
  prepareForCreate: (np) => dropStatus(np),
  prepareForUpdate: (np, old) => dropStatus(np, old),
  validate: validateNetworkPolicy,
  validateUpdate: validateNetworkPolicy,
  printer: {
    columns: [nameColumn, col('Pod-Selector', 'string', 0, 'Pod selector, if set'), ageColumn],
    cells: (np, now) => [np.metadata?.name ?? '', formatLabelSelector(np.spec?.podSelector), ageOf(np.metadata?.creationTimestamp, now)],
  },
};
