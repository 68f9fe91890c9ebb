// The DaemonSet RollingUpdate (pkg/controller/daemon/update.go rollingUpdate, v1.25), as a plan of
// pods to delete and nodes to create on. Without surge, old pods are deleted (and recreated by the
// manage loop) while no more than maxUnavailable desired nodes lack an available pod; an old pod that
// is not available anyway is always replaced. With maxSurge, a new pod is started next to an old one
// on up to maxSurge nodes at a time, and the old one goes once the new one is available.
import { isPodAvailable } from '../common/pods.js';
import { POD_REVISION_LABEL } from '../common/revisions.js';
import type { PodObj } from './podcontrol.js';
import { nodeShouldRunDaemonPod, type DS, type NodeObj } from './predicates.js';

/** GetScaledValueFromIntOrPercent with rounding up: "25%" of 10 is 3. */
export function scaledValue(v: number | string | undefined, total: number): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) throw new Error('invalid value for IntOrString: invalid type: string is not a percentage');
  return Math.ceil((Number(m[1]) * total) / 100);
}

/** SurgeCount / UnavailableCount for a RollingUpdate set. */
export function surgeAndUnavailable(ds: DS, desired: number): { maxSurge: number; maxUnavailable: number } {
  const ru = ds.spec?.updateStrategy?.type === 'RollingUpdate' ? ds.spec.updateStrategy.rollingUpdate : undefined;
  const maxSurge = scaledValue(ru?.maxSurge, desired);
  let maxUnavailable = scaledValue(ru?.maxUnavailable, desired);
  // An impossible configuration (both zero) falls back to one unavailable pod, as upstream does.
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

export const isUpdated = (pod: PodObj, hash: string) => !!hash && pod.metadata.labels?.[POD_REVISION_LABEL] === hash;

/** findUpdatedPodsOnNode: at most one new and one old live pod, or not ok when there are more. */
function updatedPodsOnNode(pods: PodObj[], hash: string): { ok: boolean; newPod?: PodObj; oldPod?: PodObj } {
  let newPod: PodObj | undefined;
  let oldPod: PodObj | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (isUpdated(pod, hash)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { ok: true, newPod, oldPod };
}

export interface RollingPlan {
  toDelete: string[];
  toCreate: string[];
}

export function planRollingUpdate(ds: DS, nodes: NodeObj[], nodeToPods: Map<string, PodObj[]>, hash: string, now: Date): RollingPlan {
  const byNode = new Map(nodeToPods);
  let desired = 0;
  for (const node of nodes) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    desired++;
    if (!byNode.has(node.metadata.name!)) byNode.set(node.metadata.name!, []);
  }
  const { maxSurge, maxUnavailable } = surgeAndUnavailable(ds, desired);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (pod: PodObj) => isPodAvailable(pod, minReady, now);
  const entries = [...byNode].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  if (maxSurge === 0) {
    let unavailable = 0;
    const replacements: string[] = [];
    const candidates: string[] = [];
    for (const [, pods] of entries) {
      const { ok, newPod, oldPod } = updatedPodsOnNode(pods, hash);
      // Excess pods (or none, or both) are the manage loop's to sort out; the node counts as unavailable.
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) unavailable++;
      else if (newPod) {
        if (!available(newPod)) unavailable++;
      } else if (!available(oldPod!)) replacements.push(oldPod!.metadata.name!);
      else if (unavailable < maxUnavailable) candidates.push(oldPod!.metadata.name!);
    }
    const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    return { toDelete: [...replacements, ...candidates.slice(0, room)], toCreate: [] };
  }

  let surging = 0;
  const toDelete: string[] = [];
  const allowedNodes: string[] = [];
  const candidateNodes: string[] = [];
  for (const [nodeName, pods] of entries) {
    const { ok, newPod, oldPod } = updatedPodsOnNode(pods, hash);
    if (!ok) {
      surging++;
      continue;
    }
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) allowedNodes.push(nodeName);
      else if (surging < maxSurge) candidateNodes.push(nodeName);
      continue;
    }
    if (!available(newPod)) surging++;
    else toDelete.push(oldPod.metadata.name!);
  }
  const room = Math.min(Math.max(0, maxSurge - surging), candidateNodes.length);
  return { toDelete, toCreate: [...allowedNodes, ...candidateNodes.slice(0, room)] };
}
