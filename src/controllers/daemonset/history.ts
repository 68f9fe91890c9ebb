// A DaemonSet's ControllerRevisions (pkg/controller/daemon/update.go constructHistory, snapshot,
// dedupCurHistories, cleanupHistory): the revision whose data equals the template is current, the
// rest are old; a current one gets the next number after the old ones, and when none exists one is
// made. Name collisions with different data bump status.collisionCount and retry, as upstream does.
import type { KObject } from '../../api/object.js';
import { isAlreadyExists, isNotFound, type ResourceClient } from '../../client/rest.js';
import { claim } from '../common/pods.js';
import { canonicalJSON, hashRevisionData, POD_REVISION_LABEL, sortRevisions, templatePatch, type Revision } from '../common/revisions.js';
import type { DS } from './predicates.js';

type PodLike = KObject;

export class DaemonSetHistory {
  constructor(
    private readonly revisions: ResourceClient<Revision>,
    private readonly sets: ResourceClient<DS>,
    private readonly pods: ResourceClient<PodLike>,
  ) {}

  /** Match: the revision restores exactly this template. */
  static matches(ds: DS, rev: Revision): boolean {
    return canonicalJSON(templatePatch(ds.spec?.template)) === canonicalJSON(rev.data);
  }

  /** controlledHistories + constructHistory: the current revision and the old ones. */
  async construct(ds: DS, candidates: Revision[], pods: PodLike[]): Promise<{ cur: Revision; old: Revision[] }> {
    const owned = await claim({ owner: ds, ownerApiVersion: 'apps/v1', ownerKind: 'DaemonSet', selector: ds.spec?.selector ?? {}, candidates, client: this.revisions });
    const current: Revision[] = [];
    const old: Revision[] = [];
    for (let rev of owned) {
      // Revisions from before the hash label get their name as one (no collision to worry about).
      if (!rev.metadata.labels?.[POD_REVISION_LABEL]) {
        rev = await this.revisions.update({ ...rev, metadata: { ...rev.metadata, labels: { ...rev.metadata.labels, [POD_REVISION_LABEL]: rev.metadata.name! } } });
      }
      (DaemonSetHistory.matches(ds, rev) ? current : old).push(rev);
    }
    const next = Math.max(0, ...old.map((r) => r.revision)) + 1;
    if (!current.length) return { cur: await this.snapshot(ds, next), old };
    let cur = await this.dedup(ds, current, pods);
    if (cur.revision < next) cur = await this.revisions.update({ ...cur, revision: next });
    return { cur, old };
  }

  /** snapshot: a new revision `<ds>-<hash>` labelled with the hash, carrying the set's annotations. */
  private async snapshot(ds: DS, revision: number): Promise<Revision> {
    const data = templatePatch(ds.spec?.template);
    const collisionCount = ds.status?.collisionCount;
    const hash = hashRevisionData(data, collisionCount);
    const name = `${ds.metadata.name}-${hash}`;
    const namespace = ds.metadata.namespace!;
    const rev: Revision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace,
        labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [POD_REVISION_LABEL]: hash },
        annotations: ds.metadata.annotations,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name!, uid: ds.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      data,
      revision,
    };
    try {
      return await this.revisions.create(rev, { namespace });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const existing = await this.revisions.get(name, namespace);
      if (DaemonSetHistory.matches(ds, existing)) return existing;
      // A different template under the same name: count the collision so the next name differs.
      const fresh = await this.sets.get(ds.metadata.name!, namespace);
      if ((fresh.status?.collisionCount ?? 0) !== (ds.status?.collisionCount ?? 0)) {
        throw new Error(`found a stale collision count (${ds.status?.collisionCount ?? 0}, expected ${fresh.status?.collisionCount ?? 0}) of DaemonSet "${ds.metadata.name}" while processing; will retry until it is updated`);
      }
      await this.sets.update({ ...fresh, status: { ...fresh.status!, collisionCount: (fresh.status?.collisionCount ?? 0) + 1 } }, { subresource: 'status' });
      throw err;
    }
  }

  /** dedupCurHistories: keep the highest-numbered equal revision; relabel pods of the others and delete them. */
  private async dedup(ds: DS, current: Revision[], pods: PodLike[]): Promise<Revision> {
    if (current.length === 1) return current[0]!;
    const keep = current.reduce((a, b) => (b.revision >= a.revision ? b : a));
    const keepHash = keep.metadata.labels?.[POD_REVISION_LABEL];
    for (const rev of current) {
      if (rev === keep) continue;
      for (const pod of pods) {
        if (pod.metadata.labels?.[POD_REVISION_LABEL] === keepHash) continue;
        await this.pods.patch(pod.metadata.name!, { metadata: { labels: { [POD_REVISION_LABEL]: keepHash } } }, { namespace: ds.metadata.namespace, type: 'merge' });
      }
      await this.delete(rev);
    }
    return keep;
  }

  /**
   * cleanupHistory: beyond revisionHistoryLimit old revisions, delete the oldest ones no pod is
   * running (live ones count toward the limit but are kept).
   */
  async cleanup(ds: DS, old: Revision[], pods: PodLike[]): Promise<void> {
    let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
    if (toKill <= 0) return;
    const liveHashes = new Set(pods.map((p) => p.metadata.labels?.[POD_REVISION_LABEL]).filter(Boolean));
    for (const rev of sortRevisions([...old])) {
      if (toKill <= 0) break;
      if (liveHashes.has(rev.metadata.labels?.[POD_REVISION_LABEL])) continue;
      await this.delete(rev);
      toKill--;
    }
  }

  private async delete(rev: Revision): Promise<void> {
    await this.revisions.delete(rev.metadata.name!, { namespace: rev.metadata.namespace }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
}
