// The status the apiextensions controllers converge to right after a CRD is written: names accepted,
// Established, the storage version recorded. Kubette serves a CRD as soon as it is stored, so the
// strategy writes this status itself instead of waiting for those controllers.
import type {
  CustomResourceDefinition,
  CustomResourceDefinitionCondition,
  CustomResourceDefinitionStatus,
} from 'kubernetes-types/apiextensions/v1.js';

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const wanted: Omit<CustomResourceDefinitionCondition, 'lastTransitionTime'>[] = [
  { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
  { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
];

/** Sets crd.status from its spec, starting from `previous` (the stored status on update). */
export function establish(crd: CustomResourceDefinition, previous: CustomResourceDefinitionStatus | undefined, now: Date): void {
  const status: CustomResourceDefinitionStatus = structuredClone(previous ?? {});
  const names = crd.spec?.names;
  if (names) status.acceptedNames = structuredClone(names);
  const conditions = status.conditions ?? [];
  for (const w of wanted) {
    const i = conditions.findIndex((c) => c.type === w.type);
    const same = i >= 0 && conditions[i]!.status === w.status;
    const cond = { ...w, lastTransitionTime: same && conditions[i]!.lastTransitionTime ? conditions[i]!.lastTransitionTime : rfc3339(now) };
    if (i >= 0) conditions[i] = cond;
    else conditions.push(cond);
  }
  status.conditions = conditions;
  // Stored versions only grow: objects may still be stored in an older version.
  const storage = crd.spec?.versions?.find((v) => v.storage)?.name;
  const stored = status.storedVersions ?? [];
  if (storage && !stored.includes(storage)) stored.push(storage);
  // Like upstream, no storage version leaves storedVersions unset (validation then reports it).
  if (stored.length) status.storedVersions = stored;
  else delete status.storedVersions;
  crd.status = status;
}
