// Requests Node's HTTP parser refuses (a malformed request line or header, headers over the size
// limit, a body it cannot frame) get a Status like every other error, where Node would answer a
// bare 400/431 or nothing; the connection then closes, since the parser cannot find the next
// request. A connection that timed out or was reset is closed without an answer, as Go's does.
import type { Server, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { failBody } from '../body.js';

/** kube-apiserver's ReadHeaderTimeout (secure_serving.go): slow clients cannot hold sockets open. */
export const HEADERS_TIMEOUT_MS = 32_000;

function statusLine(err: NodeJS.ErrnoException): [number, string, string] | undefined {
  switch (err.code) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'HPE_HEADER_TIMEOUT':
      return undefined;
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'Request Header Fields Too Large', 'RequestHeaderFieldsTooLarge'];
    default:
      return [400, 'Bad Request', 'BadRequest'];
  }
}

function response(err: Error, [code, text, reason]: [number, string, string]): string {
  const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: code === 431 ? text : err.message, reason, code };
  const body = JSON.stringify(status) + '\n';
  return `HTTP/1.1 ${code} ${text}\r\nContent-Type: application/json\r\nCache-Control: no-cache, private\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** End the connection with `last` written first; whatever the client still sends is not read. */
function finish(socket: Socket, last: string): void {
  if (socket.destroyed || socket.writableEnded) return;
  socket.pause();
  socket.end(last);
  setTimeout(() => socket.destroy(), 1000).unref();
}

export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  const line = statusLine(err);
  if (!line || !socket.writable) {
    socket.destroy();
    return;
  }
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (!inFlight) return finish(socket, response(err, line));
  // A request is being handled. Either its body is what could not be parsed (its handler then
  // answers 400 when it reads it), or the bytes after it were garbage (they get their own answer
  // after the current one). Either way the connection closes after that.
  const req = inFlight.req;
  if (!req.complete) failBody(req, err);
  if (!inFlight.headersSent) inFlight.shouldKeepAlive = false;
  const last = req.complete ? response(err, line) : '';
  const done = () => finish(socket, last);
  (socket as Socket & { destroySoon?: () => void }).destroySoon = done; // Node's close after a Connection: close answer
  if (inFlight.writableFinished) done();
  else inFlight.once('finish', done); // an answer sent keep-alive
}

export function configureHttpServer(server: Server | HttpsServer): void {
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.on('clientError', answerClientError);
}
