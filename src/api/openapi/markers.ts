// Facts the kubernetes-types .d.ts files do not carry, added by the generator (build time only).
// Sources: /work/shared/reference/patch-strategies.md (k8s.io/api v0.25 struct tags and markers)
// and the Go field types of k8s.io/api v0.25.

/**
 * Field markers, one per line: `<module> <Type>.<field> <patchStrategy> <mergeKey> <listType>
 * <listMapKeys> <mapType>`, "-" for none. EphemeralContainerCommon's rows sit on EphemeralContainer
 * because kubernetes-types inlines it.
 */
export const FIELD_MARKERS = `
core/v1 PodSpec.volumes merge,retainKeys name - - -
core/v1 PodSpec.initContainers merge name - - -
core/v1 PodSpec.containers merge name - - -
core/v1 PodSpec.ephemeralContainers merge name - - -
core/v1 PodSpec.nodeSelector - - - - atomic
core/v1 PodSpec.imagePullSecrets merge name - - -
core/v1 PodSpec.hostAliases merge ip - - -
core/v1 PodSpec.topologySpreadConstraints merge topologyKey map topologyKey,whenUnsatisfiable -
core/v1 Container.ports merge containerPort map containerPort,protocol -
core/v1 Container.env merge name - - -
core/v1 Container.volumeMounts merge mountPath - - -
core/v1 Container.volumeDevices merge devicePath - - -
core/v1 EphemeralContainer.ports merge containerPort map containerPort,protocol -
core/v1 EphemeralContainer.env merge name - - -
core/v1 EphemeralContainer.volumeMounts merge mountPath - - -
core/v1 EphemeralContainer.volumeDevices merge devicePath - - -
core/v1 PodStatus.conditions merge type - - -
core/v1 PodStatus.podIPs merge ip - - -
core/v1 TopologySpreadConstraint.matchLabelKeys - - atomic - -
core/v1 ReplicationControllerSpec.selector - - - - atomic
core/v1 ReplicationControllerStatus.conditions merge type - - -
core/v1 PersistentVolumeSpec.claimRef - - - - granular
core/v1 PersistentVolumeClaimStatus.conditions merge type - - -
core/v1 ServiceStatus.conditions merge type map type -
core/v1 LoadBalancerIngress.ports - - atomic - -
core/v1 ServiceSpec.ports merge port map port,protocol -
core/v1 ServiceSpec.selector - - - - atomic
core/v1 ServiceSpec.clusterIPs - - atomic - -
core/v1 ServiceSpec.ipFamilies - - atomic - -
core/v1 ServiceAccount.secrets merge name - - -
core/v1 NodeSpec.podCIDRs merge - - - -
core/v1 NodeStatus.conditions merge type - - -
core/v1 NodeStatus.addresses merge type - - -
core/v1 NamespaceStatus.conditions merge type - - -
core/v1 ComponentStatus.conditions merge type - - -
apps/v1 StatefulSetStatus.conditions merge type - - -
apps/v1 DeploymentSpec.strategy retainKeys - - - -
apps/v1 DeploymentStatus.conditions merge type - - -
apps/v1 DaemonSetStatus.conditions merge type - - -
apps/v1 ReplicaSetStatus.conditions merge type - - -
batch/v1 PodFailurePolicyOnExitCodesRequirement.values - - set - -
batch/v1 PodFailurePolicyRule.onPodConditions - - atomic - -
batch/v1 PodFailurePolicy.rules - - atomic - -
batch/v1 JobStatus.conditions merge type atomic - -
batch/v1 UncountedTerminatedPods.succeeded - - set - -
batch/v1 UncountedTerminatedPods.failed - - set - -
batch/v1 CronJobStatus.active - - atomic - -
networking/v1 NetworkPolicyStatus.conditions merge type map type -
networking/v1 IngressSpec.tls - - atomic - -
networking/v1 IngressSpec.rules - - atomic - -
networking/v1 IngressTLS.hosts - - atomic - -
networking/v1 HTTPIngressRuleValue.paths - - atomic - -
policy/v1 PodDisruptionBudgetSpec.selector replace - - - -
policy/v1 PodDisruptionBudgetStatus.conditions merge type map type -
storage/v1 StorageClass.allowedTopologies - - atomic - -
storage/v1 CSIDriverSpec.volumeLifecycleModes - - set - -
storage/v1 CSIDriverSpec.tokenRequests - - atomic - -
storage/v1 CSINodeSpec.drivers merge name - - -
autoscaling/v2 HorizontalPodAutoscalerSpec.metrics - - atomic - -
autoscaling/v2 HPAScalingRules.policies - - atomic - -
autoscaling/v2 HorizontalPodAutoscalerStatus.currentMetrics - - atomic - -
autoscaling/v2 HorizontalPodAutoscalerStatus.conditions merge type map type -
discovery/v1 EndpointSlice.endpoints - - atomic - -
discovery/v1 EndpointSlice.ports - - atomic - -
discovery/v1 Endpoint.addresses - - set - -
discovery/v1 EndpointHints.forZones - - atomic - -
meta/v1 ObjectMeta.ownerReferences merge uid - - -
meta/v1 ObjectMeta.finalizers merge - - - -
meta/v1 LabelSelectorRequirement.key merge key - - -
`;

/**
 * Struct types marked +structType=atomic: their definitions carry x-kubernetes-map-type: atomic.
 */
export const ATOMIC_TYPES = [
  'core/v1:ObjectReference',
  'core/v1:LocalObjectReference',
  'core/v1:SecretReference',
  'core/v1:TypedLocalObjectReference',
  'core/v1:ObjectFieldSelector',
  'core/v1:ResourceFieldSelector',
  'core/v1:ConfigMapKeySelector',
  'core/v1:SecretKeySelector',
  'core/v1:NodeSelector',
  'core/v1:NodeSelectorTerm',
  'core/v1:TopologySelectorTerm',
  'core/v1:EndpointAddress',
  'core/v1:EndpointPort',
  'core/v1:ScopeSelector',
  'rbac/v1:Subject',
  'rbac/v1:RoleRef',
  'autoscaling/v1:CrossVersionObjectReference',
  'discovery/v1:EndpointPort',
  'meta/v1:OwnerReference',
  'meta/v1:LabelSelector',
];

/**
 * TypeScript `number` is int32 unless listed here. The .d.ts files lose Go's int32/int64/float64
 * distinction, so this list is hand-kept from the Go types (an approximation: fields not listed in
 * groups outside core/apps/batch/meta may be int64 upstream and still come out int32).
 * Keys are `<Type>.<field>` in any group; `*.<field>` matches that field name in every type.
 */
export const INT64_FIELDS = new Set([
  '*.observedGeneration',
  'ObjectMeta.generation',
  'ObjectMeta.deletionGracePeriodSeconds',
  'ListMeta.remainingItemCount',
  'DeleteOptions.gracePeriodSeconds',
  'PodSpec.activeDeadlineSeconds',
  'PodSpec.terminationGracePeriodSeconds',
  'Probe.terminationGracePeriodSeconds',
  'PodSecurityContext.runAsUser',
  'PodSecurityContext.runAsGroup',
  'PodSecurityContext.fsGroup',
  'PodSecurityContext.supplementalGroups',
  'SecurityContext.runAsUser',
  'SecurityContext.runAsGroup',
  'Toleration.tolerationSeconds',
  'ServiceAccountTokenProjection.expirationSeconds',
  'ContainerImage.sizeBytes',
  'JobSpec.activeDeadlineSeconds',
  'CronJobSpec.startingDeadlineSeconds',
  'ControllerRevision.revision',
  'TokenRequestSpec.expirationSeconds',
  'TokenRequest.expirationSeconds',
  'JSONSchemaProps.maxLength',
  'JSONSchemaProps.minLength',
  'JSONSchemaProps.maxItems',
  'JSONSchemaProps.minItems',
  'JSONSchemaProps.maxProperties',
  'JSONSchemaProps.minProperties',
]);

/** float64 fields (type number, format double). */
export const DOUBLE_FIELDS = new Set(['JSONSchemaProps.maximum', 'JSONSchemaProps.minimum', 'JSONSchemaProps.multipleOf']);

/** []byte fields: base64 strings (format byte), also as map values. */
export const BYTE_FIELDS = new Set([
  'Secret.data',
  'ConfigMap.binaryData',
  'CertificateSigningRequestSpec.request',
  'CertificateSigningRequestStatus.certificate',
  'WebhookClientConfig.caBundle',
]);

/** +default markers that matter to clients (server-side apply fills list-map keys from them). */
export const FIELD_DEFAULTS: Record<string, unknown> = {
  'core/v1:ContainerPort.protocol': 'TCP',
  'core/v1:ServicePort.protocol': 'TCP',
};

/**
 * JSONSchemaProps fields whose JSON names are not TypeScript identifiers, which kubernetes-types
 * therefore drops. Without them every CRD using them would fail strict field validation.
 */
export const JSON_SCHEMA_PROPS_EXTRA: Record<string, { type: 'boolean' | 'string' | 'strings' | 'rules'; description: string }> = {
  'x-kubernetes-embedded-resource': {
    type: 'boolean',
    description:
      'x-kubernetes-embedded-resource marks an object as a nested Kubernetes resource: apiVersion, kind and metadata are validated and kept. The object must also set type: object.',
  },
  'x-kubernetes-int-or-string': {
    type: 'boolean',
    description: 'x-kubernetes-int-or-string allows the value to be either an integer or a string.',
  },
  'x-kubernetes-list-map-keys': {
    type: 'strings',
    description: 'x-kubernetes-list-map-keys names the fields that identify an item of a list with x-kubernetes-list-type "map".',
  },
  'x-kubernetes-list-type': {
    type: 'string',
    description: 'x-kubernetes-list-type says how a list merges and is owned: "atomic" (default), "set" or "map".',
  },
  'x-kubernetes-map-type': {
    type: 'string',
    description: 'x-kubernetes-map-type says how an object merges and is owned: "granular" (default) or "atomic".',
  },
  'x-kubernetes-preserve-unknown-fields': {
    type: 'boolean',
    description: 'x-kubernetes-preserve-unknown-fields stops pruning of fields not described by this schema.',
  },
  'x-kubernetes-validations': {
    type: 'rules',
    description: 'x-kubernetes-validations lists CEL validation rules for this value.',
  },
};
