// The API objects a pod or a PersistentVolume names, as pkg/api/v1/pod's VisitPodSecretNames /
// VisitPodConfigmapNames and pkg/api/v1/persistentvolume's VisitPVSecretNames find them. The Node
// authorizer grants a node what its pods reference; NodeRestriction refuses mirror pods that
// reference anything. Pure functions over the JSON shapes.
import type { Container, PersistentVolume, Pod, Volume } from 'kubernetes-types/core/v1.js';

type NamedRef = { name?: string } | undefined;
type SecretRef = { name?: string; namespace?: string } | undefined;

/** Init, regular and ephemeral containers: references in any of them count. */
function allContainers(pod: Pod): Container[] {
  const s = pod.spec;
  return [...(s?.initContainers ?? []), ...(s?.containers ?? []), ...((s?.ephemeralContainers ?? []) as Container[])];
}

const names = (refs: NamedRef[]): string[] => refs.map((r) => r?.name ?? '').filter((n) => n !== '');

/** Secrets a pod names: image pull secrets, env and envFrom, and volumes (secret, projected, and the plugins' secretRefs). */
export function podSecretNames(pod: Pod): string[] {
  const refs: NamedRef[] = [...(pod.spec?.imagePullSecrets ?? [])];
  for (const c of allContainers(pod)) {
    for (const e of c.envFrom ?? []) refs.push(e.secretRef);
    for (const e of c.env ?? []) refs.push(e.valueFrom?.secretKeyRef);
  }
  for (const v of pod.spec?.volumes ?? []) {
    refs.push({ name: v.azureFile?.secretName }, { name: v.secret?.secretName });
    refs.push(v.cephfs?.secretRef, v.cinder?.secretRef, v.flexVolume?.secretRef, v.rbd?.secretRef);
    refs.push(v.scaleIO?.secretRef, v.iscsi?.secretRef, v.storageos?.secretRef, v.csi?.nodePublishSecretRef);
    for (const p of v.projected?.sources ?? []) refs.push(p.secret);
  }
  return [...new Set(names(refs))];
}

/** ConfigMaps a pod names: env and envFrom, configMap volumes and projected sources. */
export function podConfigMapNames(pod: Pod): string[] {
  const refs: NamedRef[] = [];
  for (const c of allContainers(pod)) {
    for (const e of c.envFrom ?? []) refs.push(e.configMapRef);
    for (const e of c.env ?? []) refs.push(e.valueFrom?.configMapKeyRef);
  }
  for (const v of pod.spec?.volumes ?? []) {
    refs.push(v.configMap);
    for (const p of v.projected?.sources ?? []) refs.push(p.configMap);
  }
  return [...new Set(names(refs))];
}

/** ephemeral.VolumeClaimName: the PVC a generic ephemeral volume gets, `<pod>-<volume>`. */
const ephemeralClaimName = (pod: Pod, v: Volume) => `${pod.metadata?.name ?? ''}-${v.name}`;

/** PVCs a pod uses: persistentVolumeClaim volumes and the claims of its ephemeral volumes. */
export function podClaimNames(pod: Pod): string[] {
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName) out.push(v.persistentVolumeClaim.claimName);
    else if (v.ephemeral) out.push(ephemeralClaimName(pod, v));
  }
  return [...new Set(out)];
}

/**
 * Secrets a PV names that the kubelet itself reads (CSI controller secrets are the attacher's and
 * resizer's, not the node's). A ref without a namespace means the bound claim's namespace.
 */
export function pvKubeletSecrets(pv: PersistentVolume): { namespace: string; name: string }[] {
  const s = pv.spec;
  const claimNs = s?.claimRef?.namespace ?? '';
  const refs: SecretRef[] = [s?.cephfs?.secretRef, s?.cinder?.secretRef, s?.flexVolume?.secretRef, s?.rbd?.secretRef, s?.scaleIO?.secretRef, s?.iscsi?.secretRef];
  refs.push(s?.storageos?.secretRef, s?.csi?.nodePublishSecretRef, s?.csi?.nodeStageSecretRef);
  refs.push((s?.csi as { nodeExpandSecretRef?: SecretRef } | undefined)?.nodeExpandSecretRef);
  if (s?.azureFile) refs.push({ name: s.azureFile.secretName, namespace: s.azureFile.secretNamespace ?? undefined });
  return refs.filter((r): r is { name: string; namespace?: string } => !!r?.name).map((r) => ({ namespace: r.namespace || claimNs, name: r.name }));
}
