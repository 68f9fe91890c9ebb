// Namespaced defaults (namespace_policy.go, v1.25): Roles and RoleBindings in kube-system and
// kube-public for leader locking, the authentication ConfigMap and the bootstrap-token controllers.
// Also Kubette's own ClusterRole for its controller manager (see kubetteControllerManager).
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import { Users } from '../../api/user.js';
import { clusterRole, clusterRoleBinding, eventsRule, role, roleBinding, rule, serviceAccount, users } from './bootstrappolicy-rules.js';

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

export const KUBETTE_CONTROLLER_MANAGER_ROLE = 'system:kubette:controller-manager';

/**
 * Kubette-specific. Upstream's kube-controller-manager runs with --use-service-account-credentials,
 * so each controller acts as its own service account with its system:controller:* role. With that
 * flag false, every controller runs with the manager's own credentials — and so do all of Kubette's
 * controllers — so the manager's user needs the union of what they do: the garbage collector and
 * the namespace controller read, patch and delete anything; the workload controllers create pods,
 * ReplicaSets, Jobs and ControllerRevisions; the endpoints, service-account and StatefulSet
 * controllers create Endpoints, ServiceAccounts (and their tokens) and PersistentVolumeClaims;
 * every controller records Events; leader election holds a Lease; the ClusterRole aggregation
 * controller writes rules it need not hold (escalate).
 */
export function kubetteControllerManager(): { role: ClusterRole; binding: ClusterRoleBinding } {
  return {
    role: clusterRole(KUBETTE_CONTROLLER_MANAGER_ROLE, [
      rule(['get', 'list', 'watch', 'update', 'patch', 'delete', 'deletecollection'], ['*'], ['*']),
      rule(['create'], [''], ['pods', 'endpoints', 'serviceaccounts', 'serviceaccounts/token', 'persistentvolumeclaims', 'events']),
      rule(['create'], ['apps'], ['replicasets', 'controllerrevisions']),
      rule(['create'], ['batch'], ['jobs']),
      rule(['create'], ['events.k8s.io'], ['events']),
      rule(['create'], ['coordination.k8s.io'], ['leases']),
      rule(['escalate'], ['rbac.authorization.k8s.io'], ['clusterroles']),
    ]),
    binding: clusterRoleBinding(KUBETTE_CONTROLLER_MANAGER_ROLE, users(Users.controllerManager)),
  };
}
