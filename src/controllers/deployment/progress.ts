// Rollout progress (pkg/controller/deployment/progress.go at v1.25): the Progressing condition says
// whether the latest rollout completed, is moving, or has been stuck past progressDeadlineSeconds;
// ReplicaSet failures (a quota refusing pods, say) are lifted into a ReplicaFailure condition.
import type { DeploymentCondition } from 'kubernetes-types/apps/v1.js';
import type { Ops } from './ops.js';
import { calculateStatus, writeStatusIfChanged } from './sync.js';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  NEW_RS_AVAILABLE,
  newCondition,
  removeCondition,
  REPLICA_SET_UPDATED,
  setCondition,
  TIMED_OUT,
  type Deployment,
  type ReplicaSet,
} from './util.js';

export async function syncRolloutStatus(ops: Ops, all: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment): Promise<void> {
  const now = ops.now();
  const status = calculateStatus(all, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  // With one active ReplicaSet and a finished rollout there is no progress to estimate.
  const current = getCondition(d.status, 'Progressing');
  const complete = status.replicas === status.updatedReplicas && current?.reason === NEW_RS_AVAILABLE;
  if (hasProgressDeadline(d) && !complete) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition('Progressing', 'True', NEW_RS_AVAILABLE, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, status)) {
      // Progress refreshes lastUpdateTime even with an unchanged reason, which setCondition would skip.
      const cond = newCondition('Progressing', 'True', REPLICA_SET_UPDATED, `${subject} is progressing.`, now);
      if (current) {
        if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, cond);
    } else if (deploymentTimedOut(d, status, now)) {
      setCondition(status, newCondition('Progressing', 'False', TIMED_OUT, `${subject} has timed out progressing.`, now));
    }
  }
  const failure = replicaFailure(all, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');
  if (!(await writeStatusIfChanged(ops, d, status))) requeueStuckDeployment(ops, d, status);
}

/** The first ReplicaFailure condition, the new ReplicaSet's before the others'. */
function replicaFailure(all: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentCondition | undefined {
  const ordered = newRS ? [newRS, ...all.filter((rs) => rs && rs.metadata.uid !== newRS.metadata.uid)] : all;
  for (const rs of ordered) {
    const c = rs?.status?.conditions?.find((x) => x.type === 'ReplicaFailure');
    if (c) return { type: c.type, status: c.status, reason: c.reason, message: c.message, lastTransitionTime: c.lastTransitionTime, lastUpdateTime: c.lastTransitionTime };
  }
  return undefined;
}

/**
 * requeueStuckDeployment: with no progress, look again when the deadline would pass (plus a second
 * for skew), so a stuck rollout is marked ProgressDeadlineExceeded without waiting for a resync.
 */
function requeueStuckDeployment(ops: Ops, d: Deployment, status: NonNullable<Deployment['status']>): void {
  const current = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !current) return;
  if (deploymentComplete(d, status) || current.reason === TIMED_OUT) return;
  const last = current.lastUpdateTime ? Date.parse(current.lastUpdateTime) : NaN;
  if (Number.isNaN(last)) return;
  const after = last + d.spec!.progressDeadlineSeconds! * 1000 - ops.now().getTime();
  if (after < 1000) ops.requeueRateLimited(d);
  else ops.requeueAfter(d, after + 1000);
}
