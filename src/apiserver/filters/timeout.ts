// The request deadline (WithRequestDeadline + WithTimeoutForNonLongRunningRequests): a request
// that is not long-running gets --request-timeout, or ?timeout= when that is shorter; when the
// deadline passes first, the client gets a 504 Status and whatever the handler does later is dropped
// (the handler keeps its seat until it really finishes, as upstream's goroutine does).
import type { ServerResponse } from 'node:http';
import { Errors, StatusError } from '../../machinery/errors.js';
import { sendStatus } from '../respond.js';
import { parseGoDuration } from '../../machinery/duration.js';

/** setTimeout's ceiling (about 24.8 days); longer deadlines are as good as none. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** NewTimeoutError("request did not complete within the allotted timeout", 0). */
export function requestTimeoutError(): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Timeout: request did not complete within the allotted timeout',
    reason: 'Timeout',
    details: {},
    code: 504,
  });
}

/** The deadline for a request in ms (0: none); a malformed ?timeout= is a 400, as upstream. */
export function deadlineFor(timeoutParam: string | null, requestTimeoutMs: number): number {
  let ms = requestTimeoutMs;
  if (timeoutParam) {
    let asked: number;
    try {
      asked = parseGoDuration(timeoutParam);
    } catch (err) {
      throw Errors.badRequest(`invalid timeout specified in the request URL - ${(err as Error).message}`);
    }
    // A zero (or negative) ?timeout= asks for no deadline of the client's own: the server's applies.
    if (asked > 0 && (ms <= 0 || asked < ms)) ms = asked;
  }
  return Math.min(ms, MAX_TIMER_MS);
}

/** Run `work` under a deadline of `ms`; on expiry answer 504 (or cut the connection mid-response). */
export function withDeadline(res: ServerResponse, ms: number, work: Promise<void>): Promise<void> {
  if (ms <= 0) return work;
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      // The handler may still write; a write after end must not become an unhandled 'error' event.
      res.on('error', () => {});
      if (!res.headersSent) sendStatus(res, requestTimeoutError().status);
      else res.destroy();
      resolve();
    }, Math.max(1, ms));
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    work.then(done, done);
  });
}
