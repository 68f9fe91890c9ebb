// Pod volumes (ValidateVolumes / validateVolumeSource of v1.25): unique DNS-label names and exactly
// one source, with the required fields users most often leave out of the common sources.
import type { Volume } from 'kubernetes-types/core/v1.js';
import { duplicate, FieldPath, forbidden, invalid, required, type FieldError } from '../../machinery/fielderrors.js';
import { isDNS1123Subdomain } from '../names.js';
import { dns1123Label, validateLocalDescendingPath } from './container.js';

// validateVolumeSource checks the sources in this order; the first one found is "the" source.
const checkOrder = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs', 'flocker',
  'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap', 'azureFile',
  'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO', 'csi', 'ephemeral',
];

const fileModeMsg = 'must be a number between 0 and 0777 (octal), both inclusive';

function validateMode(mode: unknown, path: FieldPath): FieldError[] {
  return typeof mode === 'number' && (mode < 0 || mode > 0o777) ? [invalid(path, mode, fileModeMsg)] : [];
}

function validateKeyToPaths(items: { key: string; path: string; mode?: number }[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (items ?? []).forEach((it, i) => {
    const ip = path.index(i);
    if (!it.key) errs.push(required(ip.child('key'), ''));
    if (!it.path) errs.push(required(ip.child('path'), ''));
    else errs.push(...validateLocalDescendingPath(it.path, ip.child('path')));
    errs.push(...validateMode(it.mode, ip.child('mode')));
  });
  return errs;
}

/** The checks of one source that users trip over; the rest is accepted as given. */
function validateSource(key: string, v: Volume, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  switch (key) {
    case 'hostPath': {
      if (!v.hostPath!.path) errs.push(required(path.child('path'), ''));
      const types = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];
      const t = v.hostPath!.type;
      if (t !== undefined && !types.includes(t))
        errs.push({ type: 'FieldValueNotSupported', field: path.child('type').toString(), badValue: t, detail: `supported values: ${types.map((x) => JSON.stringify(x)).join(', ')}` });
      break;
    }
    case 'secret':
      if (v.secret!.secretName) errs.push(...isDNS1123Subdomain(v.secret!.secretName).map((m) => invalid(path.child('secretName'), v.secret!.secretName, m)));
      else errs.push(required(path.child('secretName'), ''));
      errs.push(...validateMode(v.secret!.defaultMode, path.child('defaultMode')));
      errs.push(...validateKeyToPaths(v.secret!.items, path.child('items')));
      break;
    case 'configMap':
      if (v.configMap!.name) errs.push(...isDNS1123Subdomain(v.configMap!.name).map((m) => invalid(path.child('name'), v.configMap!.name, m)));
      else errs.push(required(path.child('name'), ''));
      errs.push(...validateMode(v.configMap!.defaultMode, path.child('defaultMode')));
      errs.push(...validateKeyToPaths(v.configMap!.items, path.child('items')));
      break;
    case 'persistentVolumeClaim':
      if (!v.persistentVolumeClaim!.claimName) errs.push(required(path.child('claimName'), ''));
      break;
    case 'nfs':
      if (!v.nfs!.server) errs.push(required(path.child('server'), ''));
      if (!v.nfs!.path) errs.push(required(path.child('path'), ''));
      else if (!v.nfs!.path.startsWith('/')) errs.push(invalid(path.child('path'), v.nfs!.path, 'must be an absolute path'));
      break;
    case 'csi':
      if (!v.csi!.driver) errs.push(required(path.child('driver'), ''));
      break;
    case 'downwardAPI':
      errs.push(...validateMode(v.downwardAPI!.defaultMode, path.child('defaultMode')));
      break;
    case 'projected':
      errs.push(...validateMode(v.projected!.defaultMode, path.child('defaultMode')));
      break;
  }
  return errs;
}

function validateVolumeSource(v: Volume, path: FieldPath): FieldError[] {
  const src = v as unknown as Record<string, unknown>;
  const errs: FieldError[] = [];
  let found = 0;
  for (const key of checkOrder) {
    if (src[key] === undefined || src[key] === null) continue;
    if (found > 0) errs.push(forbidden(path.child(key), 'may not specify more than 1 volume type'));
    else errs.push(...validateSource(key, v, path.child(key)));
    found++;
  }
  if (found === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

/** ValidateVolumes: returns the names of the valid volumes (for volumeMounts) and the errors. */
export function validateVolumes(volumes: Volume[] | undefined, path: FieldPath): { names: Set<string>; errs: FieldError[] } {
  const names = new Set<string>();
  const errs: FieldError[] = [];
  (volumes ?? []).forEach((v, i) => {
    const ip = path.index(i);
    const namePath = ip.child('name');
    const el = validateVolumeSource(v, ip);
    if (!v.name) el.push(required(namePath, ''));
    else el.push(...dns1123Label(v.name, namePath));
    if (names.has(v.name)) el.push(duplicate(namePath, v.name));
    if (el.length === 0) names.add(v.name);
    else errs.push(...el);
  });
  return { names, errs };
}
