// Waiting for controllers in tests: poll until a condition gives a value, and the 2xx-or-fail
// request helper the controller suites share.
import assert from 'node:assert/strict';
import { api } from './cluster.js';

export interface PollOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Run before each try, e.g. to step a FakeClock so back-offs come due. */
  each?: () => void;
}

/**
 * Polls `get` until it gives a value (anything but undefined, null or false) and returns it. A
 * throwing `get` counts as not yet; the timeout's error names `what` and the last answer or error.
 */
export async function poll<T>(what: string, get: () => T | undefined | null | false | Promise<T | undefined | null | false>, o: PollOptions = {}): Promise<T> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    o.each?.();
    try {
      const v = await get();
      if (v !== undefined && v !== null && v !== false) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 20));
  }
}

/** The body of a 2xx answer; anything else fails the test with the request and the answer. */
export async function expectOk(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> {
  const r = await api(base, method, path, body, headers);
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
  return r.body;
}
