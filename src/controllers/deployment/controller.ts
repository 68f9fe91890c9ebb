// The Deployment controller (pkg/controller/deployment at v1.25): every Deployment owns a ReplicaSet
// per pod template it has had, named <deployment>-<pod-template-hash>. A sync claims the matching
// ReplicaSets, then (in upstream's order) reports status only while deleting, keeps the paused
// condition current, scales on a replica change or while paused, and otherwise rolls out by the
// strategy: RollingUpdate or Recreate.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import type { Clock } from '../../client/clock.js';
import { runWorkers, type SyncResult } from '../../client/controller.js';
import { Informer, objectKey } from '../../client/informer.js';
import { informersOf } from '../../client/informerfactory.js';
import type { ControllerOptions } from '../common/options.js';
import { isNotFound } from '../../client/rest.js';
import { WorkQueue } from '../../client/workqueue.js';
import type { Logger } from '../../machinery/log.js';
import { BY_CONTROLLER, byController, byNamespace, claim, controllerOf, isEmptySelector, selecting } from '../common/pods.js';
import { EventRecorder } from '../../client/events.js';
import { DEPLOYMENT_KIND, updateDeploymentStatus, type Ops } from './ops.js';
import { rolloutRecreate, type PodMap } from './recreate.js';
import { rolloutRolling } from './rolling.js';
import { checkPausedConditions, isScalingEvent, syncScaling, syncStatusOnly, withKind } from './sync.js';
import type { Deployment, ReplicaSet } from './util.js';

export interface DeploymentControllerOptions extends ControllerOptions {
  clock: Clock;
  log: Logger;
}

type PodObj = Omit<Pod, 'metadata'> & KObject;

export class DeploymentController {
  private readonly queue: WorkQueue<string>;
  private readonly dInformer: Informer<Deployment>;
  private readonly rsInformer: Informer<ReplicaSet>;
  private readonly podInformer: Informer<PodObj>;
  private readonly ops: Ops;
  private readonly log: Logger;
  private running?: Promise<void>;

  constructor(private readonly opts: DeploymentControllerOptions) {
    const informers = informersOf(opts);
    const clock = opts.clock;
    this.log = opts.log;
    this.queue = new WorkQueue<string>('deployment', clock);
    const deployments = opts.rest.resource<Deployment>({ group: 'apps', version: 'v1', resource: 'deployments' });
    const replicasets = opts.rest.resource<ReplicaSet>({ group: 'apps', version: 'v1', resource: 'replicasets' });
    this.dInformer = informers.forClient(deployments, { indexers: byNamespace });
    this.rsInformer = informers.forClient(replicasets, { indexers: { [BY_CONTROLLER]: byController } });
    this.podInformer = informers.forClient(opts.rest.resource<PodObj>({ group: '', version: 'v1', resource: 'pods' }), { indexers: { [BY_CONTROLLER]: byController } });
    this.ops = {
      deployments,
      replicasets,
      rsCache: this.rsInformer.cache,
      events: new EventRecorder(opts.rest, { component: 'deployment-controller' }, clock, this.log),
      now: () => clock.now(),
      requeueAfter: (d, ms) => this.queue.addAfter(objectKey(d), ms),
      requeueRateLimited: (d) => this.queue.addRateLimited(objectKey(d)),
    };
    const enqueue = (d: Deployment) => this.queue.add(objectKey(d));
    this.dInformer.on({ add: enqueue, update: (_, d) => enqueue(d), delete: enqueue });
    this.rsInformer.on({
      add: (rs) => (rs.metadata.deletionTimestamp ? this.enqueueOwner(rs) : this.enqueueForReplicaSet(rs)),
      update: (old, cur) => this.updateReplicaSet(old, cur),
      delete: (rs) => this.enqueueOwner(rs),
    });
    this.podInformer.on({ delete: (pod) => this.deletePod(pod) });
  }

  start(): void {
    for (const i of [this.dInformer, this.rsInformer, this.podInformer]) i.start();
    this.running = Promise.all([this.dInformer.waitForSync(), this.rsInformer.waitForSync(), this.podInformer.waitForSync()]).then(() =>
      runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.opts.workers ?? 5, log: this.log }),
    );
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await Promise.all([this.dInformer.stop(), this.rsInformer.stop(), this.podInformer.stop()]);
    await this.running;
  }

  /** The Deployment an object's controller reference names, if cached with that uid. */
  private ownerOf(o: KObject): Deployment | undefined {
    const ref = controllerOf(o);
    if (ref?.kind !== 'Deployment') return undefined;
    const d = this.dInformer.cache.getByName(o.metadata.namespace ?? '', ref.name);
    return d?.metadata.uid === ref.uid ? d : undefined;
  }

  private enqueueOwner(rs: ReplicaSet): void {
    const d = this.ownerOf(rs);
    if (d) this.queue.add(objectKey(d));
  }

  /** An owned ReplicaSet wakes its Deployment; an orphan wakes every Deployment that could adopt it. */
  private enqueueForReplicaSet(rs: ReplicaSet): void {
    if (controllerOf(rs)) return this.enqueueOwner(rs);
    for (const d of this.matchingDeployments(rs)) this.queue.add(objectKey(d));
  }

  private updateReplicaSet(old: ReplicaSet, cur: ReplicaSet): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const oldRef = controllerOf(old);
    const curRef = controllerOf(cur);
    if (oldRef && oldRef.uid !== curRef?.uid) this.enqueueOwner(old);
    if (curRef) return this.enqueueOwner(cur);
    if (JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {}) || oldRef) {
      for (const d of this.matchingDeployments(cur)) this.queue.add(objectKey(d));
    }
  }

  private matchingDeployments(rs: ReplicaSet): Deployment[] {
    return selecting(this.dInformer.cache.byIndex('namespace', rs.metadata.namespace ?? ''), rs.metadata.labels);
  }

  /** A Recreate Deployment waits for its old pods to be gone: the last one going wakes it. */
  private deletePod(pod: PodObj): void {
    const ref = controllerOf(pod);
    if (ref?.kind !== 'ReplicaSet') return;
    const rs = this.rsInformer.cache.getByName(pod.metadata.namespace ?? '', ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return;
    const d = this.ownerOf(rs);
    if (!d || d.spec?.strategy?.type !== 'Recreate') return;
    const remaining = this.rsInformer.cache.byIndex(BY_CONTROLLER, d.metadata.uid!).reduce((n, r) => n + this.podInformer.cache.byIndex(BY_CONTROLLER, r.metadata.uid!).length, 0);
    if (remaining === 0) this.queue.add(objectKey(d));
  }

  private async sync(key: string): Promise<SyncResult> {
    const cached = this.dInformer.cache.get(key);
    if (!cached) return;
    const d = withKind(structuredClone(cached));
    const ops = this.ops;
    const sel = d.spec?.selector;
    if (isEmptySelector(sel)) {
      ops.events.emit(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status = { ...d.status, observedGeneration: d.metadata.generation };
        await updateDeploymentStatus(ops, d);
      }
      return;
    }
    const rsList = await this.replicaSetsFor(d);
    if (d.metadata.deletionTimestamp) return syncStatusOnly(ops, d, rsList);
    await checkPausedConditions(ops, d);
    if (d.spec?.paused) return syncScaling(ops, d, rsList);
    if (await isScalingEvent(ops, d, rsList)) return syncScaling(ops, d, rsList);
    if (d.spec?.strategy?.type === 'Recreate') return rolloutRecreate(ops, d, rsList, this.podMap(rsList));
    return rolloutRolling(ops, d, rsList);
  }

  /** getReplicaSetsForDeployment: claim ReplicaSets (ours plus matching orphans), after a fresh look that we may adopt. */
  private async replicaSetsFor(d: Deployment): Promise<ReplicaSet[]> {
    const ns = d.metadata.namespace ?? '';
    const owned = this.rsInformer.cache.byIndex(BY_CONTROLLER, d.metadata.uid!);
    let orphans = this.rsInformer.cache.byIndex(BY_CONTROLLER, `orphan/${ns}`);
    if (orphans.length && !(await this.canAdopt(d))) orphans = [];
    return claim<ReplicaSet>({ owner: d, ownerApiVersion: DEPLOYMENT_KIND.apiVersion, ownerKind: DEPLOYMENT_KIND.kind, selector: d.spec!.selector, candidates: [...owned, ...orphans], client: this.ops.replicasets });
  }

  /** RecheckDeletionTimestamp: adopt only for the Deployment that still exists with this uid and is not being deleted. */
  private async canAdopt(d: Deployment): Promise<boolean> {
    try {
      const fresh = await this.ops.deployments.get(d.metadata.name!, d.metadata.namespace);
      return fresh.metadata.uid === d.metadata.uid && !fresh.metadata.deletionTimestamp;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** getPodMapForDeployment: the pods of each claimed ReplicaSet, by its uid. */
  private podMap(rsList: ReplicaSet[]): PodMap {
    const map: PodMap = new Map();
    for (const rs of rsList) map.set(rs.metadata.uid!, this.podInformer.cache.byIndex(BY_CONTROLLER, rs.metadata.uid!));
    return map;
  }
}


