// Namespaced defaults (namespace_policy.go, v1.25): Roles and RoleBindings in kube-system and
// kube-public for leader locking, the authentication ConfigMap and the bootstrap-token controllers.
import type { Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import { Users } from '../../api/user.js';
import { eventsRule, role, roleBinding, rule, serviceAccount, users } from './bootstrappolicy-rules.js';

const SYSTEM = 'kube-system';
const PUBLIC = 'kube-public';

/** Leader locking on a ConfigMap of the component's name (the v1.25 lock kept for migration). */
const leaderLocking = (name: string) => [rule(['watch'], [''], ['configmaps']), rule(['get', 'update'], [''], ['configmaps'], [name])];

export function namespaceRoles(): Role[] {
  return [
    role(SYSTEM, 'extension-apiserver-authentication-reader', [rule(['get', 'list', 'watch'], [''], ['configmaps'], ['extension-apiserver-authentication'])]),
    role(SYSTEM, 'system::leader-locking-kube-controller-manager', leaderLocking('kube-controller-manager')),
    role(SYSTEM, 'system::leader-locking-kube-scheduler', leaderLocking('kube-scheduler')),
    role(SYSTEM, 'system:controller:bootstrap-signer', [rule(['get', 'list', 'watch'], [''], ['secrets'])]),
    role(SYSTEM, 'system:controller:cloud-provider', [rule(['create', 'get', 'list', 'watch'], [''], ['configmaps'])]),
    role(SYSTEM, 'system:controller:token-cleaner', [rule(['delete', 'get', 'list', 'watch'], [''], ['secrets']), eventsRule()]),
    role(PUBLIC, 'system:controller:bootstrap-signer', [rule(['get', 'list', 'watch'], [''], ['configmaps']), rule(['update'], [''], ['configmaps'], ['cluster-info']), eventsRule()]),
  ];
}

export function namespaceRoleBindings(): RoleBinding[] {
  return [
    roleBinding(SYSTEM, 'extension-apiserver-authentication-reader', users(Users.controllerManager, Users.scheduler), 'system::extension-apiserver-authentication-reader'),
    roleBinding(SYSTEM, 'system::leader-locking-kube-controller-manager', [...users(Users.controllerManager), serviceAccount(SYSTEM, 'kube-controller-manager')]),
    roleBinding(SYSTEM, 'system::leader-locking-kube-scheduler', [...users(Users.scheduler), serviceAccount(SYSTEM, 'kube-scheduler')]),
    roleBinding(SYSTEM, 'system:controller:bootstrap-signer', [serviceAccount(SYSTEM, 'bootstrap-signer')]),
    roleBinding(SYSTEM, 'system:controller:cloud-provider', [serviceAccount(SYSTEM, 'cloud-provider')]),
    roleBinding(SYSTEM, 'system:controller:token-cleaner', [serviceAccount(SYSTEM, 'token-cleaner')]),
    roleBinding(PUBLIC, 'system:controller:bootstrap-signer', [serviceAccount(SYSTEM, 'bootstrap-signer')]),
  ];
}
