// What each node needs (podsShouldBeOnNode / manage, v1.25): a pod where one should run and none
// is; none where none may stay; failed pods replaced (with a back-off per node, reported as events);
// one pod per node without surge (the oldest kept), and with surge at most an old and a new one, the
// old going once the new is available or itself no longer ready. Unscheduled pods aimed at nodes that
// no longer exist are deleted, since nothing else would (PodGC only sees bound pods).
import { isPodAvailable, isPodReady } from '../common/pods.js';
import type { PodObj } from './podcontrol.js';
import { nodeShouldRunDaemonPod, type DS, type NodeObj } from './predicates.js';
import { isUpdated, surgeAndUnavailable } from './rolling.js';

/** podByCreationTimestampAndPhase: bound pods first, then oldest, then by name. */
export function byAge(a: PodObj, b: PodObj): number {
  const boundA = !!a.spec?.nodeName;
  const boundB = !!b.spec?.nodeName;
  if (boundA !== boundB) return boundA ? -1 : 1;
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

/** AllowsSurge: a surge of at least one pod (an invalid value allows none). */
function allowsSurge(ds: DS): boolean {
  try {
    return surgeAndUnavailable(ds, 1).maxSurge > 0;
  } catch {
    return false;
  }
}

export interface FailedPodPolicy {
  /** Whether a failed pod on this node may be deleted now; otherwise the set is looked at again after the back-off. */
  mayReplace(node: string): boolean;
  reportFailed(pod: PodObj, node: string): void;
}

export function planNodes(ds: DS, nodes: NodeObj[], nodeToPods: Map<string, PodObj[]>, hash: string, now: Date, failed: FailedPodPolicy): { toCreate: string[]; toDelete: string[] } {
  const toCreate: string[] = [];
  const toDelete: string[] = [];
  const surge = allowsSurge(ds);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  for (const node of nodes) {
    const name = node.metadata.name!;
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
    const pods = nodeToPods.get(name);
    if (shouldRun && !pods) {
      toCreate.push(name);
      continue;
    }
    if (!shouldContinueRunning) {
      for (const pod of pods ?? []) if (!pod.metadata.deletionTimestamp) toDelete.push(pod.metadata.name!);
      continue;
    }
    const running: PodObj[] = [];
    for (const pod of pods ?? []) {
      if (pod.metadata.deletionTimestamp) continue;
      if (pod.status?.phase !== 'Failed') {
        running.push(pod);
        continue;
      }
      // The kubelet may keep rejecting the pod; back off rather than fight it in a hot loop.
      if (!failed.mayReplace(name)) continue;
      failed.reportFailed(pod, name);
      toDelete.push(pod.metadata.name!);
    }
    running.sort(byAge);
    if (!surge) {
      for (const pod of running.slice(1)) toDelete.push(pod.metadata.name!);
      continue;
    }
    if (running.length <= 1) {
      if (!running.length && shouldRun) toCreate.push(name);
      continue;
    }
    // Surging: keep the oldest new and the oldest old pod, the old one only while it is still
    // needed (ready, and the new one not yet available).
    let oldestNew: PodObj | undefined;
    let oldestOld: PodObj | undefined;
    for (const pod of running) {
      if (isUpdated(pod, hash) && !oldestNew) oldestNew = pod;
      else if (!isUpdated(pod, hash) && !oldestOld) oldestOld = pod;
      else toDelete.push(pod.metadata.name!);
    }
    if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReady, now))) toDelete.push(oldestOld.metadata.name!);
  }
  // getUnscheduledPodsWithoutNode
  const existing = new Set(nodes.map((n) => n.metadata.name!));
  for (const [name, pods] of nodeToPods) {
    if (existing.has(name)) continue;
    for (const pod of pods) if (!pod.spec?.nodeName) toDelete.push(pod.metadata.name!);
  }
  return { toCreate, toDelete };
}
