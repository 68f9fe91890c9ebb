// INTERIM: replaced by the faithful last-applied handling.
import type { KObject } from '../../api/object.js';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export function withLastApplied(obj: KObject): KObject {
  const annotations = { ...(obj.metadata?.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const copy = { ...obj, metadata: { ...obj.metadata, annotations } } as KObject;
  annotations[LAST_APPLIED] = JSON.stringify(copy) + '\n';
  return copy;
}
