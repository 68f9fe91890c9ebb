// The RoleBinding / ClusterRoleBinding printer (printers.go): Role, Age, then wide subject lists.
import type { ClusterRoleBinding, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import { ageOf } from '../../machinery/format.js';
import { ageColumn, col, nameColumn, type TablePrinter } from '../strategy.js';

type Binding = RoleBinding | ClusterRoleBinding;

/** Users, Groups and ServiceAccounts (`namespace/name`) of a binding, each joined with ", ". */
export function bindingSubjects(b: Binding): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of b.subjects ?? []) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

export function bindingPrinter<T extends Binding>(): TablePrinter<T> {
  return {
    columns: [
      nameColumn,
      col('Role', 'string', 0, 'Role indicates the role of the rolebinding.'),
      ageColumn,
      col('Users', 'string', 1, 'Users in the rolebinding.'),
      col('Groups', 'string', 1, 'Groups in the rolebinding.'),
      col('ServiceAccounts', 'string', 1, 'ServiceAccounts in the rolebinding.'),
    ],
    cells: (b, now) => [
      b.metadata?.name ?? '',
      `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`,
      ageOf(b.metadata?.creationTimestamp, now),
      ...bindingSubjects(b),
    ],
  };
}
