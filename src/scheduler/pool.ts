// Bounded concurrency for the scheduler's API writes: at most `limit` tasks run at once, the rest wait
// in order. The scheduling loop hands bindings, events and status updates here and moves on.

export class Pool {
  private running = 0;
  private readonly pending: (() => Promise<unknown>)[] = [];
  private readonly roomWaiters: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Queue a task; its failure is the task's own business (it should catch). */
  submit(task: () => Promise<unknown>): void {
    this.pending.push(task);
    this.pump();
  }

  /** Tasks running or waiting. */
  get size(): number {
    return this.running + this.pending.length;
  }

  /** Resolves once fewer than `limit` tasks are running or waiting: back-pressure for producers. */
  room(): Promise<void> {
    if (this.size < this.limit) return Promise.resolve();
    return new Promise((r) => this.roomWaiters.push(r));
  }

  /** Resolves once nothing is running or waiting. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private pump(): void {
    while (this.running < this.limit && this.pending.length) {
      const task = this.pending.shift()!;
      this.running++;
      void task()
        .catch(() => undefined)
        .finally(() => {
          this.running--;
          this.pump();
          if (this.size < this.limit) for (const w of this.roomWaiters.splice(0)) w();
          if (this.size === 0) for (const w of this.idleWaiters.splice(0)) w();
        });
    }
  }
}
