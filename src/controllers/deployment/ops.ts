// What the rollout steps need from the controller: clients, the ReplicaSet cache, events, time, and
// a way to look at a Deployment again later. Kept as one small port so the steps stay plain functions.
import type { Cache } from '../../client/informer.js';
import type { ResourceClient } from '../../client/rest.js';
import type { EventRecorder } from '../../client/events.js';
import type { Deployment, ReplicaSet } from './util.js';

export interface Ops {
  deployments: ResourceClient<Deployment>;
  replicasets: ResourceClient<ReplicaSet>;
  rsCache: Cache<ReplicaSet>;
  events: EventRecorder;
  now(): Date;
  requeueAfter(d: Deployment, ms: number): void;
  requeueRateLimited(d: Deployment): void;
}

export const RS_KIND = { apiVersion: 'apps/v1', kind: 'ReplicaSet' } as const;
export const DEPLOYMENT_KIND = { apiVersion: 'apps/v1', kind: 'Deployment' } as const;

/** UpdateStatus with the whole object; `d` takes the new resourceVersion so later writes in the same sync do not conflict. */
export async function updateDeploymentStatus(ops: Ops, d: Deployment): Promise<void> {
  const updated = await ops.deployments.update({ ...DEPLOYMENT_KIND, ...d }, { subresource: 'status' });
  d.metadata.resourceVersion = updated.metadata.resourceVersion;
}
