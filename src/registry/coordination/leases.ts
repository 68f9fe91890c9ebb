// coordination.k8s.io/v1 Lease: leader election and node heartbeats.
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { ageOf } from '../../machinery/format.js';
import { validateLease } from '../../validation/coordination/lease.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

export const leases: ResourceStrategy<Lease> = {
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  resource: 'leases',
  singular: 'lease',
  namespaced: true,
  validate: validateLease,
  validateUpdate: (lease) => validateLease(lease),
  printer: {
    columns: [nameColumn, col('Holder', 'string', 0, 'Name of the Lease holder'), ageColumn],
    cells: (lease, now) => [lease.metadata?.name ?? '', lease.spec?.holderIdentity ?? '', ageOf(lease.metadata?.creationTimestamp, now)],
  },
};
