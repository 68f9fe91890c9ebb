// ControllerRevisions as StatefulSets and DaemonSets keep them (pkg/controller/history): one
// revision per distinct pod template, its data the patch that puts that template back
// ({"spec":{"template":{..., "$patch":"replace"}}}), named `<owner>-<hash>`, numbered in increasing
// order. Going back to an earlier template reuses its revision under a new number; name collisions
// between different data are resolved with the owner's status.collisionCount.
//
// The hash is FNV-1 32 over the revision data as JSON with sorted keys (the bytes upstream hashes are
// Go's encoding of the same object), safe-encoded as upstream's rand.SafeEncodeString does. The
// DaemonSet controller hashes the template with Go's DeepHashObject instead, which has no JSON
// equivalent; it uses this hash too, so names have upstream's shape but not its exact bytes.
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import { isAlreadyExists, isNotFound, type ResourceClient } from '../../client/rest.js';
import { labelSelectorFromObject, matchesLabels } from '../../machinery/selectors.js';
import { controllerOf, controllerRef } from './pods.js';

export type Revision = ControllerRevision & KObject;

export const CONTROLLER_REVISIONS = { group: 'apps', version: 'v1', resource: 'controllerrevisions' };
/** The label history.NewControllerRevision puts on StatefulSet revisions. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';
/** apps.ControllerRevisionHashLabelKey: on pods (both kinds) and DaemonSet revisions. */
export const POD_REVISION_LABEL = 'controller-revision-hash';

/** JSON with object keys sorted at every level, as Go marshals a map[string]interface{}. */
export function canonicalJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJSON).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJSON(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** Go's hash/fnv New32 (FNV-1, not 1a). */
function fnv1_32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) h = (Math.imul(h, 0x01000193) ^ b) >>> 0;
  return h >>> 0;
}

const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
/** rand.SafeEncodeString: each byte mapped into an alphabet with no vowels (no words, no look-alikes). */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += SAFE_ALPHANUMS[b % SAFE_ALPHANUMS.length];
  return out;
}

/** HashControllerRevision: the data, then the collision count (when given) as decimal text. */
export function hashRevisionData(data: unknown, collisionCount?: number): string {
  const text = canonicalJSON(data) + (collisionCount === undefined ? '' : String(collisionCount));
  return safeEncodeString(String(fnv1_32(Buffer.from(text, 'utf8'))));
}

/** ControllerRevisionName: prefix cut to 223 bytes so the name fits in 253. */
export function revisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/**
 * getPatch: the owner's template as a replacing patch. `creationTimestamp: null` is what Go's
 * encoding of an empty ObjectMeta carries, kept so the data reads as upstream's does.
 */
export function templatePatch(template: PodTemplateSpec | undefined): Record<string, unknown> {
  const t = structuredClone(template ?? {}) as Record<string, unknown>;
  const meta = (t.metadata ?? {}) as Record<string, unknown>;
  t.metadata = { creationTimestamp: null, ...meta };
  return { spec: { template: { ...t, $patch: 'replace' } } };
}

/** The template a revision restores (ApplyRevision, for a patch that replaces spec.template). */
export function templateOf(rev: ControllerRevision): PodTemplateSpec {
  const data = (rev.data ?? {}) as { spec?: { template?: Record<string, unknown> } };
  const { $patch: _, ...template } = structuredClone(data.spec?.template ?? {});
  const meta = { ...((template.metadata ?? {}) as Record<string, unknown>) };
  if (meta.creationTimestamp === null) delete meta.creationTimestamp;
  return { ...template, metadata: meta } as PodTemplateSpec;
}

/** EqualRevision: same data (hash labels, when both carry one, are compared first as a shortcut). */
export function equalRevision(a: ControllerRevision, b: ControllerRevision): boolean {
  const ha = a.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  const hb = b.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];
  if (ha && hb && ha !== hb) return false;
  return canonicalJSON(a.data) === canonicalJSON(b.data);
}

/** SortControllerRevisions: by revision, then creation time, then name. */
export function sortRevisions<T extends ControllerRevision>(revs: T[]): T[] {
  return revs.sort((a, b) => {
    if (a.revision !== b.revision) return a.revision - b.revision;
    const ta = a.metadata?.creationTimestamp ?? '';
    const tb = b.metadata?.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
  });
}

/** One more than the last revision of a sorted history (1 for none). */
export function nextRevision(sorted: ControllerRevision[]): number {
  return sorted.length ? sorted[sorted.length - 1]!.revision + 1 : 1;
}

/** The owner's data for ControllerRevision objects, as NewControllerRevision fills it in. */
export interface RevisionOwner {
  owner: KObject;
  apiVersion: string;
  kind: string;
}

/**
 * The revisions of one owner through the API: listing from a cache, creating with collision
 * handling, renumbering, deleting, adopting orphans.
 */
export class RevisionHistory {
  constructor(private readonly client: ResourceClient<Revision>) {}

  /** ListControllerRevisions: the namespace's revisions matching the selector, owned by `owner` or by no controller. */
  list(candidates: Revision[], owner: KObject, selector: Parameters<typeof labelSelectorFromObject>[0]): Revision[] {
    const sel = labelSelectorFromObject(selector);
    return candidates.filter((r) => {
      if (!matchesLabels(sel, r.metadata.labels as Record<string, string> | undefined)) return false;
      const ref = controllerOf(r);
      return !ref || ref.uid === owner.metadata.uid;
    });
  }

  /**
   * CreateControllerRevision: create under `<owner>-<hash(data, collisionCount)>`; when the name is
   * taken by equal data that revision is the answer, otherwise the collision count goes up and the
   * next name is tried. `collision.count` carries the count back for the owner's status.
   */
  async create(o: RevisionOwner, rev: Revision, collision: { count: number }, hashLabel: string): Promise<Revision> {
    for (;;) {
      const hash = hashRevisionData(rev.data, collision.count);
      const name = revisionName(o.owner.metadata.name!, hash);
      const body: Revision = {
        ...rev,
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: { ...rev.metadata, name, namespace: o.owner.metadata.namespace, labels: { ...rev.metadata.labels, [hashLabel]: hash } },
      };
      try {
        return await this.client.create(body, { namespace: o.owner.metadata.namespace });
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        const existing = await this.client.get(name, o.owner.metadata.namespace ?? '');
        if (canonicalJSON(existing.data) === canonicalJSON(rev.data)) return existing;
        collision.count++;
      }
    }
  }

  /** UpdateControllerRevision: give an existing revision a new number (a rollback to its template). */
  async renumber(rev: Revision, revision: number): Promise<Revision> {
    let cur = rev;
    for (let attempt = 0; ; attempt++) {
      if (cur.revision === revision) return cur;
      try {
        return await this.client.update({ ...cur, revision });
      } catch (err) {
        if (attempt >= 4 || isNotFound(err)) throw err;
        cur = await this.client.get(cur.metadata.name!, cur.metadata.namespace ?? '');
      }
    }
  }

  async delete(rev: Revision): Promise<void> {
    await this.client.delete(rev.metadata.name!, { namespace: rev.metadata.namespace }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }

  /** AdoptControllerRevision: add a controller reference to an orphan (uid as a precondition). */
  async adopt(o: RevisionOwner, rev: Revision): Promise<Revision> {
    const refs = [...(rev.metadata.ownerReferences ?? []), controllerRef(o.owner, o.apiVersion, o.kind)];
    return this.client.patch(rev.metadata.name!, { metadata: { uid: rev.metadata.uid, ownerReferences: refs } }, { namespace: rev.metadata.namespace, type: 'merge' });
  }

  /**
   * Delete the oldest revisions beyond `limit` that are not live (the live ones: current, update and
   * any revision a pod still runs). `sorted` is the owner's history in revision order.
   */
  async truncate(sorted: Revision[], live: Set<string>, limit: number): Promise<void> {
    const history = sorted.filter((r) => !live.has(r.metadata.name!));
    if (limit < 0 || history.length <= limit) return;
    for (const r of history.slice(0, history.length - limit)) await this.delete(r);
  }
}
