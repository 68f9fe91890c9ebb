// The API server's request limits, as kube-apiserver v1.25 applies them: header size and read
// timeouts at the HTTP layer, the request deadline and body size around every request, and
// in-flight limiting (API Priority and Fairness, or the older max-in-flight filter) once the user
// is known. server.ts calls serve() around its handler and admit() after impersonation.
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { UserInfo } from '../../api/user.js';
import { Errors, toStatusError } from '../../machinery/errors.js';
import { setBodyLimit } from '../body.js';
import { requestInfo, type RequestInfo } from '../requestinfo.js';
import { sendStatus } from '../respond.js';
import { PriorityAndFairness } from './apf.js';
import { configureHttpServer } from './clienterror.js';
import type { Release } from './fairqueue.js';
import { isLongRunning } from './longrunning.js';
import { MaxInFlight } from './maxinflight.js';
import { hasDotSegment } from './paths.js';
import { deadlineFor, withDeadline } from './timeout.js';
import { sendTooManyRequests } from './toomany.js';

export interface LimitSettings {
  /** --max-requests-inflight (400): the read-only seats of the max-in-flight filter. */
  maxRequestsInflight: number;
  /** --max-mutating-requests-inflight (200). With APF the two are summed into the server's concurrency. */
  maxMutatingRequestsInflight: number;
  /** --enable-priority-and-fairness (true); false selects the max-in-flight filter. */
  enablePriorityAndFairness: boolean;
  /** --request-timeout (60 s); 0 means no deadline. */
  requestTimeoutMs: number;
  /** MaxRequestBodyBytes (3 MiB; kube-apiserver has no flag for it); 0 means no limit. */
  maxRequestBodyBytes: number;
  /** The most header bytes a request may have (Go's MaxHeaderBytes, 1 MiB). */
  maxHeaderBytes: number;
}

export const defaultLimitSettings: LimitSettings = {
  maxRequestsInflight: 400,
  maxMutatingRequestsInflight: 200,
  enablePriorityAndFairness: true,
  requestTimeoutMs: 60_000,
  maxRequestBodyBytes: 3 * 1024 * 1024,
  maxHeaderBytes: 1 << 20,
};

/** ServerRunOptions.Validate and BuildPriorityAndFairness's checks, with their wording. */
export function validateLimitSettings(s: LimitSettings): string[] {
  const errs: string[] = [];
  if (s.maxRequestsInflight < 0) errs.push('--max-requests-inflight can not be negative value');
  if (s.maxMutatingRequestsInflight < 0) errs.push('--max-mutating-requests-inflight can not be negative value');
  if (s.requestTimeoutMs < 0) errs.push('--request-timeout can not be negative value');
  if (s.maxRequestBodyBytes < 0) errs.push('ServerRunOptions.MaxRequestBodyBytes can not be negative value');
  if (s.enablePriorityAndFairness && s.maxRequestsInflight + s.maxMutatingRequestsInflight <= 0)
    errs.push(`invalid configuration: MaxRequestsInFlight=${s.maxRequestsInflight} and MaxMutatingRequestsInFlight=${s.maxMutatingRequestsInflight}; they must add up to something positive`);
  return errs;
}

export class RequestLimits {
  readonly settings: LimitSettings;
  readonly apf?: PriorityAndFairness;
  readonly maxInFlight?: MaxInFlight;

  constructor(settings: Partial<LimitSettings> = {}) {
    this.settings = { ...defaultLimitSettings, ...settings };
    const errs = validateLimitSettings(this.settings);
    if (errs.length) throw new Error(errs.join('; '));
    const s = this.settings;
    if (s.enablePriorityAndFairness) this.apf = new PriorityAndFairness(s.maxRequestsInflight + s.maxMutatingRequestsInflight, s.requestTimeoutMs / 4 || 15_000);
    else if (s.maxRequestsInflight || s.maxMutatingRequestsInflight) this.maxInFlight = new MaxInFlight(s.maxRequestsInflight, s.maxMutatingRequestsInflight);
  }

  /** Options for http.createServer. */
  get serverOptions(): ServerOptions {
    return { maxHeaderSize: this.settings.maxHeaderBytes };
  }

  /** Status answers for requests the HTTP parser refuses; header read timeout. */
  configure(server: Server | HttpsServer): void {
    configureHttpServer(server);
  }

  /** Outermost filter: the body size limit and the deadline of requests that are not long-running. */
  async serve(req: IncomingMessage, res: ServerResponse, next: (url: URL, info: RequestInfo) => Promise<void>): Promise<void> {
    setBodyLimit(req, this.settings.maxRequestBodyBytes);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendStatus(res, Errors.badRequest(`invalid request URI ${JSON.stringify(req.url)}`).status);
      return;
    }
    if (hasDotSegment(req.url ?? '/')) {
      sendStatus(res, Errors.notFoundPath().status);
      return;
    }
    const info = requestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
    let ms = 0;
    if (!isLongRunning(info)) {
      try {
        ms = deadlineFor(url.searchParams.get('timeout'), this.settings.requestTimeoutMs);
      } catch (err) {
        sendStatus(res, toStatusError(err).status);
        return;
      }
    }
    // The handler answers its own errors; anything escaping it still gets a Status.
    const work = next(url, info).catch((err) => {
      if (!res.headersSent) sendStatus(res, toStatusError(err).status);
      else res.destroy();
    });
    return withDeadline(res, ms, work);
  }

  /** After authentication and impersonation: wait for a seat (or get a 429), run `next`, free the seat. */
  async admit(user: UserInfo, info: RequestInfo, res: ServerResponse, next: () => Promise<void>): Promise<void> {
    let release: Release | 'rejected' | undefined;
    if (this.apf) release = await this.apf.admit(user, info, res);
    else if (this.maxInFlight) release = this.maxInFlight.acquire(user, info) ?? 'rejected';
    else return next();
    if (release === undefined) return; // the client is gone (or the deadline answered) while queued
    if (release === 'rejected') return sendTooManyRequests(res);
    try {
      await next();
    } finally {
      release();
    }
  }
}
