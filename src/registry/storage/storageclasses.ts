// storage.k8s.io/v1 StorageClass: cluster-scoped, no status; provisioner, parameters and reclaimPolicy are fixed at creation.
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { defaultStorageClass } from '../../api/storage/defaults.js';
import { ageOf } from '../../machinery/format.js';
import { validateStorageClass, validateStorageClassUpdate } from '../../validation/storage/storageclass.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

const defaultAnnotations = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

/** IsDefaultAnnotation: either annotation set to exactly "true". */
export function isDefaultStorageClass(sc: StorageClass): boolean {
  return defaultAnnotations.some((a) => sc.metadata?.annotations?.[a] === 'true');
}

export const storageClasses: ResourceStrategy<StorageClass> = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'StorageClass',
  resource: 'storageclasses',
  singular: 'storageclass',
  namespaced: false,
  shortNames: ['sc'],
  defaults: defaultStorageClass,
  validate: validateStorageClass,
  validateUpdate: validateStorageClassUpdate,
  printer: {
    columns: [
      nameColumn,
      col('Provisioner', 'string', 0, 'Indicates the type of the provisioner.'),
      col('ReclaimPolicy', 'string', 0, 'Dynamically provisioned PersistentVolumes of this storage class are created with this reclaimPolicy. Defaults to Delete.'),
      col('VolumeBindingMode', 'string', 0, 'VolumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'),
      col('AllowVolumeExpansion', 'string', 0, 'AllowVolumeExpansion shows whether the storage class allow volume expand.'),
      ageColumn,
    ],
    cells: (sc, now) => [
      `${sc.metadata?.name ?? ''}${isDefaultStorageClass(sc) ? ' (default)' : ''}`,
      sc.provisioner ?? '',
      sc.reclaimPolicy || 'Delete',
      sc.volumeBindingMode || 'Immediate',
      sc.allowVolumeExpansion ?? false,
      ageOf(sc.metadata?.creationTimestamp, now),
    ],
  },
};
