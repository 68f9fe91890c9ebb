// apps/v1 StatefulSet.
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import { defaultStatefulSet } from '../../api/apps/defaults.js';
import { ageOf } from '../../machinery/format.js';
import { validateStatefulSet, validateStatefulSetUpdate } from '../../validation/apps/statefulset.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';
import { containersColumn, imagesColumn, templateCells } from './printing.js';

/**
 * Fields behind feature gates that are off in v1.25 (StatefulSetAutoDeletePVC,
 * MaxUnavailableStatefulSet) are dropped unless the stored object already uses them.
 */
function dropDisabledFields(ss: StatefulSet, old?: StatefulSet): void {
  if (!ss.spec) return;
  if (!old?.spec?.persistentVolumeClaimRetentionPolicy) delete ss.spec.persistentVolumeClaimRetentionPolicy;
  const ru = ss.spec.updateStrategy?.rollingUpdate;
  if (ru && old?.spec?.updateStrategy?.rollingUpdate?.maxUnavailable === undefined) delete ru.maxUnavailable;
}

export const statefulsets: ResourceStrategy<StatefulSet> = {
  group: 'apps',
  version: 'v1',
  kind: 'StatefulSet',
  resource: 'statefulsets',
  singular: 'statefulset',
  namespaced: true,
  shortNames: ['sts'],
  categories: ['all'],
  generation: true,
  subresources: {
    status: true,
    scale: { specReplicasPath: ['spec', 'replicas'], statusReplicasPath: ['status', 'replicas'], labelSelectorPath: ['spec', 'selector'] },
  },
  defaults: defaultStatefulSet,
  prepareForCreate(ss) {
    ss.status = { replicas: 0, availableReplicas: 0 };
    dropDisabledFields(ss);
  },
  prepareForUpdate(ss, old) {
    dropDisabledFields(ss, old);
  },
  validate: validateStatefulSet,
  validateUpdate: validateStatefulSetUpdate,
  printer: {
    columns: [nameColumn, col('Ready', 'string', 0, 'Number of the pod with ready state'), ageColumn, containersColumn, imagesColumn],
    cells(ss, now) {
      const [containers, images] = templateCells(ss.spec?.template);
      return [
        ss.metadata?.name ?? '',
        `${ss.status?.readyReplicas ?? 0}/${ss.spec?.replicas ?? 0}`,
        ageOf(ss.metadata?.creationTimestamp, now),
        containers,
        images,
      ];
    },
  },
};
