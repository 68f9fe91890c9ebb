// The Volumes section (describeVolumes) for the volume sources a Kubette pod can carry; others print
// `<unknown>` as upstream's default case does.
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './writer.js';

/** Go's %v of a *bool: `<nil>` when unset (an address otherwise, which no one can match). */
const boolPtr = (v: boolean | undefined | null) => (v === undefined || v === null ? '<nil>' : String(v));

export function describeVolumes(volumes: any[] | undefined, w: PrefixWriter, space: string): void {
  const list = volumes ?? [];
  if (list.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of list) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${v.name}:\n`);
    describeSource(v, w);
  }
}

function describeSource(v: any, w: PrefixWriter): void {
  if (v.hostPath) {
    w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path ?? ''}\n    HostPathType:\t${v.hostPath.type ?? '<none>'}\n`);
  } else if (v.emptyDir) {
    const size = v.emptyDir.sizeLimit && !/^0+(\.0*)?[a-zA-Z]*$/.test(String(v.emptyDir.sizeLimit)) ? String(v.emptyDir.sizeLimit) : '<unset>';
    w.write(LEVEL_2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${size}\n`);
  } else if (v.gitRepo) {
    w.write(LEVEL_2, `Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n    Repository:\t${v.gitRepo.repository ?? ''}\n    Revision:\t${v.gitRepo.revision ?? ''}\n`);
  } else if (v.secret) {
    w.write(LEVEL_2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${!!v.secret.optional}\n`);
  } else if (v.configMap) {
    w.write(LEVEL_2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${!!v.configMap.optional}\n`);
  } else if (v.nfs) {
    w.write(LEVEL_2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v.nfs.server ?? ''}\n    Path:\t${v.nfs.path ?? ''}\n    ReadOnly:\t${!!v.nfs.readOnly}\n`);
  } else if (v.persistentVolumeClaim) {
    w.write(
      LEVEL_2,
      `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName ?? ''}\n    ReadOnly:\t${!!v.persistentVolumeClaim.readOnly}\n`,
    );
  } else if (v.downwardAPI) {
    w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
    for (const item of v.downwardAPI.items ?? []) {
      if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
      if (item.resourceFieldRef) w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
    }
  } else if (v.projected) {
    w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    for (const s of v.projected.sources ?? []) {
      if (s.secret) w.write(LEVEL_2, `SecretName:\t${s.secret.name ?? ''}\n    SecretOptionalName:\t${boolPtr(s.secret.optional)}\n`);
      else if (s.downwardAPI) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
      else if (s.configMap) w.write(LEVEL_2, `ConfigMapName:\t${s.configMap.name ?? ''}\n    ConfigMapOptional:\t${boolPtr(s.configMap.optional)}\n`);
      else if (s.serviceAccountToken) w.write(LEVEL_2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`);
    }
  } else if (v.csi) {
    w.write(LEVEL_2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${v.csi.driver ?? ''}\n    FSType:\t${v.csi.fsType ?? ''}\n    ReadOnly:\t${!!v.csi.readOnly}\n`);
    const attrs: Record<string, string> = v.csi.volumeAttributes ?? {};
    const keys = Object.keys(attrs).sort();
    w.write(LEVEL_2, 'VolumeAttributes:\t');
    if (keys.length === 0) w.writeLine('<none>');
    keys.forEach((k, i) => {
      if (i !== 0) w.write(LEVEL_2, '\t');
      const line = `${k}=${attrs[k]}`;
      w.write(LEVEL_2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`);
    });
  } else {
    w.write(LEVEL_1, '<unknown>\n');
  }
}
