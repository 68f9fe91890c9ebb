// RateLimitedTimedQueue (nodelifecycle/scheduler/rate_limited_queue.go): the nodes of one zone
// waiting for their NoExecute taint, handed out no faster than the zone's rate (a token bucket of
// burst 1 on the injected clock), so a zone losing many nodes at once is tainted gradually — or not
// at all while the whole cluster looks down (rate 0).
import type { Clock } from '../../client/clock.js';

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: Clock,
    readonly qps: number,
    private readonly burst = 1,
  ) {
    this.tokens = burst;
    this.last = clock.now().getTime();
  }

  private refill(): void {
    const now = this.clock.now().getTime();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
  }

  tryAccept(): boolean {
    if (this.qps <= 0) return false;
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is available (Infinity at rate 0). */
  msUntilToken(): number {
    if (this.qps <= 0) return Infinity;
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.qps) * 1000);
  }
}

interface Item {
  value: string;
  uid: string;
  processAt: number;
}

export class RateLimitedTimedQueue {
  /** Waiting to be processed. */
  private readonly items = new Map<string, Item>();
  /**
   * Every node added and not removed, processed or not (UniqueQueue's set): a processed node stays a
   * member, so it is not queued again until remove() — when it became reachable or lost its taint.
   */
  private readonly members = new Set<string>();
  private limiter: TokenBucket;

  constructor(
    private readonly clock: Clock,
    qps: number,
  ) {
    this.limiter = new TokenBucket(clock, qps);
  }

  /** Queue a node unless it is a member already; returns whether it was added. */
  add(value: string, uid: string): boolean {
    if (this.members.has(value)) return false;
    this.members.add(value);
    this.items.set(value, { value, uid, processAt: this.clock.now().getTime() });
    return true;
  }

  remove(value: string): boolean {
    this.items.delete(value);
    return this.members.delete(value);
  }

  get size(): number {
    return this.items.size;
  }

  /** SwapLimiter: a new rate, starting with a full bucket as upstream's new limiter does. */
  swapLimiter(qps: number): void {
    if (qps === this.limiter.qps) return;
    this.limiter = new TokenBucket(this.clock, qps);
  }

  /**
   * Try: process due items in order while the limiter allows; `fn` says whether an item is done or
   * when to retry it. Returns ms until the next attempt is worth making (Infinity: nothing pending).
   */
  async try(fn: (value: string, uid: string) => Promise<{ done: true } | { done: false; retryAfterMs: number }>): Promise<number> {
    const now = () => this.clock.now().getTime();
    for (const item of [...this.items.values()].sort((a, b) => a.processAt - b.processAt)) {
      if (item.processAt > now()) break;
      if (!this.limiter.tryAccept()) break;
      const r = await fn(item.value, item.uid);
      if (r.done) this.items.delete(item.value);
      else if (this.items.get(item.value) === item) item.processAt = now() + r.retryAfterMs;
    }
    if (this.items.size === 0) return Infinity;
    const nextDue = Math.min(...[...this.items.values()].map((i) => i.processAt)) - now();
    return Math.max(nextDue, this.limiter.msUntilToken(), 0);
  }
}
