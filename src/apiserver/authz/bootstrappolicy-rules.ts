// Builders for the bootstrap policy's data: rules with sorted lists (as upstream's PolicyRuleBuilder
// leaves them), roles and bindings carrying the bootstrap label and the auto-update annotation.
import type { AggregationRule, ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import { rbacGroup } from '../../api/rbac/defaults.js';

export const Read = ['get', 'list', 'watch'];
export const Write = ['create', 'update', 'patch', 'delete', 'deletecollection'];
export const ReadWrite = [...Read, ...Write];

export const BOOTSTRAP_LABEL = 'kubernetes.io/bootstrapping';
export const AUTOUPDATE_ANNOTATION = 'rbac.authorization.kubernetes.io/autoupdate';

const sorted = (xs: string[]) => [...xs].sort();

/** verbs on resources of groups (optionally only the named objects). */
export function rule(verbs: string[], groups: string[], resources: string[], names?: string[]): PolicyRule {
  const r: PolicyRule = { verbs: sorted(verbs), apiGroups: sorted(groups), resources: sorted(resources) };
  if (names?.length) r.resourceNames = sorted(names);
  return r;
}

/** verbs on non-resource URLs. */
export function urls(verbs: string[], paths: string[]): PolicyRule {
  return { verbs: sorted(verbs), nonResourceURLs: sorted(paths) };
}

/** Events through either API (upstream's eventsRule). */
export const eventsRule = () => rule(['create', 'update', 'patch'], ['', 'events.k8s.io'], ['events']);

function metadata(name: string, labels: Record<string, string> = {}, namespace?: string) {
  return {
    name,
    ...(namespace ? { namespace } : {}),
    labels: { [BOOTSTRAP_LABEL]: 'rbac-defaults', ...labels },
    annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
  };
}

export function clusterRole(name: string, rules: PolicyRule[], extra: { labels?: Record<string, string>; aggregateFrom?: string } = {}): ClusterRole {
  const role: ClusterRole = { apiVersion: `${rbacGroup}/v1`, kind: 'ClusterRole', metadata: metadata(name, extra.labels), rules };
  if (extra.aggregateFrom) {
    const aggregationRule: AggregationRule = { clusterRoleSelectors: [{ matchLabels: { [extra.aggregateFrom]: 'true' } }] };
    role.aggregationRule = aggregationRule;
  }
  return role;
}

export function role(namespace: string, name: string, rules: PolicyRule[]): Role {
  return { apiVersion: `${rbacGroup}/v1`, kind: 'Role', metadata: metadata(name, {}, namespace), rules };
}

export const users = (...names: string[]): Subject[] => names.map((name) => ({ kind: 'User', apiGroup: rbacGroup, name }));
export const groups = (...names: string[]): Subject[] => names.map((name) => ({ kind: 'Group', apiGroup: rbacGroup, name }));
export const serviceAccount = (namespace: string, name: string): Subject => ({ kind: 'ServiceAccount', name, namespace });

export function clusterRoleBinding(roleName: string, subjects: Subject[], bindingName = roleName): ClusterRoleBinding {
  const b: ClusterRoleBinding = { apiVersion: `${rbacGroup}/v1`, kind: 'ClusterRoleBinding', metadata: metadata(bindingName), roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: roleName } };
  if (subjects.length) b.subjects = subjects;
  return b;
}

export function roleBinding(namespace: string, roleName: string, subjects: Subject[], bindingName = roleName): RoleBinding {
  return { apiVersion: `${rbacGroup}/v1`, kind: 'RoleBinding', metadata: metadata(bindingName, {}, namespace), roleRef: { apiGroup: rbacGroup, kind: 'Role', name: roleName }, subjects };
}
