// The Recreate strategy (pkg/controller/deployment/recreate.go at v1.25): scale every old
// ReplicaSet to zero, wait until none of their pods is left running, then create and scale up the
// new one.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Ops } from './ops.js';
import { syncRolloutStatus } from './progress.js';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleAndRecord } from './sync.js';
import { deploymentComplete, filterActive, replicasOf, specReplicas, sumStatus, type Deployment, type ReplicaSet } from './util.js';

/** Pods of the Deployment's ReplicaSets, by ReplicaSet uid. */
export type PodMap = Map<string, Pod[]>;

export async function rolloutRecreate(ops: Ops, d: Deployment, rsList: ReplicaSet[], pods: PodMap): Promise<void> {
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ops, d, rsList, false);
  let all = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) if ((await scaleAndRecord(ops, rs, 0, d)).scaled) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(ops, all, newRS, d);
  if (oldPodsRunning(newRS, oldRSs, pods)) return syncRolloutStatus(ops, all, newRS, d);
  if (!newRS) {
    ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ops, d, rsList, true));
    all = [...oldRSs, newRS];
  }
  if (replicasOf(newRS) !== specReplicas(d)) await scaleAndRecord(ops, newRS!, specReplicas(d), d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(ops, oldRSs, d);
  return syncRolloutStatus(ops, all, newRS, d);
}

/** Any old ReplicaSet still reporting pods, or any pod of an old set not yet finished (Unknown counts as running). */
function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], pods: PodMap): boolean {
  if (sumStatus(oldRSs, 'replicas') > 0) return true;
  for (const [uid, list] of pods) {
    if (newRS && newRS.metadata.uid === uid) continue;
    if (list.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}
