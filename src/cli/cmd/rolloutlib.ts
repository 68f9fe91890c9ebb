// The deployment side of `kubectl rollout`: status messages (polymorphichelpers' status viewers),
// the ReplicaSets a Deployment controls, and the revision history kept in them.
import type { KObject } from '../../api/object.js';
import { resourcePath } from '../../client/rest.js';
import type { Factory } from '../factory.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

export class StatusError extends Error {}

/** One status line and whether the rollout is complete; throws for a failed or unsupported rollout. */
export function rolloutStatus(kind: string, o: Obj, revision: number): { message: string; done: boolean } {
  const name = o['metadata']?.name ?? '';
  const spec = o['spec'] ?? {};
  const st = o['status'] ?? {};
  const generation = o['metadata']?.generation ?? 0;
  const observed = st.observedGeneration ?? 0;
  if (kind === 'Deployment') {
    if (revision > 0) {
      const current = Number(o['metadata']?.annotations?.[REVISION_ANNOTATION] ?? NaN);
      if (Number.isNaN(current)) throw new StatusError(`cannot get the revision of deployment "${name}": ${'strconv.ParseInt: parsing "": invalid syntax'}`);
      if (current !== revision) throw new StatusError(`desired revision (${revision}) is different from the running revision (${current})`);
    }
    if (generation <= observed) {
      const cond = (st.conditions ?? []).find((c: Obj) => c['type'] === 'Progressing');
      if (cond?.reason === 'ProgressDeadlineExceeded') throw new StatusError(`deployment "${name}" exceeded its progress deadline`);
      const updated = st.updatedReplicas ?? 0;
      if (spec.replicas !== undefined && updated < spec.replicas) return wait(`Waiting for deployment "${name}" rollout to finish: ${updated} out of ${spec.replicas} new replicas have been updated...\n`);
      if ((st.replicas ?? 0) > updated) return wait(`Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`);
      if ((st.availableReplicas ?? 0) < updated) return wait(`Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`);
      return { message: `deployment "${name}" successfully rolled out\n`, done: true };
    }
    return wait('Waiting for deployment spec update to be observed...\n');
  }
  if (kind === 'DaemonSet') {
    if ((spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') throw new StatusError('rollout status is only available for RollingUpdate strategy type');
    if (generation <= observed) {
      const desired = st.desiredNumberScheduled ?? 0;
      if ((st.updatedNumberScheduled ?? 0) < desired) return wait(`Waiting for daemon set "${name}" rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`);
      if ((st.numberAvailable ?? 0) < desired) return wait(`Waiting for daemon set "${name}" rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...\n`);
      return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
    }
    return wait('Waiting for daemon set spec update to be observed...\n');
  }
  if (kind === 'StatefulSet') {
    const strategy = spec.updateStrategy ?? { type: 'RollingUpdate' };
    if ((strategy.type ?? 'RollingUpdate') !== 'RollingUpdate') throw new StatusError('rollout status is only available for RollingUpdate strategy type');
    if (observed === 0 || generation > observed) return wait('Waiting for statefulset spec update to be observed...\n');
    if (spec.replicas !== undefined && (st.readyReplicas ?? 0) < spec.replicas) return wait(`Waiting for ${spec.replicas - (st.readyReplicas ?? 0)} pods to be ready...\n`);
    if (strategy.rollingUpdate) {
      if (spec.replicas !== undefined && strategy.rollingUpdate.partition !== undefined && (st.updatedReplicas ?? 0) < spec.replicas - strategy.rollingUpdate.partition) {
        return wait(`Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${spec.replicas - strategy.rollingUpdate.partition} new pods have been updated...\n`);
      }
      return { message: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...\n`, done: true };
    }
    if (st.updateRevision !== st.currentRevision) return wait(`waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision ?? ''}...\n`);
    return { message: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision ?? ''}...\n`, done: true };
  }
  throw new StatusError(`no status viewer has been implemented for ${kind}`);
}

const wait = (message: string) => ({ message, done: false });

/** metav1.LabelSelectorAsSelector(...).String(). */
export function selectorString(sel: Obj | undefined): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries((sel?.['matchLabels'] ?? {}) as Record<string, string>)) parts.push(`${k}=${v}`);
  for (const e of (sel?.['matchExpressions'] ?? []) as Obj[]) {
    const values = [...((e['values'] ?? []) as string[])].sort().join(',');
    if (e['operator'] === 'In') parts.push(`${e['key']} in (${values})`);
    else if (e['operator'] === 'NotIn') parts.push(`${e['key']} notin (${values})`);
    else if (e['operator'] === 'Exists') parts.push(String(e['key']));
    else if (e['operator'] === 'DoesNotExist') parts.push(`!${e['key']}`);
  }
  return parts.sort().join(',');
}

/** The ReplicaSets the Deployment controls (listed by its selector, kept if it is their controller). */
export async function controlledReplicaSets(f: Factory, d: KObject): Promise<Obj[]> {
  const ns = d.metadata?.namespace;
  const list = await f.rest().request<{ items: Obj[] }>({
    method: 'GET',
    path: resourcePath({ group: 'apps', version: 'v1', resource: 'replicasets' }, ns),
    query: { labelSelector: selectorString((d as Obj)['spec']?.selector) },
  });
  return list.items.filter((rs) => (rs['metadata']?.ownerReferences ?? []).some((r: Obj) => r['controller'] && r['uid'] === d.metadata?.uid));
}

export const revisionOf = (rs: Obj): number | undefined => {
  const v = rs['metadata']?.annotations?.[REVISION_ANNOTATION];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
};

