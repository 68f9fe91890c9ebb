// A REST client for any group/version/resource over HTTP with keep-alive: get, list, create, update,
// patch, delete, deletecollection and watch. Kubernetes Status answers become StatusError, so callers
// branch on `code`/`reason` exactly as client-go callers use apierrors.IsNotFound and friends.
import http from 'node:http';
import https from 'node:https';
import type { KObject } from '../api/object.js';
import { StatusError, type Status } from '../machinery/errors.js';

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

export interface ListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface ObjectList<T> {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta;
  items: T[];
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface DeleteOptions {
  namespace?: string;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  gracePeriodSeconds?: number;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export type PatchType = 'merge' | 'json' | 'strategic';
const PATCH_MEDIA: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
export interface WatchEvent<T = KObject> {
  type: WatchEventType;
  /** The object, or a Status for ERROR events. */
  object: T;
}

/** How a watch stream ended: the server closed it, the caller stopped it, or it failed. */
export type WatchEnd = { reason: 'closed' } | { reason: 'stopped' } | { reason: 'error'; error: Error };

export interface Watch {
  stop(): void;
  done: Promise<WatchEnd>;
}

export interface RestClientOptions {
  userAgent?: string;
  /** Timeout for every request but watches (default 60 s; 0 for none). */
  timeoutMs?: number;
  /** Headers sent with every request (kubectl's Kubectl-Command, impersonation, …). */
  headers?: Record<string, string>;
  /** Called with the text of each `Warning: 299 - "…"` header a reply carries. */
  onWarning?: (text: string) => void;
  /** For https:// servers: the CA to trust and the client certificate to present. */
  tls?: TlsOptions;
  /** Sent as `Authorization: Bearer …` with every request. */
  bearerToken?: string;
  /** Like bearerToken, but asked for at each request: a token that is replaced before it expires. */
  tokenSource?: () => string;
}

/** Where a server is and how to prove who we are to it: what a kubeconfig context resolves to. */
export interface ServerConnection {
  server: string;
  tls?: TlsOptions;
  bearerToken?: string;
}

/** A client for a connection, with the caller's other options. */
export function connect(conn: ServerConnection, opts: RestClientOptions = {}): RestClient {
  return new RestClient(conn.server, { ...opts, tls: conn.tls, bearerToken: conn.bearerToken });
}

export interface TlsOptions {
  /** PEM CA bundle to verify the server with (default: the system's roots). */
  ca?: string | Buffer;
  /** PEM client certificate and key (client-certificate authentication). */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Skip verifying the server's certificate (kubeconfig insecure-skip-tls-verify). */
  insecureSkipVerify?: boolean;
  /** The name to verify the server's certificate against, when not the URL's host. */
  serverName?: string;
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** An error for a non-2xx answer: the server's Status when it sent one, else one made from the code and text. */
export function statusErrorFrom(code: number, body: string): StatusError {
  try {
    const v = JSON.parse(body) as Partial<Status>;
    if (v && v.kind === 'Status') return new StatusError({ ...v, code: v.code || code } as Status);
  } catch {
    /* not JSON */
  }
  const reason = REASONS[code] ?? '';
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: body.trim() || `the server responded with ${code}`, code };
  if (reason) status.reason = reason;
  return new StatusError(status);
}

function newAgent(base: URL, tls: TlsOptions | undefined): http.Agent {
  if (base.protocol === 'http:') return new http.Agent({ keepAlive: true });
  return new https.Agent({
    keepAlive: true,
    ca: tls?.ca,
    cert: tls?.cert,
    key: tls?.key,
    rejectUnauthorized: !tls?.insecureSkipVerify,
    ...(tls?.serverName ? { servername: tls.serverName } : {}),
  });
}

/** A response body as text. Plain 'data'/'end' listeners: an async iterator per request costs a
 *  controller manager sending thousands of requests a second measurably more. */
function readBody(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    res.once('error', reject);
    res.once('close', () => {
      if (!res.complete) reject(new Error('the connection closed before the response ended'));
    });
  });
}

const hasCode = (err: unknown, code: number) => err instanceof StatusError && err.code === code;
export const isNotFound = (err: unknown) => hasCode(err, 404);
export const isConflict = (err: unknown) => hasCode(err, 409) && (err as StatusError).reason !== 'AlreadyExists';
export const isAlreadyExists = (err: unknown) => err instanceof StatusError && err.reason === 'AlreadyExists';
export const isGone = (err: unknown) => hasCode(err, 410);
export const isMethodNotAllowed = (err: unknown) => hasCode(err, 405);

export function resourcePath(gvr: GroupVersionResource, namespace?: string, name?: string, subresource?: string): string {
  let p = gvr.group ? `/apis/${gvr.group}/${gvr.version}` : `/api/${gvr.version}`;
  if (namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${gvr.resource}`;
  if (name) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}

type Query = Record<string, string | number | boolean | undefined>;

export interface RequestSpec {
  method: string;
  path: string;
  query?: Query;
  body?: unknown;
  contentType?: string;
  accept?: string;
  /** Extra headers for this request only (e.g. If-None-Match). */
  headers?: Record<string, string>;
}

export class RestClient {
  private readonly agent: http.Agent;
  private readonly base: URL;
  private readonly userAgent: string;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;
  private readonly onWarning: ((text: string) => void) | undefined;
  private readonly tokenSource: (() => string) | undefined;
  private readonly open = new Set<http.ClientRequest>();

  constructor(server: string, opts: RestClientOptions = {}, shared?: http.Agent) {
    this.base = new URL(server);
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') throw new Error(`unsupported server URL ${server}: want http:// or https://`);
    this.agent = shared ?? newAgent(this.base, opts.tls);
    this.userAgent = opts.userAgent ?? 'kubette-client/v1.25';
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.headers = { ...opts.headers, ...(opts.bearerToken ? { Authorization: `Bearer ${opts.bearerToken}` } : {}) };
    this.onWarning = opts.onWarning;
    this.tokenSource = opts.tokenSource;
    this.options = opts;
  }

  private readonly options: RestClientOptions;

  /**
   * A client that adds these headers (another bearer token, say) over this one's connections: many
   * identities (simulated nodes) share one pool, since a bearer token is per request, not per connection.
   */
  withHeaders(headers: Record<string, string>): RestClient {
    const tokenSource = headers['Authorization'] === undefined ? this.tokenSource : undefined;
    return new RestClient(this.base.toString(), { ...this.options, bearerToken: undefined, tokenSource, headers: { ...this.headers, ...headers } }, this.agent);
  }

  /**
   * A client over this one's connections that authenticates with whatever token `tokenSource` holds
   * at each request (client-go's token-source transport), instead of this one's bearer token.
   */
  withTokenSource(tokenSource: () => string, opts: { userAgent?: string } = {}): RestClient {
    const { Authorization: _, ...headers } = this.headers;
    return new RestClient(this.base.toString(), { ...this.options, bearerToken: undefined, tokenSource, headers, userAgent: opts.userAgent ?? this.userAgent }, this.agent);
  }

  /** A client for one resource; `metadataOnly` asks for PartialObjectMetadata (as metadata informers do). */
  resource<T extends KObject = KObject>(gvr: GroupVersionResource, opts: { metadataOnly?: boolean } = {}): ResourceClient<T> {
    return new ResourceClient<T>(this, gvr, !!opts.metadataOnly);
  }

  /** Close idle connections and abort anything in flight (watches included). */
  close(): void {
    for (const req of this.open) req.destroy();
    this.agent.destroy();
  }

  private url(path: string, query?: Query): string {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') qs.set(k, String(v));
    const q = qs.toString();
    return path + (q ? `?${q}` : '');
  }

  private start(spec: RequestSpec, timeoutMs: number): { req: http.ClientRequest; response: Promise<http.IncomingMessage> } {
    const payload = spec.body === undefined ? undefined : Buffer.from(typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body));
    const auth = this.tokenSource ? { Authorization: `Bearer ${this.tokenSource()}` } : undefined;
    const headers: Record<string, string | number> = { ...this.headers, ...auth, ...spec.headers, Accept: spec.accept ?? 'application/json', 'User-Agent': this.userAgent };
    if (payload) {
      headers['Content-Type'] = spec.contentType ?? 'application/json';
      headers['Content-Length'] = payload.length;
    }
    const req = (this.base.protocol === 'https:' ? https : http).request({
      protocol: this.base.protocol,
      hostname: this.base.hostname.replace(/^\[|\]$/g, ''),
      port: this.base.port,
      method: spec.method,
      path: this.url(spec.path, spec.query),
      headers,
      agent: this.agent,
    });
    this.open.add(req);
    req.on('close', () => this.open.delete(req));
    if (timeoutMs > 0) req.setTimeout(timeoutMs, () => req.destroy(new Error(`${spec.method} ${spec.path}: timed out after ${timeoutMs} ms`)));
    const response = new Promise<http.IncomingMessage>((resolve, reject) => {
      req.once('response', (res: http.IncomingMessage) => {
        if (this.onWarning) for (const w of warningsOf(res.headers['warning'])) this.onWarning(w);
        resolve(res);
      });
      // Kept for the request's life: an error after the first (a destroyed watch) must not go unhandled.
      req.on('error', reject);
    });
    req.end(payload);
    return { req, response };
  }

  /** One request's raw answer: status, headers and body text (for `logs` and other non-JSON replies). */
  async requestText(spec: RequestSpec): Promise<{ code: number; text: string; headers: http.IncomingHttpHeaders }> {
    const { response } = this.start(spec, this.timeoutMs);
    const res = await response;
    return { code: res.statusCode ?? 0, text: await readBody(res), headers: res.headers };
  }

  /** A streamed answer (`logs -f`): chunks go to `onData` until the server ends the stream. */
  async stream(spec: RequestSpec, onData: (chunk: string) => void): Promise<void> {
    const { response } = this.start(spec, 0);
    const res = await response;
    const code = res.statusCode ?? 0;
    if (code < 200 || code > 299) throw statusErrorFrom(code, await readBody(res));
    res.setEncoding('utf8');
    for await (const chunk of res) onData(chunk as string);
  }

  /** One request; resolves with the decoded JSON body of a 2xx answer, rejects with StatusError otherwise. */
  async request<R = unknown>(spec: RequestSpec): Promise<R> {
    const { response } = this.start(spec, this.timeoutMs);
    const res = await response;
    const text = await readBody(res);
    const code = res.statusCode ?? 0;
    if (code < 200 || code > 299) throw statusErrorFrom(code, text);
    return (text ? JSON.parse(text) : undefined) as R;
  }

  /** A watch: one JSON event per line until the server ends the stream or `stop()` is called. */
  watch<T>(spec: RequestSpec, onEvent: (ev: WatchEvent<T>) => void): Watch {
    const { req, response } = this.start(spec, 0);
    let stopped = false;
    const done = (async (): Promise<WatchEnd> => {
      try {
        const res = await response;
        const code = res.statusCode ?? 0;
        if (code !== 200) {
          return { reason: 'error', error: statusErrorFrom(code, await readBody(res)) };
        }
        let buffered = '';
        res.setEncoding('utf8');
        for await (const chunk of res) {
          buffered += chunk as string;
          let nl: number;
          while ((nl = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, nl).trim();
            buffered = buffered.slice(nl + 1);
            if (line && !stopped) onEvent(JSON.parse(line) as WatchEvent<T>);
          }
        }
        return stopped ? { reason: 'stopped' } : { reason: 'closed' };
      } catch (err) {
        if (stopped) return { reason: 'stopped' };
        return { reason: 'error', error: err instanceof Error ? err : new Error(String(err)) };
      }
    })();
    return {
      stop: () => {
        stopped = true;
        req.destroy();
      },
      done,
    };
  }
}

/** The texts of `Warning: 299 - "text"` headers (several may be joined with commas). */
function warningsOf(h: string | string[] | undefined): string[] {
  if (!h) return [];
  const out: string[] = [];
  for (const line of Array.isArray(h) ? h : [h]) {
    for (const m of line.matchAll(/\d{3} [^ ]+ "((?:[^"\\]|\\.)*)"/g)) out.push(m[1]!.replace(/\\(.)/g, '$1'));
  }
  return out;
}

const META_ACCEPT = (as: string) => `application/json;as=${as};g=meta.k8s.io;v=v1,application/json`;

/** The verbs on one resource. Namespaced calls take `namespace`; leave it out for cluster-scoped resources or all namespaces. */
export class ResourceClient<T extends KObject = KObject> {
  constructor(
    private readonly rest: RestClient,
    readonly gvr: GroupVersionResource,
    private readonly metadataOnly: boolean,
  ) {}

  private accept(list: boolean): string | undefined {
    return this.metadataOnly ? META_ACCEPT(list ? 'PartialObjectMetadataList' : 'PartialObjectMetadata') : undefined;
  }

  get(name: string, namespace = ''): Promise<T> {
    return this.rest.request<T>({ method: 'GET', path: resourcePath(this.gvr, namespace, name), accept: this.accept(false) });
  }

  list(opts: ListOptions = {}): Promise<ObjectList<T>> {
    const { namespace, ...query } = opts;
    return this.rest.request<ObjectList<T>>({ method: 'GET', path: resourcePath(this.gvr, namespace), query: { ...query }, accept: this.accept(true) });
  }

  create(obj: T, opts: { namespace?: string; dryRun?: boolean } = {}): Promise<T> {
    const ns = opts.namespace ?? obj.metadata?.namespace ?? '';
    return this.rest.request<T>({ method: 'POST', path: resourcePath(this.gvr, ns), body: obj, query: { dryRun: opts.dryRun ? 'All' : undefined } });
  }

  /** PUT the object (to `subresource`, e.g. "status", when given); name and namespace come from its metadata. */
  update(obj: T, opts: { subresource?: string; dryRun?: boolean } = {}): Promise<T> {
    const path = resourcePath(this.gvr, obj.metadata.namespace ?? '', obj.metadata.name!, opts.subresource);
    return this.rest.request<T>({ method: 'PUT', path, body: obj, query: { dryRun: opts.dryRun ? 'All' : undefined } });
  }

  patch(name: string, patch: unknown, opts: { namespace?: string; type?: PatchType; subresource?: string; dryRun?: boolean } = {}): Promise<T> {
    return this.rest.request<T>({
      method: 'PATCH',
      path: resourcePath(this.gvr, opts.namespace ?? '', name, opts.subresource),
      body: patch,
      contentType: PATCH_MEDIA[opts.type ?? 'merge'],
      query: { dryRun: opts.dryRun ? 'All' : undefined },
      accept: this.accept(false),
    });
  }

  /** DELETE: resolves with the object still being deleted, the deleted object, or a Success Status. */
  delete(name: string, opts: DeleteOptions = {}): Promise<T | Status> {
    return this.rest.request<T | Status>({
      method: 'DELETE',
      path: resourcePath(this.gvr, opts.namespace ?? '', name),
      body: deleteBody(opts),
    });
  }

  deleteCollection(opts: ListOptions = {}, del: DeleteOptions = {}): Promise<ObjectList<T>> {
    const { namespace, ...query } = opts;
    return this.rest.request<ObjectList<T>>({ method: 'DELETE', path: resourcePath(this.gvr, namespace), query: { ...query }, body: deleteBody(del) });
  }

  watch(opts: WatchOptions, onEvent: (ev: WatchEvent<T>) => void): Watch {
    const { namespace, ...rest } = opts;
    return this.rest.watch<T>({ method: 'GET', path: resourcePath(this.gvr, namespace), query: { ...rest, watch: 'true' }, accept: this.accept(false) }, onEvent);
  }
}

function deleteBody(o: DeleteOptions): object {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (o.propagationPolicy) body['propagationPolicy'] = o.propagationPolicy;
  if (o.gracePeriodSeconds !== undefined) body['gracePeriodSeconds'] = o.gracePeriodSeconds;
  if (o.orphanDependents !== undefined) body['orphanDependents'] = o.orphanDependents;
  if (o.preconditions) body['preconditions'] = o.preconditions;
  if (o.dryRun) body['dryRun'] = ['All'];
  return body;
}
