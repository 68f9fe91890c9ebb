// apps/v1 defaulting (SetDefaults_* of pkg/apis/apps/v1 at v1.25), in place. The pod template of
// every workload also gets the core/v1 pod defaults.
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { defaultPodTemplateSpec } from '../core/defaults.js';

type WithTemplate = { template?: PodTemplateSpec };

// Go's template is a struct, never nil, so an absent one is defaulted as an empty one.
function defaultTemplate(spec: WithTemplate): void {
  defaultPodTemplateSpec((spec.template ??= {}));
}

export function defaultDeployment(d: Deployment): void {
  const spec = (d.spec ??= {} as Deployment['spec'] & object);
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplate(spec);
}

export function defaultReplicaSet(rs: ReplicaSet): void {
  const spec = (rs.spec ??= {} as ReplicaSet['spec'] & object);
  spec.replicas ??= 1;
  defaultTemplate(spec);
}

// persistentVolumeClaimRetentionPolicy is not defaulted: its gate (StatefulSetAutoDeletePVC) is
// alpha and off in v1.25.
export function defaultStatefulSet(ss: StatefulSet): void {
  const spec = (ss.spec ??= {} as StatefulSet['spec'] & object);
  spec.podManagementPolicy ||= 'OrderedReady';
  const us = (spec.updateStrategy ??= {});
  if (!us.type) {
    us.type = 'RollingUpdate';
    us.rollingUpdate ??= {};
  }
  if (us.type === 'RollingUpdate' && us.rollingUpdate) us.rollingUpdate.partition ??= 0;
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec);
}

export function defaultDaemonSet(ds: DaemonSet): void {
  const spec = (ds.spec ??= {} as DaemonSet['spec'] & object);
  const us = (spec.updateStrategy ??= {});
  us.type ||= 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    const ru = (us.rollingUpdate ??= {});
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec);
}
