// storage.k8s.io/v1 CSINode: one per node (same name), written by the kubelet's plugin registration.
import type { CSINode } from 'kubernetes-types/storage/v1.js';
import { ageOf } from '../../machinery/format.js';
import { validateCSINode, validateCSINodeUpdate } from '../../validation/storage/csinode.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

export const csiNodes: ResourceStrategy<CSINode> = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'CSINode',
  resource: 'csinodes',
  singular: 'csinode',
  namespaced: false,
  validate: validateCSINode,
  validateUpdate: validateCSINodeUpdate,
  printer: {
    columns: [nameColumn, col('Drivers', 'integer', 0, 'Drivers indicates the number of CSI drivers registered on the node'), ageColumn],
    cells: (n, now) => [n.metadata?.name ?? '', n.spec?.drivers?.length ?? 0, ageOf(n.metadata?.creationTimestamp, now)],
  },
};
