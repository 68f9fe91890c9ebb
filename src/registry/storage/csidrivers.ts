// storage.k8s.io/v1 CSIDriver: cluster-scoped registration of a CSI driver's capabilities.
import type { CSIDriver } from 'kubernetes-types/storage/v1.js';
import { defaultCSIDriver } from '../../api/storage/defaults.js';
import { ageOf } from '../../machinery/format.js';
import { csiDriverNameMessages, validateCSIDriver, validateCSIDriverUpdate } from '../../validation/storage/csidriver.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

/** seLinuxMount belongs to the SELinuxMountReadWriteOncePod gate, off in 1.25: dropped unless already in use. */
function dropSELinuxMount(d: CSIDriver, old?: CSIDriver): void {
  if (d.spec && old?.spec?.seLinuxMount === undefined) delete d.spec.seLinuxMount;
}

export const csiDrivers: ResourceStrategy<CSIDriver> = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'CSIDriver',
  resource: 'csidrivers',
  singular: 'csidriver',
  namespaced: false,
  nameValidator: csiDriverNameMessages,
  defaults: defaultCSIDriver,
  prepareForCreate: (d) => dropSELinuxMount(d),
  prepareForUpdate: (d, old) => dropSELinuxMount(d, old),
  validate: validateCSIDriver,
  validateUpdate: validateCSIDriverUpdate,
  printer: {
    columns: [
      nameColumn,
      col('AttachRequired', 'boolean', 0, 'Indicates this CSI volume driver requires an attach operation.'),
      col('PodInfoOnMount', 'boolean', 0, 'Indicates this CSI volume driver requires additional pod information during mount operations.'),
      col('StorageCapacity', 'boolean', 0, 'Indicates this CSI volume driver wants pod scheduling to consider the storage capacity.'),
      col('TokenRequests', 'string', 0, 'Indicates the CSI driver needs pods\' service account tokens it is mounting volume for.'),
      col('RequiresRepublish', 'boolean', 0, 'Indicates the CSI driver wants NodePublishVolume being periodically called.'),
      col('Modes', 'string', 0, 'Indicates volume lifecycle modes supported by this CSI driver.'),
      ageColumn,
    ],
    cells: (d, now) => {
      const s = d.spec ?? {};
      const tokens = s.tokenRequests === undefined || s.tokenRequests === null ? '<unset>' : s.tokenRequests.map((t) => t.audience).join(',');
      const modes = s.volumeLifecycleModes?.length ? s.volumeLifecycleModes.join(',') : '<none>';
      return [
        d.metadata?.name ?? '',
        s.attachRequired ?? true,
        s.podInfoOnMount ?? false,
        s.storageCapacity ?? false,
        tokens,
        s.requiresRepublish ?? false,
        modes,
        ageOf(d.metadata?.creationTimestamp, now),
      ];
    },
  },
};
