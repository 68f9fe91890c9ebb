// Leader election on a coordination.k8s.io/v1 Lease, as client-go's tools/leaderelection with a
// LeaseLock: candidates race to write their identity into the Lease; the holder renews it every
// retry period and gives up if it cannot renew within the renew deadline; the others take over once
// they have seen no change to the record for a lease duration. Every write is a compare-and-swap on
// the Lease's resourceVersion, so two candidates can never both succeed with the same observation.
//
// Like client-go, a candidate trusts only its own clock: it never compares the record's renewTime
// with its clock, it only notes *when it observed* the record change (observedTime). That makes
// the scheme tolerant of clock skew between candidates.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Lease, LeaseSpec } from 'kubernetes-types/coordination/v1.js';
import type { KObject } from '../api/object.js';
import { silentLogger, type Logger } from '../machinery/log.js';
import { realClock, type Clock } from './clock.js';
import { EventRecorder } from './events.js';
import { isNotFound, type ResourceClient, type RestClient } from './rest.js';

/** JitterFactor of client-go: a candidate waits retryPeriod × [1, 2.2) between attempts to acquire. */
const JITTER_FACTOR = 1.2;

export interface LeaderCallbacks {
  /** Called (not awaited) once leadership is acquired; the work it starts must stop in onStoppedLeading. */
  onStartedLeading(): void | Promise<void>;
  /** Called when the elector's run ends, whether or not it ever led (as client-go's deferred call). */
  onStoppedLeading(): void | Promise<void>;
  /** Called when the observed leader changes, including the first leader seen. */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectionConfig {
  rest: RestClient;
  namespace: string;
  name: string;
  /** Unique per candidate; see defaultIdentity(). */
  identity: string;
  /** How long a non-leader waits without seeing the record change before taking over (default 15 s). */
  leaseDurationMs?: number;
  /** How long the leader keeps retrying a renewal before giving up (default 10 s). */
  renewDeadlineMs?: number;
  /** Time between attempts (default 2 s). */
  retryPeriodMs?: number;
  /** On stop(), clear the holder so another candidate takes over at once (kube-controller-manager does). */
  releaseOnCancel?: boolean;
  callbacks: LeaderCallbacks;
  /**
   * The clock for the election's own timing. Leave it real in production: see realClock's use in
   * the controller manager for why a simulated cluster clock must not drive this.
   */
  clock?: Clock;
  log?: Logger;
  /** Component named in the "became leader" / "stopped leading" events on the Lease. */
  eventComponent?: string;
}

/** The election record, as kept in a Lease's spec (resourcelock.LeaderElectionRecord). */
interface Record {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: string;
  renewTime: string;
  leaseTransitions: number;
}

/** kube-controller-manager's identity: `<hostname>_<uuid>`, unique even for two processes on one host. */
export function defaultIdentity(): string {
  return `${hostname()}_${randomUUID()}`;
}

/** metav1.MicroTime's wire form: RFC 3339 with exactly six fractional digits. */
export function rfc3339Micro(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function recordOf(spec: LeaseSpec | undefined): Record {
  return {
    holderIdentity: spec?.holderIdentity ?? '',
    leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
    acquireTime: spec?.acquireTime ?? '',
    renewTime: spec?.renewTime ?? '',
    leaseTransitions: spec?.leaseTransitions ?? 0,
  };
}

function specOf(r: Record): LeaseSpec {
  // Every field written, a released lease's holder as "", as client-go's LeaseLock does.
  return { holderIdentity: r.holderIdentity, leaseDurationSeconds: r.leaseDurationSeconds, acquireTime: r.acquireTime, renewTime: r.renewTime, leaseTransitions: r.leaseTransitions };
}

export class LeaderElector {
  private readonly leases: ResourceClient<Lease & KObject>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly events: EventRecorder;
  /** The Lease as last read or written: its resourceVersion guards the next write. */
  private lease?: Lease & KObject;
  private observed: Record = recordOf(undefined);
  private observedRaw = '';
  private observedTime = 0;
  private reportedLeader = '';
  private stopped = false;
  private wake?: () => void;
  private running?: Promise<void>;

  constructor(private readonly config: LeaderElectionConfig) {
    this.clock = config.clock ?? realClock;
    this.log = config.log ?? silentLogger;
    this.leaseDurationMs = config.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = config.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = config.retryPeriodMs ?? 2_000;
    // NewLeaderElector's checks, with its messages.
    if (this.leaseDurationMs <= this.renewDeadlineMs) throw new Error('leaseDuration must be greater than renewDeadline');
    if (this.renewDeadlineMs <= JITTER_FACTOR * this.retryPeriodMs) throw new Error('renewDeadline must be greater than retryPeriod*JitterFactor');
    // The Lease keeps whole seconds; anything shorter would be written as 0.
    if (this.leaseDurationMs < 1000) throw new Error('leaseDuration must be at least one second');
    if (!config.identity) throw new Error('Lock identity is empty');
    this.leases = config.rest.resource<Lease & KObject>({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases' });
    this.events = new EventRecorder(config.rest, { component: config.eventComponent ?? config.identity }, this.clock);
  }

  get identity(): string {
    return this.config.identity;
  }

  /** The last observed leader ("" if none yet). */
  getLeader(): string {
    return this.observed.holderIdentity;
  }

  isLeader(): boolean {
    return this.observed.holderIdentity === this.config.identity;
  }

  private get describe(): string {
    return `${this.config.namespace}/${this.config.name}`;
  }

  /** Start campaigning; the returned promise settles when the run ends (stopped, or leadership lost). */
  run(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }

  /** Stop campaigning (releasing the lease if configured and held); resolves when the run has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    try {
      if (!(await this.acquire())) return;
      // Not awaited, as client-go runs it in its own goroutine: renewing must not wait for the work.
      void Promise.resolve()
        .then(() => this.config.callbacks.onStartedLeading())
        .catch((err: unknown) => this.log.error('onStartedLeading failed', { err: errText(err) }));
      await this.renew();
    } finally {
      await this.config.callbacks.onStoppedLeading();
    }
  }

  /** Sleep on the election clock; stop() cuts it short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      const cancel = this.clock.after(ms, () => {
        this.wake = undefined;
        resolve();
      });
      this.wake = () => {
        cancel();
        this.wake = undefined;
        resolve();
      };
    });
  }

  /** Try until acquired (true) or stopped (false). */
  private async acquire(): Promise<boolean> {
    this.log.info('attempting to acquire leader lease', { lease: this.describe, identity: this.identity });
    while (!this.stopped) {
      const ok = await this.tryAcquireOrRenew();
      this.maybeReportTransition();
      if (ok && !this.stopped) {
        this.log.info('successfully acquired lease', { lease: this.describe, identity: this.identity });
        void this.recordEvent('became leader');
        return true;
      }
      if (ok) {
        // Stopped while the winning write was in flight: hand the lease straight back.
        if (this.config.releaseOnCancel) await this.release();
        return false;
      }
      await this.sleep(this.retryPeriodMs * (1 + Math.random() * JITTER_FACTOR));
    }
    return false;
  }

  /** Renew every retry period until a renewal fails for a whole renew deadline, or stop(). */
  private async renew(): Promise<void> {
    while (!this.stopped) {
      const deadline = this.clock.now().getTime() + this.renewDeadlineMs;
      let renewed = false;
      while (!this.stopped && this.clock.now().getTime() < deadline) {
        renewed = await this.withDeadline(this.tryAcquireOrRenew(), deadline);
        if (renewed) break;
        await this.sleep(this.retryPeriodMs);
      }
      this.maybeReportTransition();
      if (this.stopped) break;
      if (!renewed) {
        this.log.info('failed to renew lease', { lease: this.describe, identity: this.identity, err: 'timed out waiting for the condition' });
        void this.recordEvent('stopped leading');
        return;
      }
      await this.sleep(this.retryPeriodMs);
    }
    void this.recordEvent('stopped leading');
    if (this.config.releaseOnCancel) await this.release();
  }

  /** An attempt that has not answered by the deadline counts as failed (a hung request must not keep us leading). */
  private withDeadline(attempt: Promise<boolean>, deadline: number): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = this.clock.after(deadline - this.clock.now().getTime(), () => resolve(false));
      void attempt.then((ok) => {
        cancel();
        resolve(ok);
      });
    });
  }

  /** Give the lease up: no holder and a 1 s duration, so the next candidate to look takes it. */
  private async release(): Promise<void> {
    if (!this.isLeader() || !this.lease) return;
    const now = rfc3339Micro(this.clock.now());
    const record: Record = { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: this.observed.leaseTransitions };
    try {
      this.lease = await this.leases.update({ ...this.lease, spec: specOf(record) });
      this.setObserved(record);
      this.log.info('released leader lease', { lease: this.describe, identity: this.identity });
    } catch (err) {
      this.log.error('Failed to release lock', { lease: this.describe, err: errText(err) });
    }
  }

  /** One attempt: create the Lease, take it over if expired or free, or renew it if ours. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.clock.now();
    const record: Record = {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.floor(this.leaseDurationMs / 1000),
      acquireTime: rfc3339Micro(now),
      renewTime: rfc3339Micro(now),
      leaseTransitions: 0,
    };
    let current: Lease & KObject;
    try {
      current = await this.leases.get(this.config.name, this.config.namespace);
    } catch (err) {
      if (!isNotFound(err)) {
        this.log.error('error retrieving resource lock', { lease: this.describe, err: errText(err) });
        return false;
      }
      try {
        this.lease = await this.leases.create({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.config.name, namespace: this.config.namespace },
          spec: specOf(record),
        });
      } catch (err2) {
        this.log.error('error initially creating leader election record', { lease: this.describe, err: errText(err2) });
        return false;
      }
      this.setObserved(record);
      return true;
    }
    this.lease = current;
    const old = recordOf(current.spec);
    const raw = JSON.stringify(old);
    if (raw !== this.observedRaw) {
      this.setObserved(old);
      this.observedRaw = raw;
    }
    if (old.holderIdentity && this.leaseValid(now) && !this.isLeader()) {
      this.log.debug('lock is held by another and has not yet expired', { lease: this.describe, holder: old.holderIdentity });
      return false;
    }
    if (this.isLeader()) {
      record.acquireTime = old.acquireTime;
      record.leaseTransitions = old.leaseTransitions;
    } else {
      record.leaseTransitions = old.leaseTransitions + 1;
    }
    try {
      // PUT with the resourceVersion just read: a concurrent writer makes this a 409, not a second leader.
      this.lease = await this.leases.update({ ...current, spec: specOf(record) });
    } catch (err) {
      this.log.error('Failed to update lock', { lease: this.describe, err: errText(err) });
      return false;
    }
    this.setObserved(record);
    return true;
  }

  private leaseValid(now: Date): boolean {
    return this.observedTime + this.observed.leaseDurationSeconds * 1000 > now.getTime();
  }

  private setObserved(r: Record): void {
    this.observed = r;
    this.observedTime = this.clock.now().getTime();
  }

  private maybeReportTransition(): void {
    if (this.observed.holderIdentity === this.reportedLeader) return;
    this.reportedLeader = this.observed.holderIdentity;
    if (this.reportedLeader) this.log.info('new leader elected', { lease: this.describe, leader: this.reportedLeader });
    try {
      this.config.callbacks.onNewLeader?.(this.reportedLeader);
    } catch (err) {
      this.log.error('onNewLeader failed', { err: errText(err) });
    }
  }

  /** LeaseLock.RecordEvent: a Normal "LeaderElection" event on the Lease, "<identity> <what>". */
  private async recordEvent(what: string): Promise<void> {
    if (!this.lease) return;
    const subject = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: this.lease.metadata } as KObject;
    const err = await this.events.event(subject, 'Normal', 'LeaderElection', `${this.identity} ${what}`);
    if (err) this.log.debug('could not record leader election event', { err: err.message });
  }
}

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));
