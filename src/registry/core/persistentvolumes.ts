// persistentvolumes (core/v1, cluster-scoped): the PV controller owns status (Pending until it looks).
import type { PersistentVolume } from 'kubernetes-types/core/v1.js';
import { defaultPersistentVolume } from '../../api/core/defaults.js';
import { quantityString } from '../../api/core/quantity.js';
import type { Mutable } from '../../api/object.js';
import { ageOf, formatAccessModes } from '../../machinery/format.js';
import { validatePersistentVolume, validatePersistentVolumeUpdate } from '../../validation/core/persistentvolume.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** The class of a PV or PVC: the beta annotation wins when present, even if empty. */
export function storageClassOf(obj: { metadata?: { annotations?: Record<string, string> }; spec?: { storageClassName?: string } }): string {
  const ann = obj.metadata?.annotations;
  if (ann && BETA_STORAGE_CLASS_ANNOTATION in ann) return ann[BETA_STORAGE_CLASS_ANNOTATION] ?? '';
  return obj.spec?.storageClassName ?? '';
}

export const persistentVolumes: ResourceStrategy<PersistentVolume> = {
  group: '',
  version: 'v1',
  kind: 'PersistentVolume',
  resource: 'persistentvolumes',
  singular: 'persistentvolume',
  namespaced: false,
  shortNames: ['pv'],
  subresources: { status: true },
  defaults: defaultPersistentVolume,
  prepareForCreate(pv) {
    (pv as Mutable<PersistentVolume>).status = { phase: 'Pending' };
  },
  validate: validatePersistentVolume,
  validateUpdate: validatePersistentVolumeUpdate,
  selectableFields: (pv) => ({ name: pv.metadata?.name ?? '' }),
  printer: {
    columns: [
      nameColumn,
      col('Capacity', 'string', 0, 'capacity is the description of the persistent volume\'s resources and capacity.'),
      col('Access Modes', 'string', 0, 'accessModes contains all ways the volume can be mounted.'),
      col('Reclaim Policy', 'string', 0, 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
      col('Status', 'string', 0, 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
      col('Claim', 'string', 0, 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
      col('StorageClass', 'string', 0, 'storageClassName is the name of StorageClass to which this persistent volume belongs.'),
      col('Reason', 'string', 0, 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
      ageColumn,
      col('VolumeMode', 'string', 1, 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.'),
    ],
    cells(pv, now) {
      const ref = pv.spec?.claimRef;
      return [
        pv.metadata?.name ?? '',
        quantityString(pv.spec?.capacity?.storage),
        formatAccessModes(pv.spec?.accessModes),
        pv.spec?.persistentVolumeReclaimPolicy ?? '',
        pv.metadata?.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
        ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
        storageClassOf(pv),
        pv.status?.reason ?? '',
        ageOf(pv.metadata?.creationTimestamp, now),
        pv.spec?.volumeMode ?? '<unset>',
      ];
    },
  },
};
