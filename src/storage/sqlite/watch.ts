// In-process watch fan-out: no polling. The writer publishes each committed batch's events here.
// A new watch records hw = the committed revision and registers for live events in one synchronous
// block (commits are synchronous too, so none can land in between): history [start, hw] is then
// replayed from the log in bounded chunks, while live events (all > hw) queue behind it. Hence no gap
// and no duplicate. Delivery is always asynchronous and per watcher, so a throwing or cancelled
// watcher cannot disturb the writer or the other watchers.
import { CompactedError, type WatchEvent, type WatchHandler, type Watcher } from '../backend.js';
import { inRange, type KeyRange } from './rows.js';

export interface WatchSource {
  revision(): number;
  compacted(): number;
  /** Events for keys in range with revision in [from, to], in revision order. */
  replay(range: KeyRange, from: number, to: number): WatchEvent[];
}

/** Revisions scanned per replay chunk (one row per revision), between which the event loop runs. */
const REPLAY_CHUNK = 500;

export class WatchHub {
  private readonly watchers = new Set<LiveWatch>();

  constructor(readonly source: WatchSource) {}

  watch(range: KeyRange, startRevision: number, handler: WatchHandler): Watcher {
    const hw = this.source.revision();
    const compacted = this.source.compacted();
    const start = startRevision > 0 ? startRevision : hw + 1;
    const w = new LiveWatch(this, range, start, hw, handler);
    if (startRevision > 0 && startRevision <= compacted) {
      w.fail(new CompactedError(startRevision, compacted));
      return w;
    }
    this.watchers.add(w);
    if (start <= hw) w.schedule();
    return w;
  }

  publish(events: WatchEvent[]): void {
    if (events.length === 0) return;
    for (const w of this.watchers) w.offer(events);
  }

  /** Watchers still replaying history at or below `rev` would miss compacted rows: end them (as etcd does). */
  compacted(rev: number): void {
    for (const w of this.watchers) {
      if (w.replaying() && w.cursor <= rev) w.fail(new CompactedError(w.cursor, rev));
    }
  }

  closeAll(err: Error): void {
    for (const w of [...this.watchers]) w.fail(err);
  }

  remove(w: LiveWatch): void {
    this.watchers.delete(w);
  }

  get size(): number {
    return this.watchers.size;
  }
}

class LiveWatch implements Watcher {
  private queue: WatchEvent[] = [];
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly hub: WatchHub,
    private readonly range: KeyRange,
    /** Next revision to read from the log; replay is done once cursor > hw. */
    public cursor: number,
    private readonly hw: number,
    private readonly handler: WatchHandler,
  ) {}

  replaying(): boolean {
    return this.cursor <= this.hw;
  }

  offer(events: WatchEvent[]): void {
    if (this.closed) return;
    // cursor only filters here for a watch that starts in the future (cursor > hw); replayed ranges
    // are <= hw and live events are > hw.
    const start = Math.max(this.cursor, this.hw + 1);
    let added = false;
    for (const e of events) {
      if (e.kv.modRevision >= start && inRange(this.range, e.kv.key)) {
        this.queue.push(e);
        added = true;
      }
    }
    if (added && !this.replaying()) this.schedule();
  }

  schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    // Replay chunks yield to the event loop; live deliveries only need to leave the writer's stack.
    if (this.replaying()) setImmediate(() => this.pump());
    else queueMicrotask(() => this.pump());
  }

  private pump(): void {
    this.scheduled = false;
    if (this.closed) return;
    if (this.replaying()) {
      const to = Math.min(this.cursor + REPLAY_CHUNK - 1, this.hw);
      let events: WatchEvent[];
      try {
        events = this.hub.source.replay(this.range, this.cursor, to);
      } catch (err) {
        this.fail(err as Error);
        return;
      }
      this.cursor = to + 1;
      if (events.length > 0) this.deliver(events);
      this.schedule(); // next chunk, or the live events queued meanwhile
      return;
    }
    if (this.queue.length === 0) return;
    const events = this.queue;
    this.queue = [];
    this.deliver(events);
  }

  private deliver(events: WatchEvent[]): void {
    try {
      this.handler.onEvents(events);
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Ends the watch and reports `err` once, asynchronously. */
  fail(err: Error): void {
    if (this.closed) return;
    this.cancel();
    queueMicrotask(() => {
      try {
        this.handler.onError(err);
      } catch {
        // The watch is already over; a throwing onError has nobody left to tell.
      }
    });
  }

  cancel(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.hub.remove(this);
  }
}
