// Feature gates as kube-apiserver and kube-controller-manager v1.25 know them
// (k8s.io/component-base/featuregate and pkg/features/kube_features.go at release-1.25): the
// `--feature-gates=A=true,B=false` syntax, its error texts, and the gates with their defaults and
// stages. Pure; the API server and controllers ask `enabled(name)`.

export type PreRelease = 'ALPHA' | 'BETA' | 'GA' | 'DEPRECATED';

export interface FeatureSpec {
  default: boolean;
  preRelease: PreRelease;
  /** A GA (or deprecated) gate that can no longer be set to anything but its default. */
  lockToDefault?: boolean;
}

const alpha: FeatureSpec = { default: false, preRelease: 'ALPHA' };
const betaOn: FeatureSpec = { default: true, preRelease: 'BETA' };
const betaOff: FeatureSpec = { default: false, preRelease: 'BETA' };
const ga: FeatureSpec = { default: true, preRelease: 'GA' };
const gaLocked: FeatureSpec = { default: true, preRelease: 'GA', lockToDefault: true };
const deprecatedOff: FeatureSpec = { default: false, preRelease: 'DEPRECATED' };

/** defaultKubernetesFeatureGates of v1.25, with the generic API server's gates it relists. */
export const KNOWN_FEATURES = {
  AnyVolumeDataSource: betaOn,
  AppArmor: betaOn,
  CPUCFSQuotaPeriod: alpha,
  CPUManager: betaOn,
  CPUManagerPolicyAlphaOptions: alpha,
  CPUManagerPolicyBetaOptions: betaOn,
  CPUManagerPolicyOptions: betaOn,
  CSIInlineVolume: gaLocked,
  CSIMigration: gaLocked,
  CSIMigrationAWS: gaLocked,
  CSIMigrationAzureDisk: gaLocked,
  CSIMigrationAzureFile: betaOn,
  CSIMigrationGCE: gaLocked,
  CSIMigrationPortworx: betaOff,
  CSIMigrationRBD: alpha,
  CSIMigrationvSphere: betaOn,
  CSINodeExpandSecret: alpha,
  CSIStorageCapacity: gaLocked,
  CSIVolumeHealth: alpha,
  ContainerCheckpoint: alpha,
  ControllerManagerLeaderMigration: gaLocked,
  CronJobTimeZone: betaOn,
  DaemonSetUpdateSurge: gaLocked,
  DefaultPodTopologySpread: gaLocked,
  DelegateFSGroupToCSIDriver: betaOn,
  DevicePlugins: betaOn,
  DisableAcceleratorUsageMetrics: gaLocked,
  DisableCloudProviders: alpha,
  DisableKubeletCloudCredentialProviders: alpha,
  DownwardAPIHugePages: betaOn,
  DynamicKubeletConfig: deprecatedOff,
  EndpointSliceTerminatingCondition: betaOn,
  EphemeralContainers: gaLocked,
  ExecProbeTimeout: ga,
  ExpandCSIVolumes: ga,
  ExpandInUsePersistentVolumes: ga,
  ExpandPersistentVolumes: ga,
  ExpandedDNSConfig: alpha,
  ExperimentalHostUserNamespaceDefaultingGate: betaOff,
  GRPCContainerProbe: betaOn,
  GracefulNodeShutdown: betaOn,
  GracefulNodeShutdownBasedOnPodPriority: betaOn,
  HPAContainerMetrics: alpha,
  HPAScaleToZero: alpha,
  HonorPVReclaimPolicy: alpha,
  IPTablesOwnershipCleanup: alpha,
  IdentifyPodOS: gaLocked,
  InTreePluginAWSUnregister: alpha,
  InTreePluginAzureDiskUnregister: alpha,
  InTreePluginAzureFileUnregister: alpha,
  InTreePluginGCEUnregister: alpha,
  InTreePluginPortworxUnregister: alpha,
  InTreePluginRBDUnregister: alpha,
  InTreePluginvSphereUnregister: alpha,
  IndexedJob: gaLocked,
  JobMutableNodeSchedulingDirectives: betaOn,
  JobPodFailurePolicy: alpha,
  JobReadyPods: betaOn,
  JobTrackingWithFinalizers: betaOn,
  KubeletCredentialProviders: betaOn,
  KubeletInUserNamespace: alpha,
  KubeletPodResources: betaOn,
  KubeletPodResourcesGetAllocatable: betaOn,
  KubeletTracing: alpha,
  LegacyServiceAccountTokenNoAutoGeneration: betaOn,
  LocalStorageCapacityIsolation: gaLocked,
  LocalStorageCapacityIsolationFSQuotaMonitoring: alpha,
  LogarithmicScaleDown: betaOn,
  MatchLabelKeysInPodTopologySpread: alpha,
  MaxUnavailableStatefulSet: alpha,
  MemoryManager: betaOn,
  MemoryQoS: alpha,
  MinDomainsInPodTopologySpread: betaOff,
  MixedProtocolLBService: betaOn,
  MultiCIDRRangeAllocator: alpha,
  NetworkPolicyEndPort: gaLocked,
  NetworkPolicyStatus: alpha,
  NodeInclusionPolicyInPodTopologySpread: alpha,
  NodeOutOfServiceVolumeDetach: alpha,
  NodeSwap: alpha,
  NonPreemptingPriority: gaLocked,
  PodAffinityNamespaceSelector: gaLocked,
  PodAndContainerStatsFromCRI: alpha,
  PodDeletionCost: betaOn,
  PodDisruptionConditions: alpha,
  PodHasNetworkCondition: alpha,
  PodOverhead: gaLocked,
  PodSecurity: gaLocked,
  PreferNominatedNode: gaLocked,
  ProbeTerminationGracePeriod: betaOn,
  ProcMountType: alpha,
  ProxyTerminatingEndpoints: alpha,
  QOSReserved: alpha,
  ReadWriteOncePod: alpha,
  RecoverVolumeExpansionFailure: alpha,
  RetroactiveDefaultStorageClass: alpha,
  RotateKubeletServerCertificate: betaOn,
  SELinuxMountReadWriteOncePod: alpha,
  SeccompDefault: betaOn,
  ServiceIPStaticSubrange: betaOn,
  ServiceInternalTrafficPolicy: betaOn,
  ServiceLBNodePortControl: gaLocked,
  ServiceLoadBalancerClass: gaLocked,
  SizeMemoryBackedVolumes: betaOn,
  StatefulSetAutoDeletePVC: alpha,
  StatefulSetMinReadySeconds: gaLocked,
  SuspendJob: gaLocked,
  TopologyAwareHints: betaOn,
  TopologyManager: betaOn,
  UserNamespacesStatelessPodsSupport: alpha,
  VolumeCapacityPriority: alpha,
  WinDSR: alpha,
  WinOverlay: betaOn,
  WindowsHostProcessContainers: betaOn,
  // k8s.io/apiserver's gates, which kube-apiserver lists too.
  APIListChunking: betaOn,
  APIPriorityAndFairness: betaOn,
  APIResponseCompression: betaOn,
  AdvancedAuditing: ga,
  AggregatedDiscoveryEndpoint: alpha,
  CustomResourceValidationExpressions: betaOn,
  DryRun: gaLocked,
  OpenAPIEnums: betaOn,
  OpenAPIV3: betaOn,
  ServerSideApply: ga,
  ServerSideFieldValidation: betaOn,
} satisfies Record<string, FeatureSpec>;

export type Feature = keyof typeof KNOWN_FEATURES;

/** Every gate's spec, by name, including the two special ones that flip whole stages. */
const known: Record<string, FeatureSpec> = {
  ...KNOWN_FEATURES,
  // "AllAlpha"/"AllBeta" set every alpha (beta) gate not named explicitly.
  AllAlpha: alpha,
  AllBeta: betaOff,
};

export class FeatureGateError extends Error {}

/** strconv.ParseBool, with its error text. */
function parseBool(v: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw new FeatureGateError(`strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
}

/** A set of gate values: the v1.25 defaults plus what `--feature-gates` changed. */
export class FeatureGates {
  private readonly enabledMap = new Map<string, boolean>();
  /** What kube logs when a GA or deprecated gate is set ("Setting GA feature gate X=true. ..."). */
  readonly warnings: string[] = [];

  /** Parse a `--feature-gates` value ("A=true,B=false"); throws FeatureGateError with upstream's text. */
  static parse(value: string): FeatureGates {
    const gates = new FeatureGates();
    gates.set(value);
    return gates;
  }

  /** featureGate.Set: all pairs are parsed first, then applied in order (so any error leaves nothing half-set). */
  set(value: string): void {
    const pairs: [string, boolean][] = [];
    for (const s of value.split(',')) {
      if (s.length === 0) continue;
      const eq = s.indexOf('=');
      const k = (eq < 0 ? s : s.slice(0, eq)).trim();
      if (eq < 0) throw new FeatureGateError(`missing bool value for ${k}`);
      const v = s.slice(eq + 1).trim();
      try {
        pairs.push([k, parseBool(v)]);
      } catch (e) {
        throw new FeatureGateError(`invalid value of ${k}=${v}, err: ${(e as Error).message}`);
      }
    }
    this.setFromMap(pairs);
  }

  private setFromMap(pairs: [string, boolean][]): void {
    for (const [k, v] of pairs) {
      const spec = known[k];
      if (!spec) throw new FeatureGateError(`unrecognized feature gate: ${k}`);
      if (spec.lockToDefault && spec.default !== v) throw new FeatureGateError(`cannot set feature gate ${k} to ${v}, feature is locked to ${spec.default}`);
    }
    const explicit = new Set(pairs.map(([k]) => k));
    for (const [k, v] of pairs) {
      this.enabledMap.set(k, v);
      const stage = k === 'AllAlpha' ? 'ALPHA' : k === 'AllBeta' ? 'BETA' : undefined;
      if (stage) for (const [name, spec] of Object.entries(KNOWN_FEATURES)) if (spec.preRelease === stage && !explicit.has(name)) this.enabledMap.set(name, v);
      const pre = known[k]!.preRelease;
      if (pre === 'DEPRECATED') this.warnings.push(`Setting deprecated feature gate ${k}=${v}. It will be removed in a future release.`);
      else if (pre === 'GA') this.warnings.push(`Setting GA feature gate ${k}=${v}. It will be removed in a future release.`);
    }
  }

  enabled(name: Feature): boolean {
    const spec: FeatureSpec | undefined = KNOWN_FEATURES[name];
    // Upstream panics on an unregistered name: a programming error, not user input.
    if (!spec) throw new Error(`feature ${JSON.stringify(name)} is not registered in FeatureGate`);
    return this.enabledMap.get(name) ?? spec.default;
  }

  /** The explicitly set gates as the flag would spell them, sorted ("A=true,B=false"), as featureGate.String(). */
  toString(): string {
    return [...this.enabledMap.entries()]
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join(',');
  }
}

/**
 * The `--feature-gates` flag of a command, given once or more (each use adds to the earlier ones),
 * with pflag's wording around upstream's error.
 */
export function featureGatesFromFlag(values: string | string[]): FeatureGates {
  const gates = new FeatureGates();
  for (const value of typeof values === 'string' ? [values] : values) {
    try {
      gates.set(value);
    } catch (e) {
      if (e instanceof FeatureGateError) throw new FeatureGateError(`invalid argument ${JSON.stringify(value)} for "--feature-gates" flag: ${e.message}`);
      throw e;
    }
  }
  return gates;
}

/** The v1.25 defaults, for callers that were not handed a set. */
export const defaultFeatureGates = new FeatureGates();

/** The `--feature-gates` help text, as kube lists the gates: "Name=true|false (STAGE - default=D)". */
export function featureGatesUsage(): string {
  return Object.entries(known)
    .filter(([, s]) => s.preRelease !== 'GA' && s.preRelease !== 'DEPRECATED')
    .map(([k, s]) => `${k}=true|false (${s.preRelease} - default=${s.default})`)
    .sort()
    .join('\n');
}
