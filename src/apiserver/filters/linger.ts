// Answering before the request body has arrived whole (413, a deadline, a 429): the rest of the
// upload is never read, so the connection cannot carry another request and must close. Node closes
// it right after the answer, and closing a socket with unread input sends a reset that can reach
// the client before it has read the answer (it is still uploading). Instead, as Go's server does,
// half-close after the answer, stop reading, and close once the client has had time to read it.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

const GRACE_MS = 2000;

export function closeAfterAnswer(res: ServerResponse): void {
  res.setHeader('Connection', 'close');
  const socket = res.socket as (Socket & { destroySoon?: () => void }) | null;
  if (!socket) return;
  // The HTTP server calls destroySoon once the answer is written (Connection: close).
  socket.destroySoon = () => {
    socket.pause();
    socket.end();
    const timer = setTimeout(() => socket.destroy(), GRACE_MS).unref();
    socket.once('close', () => clearTimeout(timer));
  };
}
