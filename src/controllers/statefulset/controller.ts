// The StatefulSet controller (pkg/controller/statefulset, v1.25): informers over sets, pods and
// ControllerRevisions feed a queue of set keys; sync claims the set's pods (members by name, adopted
// or released by selector), settles the current and update revisions, runs one pass of the update
// algorithm (control.ts), writes the status, and trims the revision history.
//
// persistentVolumeClaimRetentionPolicy (StatefulSetAutoDeletePVC) and rollingUpdate.maxUnavailable
// (MaxUnavailableStatefulSet) are alpha and off in v1.25: claims are always retained and updates go
// one pod at a time.
import type { StatefulSetStatus } from 'kubernetes-types/apps/v1.js';
import { realClock, type Clock } from '../../client/clock.js';
import { runWorkers, type SyncResult } from '../../client/controller.js';
import { EventRecorder } from '../../client/events.js';
import { Informer, objectKey, splitKey } from '../../client/informer.js';
import { informersOf } from '../../client/informerfactory.js';
import type { ControllerOptions } from '../common/options.js';
import { isConflict, isNotFound, type ResourceClient } from '../../client/rest.js';
import { WorkQueue } from '../../client/workqueue.js';
import { silentLogger, type Logger } from '../../machinery/log.js';
import { labelSelectorFromObject, matchesLabels } from '../../machinery/selectors.js';
import { byNamespace, claim, controllerOf } from '../common/pods.js';
import {
  CONTROLLER_REVISION_HASH_LABEL,
  CONTROLLER_REVISIONS,
  equalRevision,
  hashRevisionData,
  nextRevision,
  RevisionHistory,
  sortRevisions,
  templatePatch,
  type Revision,
  type RevisionOwner,
} from '../common/revisions.js';
import { StatefulSetControl, type Status } from './control.js';
import { isMemberOf, podRevision, type Claim, type PodObj, type Set } from './identity.js';
import { StatefulPodControl } from './podcontrol.js';

export type StatefulSetControllerOptions = ControllerOptions;


export class StatefulSetController {
  private readonly queue: WorkQueue<string>;
  private readonly sets: ResourceClient<Set>;
  private readonly setInformer: Informer<Set>;
  private readonly podInformer: Informer<PodObj>;
  private readonly revisionInformer: Informer<Revision>;
  private readonly pods: ResourceClient<PodObj>;
  private readonly history: RevisionHistory;
  private readonly control: StatefulSetControl;
  private readonly clock: Clock;
  private readonly log: Logger;
  private workers?: Promise<void>;

  constructor(private readonly opts: StatefulSetControllerOptions) {
    const informers = informersOf(opts);
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? silentLogger;
    const { rest } = opts;
    this.queue = new WorkQueue<string>('statefulset', this.clock);
    this.sets = rest.resource<Set>({ group: 'apps', version: 'v1', resource: 'statefulsets' });
    this.pods = rest.resource<PodObj>({ group: '', version: 'v1', resource: 'pods' });
    const revisions = rest.resource<Revision>(CONTROLLER_REVISIONS);
    this.history = new RevisionHistory(revisions);
    const recorder = new EventRecorder(rest, { component: 'statefulset-controller' }, this.clock);
    const claims = rest.resource<Claim>({ group: '', version: 'v1', resource: 'persistentvolumeclaims' });
    this.control = new StatefulSetControl(new StatefulPodControl(this.pods, claims, recorder), recorder);
    this.setInformer = informers.forClient(this.sets, { indexers: byNamespace });
    this.podInformer = informers.forClient(this.pods, { indexers: byNamespace });
    this.revisionInformer = informers.forClient(revisions, { indexers: byNamespace });

    const enqueue = (set: Set) => this.queue.add(objectKey(set));
    this.setInformer.on({ add: enqueue, update: (_, s) => enqueue(s), delete: enqueue });
    this.podInformer.on({
      add: (pod) => this.podAdded(pod),
      update: (old, cur) => this.podUpdated(old, cur),
      delete: (pod) => this.podDeleted(pod),
    });
  }

  async start(): Promise<void> {
    for (const i of [this.setInformer, this.podInformer, this.revisionInformer]) i.start();
    await Promise.all([this.setInformer, this.podInformer, this.revisionInformer].map((i) => i.waitForSync()));
    this.workers = runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.opts.workers ?? 5, log: this.log });
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await Promise.all([this.setInformer, this.podInformer, this.revisionInformer].map((i) => i.stop()));
    await this.workers;
  }

  /** The set a controller reference names, if it is the one in the cache (same uid). */
  private resolve(pod: PodObj): Set | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'StatefulSet') return undefined;
    const set = this.setInformer.cache.getByName(pod.metadata.namespace ?? '', ref.name);
    return set?.metadata.uid === ref.uid ? set : undefined;
  }

  /** getStatefulSetsForPod: the sets whose selector matches an orphan (they may adopt it). */
  private setsSelecting(pod: PodObj): Set[] {
    return this.setInformer.cache.byIndex('namespace', pod.metadata.namespace ?? '').filter((s) => {
      try {
        return matchesLabels(labelSelectorFromObject(s.spec?.selector ?? {}), pod.metadata.labels as Record<string, string> | undefined);
      } catch {
        return false;
      }
    });
  }

  private enqueueFor(pod: PodObj): void {
    if (controllerOf(pod)) {
      const set = this.resolve(pod);
      if (set) this.queue.add(objectKey(set));
      return;
    }
    for (const s of this.setsSelecting(pod)) this.queue.add(objectKey(s));
  }

  private podAdded(pod: PodObj): void {
    this.enqueueFor(pod);
  }

  private podUpdated(old: PodObj, cur: PodObj): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const oldRef = controllerOf(old);
    const curRef = controllerOf(cur);
    if (oldRef && oldRef.uid !== curRef?.uid) {
      const prev = this.resolve(old);
      if (prev) this.queue.add(objectKey(prev));
    }
    if (curRef) return this.enqueueFor(cur);
    // An orphan is of interest only when something that decides adoption changed.
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    if (labelsChanged || oldRef) this.enqueueFor(cur);
  }

  private podDeleted(pod: PodObj): void {
    const set = this.resolve(pod);
    if (set) this.queue.add(objectKey(set));
  }

  private async sync(key: string): Promise<SyncResult> {
    const cached = this.setInformer.cache.get(key);
    if (!cached) return;
    const set = structuredClone(cached);
    const { namespace } = splitKey(key);
    const selector = set.spec?.selector ?? {};
    try {
      labelSelectorFromObject(selector);
    } catch (err) {
      // Not transient: wait for the set to change.
      this.log.warn('statefulset: invalid selector', { key, err: String(err) });
      return;
    }
    const owner: RevisionOwner = { owner: set, apiVersion: 'apps/v1', kind: 'StatefulSet' };
    const nsRevisions = () => this.revisionInformer.cache.byIndex('namespace', namespace);

    // adoptOrphanRevisions, re-checking the set is still there before taking anything.
    const orphans = this.history.list(nsRevisions(), set, selector).filter((r) => !controllerOf(r));
    if (orphans.length && (await this.canAdopt(set))) for (const r of orphans) await this.history.adopt(owner, r);

    const candidates = this.podInformer.cache.byIndex('namespace', namespace).filter((p) => isMemberOf(set, p));
    const pods = await claim({ owner: set, ownerApiVersion: 'apps/v1', ownerKind: 'StatefulSet', selector, candidates, client: this.pods });

    const revisions = sortRevisions(this.history.list(nsRevisions(), set, selector));
    const { current, update, collisionCount } = await this.revisionsFor(set, owner, revisions);
    const { status, error } = await this.control.update({ set, current, update, collisionCount, pods, now: this.clock.now() });
    // The status is written even after a failed action: it says what did happen.
    let failure = error;
    try {
      await this.writeStatus(set, status);
    } catch (err) {
      failure ??= err;
    }
    const live = new Set([current.metadata.name!, update.metadata.name!, ...pods.map(podRevision)]);
    await this.history.truncate(revisions, live, set.spec?.revisionHistoryLimit ?? 10);
    if (failure) throw failure;
    const minReady = set.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && status.availableReplicas !== (set.spec?.replicas ?? 1)) return { requeueAfterMs: minReady * 1000 };
  }

  private async canAdopt(set: Set): Promise<boolean> {
    try {
      const fresh = await this.sets.get(set.metadata.name!, set.metadata.namespace ?? '');
      return fresh.metadata.uid === set.metadata.uid && !fresh.metadata.deletionTimestamp;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /**
   * getStatefulSetRevisions: the update revision is the set's template — the latest revision if it
   * is equal, an earlier equal one renumbered (a rollback), or a new one; the current revision is the
   * one status names, or the update revision when there is none yet.
   */
  private async revisionsFor(set: Set, owner: RevisionOwner, revisions: Revision[]) {
    const collision = { count: set.status?.collisionCount ?? 0 };
    const data = templatePatch(set.spec?.template);
    const candidate: Revision = {
      metadata: {
        labels: { ...(set.spec?.template?.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hashRevisionData(data, collision.count) },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name!, uid: set.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      data,
      revision: nextRevision(revisions),
    };
    const equal = revisions.filter((r) => equalRevision(r, candidate));
    const last = revisions[revisions.length - 1];
    let update: Revision;
    if (equal.length && last && equalRevision(last, equal[equal.length - 1]!)) update = last;
    else if (equal.length) update = await this.history.renumber(equal[equal.length - 1]!, candidate.revision);
    else update = await this.history.create(owner, candidate, collision, CONTROLLER_REVISION_HASH_LABEL);
    const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
    return { current, update, collisionCount: collision.count };
  }

  /** updateStatefulSetStatus: finish a completed rolling update, then write only if something changed. */
  private async writeStatus(set: Set, status: Status): Promise<void> {
    if (set.spec?.updateStrategy?.type === 'RollingUpdate' && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
      status.currentReplicas = status.updatedReplicas;
      status.currentRevision = status.updateRevision;
    }
    if (!inconsistent(set.status, status)) return;
    let cur = set;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.sets.update({ ...cur, status }, { subresource: 'status' });
        return;
      } catch (err) {
        if (!isConflict(err) || attempt >= 4) throw err;
        cur = await this.sets.get(set.metadata.name!, set.metadata.namespace ?? '');
      }
    }
  }
}

/** inconsistentStatus: the fields whose change is worth a write (collisionCount rides along). */
function inconsistent(old: StatefulSetStatus | undefined, s: Status): boolean {
  const o = old ?? ({} as StatefulSetStatus);
  return (
    (s.observedGeneration ?? 0) > (o.observedGeneration ?? 0) ||
    s.replicas !== (o.replicas ?? 0) ||
    (s.currentReplicas ?? 0) !== (o.currentReplicas ?? 0) ||
    (s.readyReplicas ?? 0) !== (o.readyReplicas ?? 0) ||
    (s.updatedReplicas ?? 0) !== (o.updatedReplicas ?? 0) ||
    (s.currentRevision ?? '') !== (o.currentRevision ?? '') ||
    (s.availableReplicas ?? 0) !== (o.availableReplicas ?? 0) ||
    (s.updateRevision ?? '') !== (o.updateRevision ?? '')
  );
}
