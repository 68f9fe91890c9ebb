// A watch client over real HTTP: opens `?watch=true` streams, parses one JSON event per line, and
// lets tests wait for a number of events or for the server to end the stream.
import { kfetch } from './cluster.js';
export interface WatchEvent {
  type: string;
  object: any;
}

export interface WatchStream {
  status: number;
  headers: Headers;
  /** Every event received so far, in order. */
  events: WatchEvent[];
  /** Resolves with the events once at least `n` have arrived; rejects after `ms`. */
  waitFor(n: number, ms?: number): Promise<WatchEvent[]>;
  /** Resolves when the stream ends: `clean` is false when it broke instead of ending. */
  ended: Promise<{ clean: boolean }>;
  /** The body of a non-200 answer (a Status), parsed. */
  body?: any;
  close(): void;
}

/** Opens a watch; resolves as soon as the response headers arrive. */
export async function openWatch(base: string, path: string, headers: Record<string, string> = {}): Promise<WatchStream> {
  const abort = new AbortController();
  const r = await kfetch(base + path, { headers: { Accept: 'application/json', ...headers }, signal: abort.signal });
  const events: WatchEvent[] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  let done = false;
  const stream: WatchStream = {
    status: r.status,
    headers: r.headers,
    events,
    waitFor(n, ms = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (events.length >= n) {
            cleanup();
            resolve(events.slice());
          } else if (done) {
            cleanup();
            reject(new Error(`watch ended with ${events.length} of ${n} events: ${JSON.stringify(events)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${n} watch events, have ${events.length}: ${JSON.stringify(events)}`));
        }, ms);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    ended: Promise.resolve({ clean: true }),
    close: () => abort.abort(),
  };
  if (r.status !== 200) {
    const text = await r.text();
    try {
      stream.body = JSON.parse(text);
    } catch {
      stream.body = text;
    }
    done = true;
    return stream;
  }
  stream.ended = (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    let clean = true;
    try {
      for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (line) events.push(JSON.parse(line) as WatchEvent);
        }
        notify();
      }
    } catch {
      clean = false; // aborted by close(), or the connection broke
    }
    done = true;
    notify();
    return { clean };
  })();
  return stream;
}
