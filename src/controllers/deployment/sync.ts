// Steps every strategy shares (pkg/controller/deployment/sync.go at v1.25): find or create the new
// ReplicaSet with the next revision, scale (proportionally while a rollout is under way), clean up
// old ReplicaSets beyond revisionHistoryLimit, and write the Deployment's status.
import type { DeploymentStatus } from 'kubernetes-types/apps/v1.js';
import { isAlreadyExists } from '../../client/rest.js';
import { StatusError } from '../../machinery/errors.js';
import { controllerOf, controllerRef } from '../common/pods.js';
import { computeHash } from './hash.js';
import { DEPLOYMENT_KIND, RS_KIND, updateDeploymentStatus, type Ops } from './ops.js';
import {
  byCreation,
  byRevision,
  canonical,
  bySizeNewer,
  bySizeOlder,
  desiredReplicasAnnotation,
  equalIgnoreHash,
  FAILED_RS_CREATE,
  filterActive,
  findNewReplicaSet,
  findOldReplicaSets,
  FOUND_NEW_RS,
  getCondition,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  MIN_AVAILABLE,
  MIN_UNAVAILABLE,
  NEW_RS_CREATED,
  newCondition,
  newRSNewReplicas,
  PAUSED,
  POD_TEMPLATE_HASH,
  proportion,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  RESUMED,
  setCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicas,
  sumSpecReplicas,
  sumStatus,
  TIMED_OUT,
  type Deployment,
  type ReplicaSet,
} from './util.js';

/** getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when asked) and all old ones. */
export async function getAllReplicaSetsAndSyncRevision(ops: Ops, d: Deployment, rsList: ReplicaSet[], create: boolean): Promise<{ newRS?: ReplicaSet; oldRSs: ReplicaSet[] }> {
  const oldRSs = findOldReplicaSets(d, rsList);
  const newRS = await getNewReplicaSet(ops, d, rsList, oldRSs, create);
  return { newRS, oldRSs };
}

async function getNewReplicaSet(ops: Ops, d: Deployment, rsList: ReplicaSet[], oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) {
    const rs = structuredClone(existing);
    const annotationsChanged = setNewReplicaSetAnnotations(d, rs, newRevision, true);
    const minReadyChanged = (rs.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
    if (annotationsChanged || minReadyChanged) {
      rs.spec = { ...rs.spec!, minReadySeconds: d.spec?.minReadySeconds ?? 0 };
      return ops.replicasets.update({ ...RS_KIND, ...rs });
    }
    let needsUpdate = setDeploymentRevision(d, rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '');
    // A Deployment that never had a Progressing condition starts its clock at the first sight of its new ReplicaSet.
    const status = (d.status ??= {});
    if (hasProgressDeadline(d) && !getCondition(status, 'Progressing')) {
      setCondition(status, newCondition('Progressing', 'True', FOUND_NEW_RS, `Found new replica set "${rs.metadata.name}"`, ops.now()));
      needsUpdate = true;
    }
    if (needsUpdate) await updateDeploymentStatus(ops, d);
    return rs;
  }
  if (!create) return undefined;

  const template = structuredClone(d.spec!.template!);
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash } };
  const selector = structuredClone(d.spec!.selector);
  selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH]: hash };
  const rs: ReplicaSet = {
    ...RS_KIND,
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      ownerReferences: [controllerRef(d, DEPLOYMENT_KIND.apiVersion, DEPLOYMENT_KIND.kind)],
      labels: { ...template.metadata.labels },
    },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
  };
  const replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  rs.spec!.replicas = replicas;
  setNewReplicaSetAnnotations(d, rs, newRevision, false);

  let created: ReplicaSet;
  let alreadyExists = false;
  try {
    created = await ops.replicasets.create(rs);
  } catch (err) {
    if (isAlreadyExists(err)) {
      // A slow cache, or a hash collision: ours if we own it and the template matches, else bump collisionCount.
      const found = ops.rsCache.getByName(rs.metadata.namespace ?? '', rs.metadata.name!);
      if (!found) throw err;
      if (controllerOf(found)?.uid === d.metadata.uid && equalIgnoreHash(d.spec?.template, found.spec?.template)) {
        created = found;
        alreadyExists = true;
      } else {
        const status = (d.status ??= {});
        status.collisionCount = (status.collisionCount ?? 0) + 1;
        await updateDeploymentStatus(ops, d).catch(() => undefined);
        throw err;
      }
    } else if (err instanceof StatusError && err.status.details?.causes?.some((c) => c.reason === 'NamespaceTerminating')) {
      throw err;
    } else {
      const msg = `Failed to create new replica set "${rs.metadata.name}": ${err instanceof Error ? err.message : String(err)}`;
      if (hasProgressDeadline(d)) {
        setCondition((d.status ??= {}), newCondition('Progressing', 'False', FAILED_RS_CREATE, msg, ops.now()));
        await updateDeploymentStatus(ops, d).catch(() => undefined);
      }
      ops.events.emit(withKind(d), 'Warning', FAILED_RS_CREATE, msg);
      throw err;
    }
  }
  if (!alreadyExists && replicas > 0) ops.events.emit(withKind(d), 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} to ${replicas}`);
  let needsUpdate = setDeploymentRevision(d, String(newRevision));
  if (!alreadyExists && hasProgressDeadline(d)) {
    setCondition((d.status ??= {}), newCondition('Progressing', 'True', NEW_RS_CREATED, `Created new replica set "${created.metadata.name}"`, ops.now()));
    needsUpdate = true;
  }
  if (needsUpdate) await updateDeploymentStatus(ops, d);
  return created;
}

export const withKind = (d: Deployment): Deployment => ({ ...DEPLOYMENT_KIND, ...d });

/** scaleReplicaSetAndRecordEvent: scale when the size differs; true when it did. */
export async function scaleAndRecord(ops: Ops, rs: ReplicaSet, newScale: number, d: Deployment): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  if (replicasOf(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(ops, rs, newScale, d, replicasOf(rs) < newScale ? 'up' : 'down');
}

/** scaleReplicaSet: write the size and the replica annotations; an event when the size changed. */
export async function scaleReplicaSet(ops: Ops, rs: ReplicaSet, newScale: number, d: Deployment, operation: string): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  const sizeChanged = replicasOf(rs) !== newScale;
  const desired = specReplicas(d);
  const max = desired + maxSurge(d);
  if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const copy = structuredClone(rs);
  copy.spec = { ...copy.spec!, replicas: newScale };
  setReplicasAnnotations(copy, desired, max);
  const updated = await ops.replicasets.update({ ...RS_KIND, ...copy });
  // The size before is part of the message since kubernetes#101142 (the creation event above has none).
  if (sizeChanged) ops.events.emit(withKind(d), 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata.name} to ${newScale} from ${replicasOf(rs)}`);
  return { scaled: sizeChanged, rs: updated };
}

/** FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active; undefined with several active. */
function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && !oldRSs.length) return undefined;
  const sorted = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive([...sorted, newRS]);
  if (active.length === 0) return newRS ?? sorted[0];
  return active.length === 1 ? active[0] : undefined;
}

/**
 * scale: on a scaling event (or while paused) bring the ReplicaSets to the Deployment's size. With
 * several active ReplicaSets in a rolling update, the change is shared out in proportion to their
 * sizes (bigger first; leftovers to the biggest), so a scale-up mid-rollout does not hasten it.
 */
export async function scale(ops: Ops, d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
  const only = findActiveOrLatest(newRS, oldRSs);
  if (only) {
    if (replicasOf(only) !== specReplicas(d)) await scaleAndRecord(ops, only, specReplicas(d), d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) await scaleAndRecord(ops, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = filterActive([...oldRSs, newRS]);
  const allowed = specReplicas(d) > 0 ? specReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowed - sumSpecReplicas(all);
  let operation = '';
  if (toAdd > 0) {
    all.sort(bySizeNewer);
    operation = 'up';
  } else if (toAdd < 0) {
    all.sort(bySizeOlder);
    operation = 'down';
  }
  let added = 0;
  const sizes = new Map<string, number>();
  for (const rs of all) {
    if (toAdd === 0) {
      sizes.set(rs.metadata.name!, replicasOf(rs));
      continue;
    }
    const p = proportion(rs, d, toAdd, added);
    sizes.set(rs.metadata.name!, replicasOf(rs) + p);
    added += p;
  }
  for (const [i, rs] of all.entries()) {
    let size = sizes.get(rs.metadata.name!)!;
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    await scaleReplicaSet(ops, rs, size, d, operation);
  }
}

/** isScalingEvent: an active ReplicaSet's desired-replicas annotation differs from the Deployment's replicas. */
export async function isScalingEvent(ops: Ops, d: Deployment, rsList: ReplicaSet[]): Promise<boolean> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ops, d, rsList, false);
  for (const rs of filterActive([...oldRSs, newRS])) {
    const desired = desiredReplicasAnnotation(rs);
    if (desired !== undefined && desired !== specReplicas(d)) return true;
  }
  return false;
}

/** sync: scaling events and paused Deployments: scale, clean up when paused, write status. */
export async function syncScaling(ops: Ops, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ops, d, rsList, false);
  await scale(ops, d, newRS, oldRSs);
  if (d.spec?.paused) await cleanupDeployment(ops, oldRSs, d);
  await syncDeploymentStatus(ops, [...oldRSs, newRS], newRS, d);
}

export async function syncStatusOnly(ops: Ops, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ops, d, rsList, false);
  await syncDeploymentStatus(ops, [...oldRSs, newRS], newRS, d);
}

/** checkPausedConditions: Progressing Unknown with DeploymentPaused / DeploymentResumed, so a pause never counts against the deadline. */
export async function checkPausedConditions(ops: Ops, d: Deployment): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const status = (d.status ??= {});
  const cond = getCondition(status, 'Progressing');
  if (cond?.reason === TIMED_OUT) return;
  const pausedCond = cond?.reason === PAUSED;
  if (d.spec?.paused && !pausedCond) setCondition(status, newCondition('Progressing', 'Unknown', PAUSED, 'Deployment is paused', ops.now()));
  else if (!d.spec?.paused && pausedCond) setCondition(status, newCondition('Progressing', 'Unknown', RESUMED, 'Deployment is resumed', ops.now()));
  else return;
  await updateDeploymentStatus(ops, d);
}

/** cleanupDeployment: delete the oldest scaled-down ReplicaSets beyond revisionHistoryLimit. */
export async function cleanupDeployment(ops: Ops, oldRSs: ReplicaSet[], d: Deployment): Promise<void> {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp).sort(byRevision);
  const diff = cleanable.length - d.spec!.revisionHistoryLimit!;
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i]!;
    // Only ReplicaSets that are fully down and whose latest spec the ReplicaSet controller has seen.
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    await ops.replicasets.delete(rs.metadata.name!, { namespace: rs.metadata.namespace }).catch((err: unknown) => {
      if (!(err instanceof StatusError && err.code === 404)) throw err;
    });
  }
}

/** calculateStatus: counts from the ReplicaSets, and the Available condition. */
export function calculateStatus(all: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: Date): DeploymentStatus {
  const available = sumStatus(all, 'availableReplicas');
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: sumStatus(all, 'replicas'),
    updatedReplicas: sumStatus([newRS], 'replicas'),
    readyReplicas: sumStatus(all, 'readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sumSpecReplicas(all) - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = structuredClone(d.status.conditions);
  if (available >= specReplicas(d) - maxUnavailable(d)) setCondition(status, newCondition('Available', 'True', MIN_AVAILABLE, 'Deployment has minimum availability.', now));
  else setCondition(status, newCondition('Available', 'False', MIN_UNAVAILABLE, 'Deployment does not have minimum availability.', now));
  return status;
}

/** Write the calculated status when it differs from the current one. */
export async function syncDeploymentStatus(ops: Ops, all: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment): Promise<void> {
  const status = calculateStatus(all, newRS, d, ops.now());
  await writeStatusIfChanged(ops, d, status);
}

export async function writeStatusIfChanged(ops: Ops, d: Deployment, status: DeploymentStatus): Promise<boolean> {
  if (sameStatus(d.status, status)) return false;
  d.status = status;
  await updateDeploymentStatus(ops, d);
  return true;
}

const STATUS_FIELDS = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount'] as const;
function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  for (const f of STATUS_FIELDS) if ((a?.[f] ?? 0) !== (b[f] ?? 0)) return false;
  return canonical(a?.conditions ?? []) === canonical(b.conditions ?? []);
}
