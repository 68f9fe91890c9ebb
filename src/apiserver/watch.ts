// Watch over HTTP: a chunked stream of {"type":..,"object":..} lines. Headers go out at once
// (kubectl waits for them), objects follow the negotiated representation (Table rows for
// `kubectl get -w`), bookmarks are sent when asked for, and the stream ends at timeoutSeconds.
import type { KObject } from '../api/object.js';
import { Errors, type Status } from '../machinery/errors.js';
import { parseResourceVersion, validateListOptions, type WatchEventType } from '../registry/generic/store.js';
import { listOptions, type HandlerContext } from './handlers.js';
import { negotiateObject, parseAccept } from './negotiation.js';
import { parseIncludeObject, partialObjectMetadata, toTable } from './table.js';

export interface WatchSettings {
  /** How often a BOOKMARK is sent to watchers that allow them. */
  bookmarkIntervalMs: number;
  /** Upper bound on bytes queued for a slow watcher before it is dropped (it re-watches). */
  maxBufferedBytes: number;
  /** --min-request-timeout: a watch without timeoutSeconds lasts a random 1–2× this; 0 = no limit. */
  minRequestTimeoutSeconds: number;
}

export const defaultWatchSettings: WatchSettings = { bookmarkIntervalMs: 60_000, maxBufferedBytes: 16 * 1024 * 1024, minRequestTimeoutSeconds: 1800 };

/**
 * Watch fan-out hands every watcher the same decoded object, so a plain JSON event line is encoded
 * once and shared: with the scheduler, the node agents and several controllers watching pods,
 * this is one JSON.stringify per pod change instead of one per watcher.
 */
const encodedLines = new WeakMap<object, Map<WatchEventType, string>>();

function plainLine(type: WatchEventType, object: KObject | Status): string {
  let byType = encodedLines.get(object);
  if (!byType) encodedLines.set(object, (byType = new Map()));
  let line = byType.get(type);
  if (line === undefined) byType.set(type, (line = JSON.stringify({ type, object }) + '\n'));
  return line;
}

export async function handleWatch(c: HandlerContext, settings: WatchSettings = defaultWatchSettings): Promise<void> {
  const opts = listOptions(c.query);
  validateListOptions(opts, true);
  parseResourceVersion(opts.resourceVersion); // a malformed one is a 400 before the stream starts
  c.served.store.checkFieldSelector(opts.fieldSelector);
  if (c.info.name) opts.fieldSelector = [...(opts.fieldSelector ?? []), { field: 'metadata.name', op: '=', value: c.info.name }];
  const rep = negotiateObject(parseAccept(c.req.headers.accept), 'single');
  // Table options are only read (and validated) when a Table is asked for.
  const includeObject = rep.as === 'Table' ? parseIncludeObject(c.query.get('includeObject')) : 'Metadata';
  const timeoutParam = c.query.get('timeoutSeconds');
  // Upstream: timeoutSeconds when given and non-zero, else a random 1–2 × --min-request-timeout
  // (spreading re-watches out); no timer at all when both are 0.
  const asked = timeoutParam && /^\d+$/.test(timeoutParam) ? Number(timeoutParam) * 1000 : 0;
  const timeoutMs = asked || settings.minRequestTimeoutSeconds * 1000 * (1 + Math.random());
  const res = c.res;
  const s = c.served.strategy;
  let lastRV = opts.resourceVersion && opts.resourceVersion !== '0' ? opts.resourceVersion : '';
  let firstTable = true;
  let ended = false;

  const encode = (type: WatchEventType, object: KObject | Status): string => {
    if (rep.as === 'object') return plainLine(type, object);
    let out: unknown = object;
    if (type !== 'ERROR' && type !== 'BOOKMARK') {
      const obj = object as KObject;
      if (rep.as === 'Table') {
        out = toTable(s, [obj], { version: rep.version, includeObject, now: c.now(), withColumns: firstTable, listMeta: { resourceVersion: obj.metadata.resourceVersion } });
        firstTable = false;
      } else if (rep.as === 'PartialObjectMetadata') out = partialObjectMetadata(obj, rep.version);
    }
    return JSON.stringify({ type, object: out }) + '\n';
  };

  const end = () => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    clearInterval(bookmarks);
    watcher?.cancel();
    res.end();
  };

  const sink = {
    event(type: WatchEventType, object: KObject | Status) {
      if (ended) return;
      if (type !== 'ERROR') lastRV = (object as KObject).metadata?.resourceVersion ?? lastRV;
      // Events of one commit arrive in one tick: corked, they leave in one write instead of one each.
      if (!res.writableCorked) {
        res.cork();
        process.nextTick(() => res.uncork());
      }
      res.write(encode(type, object));
      if (res.writableLength > settings.maxBufferedBytes) end();
    },
    close: end,
  };

  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-cache, private');
  res.setHeader('Transfer-Encoding', 'chunked');
  res.flushHeaders();
  c.audit.responseStarted(200);

  const timer = timeoutMs > 0 ? setTimeout(end, Math.min(timeoutMs, 2 ** 31 - 1)) : undefined;
  const bookmarks = setInterval(() => {
    if (c.query.get('allowWatchBookmarks') !== 'true' || !lastRV || ended) return;
    const bookmark = { kind: s.kind, apiVersion: c.served.store.apiVersion, metadata: { resourceVersion: lastRV } };
    res.write(JSON.stringify({ type: 'BOOKMARK', object: bookmark }) + '\n');
  }, settings.bookmarkIntervalMs);
  let watcher: { cancel(): void } | undefined;
  c.req.on('close', end);
  res.on('close', end);
  try {
    const w = await c.served.store.watch(c.info.namespace, opts, sink);
    watcher = w;
    if (ended) w.cancel();
    // Bookmarks may start from the revision the watch began at (never beyond what was delivered).
    if (!lastRV) lastRV = String(w.startRevision);
  } catch (err) {
    const status = err instanceof Error && 'status' in err ? (err as { status: Status }).status : Errors.internal(String(err)).status;
    if (!ended) res.write(JSON.stringify({ type: 'ERROR', object: status }) + '\n');
    end();
  }
}
