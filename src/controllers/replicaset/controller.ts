// The ReplicaSet controller (pkg/controller/replicaset at v1.25): keeps spec.replicas active pods
// for every ReplicaSet. A sync claims the pods its selector matches (adopting orphans, releasing pods
// that stopped matching), creates missing pods from the template in slow-start batches or deletes the
// cheapest surplus pods, and reports replicas / fullyLabeled / ready / available in status. Expectations
// keep a sync from acting on a cache that has not yet seen the previous sync's creates and deletes.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import type { Clock } from '../../client/clock.js';
import { runWorkers, type SyncResult } from '../../client/controller.js';
import { Informer, objectKey } from '../../client/informer.js';
import { informersOf } from '../../client/informerfactory.js';
import type { ControllerOptions } from '../common/options.js';
import { isNotFound, type ResourceClient } from '../../client/rest.js';
import { WorkQueue } from '../../client/workqueue.js';
import { StatusError } from '../../machinery/errors.js';
import type { Logger } from '../../machinery/log.js';
import { BY_CONTROLLER, byController, byNamespace, claim, controllerOf, controllerRef, generateNamePrefix, isPodActive, isPodReady, podFromTemplate, selecting, slowStartBatch } from '../common/pods.js';
import { EventRecorder } from '../../client/events.js';
import { Expectations } from './expectations.js';
import { podsToDelete } from './ranking.js';
import { calculateStatus, statusUnchanged, type ReplicaSet } from './status.js';

export interface ReplicaSetControllerOptions extends ControllerOptions {
  clock: Clock;
  log: Logger;
}

type PodObj = Omit<Pod, 'metadata'> & KObject;

/** Most pods one sync creates or deletes (upstream's BurstReplicas). */
const BURST_REPLICAS = 500;
/** First slow-start batch (controller.SlowStartInitialBatchSize). */
const SLOW_START_INITIAL_BATCH = 1;
const KIND = { apiVersion: 'apps/v1', kind: 'ReplicaSet' } as const;
/** Index of pods and ReplicaSets by their controller's uid; objects without one are indexed as orphans of their namespace. */
const orphanKey = (namespace: string | undefined) => `orphan/${namespace ?? ''}`;

export class ReplicaSetController {
  private readonly queue: WorkQueue<string>;
  private readonly rsInformer: Informer<ReplicaSet>;
  private readonly podInformer: Informer<PodObj>;
  private readonly replicasets: ResourceClient<ReplicaSet>;
  private readonly pods: ResourceClient<PodObj>;
  private readonly expectations: Expectations;
  private readonly events: EventRecorder;
  private readonly clock: Clock;
  private readonly log: Logger;
  private running?: Promise<void>;

  constructor(private readonly opts: ReplicaSetControllerOptions) {
    const informers = informersOf(opts);
    this.clock = opts.clock;
    this.log = opts.log;
    this.queue = new WorkQueue<string>('replicaset', this.clock);
    this.expectations = new Expectations(this.clock);
    this.events = new EventRecorder(opts.rest, { component: 'replicaset-controller' }, this.clock, this.log);
    this.replicasets = opts.rest.resource<ReplicaSet>({ group: 'apps', version: 'v1', resource: 'replicasets' });
    this.pods = opts.rest.resource<PodObj>({ group: '', version: 'v1', resource: 'pods' });
    this.rsInformer = informers.forClient(this.replicasets, { indexers: { [BY_CONTROLLER]: byController, ...byNamespace } });
    this.podInformer = informers.forClient(this.pods, { indexers: { [BY_CONTROLLER]: byController } });
    this.rsInformer.on({
      add: (rs) => this.queue.add(objectKey(rs)),
      update: (_, rs) => this.queue.add(objectKey(rs)),
      delete: (rs) => {
        this.expectations.delete(objectKey(rs));
        this.queue.add(objectKey(rs));
      },
    });
    this.podInformer.on({ add: (p) => this.addPod(p), update: (o, p) => this.updatePod(o, p), delete: (p) => this.deletePod(p) });
  }

  start(): void {
    this.rsInformer.start();
    this.podInformer.start();
    // Workers start once both caches are loaded, so no sync sees a partial world.
    this.running = Promise.all([this.rsInformer.waitForSync(), this.podInformer.waitForSync()]).then(() =>
      runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.opts.workers ?? 5, log: this.log }),
    );
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await Promise.all([this.rsInformer.stop(), this.podInformer.stop()]);
    await this.running;
  }

  /** The ReplicaSet a pod's controller reference names, if it is in the cache with that uid. */
  private ownerOf(pod: PodObj): ReplicaSet | undefined {
    const ref = controllerOf(pod);
    if (ref?.kind !== KIND.kind) return undefined;
    const rs = this.rsInformer.cache.getByName(pod.metadata.namespace ?? '', ref.name);
    return rs?.metadata.uid === ref.uid ? rs : undefined;
  }

  /** ReplicaSets in the pod's namespace whose (non-empty) selector matches it: candidates to adopt an orphan. */
  private matchingReplicaSets(pod: PodObj): ReplicaSet[] {
    return selecting(this.rsInformer.cache.byIndex('namespace', pod.metadata.namespace ?? ''), pod.metadata.labels);
  }

  private addPod(pod: PodObj): void {
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod);
    if (controllerOf(pod)) {
      const rs = this.ownerOf(pod);
      if (!rs) return;
      this.expectations.creationObserved(objectKey(rs));
      this.queue.add(objectKey(rs));
      return;
    }
    for (const rs of this.matchingReplicaSets(pod)) this.queue.add(objectKey(rs));
  }

  private updatePod(old: PodObj, cur: PodObj): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    if (cur.metadata.deletionTimestamp) {
      // A graceful deletion: count it as deleted now, so a replacement starts without waiting out the grace period.
      this.deletePod(cur);
      if (labelsChanged) this.deletePod(old);
      return;
    }
    const oldRef = controllerOf(old);
    const curRef = controllerOf(cur);
    const refChanged = oldRef?.uid !== curRef?.uid;
    if (refChanged && oldRef) {
      const rs = this.ownerOf(old);
      if (rs) this.queue.add(objectKey(rs));
    }
    if (curRef) {
      const rs = this.ownerOf(cur);
      if (!rs) return;
      this.queue.add(objectKey(rs));
      // A pod that just became ready becomes available after minReadySeconds: look again then.
      const minReady = rs.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) this.queue.addAfter(objectKey(rs), minReady * 1000 + 1000);
      return;
    }
    if (labelsChanged || refChanged) for (const rs of this.matchingReplicaSets(cur)) this.queue.add(objectKey(rs));
  }

  private deletePod(pod: PodObj): void {
    const rs = this.ownerOf(pod);
    if (!rs) return;
    this.expectations.deletionObserved(objectKey(rs), objectKey(pod));
    this.queue.add(objectKey(rs));
  }

  private async sync(key: string): Promise<SyncResult> {
    const cached = this.rsInformer.cache.get(key);
    if (!cached) {
      this.expectations.delete(key);
      return;
    }
    const rs = structuredClone(cached);
    const needsSync = this.expectations.satisfied(key);
    const ns = rs.metadata.namespace ?? '';
    // Pods we control plus orphans of the namespace; claim adopts matching orphans and releases ours that stopped matching.
    const candidates = [...this.podInformer.cache.byIndex(BY_CONTROLLER, rs.metadata.uid!), ...this.podInformer.cache.byIndex(BY_CONTROLLER, orphanKey(ns))].filter(isPodActive);
    const owned = await claim<PodObj>({ owner: { ...KIND, ...rs }, ownerApiVersion: KIND.apiVersion, ownerKind: KIND.kind, selector: rs.spec!.selector, candidates, client: this.pods });
    let manageError: unknown;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        await this.manageReplicas(owned, rs);
      } catch (err) {
        manageError = err;
      }
    }
    const status = calculateStatus(rs, owned, manageError, this.clock.now());
    const updated = await this.updateStatus(rs, status);
    if (manageError) throw manageError;
    // A last look once the ready pods have been ready for minReadySeconds, in case no event comes then.
    const st = updated.status ?? { replicas: 0 };
    const minReady = updated.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && (st.readyReplicas ?? 0) === (updated.spec?.replicas ?? 1) && (st.availableReplicas ?? 0) !== (updated.spec?.replicas ?? 1)) {
      return { requeueAfterMs: minReady * 1000 };
    }
  }

  private async manageReplicas(pods: PodObj[], rs: ReplicaSet): Promise<void> {
    const key = objectKey(rs);
    const diff = pods.length - (rs.spec?.replicas ?? 1);
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      this.expectations.expectCreations(key, n);
      const owner = { ...KIND, ...rs };
      const template = rs.spec!.template!;
      const prefix = generateNamePrefix(rs.metadata.name!);
      const ref = controllerRef(owner, KIND.apiVersion, KIND.kind);
      const { successes, error } = await slowStartBatch(n, SLOW_START_INITIAL_BATCH, () => this.createPod(owner, podFromTemplate(template, rs.metadata.namespace!, prefix, ref) as PodObj));
      // Creates never attempted will never be observed.
      for (let i = successes; i < n; i++) this.expectations.creationObserved(key);
      if (error) throw error;
    } else if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      const victims = podsToDelete(pods, this.relatedPods(rs), n, this.clock.now());
      this.expectations.expectDeletions(key, victims.map((p) => objectKey(p)));
      const results = await Promise.all(victims.map((p) => this.deletePodOf(rs, p)));
      const failed = results.find((e) => e !== undefined);
      if (failed) throw failed;
    }
  }

  private async createPod(owner: ReplicaSet, pod: PodObj): Promise<void> {
    if (!Object.keys(pod.metadata.labels ?? {}).length) throw new Error('unable to create pods, no labels');
    try {
      const created = await this.pods.create(pod);
      this.events.emit(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (err) {
      // Every create fails in a terminating namespace; there is nothing to report or retry.
      if (isNamespaceTerminating(err)) return;
      this.events.emit(owner, 'Warning', 'FailedCreate', `Error creating: ${errorText(err)}`);
      throw err;
    }
  }

  /** Delete one pod; resolves with the error to report, if any. */
  private async deletePodOf(rs: ReplicaSet, pod: PodObj): Promise<unknown> {
    const owner = { ...KIND, ...rs };
    try {
      await this.pods.delete(pod.metadata.name!, { namespace: pod.metadata.namespace });
      this.events.emit(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      return undefined;
    } catch (err) {
      // The informer will not report a deletion that did not happen.
      this.expectations.deletionObserved(objectKey(rs), objectKey(pod));
      if (isNotFound(err)) return undefined;
      this.events.emit(owner, 'Warning', 'FailedDelete', `Error deleting: ${errorText(err)}`);
      return new Error(`unable to delete pods: ${errorText(err)}`);
    }
  }

  /** Pods of every ReplicaSet that shares this one's controller (getIndirectlyRelatedPods). */
  private relatedPods(rs: ReplicaSet): PodObj[] {
    const ref = controllerOf(rs);
    if (!ref) return [];
    const seen = new Set<string>();
    const out: PodObj[] = [];
    for (const sibling of this.rsInformer.cache.byIndex(BY_CONTROLLER, ref.uid)) {
      if (sibling.metadata.namespace !== rs.metadata.namespace) continue;
      for (const pod of this.podInformer.cache.byIndex(BY_CONTROLLER, sibling.metadata.uid!)) {
        if (seen.has(pod.metadata.uid!)) continue;
        seen.add(pod.metadata.uid!);
        out.push(pod);
      }
    }
    return out;
  }

  /** Write the status unless nothing changed; one retry on a fresh copy after a conflict. */
  private async updateStatus(rs: ReplicaSet, status: NonNullable<ReplicaSet['status']>): Promise<ReplicaSet> {
    if (statusUnchanged(rs, status)) return rs;
    const next = { ...status, observedGeneration: rs.metadata.generation };
    let cur = rs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.replicasets.update({ ...KIND, ...cur, status: next }, { subresource: 'status' });
      } catch (err) {
        if (attempt >= 1) throw err;
        cur = await this.replicasets.get(rs.metadata.name!, rs.metadata.namespace);
      }
    }
  }
}

function isNamespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError && !!err.status.details?.causes?.some((c) => c.reason === 'NamespaceTerminating');
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
