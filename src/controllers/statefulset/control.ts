// One pass of the StatefulSet update algorithm (stateful_set_control.go updateStatefulSet, v1.25):
// pods within [0, replicas) are created in ordinal order, ones beyond are condemned and removed from
// the highest ordinal down, and pods not at the update revision are replaced from the highest ordinal
// down to the partition. With OrderedReady ("monotonic") each step waits for its predecessors to be
// Running and Ready (and available for minReadySeconds); Parallel creates and deletes without waiting.
// Scaling comes before updating; nothing happens to a set being deleted beyond the status.
import type { ControllerRevision, StatefulSetStatus } from 'kubernetes-types/apps/v1.js';
import type { EventRecorder } from '../../client/events.js';
import { isPodAvailable, isPodReady } from '../common/pods.js';
import { templateOf } from '../common/revisions.js';
import { identityMatches, isCreated, isFailed, isTerminating, newStatefulSetPod, ordinalOf, podRevision, storageMatches, type PodObj, type Set } from './identity.js';
import type { StatefulPodControl } from './podcontrol.js';

export type Status = StatefulSetStatus & { replicas: number };

const isRunningAndReady = (pod: PodObj) => pod.status?.phase === 'Running' && isPodReady(pod);

export interface UpdateInput {
  set: Set;
  current: ControllerRevision;
  update: ControllerRevision;
  collisionCount: number;
  pods: PodObj[];
  now: Date;
}

export class StatefulSetControl {
  constructor(
    private readonly podControl: StatefulPodControl,
    private readonly recorder: EventRecorder,
  ) {}

  /**
   * Acts on the pods and returns the status to record. When an action fails, `status` is what was
   * known so far and `error` is set (the status is still written, as upstream does).
   */
  async update(inp: UpdateInput): Promise<{ status: Status; error?: unknown }> {
    const { set, current, update, now } = inp;
    const minReady = set.spec?.minReadySeconds ?? 0;
    const available = (pod: PodObj) => isRunningAndReady(pod) && isPodAvailable(pod, minReady, now);
    const healthy = (pod: PodObj) => isRunningAndReady(pod) && !isTerminating(pod);
    const currentName = current.metadata!.name!;
    const updateName = update.metadata!.name!;
    const status: Status = {
      observedGeneration: set.metadata.generation,
      currentRevision: currentName,
      updateRevision: updateName,
      collisionCount: inp.collisionCount,
      replicas: 0,
      readyReplicas: 0,
      availableReplicas: 0,
      currentReplicas: 0,
      updatedReplicas: 0,
    };
    const count = (pod: PodObj, by: 1 | -1) => {
      if (podRevision(pod) === currentName) status.currentReplicas! += by;
      if (podRevision(pod) === updateName) status.updatedReplicas! += by;
    };

    const replicaCount = set.spec?.replicas ?? 1;
    const replicas: (PodObj | undefined)[] = new Array(replicaCount).fill(undefined);
    const condemned: PodObj[] = [];
    for (const pod of inp.pods) {
      status.replicas++;
      if (isRunningAndReady(pod)) {
        status.readyReplicas!++;
        if (available(pod)) status.availableReplicas!++;
      }
      if (isCreated(pod) && !isTerminating(pod)) count(pod, 1);
      const ord = ordinalOf(pod);
      if (ord >= 0 && ord < replicaCount) replicas[ord] = pod;
      else if (ord >= replicaCount) condemned.push(pod);
    }

    // newVersionedStatefulSetPod: below the partition (or, without one, below currentReplicas) a
    // missing pod comes back at the current revision, otherwise at the update revision.
    const ru = set.spec?.updateStrategy?.rollingUpdate;
    const rolling = set.spec?.updateStrategy?.type === 'RollingUpdate';
    const currentTemplate = templateOf(current);
    const updateTemplate = templateOf(update);
    const versioned = (ord: number): PodObj => {
      const atCurrent = rolling && (ru ? ord < (ru.partition ?? 0) : ord < (set.status?.currentReplicas ?? 0));
      return atCurrent ? newStatefulSetPod(set, currentTemplate, ord, currentName) : newStatefulSetPod(set, updateTemplate, ord, updateName);
    };
    for (let ord = 0; ord < replicaCount; ord++) replicas[ord] ??= versioned(ord);
    const pods = replicas as PodObj[];
    condemned.sort((a, b) => ordinalOf(a) - ordinalOf(b));
    // Scale-down may remove the first unhealthy pod even in order: it is the one holding things up.
    const firstUnhealthy = [...pods, ...condemned].find((p) => !healthy(p));

    if (set.metadata.deletionTimestamp) return { status };
    const monotonic = set.spec?.podManagementPolicy !== 'Parallel';

    try {
      for (let i = 0; i < pods.length; i++) {
        if (isFailed(pods[i]!)) {
          void this.recorder.event(set, 'Warning', 'RecreatingFailedPod', `StatefulSet ${set.metadata.namespace}/${set.metadata.name} is recreating failed Pod ${pods[i]!.metadata.name}`);
          await this.podControl.delete(set, pods[i]!);
          count(pods[i]!, -1);
          status.replicas--;
          pods[i] = versioned(i);
        }
        const pod = pods[i]!;
        if (!isCreated(pod)) {
          await this.podControl.create(set, pod);
          status.replicas++;
          count(pod, 1);
          if (monotonic) return { status };
          continue;
        }
        // A terminating pod must be gone, and a created one Running and Ready (and available),
        // before its successor is touched.
        if (isTerminating(pod) && monotonic) return { status };
        if (!isRunningAndReady(pod) && monotonic) return { status };
        if (!available(pod) && monotonic) return { status };
        if (identityMatches(set, pod) && storageMatches(set, pod)) continue;
        await this.podControl.update(set, pod);
      }

      for (let t = condemned.length - 1; t >= 0; t--) {
        const pod = condemned[t]!;
        if (isTerminating(pod)) {
          if (monotonic) return { status };
          continue;
        }
        if (monotonic && pod !== firstUnhealthy && (!isRunningAndReady(pod) || !available(pod))) return { status };
        await this.podControl.delete(set, pod);
        count(pod, -1);
        if (monotonic) return { status };
      }

      if (set.spec?.updateStrategy?.type === 'OnDelete') return { status };

      // RollingUpdate: replace the highest-ordinal pod not at the update revision, down to the
      // partition, one at a time, each only once the ones above it are healthy again.
      const partition = ru?.partition ?? 0;
      for (let t = pods.length - 1; t >= partition; t--) {
        const pod = pods[t]!;
        if (podRevision(pod) !== updateName && !isTerminating(pod)) {
          await this.podControl.delete(set, pod);
          status.currentReplicas!--;
          return { status };
        }
        if (!healthy(pod)) return { status };
      }
      return { status };
    } catch (error) {
      return { status, error };
    }
  }
}
