// The system:controller:* ClusterRoles of kube-controller-manager v1.25's controllers, each bound to
// its service account in kube-system (controller_policy.go), used when the manager runs with
// --use-service-account-credentials. Roles behind feature gates that are off by default in v1.25 are
// left out.
import type { ClusterRole, ClusterRoleBinding } from 'kubernetes-types/rbac/v1.js';
import { clusterRole, clusterRoleBinding, eventsRule, rule, serviceAccount } from './bootstrappolicy-rules.js';

const PREFIX = 'system:controller:';
const core = '';
const apps = 'apps';
const extensions = 'extensions';
const batch = 'batch';
const storage = 'storage.k8s.io';
const discovery = 'discovery.k8s.io';
const certificates = 'certificates.k8s.io';
const R = ['get', 'list', 'watch'];

const controllers: [string, ReturnType<typeof rule>[]][] = [
  [
    'attachdetach-controller',
    [
      rule(['list', 'watch'], [core], ['persistentvolumes', 'persistentvolumeclaims']),
      rule(R, [core], ['nodes']),
      rule(['patch', 'update'], [core], ['nodes/status']),
      rule(['list', 'watch'], [core], ['pods']),
      eventsRule(),
      rule(['get', 'create', 'delete', 'list', 'watch'], [storage], ['volumeattachments']),
      rule(R, [storage], ['csidrivers']),
      rule(R, [storage], ['csinodes']),
    ],
  ],
  // Full powers on ClusterRoles: it writes rules it need not hold itself.
  ['clusterrole-aggregation-controller', [rule(['escalate', 'get', 'list', 'watch', 'update', 'patch'], ['rbac.authorization.k8s.io'], ['clusterroles'])]],
  [
    'cronjob-controller',
    [
      rule(['get', 'list', 'watch', 'update'], [batch], ['cronjobs']),
      rule(['get', 'list', 'watch', 'create', 'update', 'delete', 'patch'], [batch], ['jobs']),
      rule(['update'], [batch], ['cronjobs/status']),
      rule(['update'], [batch], ['cronjobs/finalizers']),
      rule(['list', 'watch', 'delete'], [core], ['pods']),
      eventsRule(),
    ],
  ],
  [
    'daemon-set-controller',
    [
      rule(R, [extensions, apps], ['daemonsets']),
      rule(['update'], [extensions, apps], ['daemonsets/status']),
      rule(['update'], [extensions, apps], ['daemonsets/finalizers']),
      rule(['list', 'watch'], [core], ['nodes']),
      rule(['list', 'watch', 'create', 'delete', 'patch'], [core], ['pods']),
      rule(['create'], [core], ['pods/binding']),
      rule(['get', 'list', 'watch', 'create', 'delete', 'update', 'patch'], [apps], ['controllerrevisions']),
      eventsRule(),
    ],
  ],
  [
    'deployment-controller',
    [
      rule(['get', 'list', 'watch', 'update'], [extensions, apps], ['deployments']),
      rule(['update'], [extensions, apps], ['deployments/status']),
      rule(['update'], [extensions, apps], ['deployments/finalizers']),
      rule(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], [apps, extensions], ['replicasets']),
      rule(['get', 'list', 'watch', 'update'], [core], ['pods']),
      eventsRule(),
    ],
  ],
  [
    'disruption-controller',
    [
      rule(R, [extensions, apps], ['deployments']),
      rule(R, [apps, extensions], ['replicasets']),
      rule(R, [core], ['replicationcontrollers']),
      rule(R, ['policy'], ['poddisruptionbudgets']),
      rule(R, [apps], ['statefulsets']),
      rule(['update'], ['policy'], ['poddisruptionbudgets/status']),
      rule(['get'], ['*'], ['*/scale']),
      eventsRule(),
    ],
  ],
  [
    'endpoint-controller',
    [
      rule(R, [core], ['services', 'pods']),
      rule(['get', 'list', 'watch', 'create', 'update', 'delete'], [core], ['endpoints']),
      rule(['create'], [core], ['endpoints/restricted']),
      eventsRule(),
    ],
  ],
  [
    'endpointslice-controller',
    [
      rule(R, [core], ['services', 'pods', 'nodes']),
      // To own the slices with blockOwnerDeletion it must be able to set the Service's finalizers.
      rule(['update'], [core], ['services/finalizers']),
      rule(['get', 'list', 'watch', 'create', 'update', 'delete'], [discovery], ['endpointslices']),
      eventsRule(),
    ],
  ],
  [
    'endpointslicemirroring-controller',
    [
      rule(R, [core], ['services', 'endpoints']),
      rule(['update'], [core], ['services/finalizers']),
      rule(['update'], [core], ['endpoints/finalizers']),
      rule(['get', 'list', 'watch', 'create', 'update', 'delete'], [discovery], ['endpointslices']),
      eventsRule(),
    ],
  ],
  [
    'expand-controller',
    [
      rule(['get', 'list', 'watch', 'update', 'patch'], [core], ['persistentvolumes']),
      rule(['update', 'patch'], [core], ['persistentvolumeclaims/status']),
      rule(R, [core], ['persistentvolumeclaims']),
      // The in-tree glusterfs plugin (still there in v1.25) reads its class, endpoints and secret.
      rule(R, [storage], ['storageclasses']),
      rule(['get'], [core], ['services', 'endpoints']),
      rule(['get'], [core], ['secrets']),
      eventsRule(),
    ],
  ],
  [
    'ephemeral-volume-controller',
    [rule(R, [core], ['pods']), rule(['update'], [core], ['pods/finalizers']), rule(['get', 'list', 'watch', 'create'], [core], ['persistentvolumeclaims']), eventsRule()],
  ],
  // list/watch, selective gets and updates of owner references on anything.
  ['generic-garbage-collector', [rule(['get', 'list', 'watch', 'patch', 'update', 'delete'], ['*'], ['*']), eventsRule()]],
  [
    'horizontal-pod-autoscaler',
    [
      rule(R, ['autoscaling'], ['horizontalpodautoscalers']),
      rule(['update'], ['autoscaling'], ['horizontalpodautoscalers/status']),
      rule(['get', 'update'], ['*'], ['*/scale']),
      rule(['list', 'watch'], [core], ['pods']),
      rule(['list', 'watch'], ['metrics.k8s.io'], ['pods']),
      rule(R, ['custom.metrics.k8s.io'], ['*']),
      rule(R, ['external.metrics.k8s.io'], ['*']),
      eventsRule(),
    ],
  ],
  [
    'job-controller',
    [
      rule(['get', 'list', 'watch', 'update', 'patch'], [batch], ['jobs']),
      rule(['update'], [batch], ['jobs/status']),
      rule(['update'], [batch], ['jobs/finalizers']),
      rule(['list', 'watch', 'create', 'delete', 'patch'], [core], ['pods']),
      eventsRule(),
    ],
  ],
  [
    'namespace-controller',
    [
      rule(['get', 'list', 'watch', 'delete'], [core], ['namespaces']),
      rule(['update'], [core], ['namespaces/finalize', 'namespaces/status']),
      rule(['get', 'list', 'watch', 'delete', 'deletecollection'], ['*'], ['*']),
    ],
  ],
  [
    'node-controller',
    [
      rule(['get', 'list', 'watch', 'update', 'delete', 'patch'], [core], ['nodes']),
      rule(['patch', 'update'], [core], ['nodes/status']),
      rule(['patch', 'update'], [core], ['pods/status']),
      rule(['list', 'watch', 'get', 'delete'], [core], ['pods']),
      eventsRule(),
    ],
  ],
  [
    'persistent-volume-binder',
    [
      rule(['get', 'list', 'watch', 'update', 'create', 'delete'], [core], ['persistentvolumes']),
      rule(['update'], [core], ['persistentvolumes/status']),
      rule(['get', 'list', 'watch', 'update'], [core], ['persistentvolumeclaims']),
      rule(['update'], [core], ['persistentvolumeclaims/status']),
      rule(['list', 'watch', 'get', 'create', 'delete'], [core], ['pods']),
      // The in-tree glusterfs plugin manages an endpoints/service pair per volume and reads its secret.
      rule(['get', 'create', 'delete'], [core], ['endpoints', 'services']),
      rule(['get'], [core], ['secrets']),
      rule(R, [storage], ['storageclasses']),
      rule(['list', 'watch'], [core], ['nodes']),
      eventsRule(),
      // The recycler watches its pod's events.
      rule(['watch'], [core], ['events']),
      rule(['get'], [core], ['services']),
    ],
  ],
  ['pod-garbage-collector', [rule(['list', 'watch', 'delete'], [core], ['pods']), rule(R, [core], ['nodes'])]],
  [
    'replicaset-controller',
    [
      rule(['get', 'list', 'watch', 'update'], [apps, extensions], ['replicasets']),
      rule(['update'], [apps, extensions], ['replicasets/status']),
      rule(['update'], [apps, extensions], ['replicasets/finalizers']),
      rule(['list', 'watch', 'patch', 'create', 'delete'], [core], ['pods']),
      eventsRule(),
    ],
  ],
  [
    'replication-controller',
    [
      rule(['get', 'list', 'watch', 'update'], [core], ['replicationcontrollers']),
      rule(['update'], [core], ['replicationcontrollers/status']),
      rule(['update'], [core], ['replicationcontrollers/finalizers']),
      rule(['list', 'watch', 'patch', 'create', 'delete'], [core], ['pods']),
      eventsRule(),
    ],
  ],
  // Quota counts anything, so it may list everything.
  ['resourcequota-controller', [rule(['list', 'watch'], ['*'], ['*']), rule(['update'], [core], ['resourcequotas/status']), eventsRule()]],
  ['route-controller', [rule(['list', 'watch'], [core], ['nodes']), rule(['patch'], [core], ['nodes/status']), eventsRule()]],
  ['service-account-controller', [rule(['create'], [core], ['serviceaccounts']), eventsRule()]],
  ['service-controller', [rule(R, [core], ['services']), rule(['patch', 'update'], [core], ['services/status']), rule(['list', 'watch'], [core], ['nodes']), eventsRule()]],
  [
    'statefulset-controller',
    [
      rule(['list', 'watch'], [core], ['pods']),
      rule(R, [apps], ['statefulsets']),
      rule(['update'], [apps], ['statefulsets/status']),
      rule(['update'], [apps], ['statefulsets/finalizers']),
      rule(['get', 'create', 'delete', 'update', 'patch'], [core], ['pods']),
      rule(['get', 'create', 'delete', 'update', 'patch', 'list', 'watch'], [apps], ['controllerrevisions']),
      rule(['get', 'create', 'list', 'watch'], [core], ['persistentvolumeclaims']),
      rule(['update', 'delete'], [core], ['persistentvolumeclaims']),
      rule(['update'], [core], ['pods/finalizers']),
      eventsRule(),
    ],
  ],
  ['ttl-controller', [rule(['update', 'patch', 'list', 'watch'], [core], ['nodes']), eventsRule()]],
  [
    'certificate-controller',
    [
      rule(['get', 'list', 'watch', 'delete'], [certificates], ['certificatesigningrequests']),
      rule(['update'], [certificates], ['certificatesigningrequests/status', 'certificatesigningrequests/approval']),
      rule(['approve'], [certificates], ['signers'], ['kubernetes.io/kube-apiserver-client-kubelet']),
      rule(['sign'], [certificates], ['signers'], ['kubernetes.io/legacy-unknown', 'kubernetes.io/kube-apiserver-client', 'kubernetes.io/kube-apiserver-client-kubelet', 'kubernetes.io/kubelet-serving']),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
      eventsRule(),
    ],
  ],
  ['pvc-protection-controller', [rule(['get', 'list', 'watch', 'update'], [core], ['persistentvolumeclaims']), rule(['list', 'watch', 'get'], [core], ['pods']), eventsRule()]],
  ['pv-protection-controller', [rule(['get', 'list', 'watch', 'update'], [core], ['persistentvolumes']), eventsRule()]],
  ['ttl-after-finished-controller', [rule(['get', 'list', 'watch', 'delete'], [batch], ['jobs']), eventsRule()]],
  ['root-ca-cert-publisher', [rule(['create', 'update'], [core], ['configmaps']), eventsRule()]],
];

export function controllerRoles(): ClusterRole[] {
  return controllers.map(([name, rules]) => clusterRole(PREFIX + name, rules));
}

export function controllerRoleBindings(): ClusterRoleBinding[] {
  return controllers.map(([name]) => clusterRoleBinding(PREFIX + name, [serviceAccount('kube-system', name)]));
}
