// One request's audit record, as k8s.io/apiserver's audit filters build it: the policy decides its
// level and omitted stages once the user is known; an event is written at RequestReceived, at
// ResponseStarted for long-running requests (watch), and at ResponseComplete (or Panic), each a
// snapshot of what the record holds by then. Handlers add the request and response objects,
// authorization and admission add annotations.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { UserInfo } from '../../api/user.js';
import type { Status } from '../../machinery/errors.js';
import { microTime } from '../../machinery/format.js';
import { isLongRunning } from '../filters/longrunning.js';
import type { Decision } from '../../api/authorization.js';
import type { RequestInfo } from '../requestinfo.js';
import { METADATA_FOR_ALL, PolicyChecker, type PolicyAttributes, type RequestAuditConfig } from './policy.js';
import type { AuditSink } from './sink.js';
import { levelLess, type AuditEvent, type ObjectReference, type ResponseStatus, type Stage } from './types.js';

const MAX_USER_AGENT = 1024;

/** Where a server's audit records go, and the policy that shapes them. */
export class Auditor {
  private readonly policy: PolicyChecker;

  /** Without a policy every request is recorded at Metadata (METADATA_FOR_ALL explains why). */
  constructor(
    private readonly sink: AuditSink | undefined,
    policy: PolicyChecker | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.policy = policy ?? new PolicyChecker(METADATA_FOR_ALL);
  }

  /** A record for a request that has just arrived: its ID is the Audit-Id response header. */
  begin(req: IncomingMessage, info: RequestInfo): RequestAudit {
    return new RequestAudit(req, info, this.sink ? { sink: this.sink, policy: this.policy } : undefined, this.now);
  }
}

const UNAUDITED: RequestAuditConfig = { level: 'None', omitStages: new Set(), omitManagedFields: false };

export class RequestAudit {
  readonly id = randomUUID();
  readonly received: Date;
  readonly annotations: Record<string, string> = {};
  /** The authenticated user (set by authenticated()). */
  user: UserInfo = { username: '', groups: [] };
  /** Set when the request impersonates someone: then the request acts as this user. */
  impersonatedUser?: UserInfo;
  private config = UNAUDITED;
  private objectRef?: ObjectReference;
  private responseStatus?: ResponseStatus;
  private requestBody?: unknown;
  private responseBody?: unknown;
  private finished = false;
  private started = false;

  constructor(
    private readonly req: IncomingMessage,
    private readonly info: RequestInfo,
    private readonly out: { sink: AuditSink; policy: PolicyChecker } | undefined,
    private readonly now: () => Date,
  ) {
    this.received = now();
  }

  /** Authentication said who this is: the policy decides the level, and RequestReceived is written. */
  authenticated(user: UserInfo): void {
    this.user = user;
    if (!this.out) return;
    this.config = this.out.policy.check(this.attributes(user));
    if (this.config.level === 'None') return;
    this.objectRef = this.initialObjectRef();
    this.emit('RequestReceived');
  }

  /**
   * Authentication failed (a 401): one ResponseStarted event with no user and the credentials
   * tried, as WithFailedAuthenticationAudit writes it. Nothing more is recorded for the request.
   */
  authenticationFailed(code = 401): void {
    this.finished = true;
    if (!this.out) return;
    this.config = this.out.policy.check(this.attributes(undefined));
    if (this.config.level === 'None') return;
    this.objectRef = this.initialObjectRef();
    this.responseStatus = { metadata: {}, message: attemptedAuthMethods(this.req), code };
    this.emit('ResponseStarted');
  }

  /** From here on the request acts as `as`; the event keeps both (impersonatedUser). */
  impersonate(as: UserInfo): void {
    this.impersonatedUser = as;
  }

  /** Who the request acts as: the impersonated user if any. */
  get actingUser(): UserInfo {
    return this.impersonatedUser ?? this.user;
  }

  annotate(key: string, value: string): void {
    this.annotations[key] = value;
  }

  /** The authorizer's answer, as WithAuthorization annotates it. */
  authorized(decision: Decision, reason: string): void {
    this.annotate('authorization.k8s.io/decision', decision === 'Allow' ? 'allow' : 'forbid');
    this.annotate('authorization.k8s.io/reason', reason);
  }

  /**
   * The decoded request object, before defaulting and admission (LogRequestObject): it names the
   * object (a create's name, an update's uid and resourceVersion) and, from level Request, is recorded.
   */
  requestObject(obj: { metadata?: { name?: unknown; namespace?: unknown; uid?: unknown; resourceVersion?: unknown } }): void {
    if (this.config.level === 'None' || !this.objectRef) return;
    const m = obj.metadata ?? {};
    const ref = this.objectRef;
    const fill = (k: 'namespace' | 'name' | 'uid' | 'resourceVersion') => {
      if (!ref[k] && typeof m[k] === 'string' && m[k]) ref[k] = m[k] as string;
    };
    fill('namespace');
    fill('name');
    fill('uid');
    fill('resourceVersion');
    if (!levelLess(this.config.level, 'Request')) this.requestBody = this.withoutManagedFields(structuredClone(obj));
  }

  /** A patch body is recorded as sent (LogRequestPatch). */
  requestPatch(patch: unknown): void {
    if (!levelLess(this.config.level, 'Request')) this.requestBody = structuredClone(patch);
  }

  /** The object answered with: a Status fills responseStatus; at RequestResponse the object is kept. */
  response(obj: unknown): void {
    if (this.config.level === 'None' || this.finished) return;
    const o = obj as Partial<Status> & { kind?: unknown };
    if (o && o.kind === 'Status') {
      const s: ResponseStatus = { metadata: {} };
      if (o.status) s.status = o.status;
      if (o.message) s.message = o.message;
      if (o.reason) s.reason = o.reason;
      if (o.details) s.details = o.details;
      if (o.code) s.code = o.code;
      this.responseStatus = s;
    }
    if (this.config.level === 'RequestResponse') this.responseBody = obj;
  }

  /** Headers are out: long-running requests (watches) get their ResponseStarted event now. */
  responseStarted(code: number): void {
    if (this.started || this.finished || this.config.level === 'None') return;
    this.started = true;
    this.setCode(code);
    if (isLongRunning(this.info)) this.emit('ResponseStarted');
  }

  /** The response is done (or the connection gone): the ResponseComplete event. */
  complete(code: number): void {
    if (this.finished) return;
    this.finished = true;
    if (this.config.level === 'None') return;
    this.setCode(code);
    this.emit('ResponseComplete');
  }

  /** The request failed with `status` (sent as the response); a programming error is a Panic. */
  failed(err: unknown, status: Status): void {
    if (err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError) this.panic(err);
    else this.response(status);
  }

  /**
   * A programming error escaped the handler — JavaScript's equivalent of a Go panic: a Panic event
   * with a 500 instead of ResponseComplete, as WithAudit records a recovered panic.
   */
  panic(err: unknown): void {
    if (this.finished) return;
    this.finished = true;
    if (this.config.level === 'None') return;
    this.responseStatus = { metadata: {}, status: 'Failure', message: `APIServer panic'd: ${err instanceof Error ? err.message : String(err)}`, reason: 'InternalError', code: 500 };
    this.emit('Panic');
  }

  private setCode(code: number): void {
    this.responseStatus = { ...(this.responseStatus ?? { metadata: {} }), code };
  }

  private attributes(user: UserInfo | undefined): PolicyAttributes {
    const i = this.info;
    return { user, verb: i.verb, resourceRequest: i.isResourceRequest, path: i.path, apiGroup: i.group, apiVersion: i.version, resource: i.resource, subresource: i.subresource, namespace: i.namespace, name: i.name };
  }

  private initialObjectRef(): ObjectReference | undefined {
    const i = this.info;
    if (!i.isResourceRequest) return undefined;
    const ref: ObjectReference = { resource: i.resource };
    if (i.namespace) ref.namespace = i.namespace;
    if (i.name) ref.name = i.name;
    if (i.group) ref.apiGroup = i.group;
    ref.apiVersion = i.version;
    if (i.subresource) ref.subresource = i.subresource;
    return ref;
  }

  private withoutManagedFields<T>(obj: T): T {
    if (!this.config.omitManagedFields) return obj;
    const drop = (o: unknown) => {
      const m = (o as { metadata?: Record<string, unknown> } | null)?.metadata;
      if (m && typeof m === 'object') delete m['managedFields'];
    };
    drop(obj);
    const items = (obj as { items?: unknown[] } | null)?.items;
    if (Array.isArray(items)) items.forEach(drop);
    return obj;
  }

  private emit(stage: Stage): void {
    if (!this.out || this.config.omitStages.has(stage)) return;
    // Built in the order kube-apiserver writes the fields; the timestamps follow the objects.
    const e = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: this.config.level,
      auditID: this.id,
      stage,
      requestURI: this.req.url ?? '/',
      verb: this.info.verb,
      user: userInfo(this.user),
    } as AuditEvent;
    if (this.impersonatedUser) e.impersonatedUser = userInfo(this.impersonatedUser) as UserInfo;
    e.sourceIPs = sourceIPs(this.req);
    const ua = this.req.headers['user-agent'];
    if (ua) e.userAgent = ua.length > MAX_USER_AGENT ? ua.slice(0, MAX_USER_AGENT) + '...TRUNCATED' : ua;
    if (this.objectRef) e.objectRef = { ...this.objectRef };
    if (this.responseStatus) e.responseStatus = { ...this.responseStatus };
    if (this.requestBody !== undefined) e.requestObject = this.requestBody;
    if (this.responseBody !== undefined && (stage === 'ResponseComplete' || stage === 'Panic')) e.responseObject = this.withoutManagedFields(this.responseBody);
    e.requestReceivedTimestamp = microTime(this.received);
    e.stageTimestamp = microTime(stage === 'RequestReceived' ? this.received : this.now());
    if (Object.keys(this.annotations).length) e.annotations = { ...this.annotations };
    this.out.sink.write(e);
  }
}

/** authentication/v1 UserInfo as JSON: empty fields omitted (a failed authentication is `{}`). */
function userInfo(u: UserInfo): Partial<UserInfo> {
  const out: Partial<UserInfo> = {};
  if (u.username) out.username = u.username;
  if (u.uid) out.uid = u.uid;
  if (u.groups.length) out.groups = [...u.groups];
  if (u.extra && Object.keys(u.extra).length) out.extra = u.extra;
  return out;
}

/** utilnet.SourceIPs: X-Forwarded-For, then X-Real-Ip, then the peer unless it repeats the last one. */
export function sourceIPs(req: IncomingMessage): string[] {
  const ips: string[] = [];
  const fwd = req.headers['x-forwarded-for'];
  for (const part of (Array.isArray(fwd) ? fwd.join(',') : (fwd ?? '')).split(',')) {
    const ip = part.trim();
    if (isIP(ip)) ips.push(ip);
  }
  const real = String(req.headers['x-real-ip'] ?? '').trim();
  if (isIP(real) && !ips.includes(real)) ips.push(real);
  const peer = (req.socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (peer && ips[ips.length - 1] !== peer) ips.push(peer);
  return ips;
}

/** The credentials a failed request carried, as getAuthMethods words it. */
function attemptedAuthMethods(req: IncomingMessage): string {
  const methods: string[] = [];
  const auth = (req.headers.authorization ?? '').trim();
  const scheme = auth.split(' ')[0]!.toLowerCase();
  if (scheme === 'basic') methods.push('basic');
  if (auth.split(' ').length > 1 && scheme === 'bearer') methods.push('bearer');
  if (new URL(req.url ?? '/', 'http://x').searchParams.get('access_token')?.trim()) methods.push('access_token');
  const sock = req.socket as { getPeerCertificate?: () => { raw?: Buffer } };
  if (sock.getPeerCertificate?.()?.raw) methods.push('x509');
  return methods.length ? `Authentication failed, attempted: ${methods.join(', ')}` : 'Authentication failed, no credentials provided';
}
