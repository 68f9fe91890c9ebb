// PersistentVolume and PersistentVolumeClaim validation (v1.25): access modes, capacity / requested
// storage, exactly one volume source, and what may change after creation.
import type { PersistentVolume, PersistentVolumeClaim, PersistentVolumeSpec } from 'kubernetes-types/core/v1.js';
import { compareQuantities, parseQuantity, formatQuantity } from '../../api/core/quantity.js';
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { deepEqual, goLiteral, validateImmutableField, validateLabelSelector } from '../meta.js';
import { isDNS1123Subdomain } from '../names.js';
import { validateResourceQuantityValue } from './resources.js';

// ReadWriteOncePod is alpha (off) in v1.25.
const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce'];
const volumeModes = ['Block', 'Filesystem'];
const reclaimPolicies = ['Delete', 'Recycle', 'Retain'];
const storageClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

// PersistentVolumeSource fields in the order ValidatePersistentVolumeSpec checks them.
const pvSources = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cinder', 'cephfs',
  'fc', 'iscsi', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'scaleIO', 'local',
  'storageos', 'csi', 'flexVolume',
] as const;

function validateAccessModes(modes: string[] | undefined, path: FieldPath, requiredDetail: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!modes?.length) errs.push(required(path, requiredDetail));
  for (const m of modes ?? []) if (!accessModes.includes(m)) errs.push(notSupported(path, m, accessModes));
  return errs;
}

/** ValidatePositiveQuantityValue plus ValidateResourceQuantityValue. */
function validatePositiveQuantity(resource: string, v: unknown, path: FieldPath): FieldError[] {
  const errs = validateResourceQuantityValue(resource, v, path);
  const q = parseQuantity(v);
  if (!errs.length && q && q.nano <= 0n) errs.push(invalid(path, formatQuantity(q), 'must be greater than zero'));
  return errs;
}

function validatePVSource(key: string, spec: PersistentVolumeSpec, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  switch (key) {
    case 'hostPath':
      if (!spec.hostPath!.path) errs.push(required(path.child('path'), ''));
      break;
    case 'nfs':
      if (!spec.nfs!.server) errs.push(required(path.child('server'), ''));
      if (!spec.nfs!.path) errs.push(required(path.child('path'), ''));
      else if (!spec.nfs!.path.startsWith('/')) errs.push(invalid(path.child('path'), spec.nfs!.path, 'must be an absolute path'));
      break;
    case 'local':
      if (!spec.local!.path) errs.push(required(path.child('path'), ''));
      break;
    case 'csi':
      if (!spec.csi!.driver) errs.push(required(path.child('driver'), ''));
      if (!spec.csi!.volumeHandle) errs.push(required(path.child('volumeHandle'), ''));
      break;
  }
  return errs;
}

export function validatePersistentVolume(pv: PersistentVolume): FieldError[] {
  const spec = pv.spec ?? {};
  const path = FieldPath.root('spec');
  const errs = validateAccessModes(spec.accessModes, path.child('accessModes'), '');
  const capacity = spec.capacity ?? {};
  if (Object.keys(capacity).length === 0) errs.push(required(path.child('capacity'), ''));
  if (!('storage' in capacity) || Object.keys(capacity).length > 1) errs.push(notSupported(path.child('capacity'), capacity, ['storage']));
  for (const [k, v] of Object.entries(capacity)) errs.push(...validatePositiveQuantity(k, v, path.child('capacity').key(k)));
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy && !reclaimPolicies.includes(policy)) errs.push(notSupported(path.child('persistentVolumeReclaimPolicy'), policy, reclaimPolicies));
  const src = spec as Record<string, unknown>;
  let found = 0;
  for (const key of pvSources) {
    if (src[key] === undefined || src[key] === null) continue;
    if (found > 0) errs.push(forbidden(path.child(key), 'may not specify more than 1 volume type'));
    else errs.push(...validatePVSource(key, spec, path.child(key)));
    found++;
  }
  if (found === 0) errs.push(required(path, 'must specify a volume type'));
  if (spec.hostPath && spec.hostPath.path.replace(/\/+$/, '') === '' && policy === 'Recycle')
    errs.push(forbidden(path.child('persistentVolumeReclaimPolicy'), "may not be 'recycle' for a hostPath mount of '/'"));
  if (spec.storageClassName) errs.push(...isDNS1123Subdomain(spec.storageClassName).map((m) => invalid(path.child('storageClassName'), spec.storageClassName, m)));
  if (spec.volumeMode && !volumeModes.includes(spec.volumeMode)) errs.push(notSupported(path.child('volumeMode'), spec.volumeMode, volumeModes));
  return errs;
}

export function validatePersistentVolumeUpdate(pv: PersistentVolume, old: PersistentVolume): FieldError[] {
  const errs = validatePersistentVolume(pv);
  const source = (s: PersistentVolumeSpec | undefined) => Object.fromEntries(pvSources.map((k) => [k, (s as Record<string, unknown> | undefined)?.[k]]));
  if (!deepEqual(source(pv.spec), source(old.spec)))
    errs.push(forbidden(FieldPath.root('spec').child('persistentvolumesource'), 'spec.persistentvolumesource is immutable after creation'));
  errs.push(...validateImmutableField(pv.spec?.volumeMode, old.spec?.volumeMode, 'volumeMode', goLiteral(`&"${pv.spec?.volumeMode ?? ''}"`)));
  if (old.spec?.nodeAffinity) errs.push(...validateImmutableField(pv.spec?.nodeAffinity, old.spec.nodeAffinity, 'nodeAffinity', ''));
  return errs;
}

export function validatePersistentVolumeClaim(pvc: PersistentVolumeClaim): FieldError[] {
  const spec = pvc.spec ?? {};
  const path = FieldPath.root('spec');
  const errs = validateAccessModes(spec.accessModes, path.child('accessModes'), 'at least 1 access mode is required');
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, path.child('selector')));
  const storagePath = path.child('resources').key('storage');
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) errs.push(required(storagePath, ''));
  else errs.push(...validatePositiveQuantity('storage', storage, storagePath));
  if (spec.storageClassName) errs.push(...isDNS1123Subdomain(spec.storageClassName).map((m) => invalid(path.child('storageClassName'), spec.storageClassName, m)));
  if (spec.volumeMode && !volumeModes.includes(spec.volumeMode)) errs.push(notSupported(path.child('volumeMode'), spec.volumeMode, volumeModes));
  return errs;
}

/**
 * ValidatePersistentVolumeClaimUpdate: the spec is frozen except volumeName (set once, by the binder),
 * a storage class given by the beta annotation, and resources.requests.storage of a bound claim,
 * which may only grow.
 */
export function validatePersistentVolumeClaimUpdate(pvc: PersistentVolumeClaim, old: PersistentVolumeClaim): FieldError[] {
  const errs = validatePersistentVolumeClaim(pvc);
  const next = structuredClone(pvc.spec ?? {});
  const prev = structuredClone(old.spec ?? {});
  if (!prev.volumeName) prev.volumeName = next.volumeName;
  const oldAnn = old.metadata?.annotations?.[storageClassAnnotation];
  const newAnn = pvc.metadata?.annotations?.[storageClassAnnotation];
  // Upgrade from the beta annotation to the field: allowed when both name the same class.
  if (oldAnn !== undefined && !prev.storageClassName && next.storageClassName === oldAnn && newAnn === oldAnn) delete next.storageClassName;
  else if ((newAnn ?? '') !== (oldAnn ?? ''))
    errs.push(invalid(FieldPath.root('metadata').child('annotations', storageClassAnnotation), newAnn ?? '', 'field is immutable'));
  if (pvc.status?.phase === 'Bound' && next.resources?.requests) {
    if (prev.resources?.requests?.storage === undefined) delete next.resources.requests.storage;
    else next.resources.requests.storage = prev.resources.requests.storage;
  }
  if (!deepEqual(next, prev))
    errs.push(forbidden(FieldPath.root('spec'), 'spec is immutable after creation except resources.requests for bound claims'));
  const newSize = parseQuantity(pvc.spec?.resources?.requests?.storage);
  const oldSize = parseQuantity(old.spec?.resources?.requests?.storage);
  if (newSize && oldSize && compareQuantities(newSize, oldSize) < 0)
    errs.push(forbidden(FieldPath.root('spec').child('resources', 'requests', 'storage'), 'field can not be less than previous value'));
  errs.push(...validateImmutableField(pvc.spec?.volumeMode, old.spec?.volumeMode, 'volumeMode', goLiteral(`&"${pvc.spec?.volumeMode ?? ''}"`)));
  return errs;
}
