// RoleBinding and ClusterRoleBinding validation (pkg/apis/rbac/validation): roleRef, subjects, and
// the roleRef being fixed for the binding's lifetime.
import type { ClusterRoleBinding, RoleBinding, RoleRef, Subject } from 'kubernetes-types/rbac/v1.js';
import { FieldPath, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { rbacGroup } from '../../api/rbac/defaults.js';
import { goLiteral, goQuote } from '../meta.js';
import { isDNS1123Subdomain, isPathSegmentName } from '../names.js';

type Binding = RoleBinding | ClusterRoleBinding;

function validateSubject(s: Subject, namespaced: boolean, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = s.name ?? '';
  const apiGroup = s.apiGroup ?? '';
  if (name.length === 0) errs.push(required(path.child('name')));
  switch (s.kind) {
    case 'ServiceAccount':
      if (name.length > 0) for (const m of isDNS1123Subdomain(name)) errs.push(invalid(path.child('name'), name, m));
      if (apiGroup.length > 0) errs.push(notSupported(path.child('apiGroup'), apiGroup, ['']));
      if (!namespaced && !s.namespace) errs.push(required(path.child('namespace')));
      break;
    case 'User':
    case 'Group':
      if (name.length === 0) errs.push(invalid(path.child('name'), name, `${s.kind === 'User' ? 'user' : 'group'} name cannot be empty`));
      if (apiGroup !== rbacGroup) errs.push(notSupported(path.child('apiGroup'), apiGroup, [rbacGroup]));
      break;
    default:
      errs.push(notSupported(path.child('kind'), s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

/** `namespaced` selects RoleBinding rules (roleRef Role or ClusterRole; subjects may omit the namespace). */
export function validateBinding(b: Binding, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ref: Partial<RoleRef> = b.roleRef ?? {};
  const refPath = FieldPath.root('roleRef');
  if ((ref.apiGroup ?? '') !== rbacGroup) errs.push(notSupported(refPath.child('apiGroup'), ref.apiGroup ?? '', [rbacGroup]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind ?? '')) errs.push(notSupported(refPath.child('kind'), ref.kind ?? '', kinds));
  if (!ref.name) errs.push(required(refPath.child('name')));
  else for (const m of isPathSegmentName(ref.name)) errs.push(invalid(refPath.child('name'), ref.name, m));
  const subjects = FieldPath.root('subjects');
  (b.subjects ?? []).forEach((s, i) => errs.push(...validateSubject(s ?? { kind: '', name: '' }, namespaced, subjects.index(i))));
  return errs;
}

/** The internal rbac.RoleRef as kube-apiserver prints it in "cannot change roleRef". */
export function roleRefLiteral(ref: Partial<RoleRef> | undefined): unknown {
  const r = ref ?? {};
  return goLiteral(`rbac.RoleRef{APIGroup:${goQuote(r.apiGroup)}, Kind:${goQuote(r.kind)}, Name:${goQuote(r.name)}}`);
}

export function validateBindingUpdate(b: Binding, old: Binding, namespaced: boolean): FieldError[] {
  const errs = validateBinding(b, namespaced);
  const n: Partial<RoleRef> = b.roleRef ?? {};
  const o: Partial<RoleRef> = old.roleRef ?? {};
  if ((n.apiGroup ?? '') !== (o.apiGroup ?? '') || (n.kind ?? '') !== (o.kind ?? '') || (n.name ?? '') !== (o.name ?? ''))
    errs.push(invalid('roleRef', roleRefLiteral(n), 'cannot change roleRef'));
  return errs;
}
