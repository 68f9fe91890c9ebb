// Restricted: inline volumes only of the types that carry no host or network access of their own
// (configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret).
// Replaces the baseline hostPath check, whose findings it includes.
import type { Volume } from 'kubernetes-types/core/v1.js';
import { ALLOWED, forbid, joinQuote, pluralize, sortedSet, volumesOf, type Check, type CheckPodFn, type Fix } from './check.js';
import { hostPathVolumesId } from './hostPathVolumes.js';

const ALLOWED_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'] as const;
// The restricted sources in upstream's switch order; the first one set names the volume's type.
const RESTRICTED_TYPES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
] as const;

const set = (v: Volume, k: string) => (v as unknown as Record<string, unknown>)[k] != null;

const v1_0: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  const types: string[] = [];
  const fixes: Fix[] = [];
  volumesOf(spec).forEach((v, i) => {
    if (ALLOWED_TYPES.some((t) => set(v, t))) return;
    const type = RESTRICTED_TYPES.find((t) => set(v, t)) ?? 'unknown';
    bad.push(v.name);
    types.push(type);
    fixes.push({ field: type === 'unknown' ? `spec.volumes[${i}]` : `spec.volumes[${i}].${type}`, action: `replace with one of ${ALLOWED_TYPES.join(', ')}` });
  });
  if (!bad.length) return ALLOWED;
  const unique = sortedSet(types);
  return forbid(
    'restricted volume types',
    `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('restricted volume type', 'restricted volume types', unique.length)} ${joinQuote(unique)}`,
    fixes,
  );
};

export const restrictedVolumes: Check = {
  id: 'restrictedVolumes',
  level: 'restricted',
  versions: [{ minVersion: 0, check: v1_0, overrides: [hostPathVolumesId] }],
};
