// What the workload controllers share about pods and ownership (upstream's controller_utils.go,
// podutil and ControllerRefManager): which pods count, which owner controls an object, how a pod is
// made from a template, and how a controller adopts orphans that match its selector and releases
// pods that stopped matching.
import type { Pod, PodCondition, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { KObject } from '../../api/object.js';
import { isNotFound, type ResourceClient } from '../../client/rest.js';
import { labelSelectorFromObject, matchesLabels } from '../../machinery/selectors.js';

export const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Not finished and not being deleted: a pod that still counts toward replicas. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

export function podCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

export function isPodReady(pod: Pod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds (podutil.IsPodAvailable). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: Date): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now.getTime();
}

/** The owner reference with controller=true, if any. */
export function controllerOf(obj: KObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences as OwnerReference[] | undefined)?.find((r) => r.controller);
}

/** A controller reference to `owner` (which must carry apiVersion and kind, as informer objects do). */
export function controllerRef(owner: KObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** A pod from a template, owned by `ref`, named `<prefix><random>` by the server (GetPodFromTemplate). */
export function podFromTemplate(template: PodTemplateSpec, namespace: string, generateName: string, ref: OwnerReference): Pod {
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName,
      namespace,
      labels: { ...(meta.labels ?? {}) },
      annotations: { ...(meta.annotations ?? {}) },
      finalizers: meta.finalizers ? [...meta.finalizers] : undefined,
      ownerReferences: [ref],
    },
    spec: structuredClone(template.spec!),
  };
}

/** Pods' name prefix as upstream builds it: `<owner>-`, shortened so the generated name stays valid. */
export function generateNamePrefix(ownerName: string): string {
  const prefix = `${ownerName}-`;
  return prefix.length > 58 ? prefix.slice(0, 58) : prefix;
}

export interface ClaimOptions<T extends KObject> {
  owner: KObject;
  ownerApiVersion: string;
  ownerKind: string;
  selector: Parameters<typeof labelSelectorFromObject>[0];
  /** Candidates: the owner's namespace's objects of the owned kind (from an informer cache). */
  candidates: T[];
  client: ResourceClient<T>;
  /** Finalizers an adopted object gets in the same patch (the Job controller's tracking finalizer). */
  finalizers?: string[];
}

/**
 * ControllerRefManager.Claim: the objects this owner controls after adopting matching orphans and
 * releasing owned objects that no longer match. A deleted owner adopts nothing. Adoption and release
 * patch ownerReferences with the object's uid as a precondition, so a recreated object is untouched.
 */
export async function claim<T extends KObject>(o: ClaimOptions<T>): Promise<T[]> {
  const sel = labelSelectorFromObject(o.selector);
  const uid = o.owner.metadata.uid;
  const out: T[] = [];
  for (const obj of o.candidates) {
    const ref = controllerOf(obj);
    const matches = matchesLabels(sel, obj.metadata.labels as Record<string, string> | undefined);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches || o.owner.metadata.deletionTimestamp) {
        out.push(obj);
        continue;
      }
      // Release: drop our reference.
      const refs = (obj.metadata.ownerReferences as OwnerReference[]).filter((r) => r.uid !== uid);
      await patchOwners(o.client, obj, refs);
      continue;
    }
    if (!matches || o.owner.metadata.deletionTimestamp || obj.metadata.deletionTimestamp) continue;
    const refs = [...((obj.metadata.ownerReferences as OwnerReference[] | undefined) ?? []), controllerRef(o.owner, o.ownerApiVersion, o.ownerKind)];
    const finalizers = o.finalizers?.length ? [...new Set([...(obj.metadata.finalizers ?? []), ...o.finalizers])] : undefined;
    const adopted = await patchOwners(o.client, obj, refs, finalizers);
    if (adopted) out.push(adopted);
  }
  return out;
}

async function patchOwners<T extends KObject>(client: ResourceClient<T>, obj: T, refs: OwnerReference[], finalizers?: string[]): Promise<T | undefined> {
  try {
    const metadata = { uid: obj.metadata.uid, ownerReferences: refs, ...(finalizers ? { finalizers } : {}) };
    return await client.patch(obj.metadata.name!, { metadata }, { namespace: obj.metadata.namespace, type: 'merge' });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Set (or replace) a condition by type, keeping lastTransitionTime when the status is unchanged. */
export function setCondition<C extends { type: string; status: string; lastTransitionTime?: string }>(conditions: C[] | undefined, c: C): C[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((x) => x.type === c.type);
  if (i < 0) return [...list, c];
  const prev = list[i]!;
  list[i] = prev.status === c.status && prev.lastTransitionTime ? { ...c, lastTransitionTime: prev.lastTransitionTime } : c;
  return list;
}

/**
 * slowStartBatch: call `fn` `count` times in batches of 1, 2, 4, … running concurrently within a
 * batch, stopping after the first batch with a failure, so a systematic error (quota, admission)
 * costs a few calls instead of `count`. Returns how many calls succeeded and the first error.
 */
export async function slowStartBatch(count: number, initialBatchSize: number, fn: () => Promise<void>): Promise<{ successes: number; error?: unknown }> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += batch - failed.length;
    if (failed.length) return { successes, error: failed[0]!.reason };
    remaining -= batch;
  }
  return { successes };
}

/** Index names and functions controllers share on the process's common informers. */
export const BY_CONTROLLER = 'controller';
/** Objects by their controller's uid; orphans by `orphan/<namespace>`. */
export const byController = (o: KObject) => [controllerOf(o)?.uid ?? `orphan/${o.metadata.namespace ?? ''}`];
export const byNamespace = { namespace: (o: { metadata: { namespace?: string } }) => [o.metadata.namespace ?? ''] };

type Selector = Parameters<typeof labelSelectorFromObject>[0];

/** An empty selector selects everything, which no workload controller accepts. */
export const isEmptySelector = (sel: Selector | undefined | null): boolean => !sel || (!Object.keys(sel.matchLabels ?? {}).length && !sel.matchExpressions?.length);

/** The candidates whose (non-empty, valid) selector matches `labels`: who may adopt an orphan. */
export function selecting<T extends { spec?: { selector?: Selector } }>(candidates: T[], labels: Record<string, string> | undefined): T[] {
  return candidates.filter((o) => {
    const sel = o.spec?.selector;
    if (isEmptySelector(sel)) return false;
    try {
      return matchesLabels(labelSelectorFromObject(sel!), labels);
    } catch {
      return false;
    }
  });
}
