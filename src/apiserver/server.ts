// The API server: HTTP routing for health, version, discovery, OpenAPI and resources, with a
// structured log line per request. Everything resource-specific comes from the registry.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AdmissionChain, defaultPlugins } from '../admission/chain.js';
import { Errors, toStatusError } from '../machinery/errors.js';
import { defaultFeatureGates, type FeatureGates } from '../machinery/featuregates.js';
import type { Logger } from '../machinery/log.js';
import { KUBERNETES_SERVICE_IP } from '../registry/core/services.js';
import { builtinStrategies } from '../registry/index.js';
import type { AnswerContext } from '../registry/strategy.js';
import type { Backend } from '../storage/backend.js';
import { Auditor, type AuditSink, type PolicyChecker, type RequestAudit } from './audit/index.js';
import { CRDSync } from './crd.js';
import { aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions } from './discovery.js';
import {
  handleCreate,
  handleDelete,
  handleDeleteCollection,
  handleGet,
  handleList,
  handlePatch,
  handleUpdate,
  type HandlerContext,
} from './handlers.js';
import { discoveryContentType, negotiateDiscovery, parseAccept } from './negotiation.js';
import { requestInfo, type RequestInfo } from './requestinfo.js';
import { ResourceRegistry } from './resources.js';
import { sendJson, sendStatus } from './respond.js';
import { handleAnswer } from './reviews.js';
import { serveSubresource, subresourceDeps, subresourceOf, type SubresourceDeps } from './subresources/index.js';
import { ServiceAccountTokens } from './tokens.js';
import { impersonate } from './authn/impersonation.js';
import type { AuthnResult } from './authn/types.js';
import { bootstrapTokens } from './authn/bootstrap.js';
import { bearerAuthenticator, staticTokens } from './authn/tokens.js';
import { unionAuthenticator } from './authn/union.js';
import { x509Authenticator } from './authn/x509.js';
import type { Attributes, Authorizer, RuleResolver } from '../api/authorization.js';
import { alwaysAllow } from '../api/authorization.js';
import { forbidden } from './authz/union.js';
import { serveLogs } from './logs.js';
import { reconcileBootstrapPolicy } from './authz/bootstrappolicy.js';
import { buildAuthorizer, type ServingAuthorizer } from './authz/modes.js';
import { rbacEscalationCheck } from './authz/escalation.js';
import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { Groups, Users, type UserInfo } from '../api/user.js';
import { defaultWatchSettings, handleWatch, type WatchSettings } from './watch.js';
import { RequestLimits, type LimitSettings } from './filters/index.js';

type OpenAPIBuilders = typeof import('./openapi/index.js');
let builders: OpenAPIBuilders | undefined;
/** The OpenAPI document builders load on the first /openapi request, not at start-up. */
async function openapi(): Promise<OpenAPIBuilders> {
  return (builders ??= await import('./openapi/index.js'));
}

export const KUBE_VERSION = {
  major: '1',
  minor: '25',
  gitVersion: 'v1.25.16+kubette',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-26T00:00:00Z',
  goVersion: 'go1.19.13',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export interface ApiServerOptions {
  backend: Backend;
  log: Logger;
  now?: () => Date;
  /** Admission plugins to run (default: every plugin on by default in v1.25). */
  admissionPlugins?: string[];
  /** Per-plugin configuration, from the AdmissionConfiguration file. */
  admissionConfigurations?: Record<string, unknown>;
  /** Where audit events go; none are recorded without one. */
  audit?: AuditSink;
  /** --audit-policy-file, loaded (without one: every request at Metadata, see METADATA_FOR_ALL). */
  auditPolicy?: PolicyChecker;
  /** --enable-logs-handler: the directory /logs/ serves; without it /logs is not found. */
  logsDir?: string;
  watch?: Partial<WatchSettings>;
  /** `--feature-gates` (default: the v1.25 defaults); strategies that depend on a gate get these. */
  featureGates?: FeatureGates;
  /** Serve HTTPS with this certificate; clientCA turns on client-certificate authentication. */
  tls?: { cert: string; key: string; clientCA?: string };
  /**
   * How requests prove who they are. Without it (and without `authenticate`) every request is the
   * cluster admin, as for in-process servers in tests that are not about security.
   */
  authentication?: AuthenticationOptions;
  /** A custom authentication function instead (tests of the pipeline). */
  authenticate?: (req: IncomingMessage, path: string) => Promise<AuthnResult>;
  /** May the user do it: a ready-made authorizer (tests)… */
  authorizer?: Authorizer & RuleResolver;
  /** …or --authorization-mode's names (Node, RBAC, AlwaysAllow, AlwaysDeny). Neither: everything allowed. */
  authorizationModes?: string[];
  /** In-flight limits (APF), request deadline, body and header sizes; defaults as kube-apiserver v1.25. */
  limits?: Partial<LimitSettings>;
}

export interface AuthenticationOptions {
  /** Static bearer tokens (--token-auth-file, and the tokens of `kubette up`'s own components). */
  tokens?: [string, UserInfo][];
  /** Unauthenticated requests to the health and version endpoints (default true). */
  anonymous?: boolean;
}

/** The user of every request when the server runs without authentication. */
export const ADMIN_USER: UserInfo = Object.freeze({ username: Users.admin, groups: [Groups.masters, Groups.authenticated] }) as UserInfo;

/** Namespaces every cluster has from the start. */
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export class ApiServer {
  readonly registry: ResourceRegistry;
  readonly limits: RequestLimits;
  private readonly admission: AdmissionChain;
  private readonly crds: CRDSync;
  private readonly now: () => Date;
  private readonly watchSettings: WatchSettings;
  private readonly subresources: SubresourceDeps;
  private readonly answerContext: Omit<AnswerContext, 'user' | 'authorizer'>;
  private readonly auditor: Auditor;
  private server?: Server;
  private readonly authenticator?: (req: IncomingMessage, path: string) => Promise<AuthnResult>;
  private ready = false;
  private address = '127.0.0.1:6443';

  constructor(private readonly opts: ApiServerOptions) {
    this.now = opts.now ?? (() => new Date());
    this.registry = new ResourceRegistry({ backend: opts.backend, now: this.now });
    this.limits = new RequestLimits(opts.limits);
    const gates = opts.featureGates ?? defaultFeatureGates;
    for (const s of builtinStrategies) this.registry.add(s.withFeatureGates?.(gates) ?? s);
    if (!opts.authorizer && opts.authorizationModes) this.servingAuthorizer = buildAuthorizer(opts.authorizationModes, { backend: opts.backend, log: opts.log });
    this.authorizer = opts.authorizer ?? this.servingAuthorizer ?? alwaysAllow;
    const rbacStore = (kind: 'Role' | 'ClusterRole') => this.registry.lookup('rbac.authorization.k8s.io', 'v1', kind === 'Role' ? 'roles' : 'clusterroles')!.store;
    const escalation = rbacEscalationCheck({
      authorizer: this.authorizer,
      roleRules: async (kind, ns, name) => {
        const role = (await rbacStore(kind).tryGet(ns, name)) as { rules?: PolicyRule[] } | undefined;
        return role ? (role.rules ?? []) : undefined;
      },
    });
    this.admission = AdmissionChain.build(
      opts.admissionPlugins ?? defaultPlugins,
      {
        getNamespace: (name) => this.registry.lookup('', 'v1', 'namespaces')!.store.tryGet('', name),
        listPods: async (namespace) => (await this.registry.lookup('', 'v1', 'pods')!.store.list(namespace, {})).items,
        getPod: (namespace, name) => this.registry.lookup('', 'v1', 'pods')!.store.tryGet(namespace, name),
        getNode: (name) => this.registry.lookup('', 'v1', 'nodes')!.store.tryGet('', name),
      },
      opts.admissionConfigurations,
      this.authorizer === alwaysAllow ? [] : [escalation],
    );
    this.crds = new CRDSync(this.registry, opts.backend, opts.log);
    this.watchSettings = { ...defaultWatchSettings, ...opts.watch };
    const tokens = new ServiceAccountTokens({
      backend: opts.backend,
      now: this.now,
      lookups: { get: (resource, ns, name) => this.registry.lookup('', 'v1', resource)!.store.tryGet(ns, name) },
    });
    this.subresources = subresourceDeps(this.registry, { backend: opts.backend, now: this.now }, tokens);
    this.answerContext = { now: this.now, authenticateToken: (token, audiences) => tokens.authenticate(token, audiences) };
    this.auditor = new Auditor(opts.audit, opts.auditPolicy, this.now);
    this.authenticator = opts.authenticate ?? (opts.authentication ? this.buildAuthenticator(opts.authentication, tokens) : undefined);
  }

  /** x509 (with TLS and a client CA), then bearer tokens: static, bootstrap, service account. */
  private buildAuthenticator(a: AuthenticationOptions, saTokens: ServiceAccountTokens): (req: IncomingMessage, path: string) => Promise<AuthnResult> {
    const secrets = () => this.registry.lookup('', 'v1', 'secrets')!.store;
    const bearer = bearerAuthenticator([
      staticTokens(a.tokens ?? []),
      bootstrapTokens({ getSecret: (ns, name) => secrets().tryGet(ns, name), now: this.now }),
      saTokens,
    ]);
    return unionAuthenticator(this.opts.tls?.clientCA ? [x509Authenticator, bearer] : [bearer], { anonymous: a.anonymous ?? true });
  }

  /**
   * Listen, then bootstrap (system namespaces, CRDs) and run `beforeReady` (e.g. writing the
   * kubeconfig, which needs the bound port); /readyz answers ok once all of that is done.
   */
  async listen(port: number, host: string, beforeReady?: (addr: AddressInfo) => void | Promise<void>): Promise<AddressInfo> {
    await this.servingAuthorizer?.start();
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.limits.serve(req, res, (url, info) => this.handle(req, res, url, info));
    const tls = this.opts.tls;
    // The client certificate is asked for, not required: tokens and anonymous health checks need no certificate.
    const server: Server = tls
      ? createTlsServer({ ...this.limits.serverOptions, cert: tls.cert, key: tls.key, ...(tls.clientCA ? { ca: tls.clientCA, requestCert: true, rejectUnauthorized: false } : {}) }, handler)
      : createServer(this.limits.serverOptions, handler);
    this.limits.configure(server);
    server.keepAliveTimeout = 65_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const addr = server.address() as AddressInfo;
    this.address = `${addr.address}:${addr.port}`;
    await this.bootstrap(addr);
    await beforeReady?.(addr);
    this.ready = true;
    return addr;
  }

  private async bootstrap(addr: AddressInfo): Promise<void> {
    const namespaces = this.registry.lookup('', 'v1', 'namespaces')!.store;
    for (const name of SYSTEM_NAMESPACES) {
      if (await namespaces.tryGet('', name)) continue;
      await namespaces.create('', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      this.opts.log.info('created system namespace', { namespace: name });
    }
    // Independent of each other: side by side.
    await Promise.all([this.ensureKubernetesService(addr), reconcileBootstrapPolicy(this.registry, this.opts.log), this.crds.start()]);
  }

  /** The `kubernetes` Service and its Endpoints in `default`, as kube-apiserver's bootstrap controller keeps them. */
  private async ensureKubernetesService(addr: AddressInfo): Promise<void> {
    const services = this.registry.lookup('', 'v1', 'services')!.store;
    const endpoints = this.registry.lookup('', 'v1', 'endpoints')!.store;
    const labels = { component: 'apiserver', provider: 'kubernetes' };
    if (!(await services.tryGet('default', 'kubernetes'))) {
      await services.create('default', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'kubernetes', labels },
        spec: {
          type: 'ClusterIP',
          clusterIP: KUBERNETES_SERVICE_IP,
          clusterIPs: [KUBERNETES_SERVICE_IP],
          sessionAffinity: 'None',
          ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: addr.port }],
        },
      });
    }
    const ip = addr.address === '0.0.0.0' || addr.address === '::' ? '127.0.0.1' : addr.address;
    const want = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', labels }, subsets: [{ addresses: [{ ip }], ports: [{ name: 'https', port: addr.port, protocol: 'TCP' }] }] };
    const current = await endpoints.tryGet('default', 'kubernetes');
    if (!current) await endpoints.create('default', want);
    else await endpoints.update('default', 'kubernetes', { ...want, metadata: { ...current.metadata, labels } });
  }

  async close(): Promise<void> {
    this.ready = false;
    this.crds.stop();
    this.servingAuthorizer?.stop();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** One request, its URL and RequestInfo already parsed by the outermost filter. */
  private async handle(req: IncomingMessage, res: ServerResponse, url: URL, info: RequestInfo): Promise<void> {
    const started = process.hrtime.bigint();
    const audit = this.auditor.begin(req, info);
    res.setHeader('Audit-Id', audit.id);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Long-running watches are logged when they end, like any other request.
      this.opts.log.info('request', {
        verb: info.isResourceRequest ? info.verb : req.method,
        path: url.pathname,
        code: res.statusCode,
        ms: ms.toFixed(1),
        ua: req.headers['user-agent']?.split(' ')[0],
      });
    });
    let user: UserInfo;
    try {
      user = await this.authenticate(req, url.pathname);
    } catch (err) {
      const status = toStatusError(err).status;
      if (status.code === 401) audit.authenticationFailed();
      sendStatus(res, status);
      return;
    }
    audit.authenticated(user);
    // 'close' also comes when the client goes away first (a watch ended by ^C).
    res.once('close', () => audit.complete(res.statusCode));
    try {
      const as = await impersonate(req, user, this.authorizer);
      if (as) audit.impersonate(as);
      await this.limits.admit(audit.actingUser, info, res, async () => {
        const attrs = attributesOf(audit.actingUser, info, req.method ?? 'GET', url.searchParams);
        const authz = await this.authorizer.authorize(attrs);
        audit.authorized(authz.decision, authz.reason);
        if (authz.decision !== 'Allow') throw forbidden(attrs, authz.reason);
        await this.route(req, res, info, url, audit);
      });
    } catch (err) {
      const status = toStatusError(err).status;
      audit.failed(err, status);
      if (status.code >= 500) this.opts.log.error('request failed', { path: url.pathname, err: err instanceof Error ? err.stack : String(err) });
      if (!res.headersSent) sendStatus(res, status);
      else res.end();
    }
  }

  private async authenticate(req: IncomingMessage, path: string): Promise<UserInfo> {
    if (!this.authenticator) return ADMIN_USER;
    return (await this.authenticator(req, path)).user;
  }

  private readonly authorizer: Authorizer & RuleResolver;
  /** The authorizers that keep caches of storage (RBAC, Node): started before serving, stopped on close. */
  private readonly servingAuthorizer?: ServingAuthorizer;

  private async route(req: IncomingMessage, res: ServerResponse, info: ReturnType<typeof requestInfo>, url: URL, audit: RequestAudit): Promise<void> {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    if (!info.isResourceRequest) {
      if (method !== 'GET' && method !== 'HEAD') throw Errors.notFoundPath();
      return this.routeNonResource(req, res, path, url, info);
    }
    const served = this.registry.lookup(info.group, info.version, info.resource);
    if (!served) throw Errors.notFoundPath();
    const s = served.strategy;
    if (info.namespace && !s.namespaced) throw Errors.notFoundPath();
    const extra = info.subresource && !served.custom ? subresourceOf(s, info.subresource) : undefined;
    if (info.subresource && !extra && !(info.subresource === 'status' && s.subresources?.status) && !(info.subresource === 'scale' && s.subresources?.scale))
      throw Errors.notFoundPath();
    const verbs = s.verbs ?? ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
    if (!info.subresource && !verbs.includes(info.verb)) throw Errors.methodNotAllowed();
    // Namespaced writes and single-object reads need the namespace in the path.
    if (s.namespaced && !info.namespace && info.verb !== 'list' && info.verb !== 'watch') throw Errors.methodNotAllowed();
    const c: HandlerContext = { req, res, info, query: url.searchParams, user: audit.actingUser, served, admission: this.admission, audit, now: this.now };
    if (extra) return serveSubresource(extra, { ...c, ...this.subresources });
    switch (info.verb) {
      case 'get':
        return handleGet(c);
      case 'list':
        return handleList(c);
      case 'watch':
        return handleWatch(c, this.watchSettings);
      case 'create':
        if (info.name && !info.subresource) throw Errors.methodNotAllowed();
        if (s.answerCreate) return handleAnswer(c, { ...this.answerContext, user: c.user, authorizer: this.authorizer });
        return handleCreate(c);
      case 'update':
        return handleUpdate(c);
      case 'patch':
        return handlePatch(c);
      case 'delete':
        return handleDelete(c);
      case 'deletecollection':
        return handleDeleteCollection(c);
      default:
        throw Errors.methodNotAllowed();
    }
  }

  private async routeNonResource(req: IncomingMessage, res: ServerResponse, path: string, url: URL, info: ReturnType<typeof requestInfo>): Promise<void> {
    if (this.opts.logsDir && (path === '/logs' || path.startsWith('/logs/'))) return serveLogs(req, res, url.pathname, this.opts.logsDir);
    const accept = parseAccept(req.headers.accept);
    switch (path) {
      case '/healthz':
      case '/livez':
        return this.health(res, url, true, path.slice(1));
      case '/readyz':
        return this.health(res, url, this.ready, 'readyz');
      case '/version':
        return sendJson(res, 200, KUBE_VERSION);
      case '/api': {
        const f = negotiateDiscovery(accept);
        if (f !== 'legacy') return sendJson(res, 200, aggregatedDiscovery(this.registry, true, f), { contentType: discoveryContentType(f) });
        return sendJson(res, 200, apiVersions(this.address));
      }
      case '/apis': {
        const f = negotiateDiscovery(accept);
        if (f !== 'legacy') return sendJson(res, 200, aggregatedDiscovery(this.registry, false, f), { contentType: discoveryContentType(f) });
        return sendJson(res, 200, apiGroupList(this.registry));
      }
      case '/openapi/v2':
      case '/swagger-2.0.0.pb-v1':
        return this.openapiV2(req, res, path === '/swagger-2.0.0.pb-v1', await openapi());
      case '/openapi/v3':
        return sendJson(res, 200, (await openapi()).openapiV3Root(this.registry.strategies()));
    }
    if (path.startsWith('/openapi/v3/')) {
      const gv = path.slice('/openapi/v3/'.length);
      const doc = (await openapi()).openapiV3Group(this.registry.strategies(), gv);
      if (!doc) throw Errors.notFoundPath();
      const etag = `"${doc.hash}"`;
      res.setHeader('Etag', etag);
      if (req.headers['if-none-match'] === etag) {
        res.statusCode = 304;
        res.end();
        return;
      }
      if (url.searchParams.get('hash') === doc.hash) res.setHeader('Cache-Control', 'public, immutable');
      return sendJson(res, 200, doc.doc);
    }
    if (info.apiPrefix === 'api' && info.version && info.parts.length === 0) {
      const list = info.version === 'v1' ? apiResourceList(this.registry, '', 'v1') : undefined;
      if (list) return sendJson(res, 200, list);
    }
    if (info.apiPrefix === 'apis') {
      if (info.group && info.version && info.parts.length === 0) {
        const list = apiResourceList(this.registry, info.group, info.version);
        if (list) return sendJson(res, 200, list);
      } else if (!info.group && info.parts.length === 1) {
        const g = apiGroup(this.registry, info.parts[0]!);
        if (g) return sendJson(res, 200, g);
      }
    }
    throw Errors.notFoundPath();
  }

  private health(res: ServerResponse, url: URL, ok: boolean, name: string): void {
    const checks = ['ping', 'log', 'etcd', 'poststarthook/start-apiextensions-controllers', 'poststarthook/crd-informer-synced', 'poststarthook/bootstrap-controller'];
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.statusCode = ok ? 200 : 500;
    if (url.searchParams.has('verbose')) {
      const lines = checks.map((c) => `[${ok || c === 'ping' ? '+' : '-'}]${c} ${ok || c === 'ping' ? 'ok' : 'failed: not finished'}`);
      res.end(`${lines.join('\n')}\n${name} check ${ok ? 'passed' : 'failed'}\n`);
      return;
    }
    res.end(ok ? 'ok' : `[-]poststarthook/bootstrap-controller failed: not finished\n${name} check failed`);
  }

  private openapiV2(req: IncomingMessage, res: ServerResponse, legacy: boolean, builders: OpenAPIBuilders): void {
    const doc = builders.openapiV2(this.registry.strategies());
    const etag = doc.etag; // already quoted
    res.setHeader('Etag', etag);
    res.setHeader('Vary', 'Accept');
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    const accept = req.headers.accept ?? '';
    if (legacy || accept.includes('protobuf')) {
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
      res.end(doc.protobuf);
      return;
    }
    sendJson(res, 200, doc.json);
  }
}

/**
 * The name a list or watch is limited to by `fieldSelector=metadata.name=x`, as upstream's
 * RequestInfoFactory takes it, so RBAC's resourceNames and the Node authorizer can judge a watch of
 * one object (what a kubelet sends for a pod's secrets).
 */
function nameFromFieldSelector(query: URLSearchParams): string {
  const fs = query.get('fieldSelector');
  if (!fs) return '';
  for (const term of fs.split(',')) {
    const m = /^\s*metadata\.name\s*==?\s*(.*?)\s*$/.exec(term);
    if (m && m[1] && m[1] !== '.' && m[1] !== '..' && !/[/%]/.test(m[1])) return m[1];
  }
  return '';
}

/** The authorizer's view of a request (a non-resource request is its path and lower-cased method). */
function attributesOf(user: UserInfo, info: ReturnType<typeof requestInfo>, method: string, query: URLSearchParams): Attributes {
  const listing = info.isResourceRequest && !info.name && (info.verb === 'list' || info.verb === 'watch');
  return {
    user,
    verb: info.isResourceRequest ? info.verb : method.toLowerCase(),
    resourceRequest: info.isResourceRequest,
    path: info.path,
    apiGroup: info.group,
    apiVersion: info.version,
    resource: info.resource,
    subresource: info.subresource,
    namespace: info.namespace,
    name: listing ? nameFromFieldSelector(query) : info.name,
  };
}
