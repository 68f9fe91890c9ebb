// SetDefaults_* of pkg/apis/rbac/v1, in place: roleRef and subject API groups.
import type { ClusterRoleBinding, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';

export const rbacGroup = 'rbac.authorization.k8s.io';

function defaultSubject(s: Subject): void {
  if (s.apiGroup) return;
  if (s.kind === 'ServiceAccount') s.apiGroup = '';
  else if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = rbacGroup;
}

/** Works for both binding kinds; a missing roleRef becomes the zero RoleRef Go would decode. */
export function defaultBinding(b: RoleBinding | ClusterRoleBinding): void {
  const ref = (b.roleRef ??= { apiGroup: '', kind: '', name: '' });
  if (!ref.apiGroup) ref.apiGroup = rbacGroup;
  for (const s of b.subjects ?? []) defaultSubject(s);
}
