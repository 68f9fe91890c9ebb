// Node health as the node lifecycle controller judges it (tryUpdateNodeHealth): a node is alive
// while its kubelet keeps changing something — the Ready condition's heartbeat or its Lease in
// kube-node-lease. What counts is when *this controller* saw the change (probeTimestamp on the
// controller's clock), never the timestamps the kubelet wrote, so skew between the two clocks does
// not matter. A node not heard from for the grace period has its conditions set to Unknown.
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { NodeCondition, NodeStatus } from 'kubernetes-types/core/v1.js';

export interface NodeHealth {
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  status?: NodeStatus;
  lease?: Lease;
}

/** The conditions the controller turns Unknown (NetworkUnavailable is the network plugin's, left alone). */
export const KUBELET_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export const readyCondition = (status: NodeStatus | undefined): NodeCondition | undefined => status?.conditions?.find((c) => c.type === 'Ready');

const microTime = (t: string | undefined) => (t ? Date.parse(t) : NaN);

/**
 * The health record after observing `status` and `lease` at `now`: a new Ready heartbeat or a
 * renewed lease moves probeTimestamp to now; a Ready transition moves readyTransitionTimestamp.
 */
export function observeHealth(prior: NodeHealth | undefined, status: NodeStatus | undefined, lease: Lease | undefined, now: number, created: number): NodeHealth {
  const current = readyCondition(status);
  let health: NodeHealth;
  if (!current) {
    // Never posted status: measured from the node's creation (with the startup grace period).
    health = prior ? { ...prior, status } : { status, probeTimestamp: created, readyTransitionTimestamp: created };
  } else {
    health = prior ?? { status, probeTimestamp: now, readyTransitionTimestamp: now };
  }
  const saved = readyCondition(prior?.status);
  if (prior && !saved && current) {
    health = { status, probeTimestamp: now, readyTransitionTimestamp: now };
  } else if (prior && saved && !current) {
    health = { status, probeTimestamp: now, readyTransitionTimestamp: now };
  } else if (prior && saved && current && saved.lastHeartbeatTime !== current.lastHeartbeatTime) {
    const transition = saved.lastTransitionTime !== current.lastTransitionTime ? now : prior.readyTransitionTimestamp;
    health = { status, probeTimestamp: now, readyTransitionTimestamp: transition };
  }
  // A renewed lease is a sign of life even when the status is not posted.
  const savedRenew = microTime(prior?.lease?.spec?.renewTime);
  const renew = microTime(lease?.spec?.renewTime);
  if (lease && (!prior?.lease || (!Number.isNaN(renew) && (Number.isNaN(savedRenew) || savedRenew < renew)))) {
    health = { ...health, lease, probeTimestamp: now };
  } else if (prior?.lease && !health.lease) {
    health = { ...health, lease: prior.lease };
  }
  return health;
}

export type ZoneState = 'Initial' | 'Normal' | 'FullDisruption' | 'PartialDisruption';

/**
 * ComputeZoneState: FullDisruption when no node of the zone is ready; PartialDisruption when more
 * than two are not and they are at least `unhealthyThreshold` of it; Normal otherwise.
 */
export function computeZoneState(readyStatuses: (string | undefined)[], unhealthyThreshold: number): { notReady: number; state: ZoneState } {
  let ready = 0;
  let notReady = 0;
  for (const s of readyStatuses) if (s === 'True') ready++;
  else notReady++;
  if (ready === 0 && notReady > 0) return { notReady, state: 'FullDisruption' };
  if (notReady > 2 && notReady / (notReady + ready) >= unhealthyThreshold) return { notReady, state: 'PartialDisruption' };
  return { notReady, state: 'Normal' };
}

/** GetZoneKey: region and zone labels (stable, else beta), joined by ":\0:"; "" when neither is set. */
export function zoneKey(labels: Record<string, string> | undefined): string {
  const region = labels?.['topology.kubernetes.io/region'] ?? labels?.['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = labels?.['topology.kubernetes.io/zone'] ?? labels?.['failure-domain.beta.kubernetes.io/zone'] ?? '';
  if (!region && !zone) return '';
  return `${region}:\x00:${zone}`;
}
