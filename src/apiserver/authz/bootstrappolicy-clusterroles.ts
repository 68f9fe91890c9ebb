// The default ClusterRoles and ClusterRoleBindings of kube-apiserver v1.25
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go), with the v1.25 default feature gates.
import { NODE_RULES } from './noderules.js';
import type { ClusterRole, ClusterRoleBinding } from 'kubernetes-types/rbac/v1.js';
import { Groups, Users } from '../../api/user.js';
import { clusterRole, clusterRoleBinding, eventsRule, groups, Read, ReadWrite, rule, serviceAccount, urls, users, Write } from './bootstrappolicy-rules.js';

const AGGREGATE_TO_ADMIN = 'rbac.authorization.k8s.io/aggregate-to-admin';
const AGGREGATE_TO_EDIT = 'rbac.authorization.k8s.io/aggregate-to-edit';
const AGGREGATE_TO_VIEW = 'rbac.authorization.k8s.io/aggregate-to-view';

const core = '';
const apps = 'apps';
const autoscaling = 'autoscaling';
const batch = 'batch';
const extensions = 'extensions';
const policy = 'policy';
const networking = 'networking.k8s.io';
const storage = 'storage.k8s.io';
const certificates = 'certificates.k8s.io';
const authentication = 'authentication.k8s.io';
const authorization = 'authorization.k8s.io';
const ReadUpdate = ['get', 'list', 'watch', 'update', 'patch'];

/** What every kubelet may do (NodeRules): the Node authorizer's list; it and NodeRestriction narrow it to its own objects. */
function nodeRules() {
  return NODE_RULES.map((r) => rule(r.verbs, r.apiGroups ?? [], r.resources ?? []));
}

/** The user-facing roles: admin, edit and view are aggregated from the system:aggregate-to-* ones (and any other labelled role). */
function userFacingRoles(): ClusterRole[] {
  return [
    clusterRole('admin', [], { aggregateFrom: AGGREGATE_TO_ADMIN }),
    clusterRole('edit', [], { labels: { [AGGREGATE_TO_ADMIN]: 'true' }, aggregateFrom: AGGREGATE_TO_EDIT }),
    clusterRole('view', [], { labels: { [AGGREGATE_TO_EDIT]: 'true' }, aggregateFrom: AGGREGATE_TO_VIEW }),
    clusterRole(
      'system:aggregate-to-admin',
      [rule(['create'], [authorization], ['localsubjectaccessreviews']), rule(ReadWrite, ['rbac.authorization.k8s.io'], ['roles', 'rolebindings'])],
      { labels: { [AGGREGATE_TO_ADMIN]: 'true' } },
    ),
    clusterRole(
      'system:aggregate-to-edit',
      [
        // Read on the resources that can escalate (exec into pods, read secrets), write on the rest.
        rule(Read, [core], ['pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward', 'secrets', 'services/proxy']),
        rule(['impersonate'], [core], ['serviceaccounts']),
        rule(Write, [core], ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward']),
        rule(['create'], [core], ['pods/eviction']),
        rule(Write, [core], ['replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/proxy', 'persistentvolumeclaims', 'configmaps', 'secrets', 'events']),
        rule(['create'], [core], ['serviceaccounts/token']),
        rule(Write, [apps], ['statefulsets', 'statefulsets/scale', 'daemonsets', 'deployments', 'deployments/scale', 'deployments/rollback', 'replicasets', 'replicasets/scale']),
        rule(Write, [autoscaling], ['horizontalpodautoscalers']),
        rule(Write, [batch], ['jobs', 'cronjobs']),
        rule(Write, [extensions], ['daemonsets', 'deployments', 'deployments/scale', 'deployments/rollback', 'ingresses', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale', 'networkpolicies']),
        rule(Write, [policy], ['poddisruptionbudgets']),
        rule(Write, [networking], ['ingresses', 'networkpolicies']),
      ],
      { labels: { [AGGREGATE_TO_EDIT]: 'true' } },
    ),
    clusterRole(
      'system:aggregate-to-view',
      [
        rule(Read, [core], ['pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'configmaps']),
        rule(Read, [core], ['limitranges', 'resourcequotas', 'bindings', 'events', 'pods/status', 'resourcequotas/status', 'namespaces/status', 'replicationcontrollers/status', 'pods/log']),
        // Reading namespaces at namespace scope reads *this* namespace: a hint of which ones one may use.
        rule(Read, [core], ['namespaces']),
        rule(Read, ['discovery.k8s.io'], ['endpointslices']),
        rule(Read, [apps], ['controllerrevisions', 'statefulsets', 'statefulsets/status', 'statefulsets/scale', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/status', 'deployments/scale', 'replicasets', 'replicasets/status', 'replicasets/scale']),
        rule(Read, [autoscaling], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
        rule(Read, [batch], ['jobs', 'cronjobs', 'cronjobs/status', 'jobs/status']),
        rule(Read, [extensions], ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses', 'ingresses/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale', 'networkpolicies']),
        rule(Read, [policy], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
        rule(Read, [networking], ['ingresses', 'ingresses/status', 'networkpolicies']),
      ],
      { labels: { [AGGREGATE_TO_VIEW]: 'true' } },
    ),
  ];
}

/** The roles of the control plane's own components and of node agents. */
function systemRoles(): ClusterRole[] {
  const approver = (signer: string) => clusterRole(`system:certificates.k8s.io:${signer.replace('kubernetes.io/', '')}-approver`, [rule(['approve'], [certificates], ['signers'], [signer])]);
  return [
    clusterRole('system:heapster', [rule(Read, [core], ['events', 'pods', 'nodes', 'namespaces']), rule(Read, [extensions], ['deployments'])]),
    clusterRole('system:node', nodeRules()),
    clusterRole('system:node-problem-detector', [rule(['get'], [core], ['nodes']), rule(['patch'], [core], ['nodes/status']), eventsRule()]),
    clusterRole('system:node-proxier', [rule(['list', 'watch'], [core], ['services', 'endpoints']), rule(['get', 'list', 'watch'], [core], ['nodes']), eventsRule(), rule(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices'])]),
    clusterRole('system:kubelet-api-admin', [rule(['get', 'list', 'watch'], [core], ['nodes']), rule(['proxy'], [core], ['nodes']), rule(['*'], [core], ['nodes/proxy', 'nodes/metrics', 'nodes/stats', 'nodes/log'])]),
    clusterRole('system:node-bootstrapper', [rule(['create', 'get', 'list', 'watch'], [certificates], ['certificatesigningrequests'])]),
    clusterRole('system:auth-delegator', [rule(['create'], [authentication], ['tokenreviews']), rule(['create'], [authorization], ['subjectaccessreviews'])]),
    clusterRole('system:kube-aggregator', [rule(Read, [core], ['services', 'endpoints'])]),
    clusterRole('system:kube-controller-manager', [
      eventsRule(),
      // Leader election: anyone may create the lease; only the manager's own lease may be read and renewed.
      rule(['create'], ['coordination.k8s.io'], ['leases']),
      rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-controller-manager']),
      // Enough to create the per-controller service accounts and their tokens (--use-service-account-credentials).
      rule(['create'], [core], ['secrets', 'serviceaccounts']),
      rule(['delete'], [core], ['secrets']),
      rule(['get'], [core], ['namespaces', 'secrets', 'serviceaccounts', 'configmaps']),
      rule(['update'], [core], ['secrets', 'serviceaccounts']),
      rule(['create'], [authentication], ['tokenreviews']),
      rule(['create'], [authorization], ['subjectaccessreviews']),
      // The shared informers.
      rule(['list', 'watch'], ['*'], ['*']),
      rule(['create'], [core], ['serviceaccounts/token']),
    ]),
    clusterRole('system:kube-dns', [rule(['list', 'watch'], [core], ['endpoints', 'services'])]),
    clusterRole('system:persistent-volume-provisioner', [
      rule(['get', 'list', 'watch', 'create', 'delete'], [core], ['persistentvolumes']),
      rule(['get', 'list', 'watch', 'update'], [core], ['persistentvolumeclaims']),
      rule(Read, [storage], ['storageclasses']),
      rule(['watch'], [core], ['events']),
      eventsRule(),
    ]),
    clusterRole('system:certificates.k8s.io:certificatesigningrequests:nodeclient', [rule(['create'], [certificates], ['certificatesigningrequests/nodeclient'])]),
    clusterRole('system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [rule(['create'], [certificates], ['certificatesigningrequests/selfnodeclient'])]),
    clusterRole('system:volume-scheduler', [rule(ReadUpdate, [core], ['persistentvolumes']), rule(Read, [storage], ['storageclasses']), rule(ReadUpdate, [core], ['persistentvolumeclaims'])]),
    approver('kubernetes.io/legacy-unknown'),
    approver('kubernetes.io/kubelet-serving'),
    approver('kubernetes.io/kube-apiserver-client'),
    approver('kubernetes.io/kube-apiserver-client-kubelet'),
    clusterRole('system:service-account-issuer-discovery', [urls(['get'], ['/.well-known/openid-configuration', '/openid/v1/jwks'])]),
    clusterRole('system:kube-scheduler', [
      eventsRule(),
      rule(['create'], ['coordination.k8s.io'], ['leases']),
      rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-scheduler']),
      rule(Read, [core], ['nodes']),
      rule(['get', 'list', 'watch', 'delete'], [core], ['pods']),
      rule(['create'], [core], ['pods/binding', 'bindings']),
      rule(['patch', 'update'], [core], ['pods/status']),
      rule(Read, [core], ['replicationcontrollers', 'services']),
      rule(Read, [apps, extensions], ['replicasets']),
      rule(Read, [apps], ['statefulsets']),
      rule(Read, [policy], ['poddisruptionbudgets']),
      rule(Read, [core], ['persistentvolumeclaims', 'persistentvolumes']),
      // Delegated authentication and authorization of its own secure port.
      rule(['create'], [authentication], ['tokenreviews']),
      rule(['create'], [authorization], ['subjectaccessreviews']),
      rule(Read, [storage], ['csinodes']),
      rule(Read, [core], ['namespaces']),
      rule(Read, [storage], ['csidrivers']),
      rule(Read, [storage], ['csistoragecapacities']),
    ]),
  ];
}

export function bootstrapClusterRoles(): ClusterRole[] {
  return [
    clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
    // Enough to see whether the server is ready and to discover API versions for negotiation.
    clusterRole('system:discovery', [urls(['get'], ['/livez', '/readyz', '/healthz', '/version', '/version/', '/openapi', '/openapi/*', '/api', '/api/*', '/apis', '/apis/*'])]),
    // The monitoring endpoints; the per-check health paths may tell more about the cluster.
    clusterRole('system:monitoring', [urls(['get'], ['/metrics', '/livez', '/readyz', '/healthz', '/livez/*', '/readyz/*', '/healthz/*'])]),
    // What a "normal" user needs to learn about itself.
    clusterRole('system:basic-user', [rule(['create'], [authorization], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'])]),
    // Non-sensitive cluster information, for everyone including anonymous requests.
    clusterRole('system:public-info-viewer', [urls(['get'], ['/livez', '/readyz', '/healthz', '/version', '/version/'])]),
    ...userFacingRoles(),
    ...systemRoles(),
  ];
}

export function bootstrapClusterRoleBindings(): ClusterRoleBinding[] {
  return [
    clusterRoleBinding('cluster-admin', groups(Groups.masters)),
    clusterRoleBinding('system:monitoring', groups('system:monitoring')),
    clusterRoleBinding('system:discovery', groups(Groups.authenticated)),
    clusterRoleBinding('system:basic-user', groups(Groups.authenticated)),
    clusterRoleBinding('system:public-info-viewer', groups(Groups.authenticated, Groups.unauthenticated)),
    clusterRoleBinding('system:node-proxier', users('system:kube-proxy')),
    clusterRoleBinding('system:kube-controller-manager', users(Users.controllerManager)),
    clusterRoleBinding('system:kube-dns', [serviceAccount('kube-system', 'kube-dns')]),
    clusterRoleBinding('system:kube-scheduler', users(Users.scheduler)),
    clusterRoleBinding('system:volume-scheduler', users(Users.scheduler)),
    // Kept for compatibility but bound to no one: nodes are authorized by the Node authorizer.
    clusterRoleBinding('system:node', []),
    clusterRoleBinding('system:service-account-issuer-discovery', groups(Groups.serviceAccounts)),
  ];
}
