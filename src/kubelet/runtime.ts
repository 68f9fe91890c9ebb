// The one interface between the node agent and whatever runs pods. The agent owns the API side
// (one shared informer, the work queue, pod IPs, bounded writes, the final delete); a runtime only
// says, for a pod as stored, what its status should become next, or when to ask again. The
// simulated runtime below plays stages; a process runtime will start real processes and call
// `wake` when one exits.
import type { Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import { runSpecOf } from './runspec.js';
import { podSimState, stateSince, type PodSimState, type Stage } from './stages.js';

export interface NodeInfo {
  name: string;
  /** The node's InternalIP, reported as the pods' hostIP. */
  internalIP: string;
  podCIDR: string;
}

export interface PodSyncContext {
  now: Date;
  node: NodeInfo;
  /** The pod's IP from the node's CIDR, allocated on first use; throws when none is left. */
  podIP(): string;
}

/** What to do next for a pod: write this status, delete it (grace 0), look again later, or nothing. */
export type PodStep = { status: PodStatus } | { delete: true } | { waitMs: number } | undefined;

export interface PodRuntime {
  /** Called with a way to have a pod synced again (by "namespace/name"), before any sync. */
  start?(wake: (key: string) => void): void;
  /** The next step for a pod bound to one of the agent's nodes; never called twice at once for a pod. */
  sync(pod: Pod, ctx: PodSyncContext): PodStep | Promise<PodStep>;
  /** The pod is gone from the server: drop what the runtime holds for it. */
  forget(uid: string): void;
}

/**
 * Runs pods by playing stages. It remembers when each pod entered its current state (to the
 * millisecond, where the status only keeps seconds); after a restart, the status's own timestamps
 * stand in.
 */
export class StageRuntime implements PodRuntime {
  private readonly entered = new Map<string, { state: PodSimState; at: number }>();

  constructor(private readonly stages: Stage[]) {}

  sync(pod: Pod, ctx: PodSyncContext): PodStep {
    const uid = pod.metadata!.uid!;
    const state = podSimState(pod);
    if (state === 'done') {
      this.entered.delete(uid);
      return undefined;
    }
    const env = { ...ctx, run: runSpecOf(pod) };
    const stage = this.stages.find((s) => s.from === state && (!s.when || s.when(pod, env)));
    if (!stage) return undefined;
    const now = ctx.now.getTime();
    let e = this.entered.get(uid);
    if (!e || e.state !== state) {
      e = { state, at: stateSince(pod, state) ?? now };
      this.entered.set(uid, e);
    }
    const waitMs = e.at + stage.delayMs(pod, env) - now;
    if (!Number.isFinite(waitMs)) return undefined;
    if (waitMs > 0) return { waitMs };
    if ('delete' in stage.next) return { delete: true };
    const status = stage.next.status(pod, env);
    this.entered.set(uid, { state: podSimState({ ...pod, status }), at: now });
    return { status };
  }

  forget(uid: string): void {
    this.entered.delete(uid);
  }
}
