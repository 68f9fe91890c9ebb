// Per-zone eviction pacing of the node lifecycle controller (handleDisruption, setLimiterInZone,
// doNoExecuteTaintingPass): each zone's nodes wait in their own rate-limited queue for the NoExecute
// taint; a zone mostly down is tainted slowly or not at all, and while every zone is fully down the
// controller assumes the fault is its own view of the cluster and taints nothing.
import type { Clock } from '../../client/clock.js';
import type { Logger } from '../../machinery/log.js';
import { computeZoneState, type ZoneState } from './health.js';
import { RateLimitedTimedQueue } from './ratelimited.js';

export type TaintResult = { done: true } | { done: false; retryAfterMs: number };

export interface ZoneEvictionOptions {
  clock: Clock;
  log: Logger;
  evictionQps: number;
  secondaryQps: number;
  largeClusterThreshold: number;
  unhealthyThreshold: number;
  /** Put the NoExecute taint on a queued node (or decide it needs none). */
  taintNode(name: string): Promise<TaintResult>;
}

/** What a disruption update asks of the controller besides the zones' rates. */
export type DisruptionChange = 'entered' | 'exited' | undefined;

export class ZoneEvictions {
  private readonly states = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, RateLimitedTimedQueue>();
  private running?: Promise<void>;
  private again = false;
  private cancelWake?: () => void;
  private stopped = false;

  constructor(private readonly o: ZoneEvictionOptions) {}

  stop(): void {
    this.stopped = true;
    this.cancelWake?.();
  }

  has(zone: string): boolean {
    return this.states.has(zone);
  }

  /** addPodEvictorForNewZone: a zone first seen starts Initial, tainting at the normal rate. */
  addZone(zone: string): void {
    if (this.states.has(zone)) return;
    this.states.set(zone, 'Initial');
    this.tainter(zone);
  }

  tainter(zone: string): RateLimitedTimedQueue {
    let t = this.tainters.get(zone);
    if (!t) this.tainters.set(zone, (t = new RateLimitedTimedQueue(this.o.clock, this.o.evictionQps)));
    return t;
  }

  /**
   * handleDisruption: new zone states from the Ready statuses seen in this pass. Entering "all zones
   * fully disrupted" stops every zone's tainting (the caller removes the NoExecute taints); leaving
   * it restores the rates (the caller gives every node a fresh grace period).
   */
  update(zoneReady: Map<string, (string | undefined)[]>): DisruptionChange {
    const next = new Map<string, ZoneState>();
    let allAre = true;
    for (const [zone, statuses] of zoneReady) {
      const { state } = computeZoneState(statuses, this.o.unhealthyThreshold);
      if (state !== 'FullDisruption') allAre = false;
      next.set(zone, state);
      if (!this.states.has(zone)) this.states.set(zone, 'Initial');
    }
    let allWere = true;
    for (const [zone, state] of this.states) {
      if (!zoneReady.has(zone)) {
        this.states.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') {
        allWere = false;
        break;
      }
    }
    if (allAre && allWere) return undefined;
    if (allAre) {
      this.o.log.info('Controller detected that all Nodes are not-Ready. Entering master disruption mode');
      for (const zone of this.states.keys()) {
        this.tainter(zone).swapLimiter(0);
        this.states.set(zone, 'FullDisruption');
      }
      return 'entered';
    }
    if (allWere) {
      this.o.log.info('Controller detected that some Nodes are Ready. Exiting master disruption mode');
      for (const zone of this.states.keys()) {
        this.setLimiter(zone, zoneReady.get(zone)?.length ?? 0, next.get(zone)!);
        this.states.set(zone, next.get(zone)!);
      }
      return 'exited';
    }
    for (const [zone, state] of this.states) {
      const s = next.get(zone)!;
      if (state === s) continue;
      this.o.log.info('Controller detected that zone is now in new state', { zone, newState: s });
      this.setLimiter(zone, zoneReady.get(zone)?.length ?? 0, s);
      this.states.set(zone, s);
    }
    return undefined;
  }

  private setLimiter(zone: string, size: number, state: ZoneState): void {
    if (state === 'PartialDisruption') this.tainter(zone).swapLimiter(size > this.o.largeClusterThreshold ? this.o.secondaryQps : 0);
    else if (state === 'Normal' || state === 'FullDisruption') this.tainter(zone).swapLimiter(this.o.evictionQps);
  }

  /**
   * doNoExecuteTaintingPass: taint queued nodes as their zones' rates allow. Upstream polls every
   * 100 ms; here a pass runs when asked (after each health pass) and again when the next node is due.
   */
  runTaintingPass(): void {
    if (this.stopped) return;
    if (this.running) {
      // A node may have been queued in a zone the running pass has already been through.
      this.again = true;
      return;
    }
    this.cancelWake?.();
    this.running = (async () => {
      let next = Infinity;
      for (const t of this.tainters.values()) next = Math.min(next, await t.try((name) => this.o.taintNode(name)));
      return next;
    })()
      .catch((err: unknown) => {
        this.o.log.error('NoExecute tainting pass failed', { err: err instanceof Error ? err.message : String(err) });
        return 1000;
      })
      .then((next) => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          return this.runTaintingPass();
        }
        if (next !== Infinity && !this.stopped) this.cancelWake = this.o.clock.after(Math.max(next, 50), () => this.runTaintingPass());
      });
  }
}
