// The node side of the agent, for many nodes: registration (create, or on restart reconcile the
// existing Node), the node Lease in kube-node-lease renewed every 10 s (a quarter of its 40 s
// duration, as the kubelet's lease controller), and the node status re-posted every 5 min
// (nodeStatusReportFrequency) as nothing in a simulated node changes between reports. Both periods
// have a real-time floor of 2 s so a fast simulated clock cannot turn heartbeats into a write storm,
// and each node's timers are offset so renewals spread over the period instead of coming together.
import type { Lease as LeaseV1 } from 'kubernetes-types/coordination/v1.js';
import type { Node as NodeV1, NodeCondition } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../api/object.js';
import { NODE_LEASE_NAMESPACE } from '../api/core/wellknown.js';
import type { Clock } from '../client/clock.js';
import { isAlreadyExists, isConflict, isNotFound, type ResourceClient, type RestClient } from '../client/rest.js';
import type { Logger } from '../machinery/log.js';
import { microTime } from '../machinery/format.js';
import { initialNode, nodeLabels, nodeStatus } from './node.js';
import type { NodeInfo } from './runtime.js';

type Node = NodeV1 & KObject;
type Lease = LeaseV1 & KObject;

export const LEASE_DURATION_SECONDS = 40;
const LEASE_RENEW_MS = 10_000;
const STATUS_REPORT_MS = 5 * 60_000;
const REAL_FLOOR_MS = 2_000;

/** A period in clock ms, never shorter than REAL_FLOOR_MS of real time at the clock's rate. */
export const withRealFloor = (clockMs: number, rate = 1) => Math.max(clockMs, REAL_FLOOR_MS * rate);

/** Run `fn` over `items` with at most `limit` calls in flight. */
export async function forEachLimit<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface NodeState {
  info: NodeInfo;
  /** The node's clients, under its own identity. */
  nodeClient: ResourceClient<Node>;
  leaseClient: ResourceClient<Lease>;
  uid?: string;
  conditions?: NodeCondition[];
  lease?: Lease;
  cancel: (() => void)[];
}

export interface HeartbeatOptions {
  restFor: (nodeName: string) => RestClient;
  clock: Clock;
  log: Logger;
  nodes: NodeInfo[];
  capacity: Record<string, string>;
  kubeletVersion: string;
}

export class NodeHeartbeats {
  private readonly states: NodeState[];
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly opts: HeartbeatOptions) {
    this.states = opts.nodes.map((info) => {
      const rest = opts.restFor(info.name);
      const nodeClient = rest.resource<Node>({ group: '', version: 'v1', resource: 'nodes' });
      const leaseClient = rest.resource<Lease>({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases' });
      return { info, nodeClient, leaseClient, cancel: [] };
    });
  }

  /** Register every node and create its lease, a bounded number at a time. */
  async register(): Promise<void> {
    await forEachLimit(this.states, 32, async (s) => {
      await this.registerNode(s);
      await this.renewLease(s);
    });
  }

  /** Start the periodic lease renewals and status reports, spread over their periods. */
  start(): void {
    const rate = this.opts.clock.rate ?? 1;
    const leaseMs = withRealFloor(LEASE_RENEW_MS, rate);
    const statusMs = withRealFloor(STATUS_REPORT_MS, rate);
    const n = this.states.length;
    this.states.forEach((s, i) => {
      this.every(s, leaseMs, (leaseMs * (i + 1)) / n, () => this.renewLease(s));
      this.every(s, statusMs, (statusMs * (i + 1)) / n, () => this.reportStatus(s));
    });
  }

  /** Cancel the timers and wait for heartbeats already on the wire. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of this.states) for (const c of s.cancel.splice(0)) c();
    await Promise.allSettled([...this.inFlight]);
  }

  private every(s: NodeState, periodMs: number, firstMs: number, fn: () => Promise<void>): void {
    const tick = (delay: number) => {
      const cancel = this.opts.clock.after(delay, () => {
        const i = s.cancel.indexOf(cancel);
        if (i >= 0) s.cancel.splice(i, 1);
        if (this.stopped) return;
        const p = fn()
          .catch((err) => this.opts.log.warn('simulated node heartbeat failed', { node: s.info.name, err: (err as Error).message }))
          .finally(() => {
            this.inFlight.delete(p);
            if (!this.stopped) tick(periodMs);
          });
        this.inFlight.add(p);
      });
      s.cancel.push(cancel);
    };
    tick(firstMs);
  }

  /** tryRegisterWithAPIServer: create; if the node exists (a restart), bring its labels and status up to date. */
  private async registerNode(s: NodeState): Promise<void> {
    const { capacity, kubeletVersion, clock } = this.opts;
    const now = clock.now();
    try {
      const created = await s.nodeClient.create(initialNode(s.info, capacity, kubeletVersion, now) as Node);
      s.uid = created.metadata.uid;
      s.conditions = created.status?.conditions;
      return;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    const existing = await s.nodeClient.get(s.info.name);
    // A pod CIDR, once set, cannot change: keep the one the node has.
    const cidr = existing.spec?.podCIDR;
    if (cidr) s.info.podCIDR = cidr;
    const patch: Record<string, unknown> = { metadata: { labels: nodeLabels(s.info.name) } };
    if (!cidr) patch['spec'] = { podCIDR: s.info.podCIDR, podCIDRs: [s.info.podCIDR] };
    const updated = await s.nodeClient.patch(s.info.name, patch, { type: 'merge' });
    s.uid = updated.metadata.uid;
    const status = nodeStatus(s.info, capacity, kubeletVersion, now, existing.status?.conditions);
    const out = await s.nodeClient.patch(s.info.name, { status }, { type: 'merge', subresource: 'status' });
    s.conditions = out.status?.conditions;
  }

  private async reportStatus(s: NodeState): Promise<void> {
    const { capacity, kubeletVersion, clock } = this.opts;
    const status = nodeStatus(s.info, capacity, kubeletVersion, clock.now(), s.conditions);
    try {
      const out = await s.nodeClient.patch(s.info.name, { status }, { type: 'merge', subresource: 'status' });
      s.conditions = out.status?.conditions;
    } catch (err) {
      // The Node was deleted under us: register it again, as a kubelet does after a restart.
      if (!isNotFound(err)) throw err;
      await this.registerNode(s);
    }
  }

  private leaseFor(s: NodeState, base?: Lease): Lease {
    const name = s.info.name;
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      ...base,
      metadata: {
        ...base?.metadata,
        name,
        namespace: NODE_LEASE_NAMESPACE,
        // Owned by the Node, so the lease goes with it.
        ownerReferences: s.uid ? [{ apiVersion: 'v1', kind: 'Node', name, uid: s.uid }] : base?.metadata?.ownerReferences,
      },
      spec: { ...base?.spec, holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime(this.opts.clock.now()) },
    };
  }

  /** Update the lease from the last copy; on a conflict or a missing lease, read it again or create it. */
  private async renewLease(s: NodeState): Promise<void> {
    if (s.lease) {
      try {
        s.lease = await s.leaseClient.update(this.leaseFor(s, s.lease));
        return;
      } catch (err) {
        if (!isConflict(err) && !isNotFound(err)) throw err;
      }
    }
    try {
      const current = await s.leaseClient.get(s.info.name, NODE_LEASE_NAMESPACE);
      s.lease = await s.leaseClient.update(this.leaseFor(s, current));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      s.lease = await s.leaseClient.create(this.leaseFor(s));
    }
  }
}
