// apps/v1 ReplicaSet.
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Mutable } from '../../api/object.js';
import { defaultReplicaSet } from '../../api/apps/defaults.js';
import { ageOf, formatLabelSelector } from '../../machinery/format.js';
import { validateReplicaSet, validateReplicaSetUpdate } from '../../validation/apps/replicaset.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';
import { containersColumn, imagesColumn, selectorColumn, templateCells } from './printing.js';

export const replicasets: ResourceStrategy<ReplicaSet> = {
  group: 'apps',
  version: 'v1',
  kind: 'ReplicaSet',
  resource: 'replicasets',
  singular: 'replicaset',
  namespaced: true,
  shortNames: ['rs'],
  categories: ['all'],
  generation: true,
  statusMetadata: ['labels', 'annotations'],
  subresources: {
    status: true,
    scale: { specReplicasPath: ['spec', 'replicas'], statusReplicasPath: ['status', 'replicas'], labelSelectorPath: ['spec', 'selector'] },
  },
  defaults: defaultReplicaSet,
  prepareForCreate(rs) {
    (rs as Mutable<ReplicaSet>).status = { replicas: 0 };
  },
  validate: validateReplicaSet,
  validateUpdate: validateReplicaSetUpdate,
  printer: {
    columns: [
      nameColumn,
      col('Desired', 'integer', 0, 'Number of desired pods.'),
      col('Current', 'integer', 0, 'Number of actually running pods.'),
      col('Ready', 'integer', 0, 'Number of ready pods.'),
      ageColumn,
      containersColumn,
      imagesColumn,
      selectorColumn('Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'),
    ],
    cells(rs, now) {
      const [containers, images] = templateCells(rs.spec?.template);
      return [
        rs.metadata?.name ?? '',
        rs.spec?.replicas ?? 0,
        rs.status?.replicas ?? 0,
        rs.status?.readyReplicas ?? 0,
        ageOf(rs.metadata?.creationTimestamp, now),
        containers,
        images,
        formatLabelSelector(rs.spec?.selector),
      ];
    },
  },
};
