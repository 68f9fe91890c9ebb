// The 429 both in-flight filters answer. Upstream writes it with http.Error, so it is plain text,
// not a Status; clients (client-go, kubectl, our RestClient) read it by its code and Retry-After.
import type { ServerResponse } from 'node:http';
import { closeAfterAnswer } from './linger.js';

export const TOO_MANY_REQUESTS_MESSAGE = 'Too many requests, please try again later.';

export function sendTooManyRequests(res: ServerResponse): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (res.req && !res.req.complete) closeAfterAnswer(res);
  res.statusCode = 429;
  res.setHeader('Retry-After', '1');
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(TOO_MANY_REQUESTS_MESSAGE + '\n');
}
