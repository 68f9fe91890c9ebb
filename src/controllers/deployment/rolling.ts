// The RollingUpdate strategy (pkg/controller/deployment/rolling.go at v1.25): grow the new
// ReplicaSet while total pods stay within replicas + maxSurge, shrink old ones while available pods
// stay at or above replicas - maxUnavailable; unhealthy old pods go first.
import type { Ops } from './ops.js';
import { syncRolloutStatus } from './progress.js';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleAndRecord } from './sync.js';
import { availableOf, byCreation, deploymentComplete, filterActive, maxUnavailable, newRSNewReplicas, replicasOf, specReplicas, sumAvailable, sumSpecReplicas, type Deployment, type ReplicaSet } from './util.js';

export async function rolloutRolling(ops: Ops, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ops, d, rsList, true);
  const all = [...oldRSs, newRS!];
  if (await reconcileNewReplicaSet(ops, all, newRS!, d)) return syncRolloutStatus(ops, all, newRS, d);
  if (await reconcileOldReplicaSets(ops, all, filterActive(oldRSs), newRS!, d)) return syncRolloutStatus(ops, all, newRS, d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(ops, oldRSs, d);
  return syncRolloutStatus(ops, all, newRS, d);
}

async function reconcileNewReplicaSet(ops: Ops, all: ReplicaSet[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  if (replicasOf(newRS) === specReplicas(d)) return false;
  if (replicasOf(newRS) > specReplicas(d)) return (await scaleAndRecord(ops, newRS, specReplicas(d), d)).scaled;
  return (await scaleAndRecord(ops, newRS, newRSNewReplicas(d, all, newRS), d)).scaled;
}

async function reconcileOldReplicaSets(ops: Ops, all: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  if (sumSpecReplicas(oldRSs) === 0) return false;
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const newUnavailable = replicasOf(newRS) - availableOf(newRS);
  // Old pods that may go without dropping below minAvailable, counting the new set's unavailable pods as lost.
  const maxScaledDown = sumSpecReplicas(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = await cleanupUnhealthyReplicas(ops, oldRSs, d, maxScaledDown);
  const scaledDown = await scaleDownOldForRollingUpdate(ops, [...cleaned.oldRSs, newRS], cleaned.oldRSs, d);
  return cleaned.count + scaledDown > 0;
}

/** Scale down old ReplicaSets' unavailable pods first (oldest sets first), up to maxCleanup. */
async function cleanupUnhealthyReplicas(ops: Ops, oldRSs: ReplicaSet[], d: Deployment, maxCleanup: number): Promise<{ oldRSs: ReplicaSet[]; count: number }> {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  for (const [i, rs] of sorted.entries()) {
    if (total >= maxCleanup) break;
    const unhealthy = replicasOf(rs) - availableOf(rs);
    if (replicasOf(rs) === 0 || unhealthy <= 0) continue;
    const n = Math.min(maxCleanup - total, unhealthy);
    const { rs: updated } = await scaleAndRecord(ops, rs, replicasOf(rs) - n, d);
    total += n;
    sorted[i] = updated;
  }
  return { oldRSs: sorted, count: total };
}

/** Scale down old ReplicaSets (oldest first) by as many pods as are available above minAvailable. */
async function scaleDownOldForRollingUpdate(ops: Ops, all: ReplicaSet[], oldRSs: ReplicaSet[], d: Deployment): Promise<number> {
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const available = sumAvailable(all);
  if (available <= minAvailable) return 0;
  const target = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= target) break;
    if (replicasOf(rs) === 0) continue;
    const n = Math.min(replicasOf(rs), target - total);
    await scaleAndRecord(ops, rs, replicasOf(rs) - n, d);
    total += n;
  }
  return total;
}
