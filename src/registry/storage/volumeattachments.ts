// storage.k8s.io/v1 VolumeAttachment: the attach/detach controller's request to a CSI attacher; the
// spec never changes, the attacher reports through /status.
import type { VolumeAttachment } from 'kubernetes-types/storage/v1.js';
import { ageOf } from '../../machinery/format.js';
import { validateVolumeAttachment, validateVolumeAttachmentUpdate } from '../../validation/storage/volumeattachment.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

export const volumeAttachments: ResourceStrategy<VolumeAttachment> = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'VolumeAttachment',
  resource: 'volumeattachments',
  singular: 'volumeattachment',
  namespaced: false,
  subresources: { status: true },
  // Only the attacher may report attachment: v1 clients start from an empty status.
  prepareForCreate: (va) => {
    va.status = { attached: false };
  },
  validate: validateVolumeAttachment,
  validateUpdate: validateVolumeAttachmentUpdate,
  printer: {
    columns: [
      nameColumn,
      { ...col('Attacher', 'string', 0, 'Attacher indicates the name of the volume driver that MUST handle this request.'), format: 'name' },
      col('PV', 'string', 0, 'Name of the persistent volume to attach.'),
      col('Node', 'string', 0, 'The node that the volume should be attached to.'),
      col('Attached', 'boolean', 0, 'Indicates the volume is successfully attached.'),
      ageColumn,
    ],
    cells: (va, now) => [
      va.metadata?.name ?? '',
      va.spec?.attacher ?? '',
      va.spec?.source?.persistentVolumeName ?? '',
      va.spec?.nodeName ?? '',
      va.status?.attached ?? false,
      ageOf(va.metadata?.creationTimestamp, now),
    ],
  },
};
