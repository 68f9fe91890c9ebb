// A StatefulSet pod's identity and storage (stateful_set_utils.go): the name `<set>-<ordinal>`, the
// pod-name label, hostname and subdomain, and one PersistentVolumeClaim per volumeClaimTemplate named
// `<claim>-<set>-<ordinal>` wired into the pod's volumes under the template's name.
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod, PodTemplateSpec, Volume } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import { controllerRef, podFromTemplate } from '../common/pods.js';
import { POD_REVISION_LABEL } from '../common/revisions.js';

export type Set = StatefulSet & KObject;
export type PodObj = Pod & KObject;
export type Claim = PersistentVolumeClaim & KObject;

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';

const ORDINAL = /^(.*)-([0-9]+)$/;

/** getParentNameAndOrdinal: "web-2" → {parent: "web", ordinal: 2}; ordinal -1 when the name has none. */
export function parentAndOrdinal(pod: { metadata?: { name?: string } }): { parent: string; ordinal: number } {
  const m = ORDINAL.exec(pod.metadata?.name ?? '');
  if (!m) return { parent: '', ordinal: -1 };
  const n = Number(m[2]);
  return Number.isSafeInteger(n) && n <= 2 ** 31 - 1 ? { parent: m[1]!, ordinal: n } : { parent: '', ordinal: -1 };
}

export const ordinalOf = (pod: PodObj) => parentAndOrdinal(pod).ordinal;
export const podName = (set: Set, ordinal: number) => `${set.metadata.name}-${ordinal}`;
/** isMemberOf: the pod's name says it belongs to this set. */
export const isMemberOf = (set: Set, pod: PodObj) => parentAndOrdinal(pod).parent === set.metadata.name;
export const podRevision = (pod: PodObj) => pod.metadata.labels?.[POD_REVISION_LABEL] ?? '';

/** getPersistentVolumeClaims: the pod's claims by template name, labelled with the set's matchLabels. */
export function claimsFor(set: Set, ordinal: number): Map<string, Claim> {
  const out = new Map<string, Claim>();
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    const claim = structuredClone(t) as Claim;
    const templateName = t.metadata?.name ?? '';
    claim.apiVersion = 'v1';
    claim.kind = 'PersistentVolumeClaim';
    claim.metadata = {
      ...claim.metadata,
      name: `${templateName}-${set.metadata.name}-${ordinal}`,
      namespace: set.metadata.namespace,
      labels: { ...(claim.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) },
    };
    out.set(templateName, claim);
  }
  return out;
}

/** updateStorage: one volume per claim template (replacing a template volume of the same name), then the rest. */
export function updateStorage(set: Set, pod: PodObj): void {
  const claims = claimsFor(set, ordinalOf(pod));
  const volumes: Volume[] = [...claims].map(([name, c]) => ({ name, persistentVolumeClaim: { claimName: c.metadata.name! } })); // readOnly false is left out, as Go encodes it
  for (const v of pod.spec?.volumes ?? []) if (!claims.has(v.name)) volumes.push(v);
  pod.spec!.volumes = volumes;
}

/** storageMatches: every claim template is mounted from the pod's own claim. */
export function storageMatches(set: Set, pod: PodObj): boolean {
  const { ordinal } = parentAndOrdinal(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  for (const [name, claim] of claimsFor(set, ordinal)) {
    if (volumes.get(name)?.persistentVolumeClaim?.claimName !== claim.metadata.name) return false;
  }
  return true;
}

/** identityMatches: name, namespace and pod-name label as the set would give them. */
export function identityMatches(set: Set, pod: PodObj): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    parent === set.metadata.name &&
    pod.metadata.name === podName(set, ordinal) &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name
  );
}

/** updateIdentity: the namespace and pod-name label follow the set. */
export function updateIdentity(set: Set, pod: PodObj): void {
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = { ...pod.metadata.labels, [POD_NAME_LABEL]: pod.metadata.name! };
}

/** newStatefulSetPod: the template's pod, named for its ordinal, with identity and claims. */
export function newStatefulSetPod(set: Set, template: PodTemplateSpec, ordinal: number, revision: string): PodObj {
  const pod = podFromTemplate(template, set.metadata.namespace!, '', controllerRef(set, 'apps/v1', 'StatefulSet')) as PodObj;
  delete pod.metadata.generateName;
  pod.metadata.name = podName(set, ordinal);
  updateIdentity(set, pod);
  pod.spec!.hostname = pod.metadata.name;
  if (set.spec?.serviceName) pod.spec!.subdomain = set.spec.serviceName;
  updateStorage(set, pod);
  pod.metadata.labels![POD_REVISION_LABEL] = revision;
  return pod;
}

// The pod states the controller acts on (stateful_set_utils.go).
export const isCreated = (pod: PodObj) => !!pod.status?.phase;
export const isFailed = (pod: PodObj) => pod.status?.phase === 'Failed';
export const isTerminating = (pod: PodObj) => !!pod.metadata.deletionTimestamp;
