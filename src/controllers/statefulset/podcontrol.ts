// The StatefulSet controller's writes to pods and claims (stateful_pod_control.go), each recorded as
// an event on the set with upstream's reasons and texts: claims are created before their pod, and an
// update puts a pod's identity and storage back as the set wants them.
import type { EventRecorder } from '../../client/events.js';
import { isAlreadyExists, isConflict, isNotFound, type ResourceClient } from '../../client/rest.js';
import { claimsFor, identityMatches, ordinalOf, storageMatches, updateIdentity, updateStorage, type Claim, type PodObj, type Set } from './identity.js';

const title = (verb: string) => verb[0]!.toUpperCase() + verb.slice(1);
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class StatefulPodControl {
  constructor(
    private readonly pods: ResourceClient<PodObj>,
    private readonly claims: ResourceClient<Claim>,
    private readonly recorder: EventRecorder,
  ) {}

  /** CreateStatefulPod: the claims first (a pod must not start without its storage), then the pod. */
  async create(set: Set, pod: PodObj): Promise<void> {
    try {
      await this.createClaims(set, pod);
    } catch (err) {
      this.recordPod('create', set, pod, err);
      throw err;
    }
    try {
      await this.pods.create(pod, { namespace: set.metadata.namespace });
    } catch (err) {
      // Already there: the cache was behind; nothing to record.
      if (isAlreadyExists(err)) throw err;
      this.recordPod('create', set, pod, err);
      throw err;
    }
    this.recordPod('create', set, pod);
  }

  /** UpdateStatefulPod: restore identity and storage, retrying on conflict with the latest pod. */
  async update(set: Set, pod: PodObj): Promise<void> {
    let cur = structuredClone(pod);
    for (let attempt = 0; ; attempt++) {
      if (!identityMatches(set, cur)) updateIdentity(set, cur);
      if (!storageMatches(set, cur)) {
        updateStorage(set, cur);
        await this.createClaims(set, cur);
      }
      try {
        await this.pods.update(cur);
        this.recordPod('update', set, cur);
        return;
      } catch (err) {
        if (!isConflict(err) || attempt >= 4) {
          this.recordPod('update', set, cur, err);
          throw err;
        }
        cur = await this.pods.get(cur.metadata.name!, cur.metadata.namespace ?? '');
      }
    }
  }

  /** DeleteStatefulPod (with the pod's uid as a precondition, so a recreated pod is left alone). */
  async delete(set: Set, pod: PodObj): Promise<void> {
    try {
      await this.pods.delete(pod.metadata.name!, { namespace: set.metadata.namespace, preconditions: { uid: pod.metadata.uid } });
    } catch (err) {
      if (isNotFound(err)) return;
      this.recordPod('delete', set, pod, err);
      throw err;
    }
    this.recordPod('delete', set, pod);
  }

  /** createPersistentVolumeClaims: each missing claim is created; one being deleted is an error until it is gone. */
  private async createClaims(set: Set, pod: PodObj): Promise<void> {
    const errs: string[] = [];
    for (const claim of claimsFor(set, ordinalOf(pod)).values()) {
      let existing: Claim | undefined;
      try {
        existing = await this.claims.get(claim.metadata.name!, claim.metadata.namespace ?? '');
      } catch (err) {
        if (!isNotFound(err)) {
          errs.push(`failed to retrieve PVC ${claim.metadata.name}: ${message(err)}`);
          this.recordClaim('create', set, pod, claim, err);
          continue;
        }
      }
      if (existing) {
        if (existing.metadata.deletionTimestamp) errs.push(`pvc ${claim.metadata.name} is being deleted`);
        continue;
      }
      try {
        await this.claims.create(claim, { namespace: claim.metadata.namespace });
        this.recordClaim('create', set, pod, claim);
      } catch (err) {
        errs.push(`failed to create PVC ${claim.metadata.name}: ${message(err)}`);
        if (!isAlreadyExists(err)) this.recordClaim('create', set, pod, claim, err);
      }
    }
    if (errs.length) throw new Error(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
  }

  private recordPod(verb: string, set: Set, pod: PodObj, err?: unknown): void {
    if (err === undefined) void this.recorder.event(set, 'Normal', `Successful${title(verb)}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    else void this.recorder.event(set, 'Warning', `Failed${title(verb)}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${message(err)}`);
  }

  private recordClaim(verb: string, set: Set, pod: PodObj, claim: Claim, err?: unknown): void {
    if (err === undefined)
      void this.recorder.event(set, 'Normal', `Successful${title(verb)}`, `${verb} Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`);
    else
      void this.recorder.event(
        set,
        'Warning',
        `Failed${title(verb)}`,
        `${verb} Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${message(err)}`,
      );
  }
}
