// persistentvolumeclaims (core/v1): frozen after creation except a bound claim's storage request;
// Capacity and Access Modes are shown only once a volume is bound.
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import { defaultPersistentVolumeClaim } from '../../api/core/defaults.js';
import { quantityString } from '../../api/core/quantity.js';
import type { Mutable } from '../../api/object.js';
import { ageOf, formatAccessModes } from '../../machinery/format.js';
import { validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate } from '../../validation/core/persistentvolume.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';
import { storageClassOf } from './persistentvolumes.js';

export const persistentVolumeClaims: ResourceStrategy<PersistentVolumeClaim> = {
  group: '',
  version: 'v1',
  kind: 'PersistentVolumeClaim',
  resource: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  namespaced: true,
  shortNames: ['pvc'],
  subresources: { status: true },
  defaults: defaultPersistentVolumeClaim,
  prepareForCreate(pvc) {
    (pvc as Mutable<PersistentVolumeClaim>).status = { phase: 'Pending' };
  },
  validate: validatePersistentVolumeClaim,
  validateUpdate: validatePersistentVolumeClaimUpdate,
  selectableFields: (pvc) => ({ name: pvc.metadata?.name ?? '' }),
  printer: {
    columns: [
      nameColumn,
      col('Status', 'string', 0, 'phase represents the current phase of PersistentVolumeClaim.'),
      col('Volume', 'string', 0, 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
      col('Capacity', 'string', 0, 'capacity represents the actual resources of the underlying volume.'),
      col('Access Modes', 'string', 0, 'accessModes contains the desired access modes the volume should have.'),
      col('StorageClass', 'string', 0, 'storageClassName is the name of the StorageClass required by the claim.'),
      ageColumn,
      col('VolumeMode', 'string', 1, 'volumeMode defines what type of volume is required by the claim.'),
    ],
    cells(pvc, now) {
      const bound = !!pvc.spec?.volumeName;
      return [
        pvc.metadata?.name ?? '',
        pvc.metadata?.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? ''),
        pvc.spec?.volumeName ?? '',
        bound ? quantityString(pvc.status?.capacity?.storage) : '',
        bound ? formatAccessModes(pvc.status?.accessModes) : '',
        storageClassOf(pvc),
        ageOf(pvc.metadata?.creationTimestamp, now),
        pvc.spec?.volumeMode ?? '<unset>',
      ];
    },
  },
};
