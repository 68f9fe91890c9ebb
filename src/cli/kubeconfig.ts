// kubectl's kubeconfig loading rules (client-go clientcmd, release-1.25): which files are read,
// how a KUBECONFIG list merges, how --context/--cluster/--user/... overrides resolve to one
// server+credentials, and how config writes pick their target file. Pure apart from file I/O.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { createRequire } from 'node:module';
import { parseSimpleYaml } from './simpleyaml.js';

export type Obj = Record<string, unknown>;

/** One named stanza (cluster, user or context) and the file it came from (LocationOfOrigin). */
export interface Entry {
  value: Obj; // v1 field names, in Go struct (JSON) order
  origin: string;
}

/** One kubeconfig (a file, or the merged view) in client-go's internal shape. */
export interface KubeConfig {
  clusters: Map<string, Entry>;
  users: Map<string, Entry>;
  contexts: Map<string, Entry>;
  currentContext: string;
  preferences: Obj;
  extensions?: unknown[];
}

export interface Loaded {
  /** The merged config (first file wins per name; current-context from the first file that sets it). */
  config: KubeConfig;
  /** Files in precedence order: [--kubeconfig], the KUBECONFIG list, or [~/.kube/config]. */
  precedence: string[];
  explicit?: string;
  env: Record<string, string | undefined>;
}

export class KubeconfigError extends Error {
  /** Exactly what kubectl prints on stderr (with its "error: " / "Error in configuration: " prefix and newline). */
  constructor(message: string, readonly printed = `error: ${message}\n`) {
    super(message);
  }
}

export function emptyConfig(): KubeConfig {
  return { clusters: new Map(), users: new Map(), contexts: new Map(), currentContext: '', preferences: {} };
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Recursively sort map keys (Go decodes free-form maps into map[string]interface{}, which encodes sorted). */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
  return out;
}

const str = (v: unknown, field: string): string => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') {
    throw new Error(`json: cannot unmarshal ${typeof v === 'number' ? 'number' : 'bool'} into Go struct field ${field} of type string`);
  }
  throw new Error(`json: cannot unmarshal object into Go struct field ${field} of type string`);
};

/** []byte fields are base64 in the file; Go decodes leniently and re-encodes canonically. */
function bytesField(v: unknown, field: string): string {
  const s = str(v, field).replace(/[\r\n]/g, '');
  if (s === '') return '';
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) {
    const bad = s.search(/[^A-Za-z0-9+/=]/);
    throw new Error(`illegal base64 data at input byte ${bad >= 0 ? bad : s.length - (s.length % 4)}`);
  }
  return Buffer.from(s, 'base64').toString('base64');
}

type FieldKind = 'string' | 'bytes' | 'bool' | 'strings' | 'map' | 'any';
/** v1 struct fields in JSON order; `keep` = not omitempty. */
const clusterFields: [string, FieldKind, boolean?][] = [
  ['server', 'string', true], ['tls-server-name', 'string'], ['insecure-skip-tls-verify', 'bool'],
  ['certificate-authority', 'string'], ['certificate-authority-data', 'bytes'], ['proxy-url', 'string'], ['extensions', 'any'],
];
const userFields: [string, FieldKind, boolean?][] = [
  ['client-certificate', 'string'], ['client-certificate-data', 'bytes'], ['client-key', 'string'], ['client-key-data', 'bytes'],
  ['token', 'string'], ['tokenFile', 'string'], ['as', 'string'], ['as-uid', 'string'], ['as-groups', 'strings'],
  ['as-user-extra', 'map'], ['username', 'string'], ['password', 'string'], ['auth-provider', 'any'], ['exec', 'any'], ['extensions', 'any'],
];
const contextFields: [string, FieldKind, boolean?][] = [
  ['cluster', 'string', true], ['user', 'string', true], ['namespace', 'string'], ['extensions', 'any'],
];

function normExec(v: unknown): Obj {
  const e = isObj(v) ? v : {};
  const out: Obj = { command: str(e.command, 'ExecConfig.command'), args: Array.isArray(e.args) ? e.args.map(String) : null };
  out.env = Array.isArray(e.env) ? e.env.map((x) => ({ name: str((x as Obj)?.name, 'name'), value: str((x as Obj)?.value, 'value') })) : null;
  out.apiVersion = str(e.apiVersion, 'ExecConfig.apiVersion');
  if (e.installHint) out.installHint = str(e.installHint, 'installHint');
  out.provideClusterInfo = e.provideClusterInfo === true;
  let mode = str(e.interactiveMode, 'interactiveMode');
  // v1 defaulting: the pre-v1 exec API versions default to IfAvailable.
  if (!mode && (out.apiVersion === 'client.authentication.k8s.io/v1beta1' || out.apiVersion === 'client.authentication.k8s.io/v1alpha1')) mode = 'IfAvailable';
  if (mode) out.interactiveMode = mode;
  return out;
}

function normalize(raw: unknown, fields: [string, FieldKind, boolean?][], what: string): Obj {
  const r = isObj(raw) ? raw : {};
  const out: Obj = {};
  for (const [k, kind, keep] of fields) {
    const v = r[k];
    if (k === 'exec') { if (isObj(v)) out.exec = normExec(v); continue; }
    if (k === 'auth-provider') {
      if (isObj(v)) out[k] = { name: str(v.name, 'AuthProviderConfig.name'), config: isObj(v.config) ? sortKeys(v.config) : null };
      continue;
    }
    if (kind === 'string') { const s = str(v, `${what}.${k}`); if (s || keep) out[k] = s; }
    else if (kind === 'bytes') { const s = bytesField(v, `${what}.${k}`); if (s) out[k] = s; }
    else if (kind === 'bool') { if (v === true) out[k] = true; }
    else if (kind === 'strings') { if (Array.isArray(v) && v.length) out[k] = v.map(String); }
    else if (kind === 'map') { if (isObj(v) && Object.keys(v).length) out[k] = sortKeys(v); }
    else if (k === 'extensions') {
      if (Array.isArray(v) && v.length) out[k] = v.map((x) => ({ name: str((x as Obj)?.name, 'name'), extension: sortKeys((x as Obj)?.extension ?? null) }));
    }
  }
  return out;
}

/** YAML through the start-up fast path, js-yaml (loaded only then) for anything beyond it. */
function parseYaml(text: string): unknown {
  const fast = parseSimpleYaml(text);
  if (fast !== undefined) return fast;
  return (createRequire(import.meta.url)('js-yaml') as typeof import('js-yaml')).load(text);
}

/** Decode one file's text (clientcmd.Load): empty → empty config. Throws on syntax/type errors. */
export function parseConfig(text: string, origin: string): KubeConfig {
  const cfg = emptyConfig();
  if (text.length === 0) return cfg;
  const doc = parseYaml(text);
  if (doc === null || doc === undefined) return cfg;
  if (!isObj(doc)) throw new Error("couldn't get version/kind; json parse error: json: cannot unmarshal string into Go value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }");
  const list = (k: string, inner: string, fields: [string, FieldKind, boolean?][], into: Map<string, Entry>, what: string) => {
    const v = doc[k];
    if (v === undefined || v === null) return;
    if (!Array.isArray(v)) throw new Error(`json: cannot unmarshal object into Go struct field Config.${k} of type []v1.Named${what}`);
    for (const item of v) {
      const name = str((item as Obj)?.name, `Named${what}.name`);
      // Later duplicates in one file overwrite earlier ones (map conversion).
      into.set(name, { value: normalize((item as Obj)?.[inner], fields, what), origin });
    }
  };
  list('clusters', 'cluster', clusterFields, cfg.clusters, 'Cluster');
  list('users', 'user', userFields, cfg.users, 'AuthInfo');
  list('contexts', 'context', contextFields, cfg.contexts, 'Context');
  cfg.currentContext = str(doc['current-context'], 'Config.current-context');
  const prefs = isObj(doc.preferences) ? doc.preferences : {};
  if (prefs.colors === true) cfg.preferences.colors = true;
  if (Array.isArray(prefs.extensions) && prefs.extensions.length) cfg.preferences.extensions = sortKeys(prefs.extensions);
  if (Array.isArray(doc.extensions) && doc.extensions.length) cfg.extensions = sortKeys(doc.extensions) as unknown[];
  return cfg;
}

/** LoadFromFile: undefined when the file does not exist. */
export function readConfigFile(file: string): KubeConfig | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KubeconfigError(`error loading config file "${file}": ${(e as Error).message}`);
  }
  try {
    return parseConfig(text, file);
  } catch (e) {
    throw new KubeconfigError(`error loading config file "${file}": ${(e as Error).message}`);
  }
}

/** The loading rules' precedence: --kubeconfig, else the deduplicated KUBECONFIG list, else ~/.kube/config. */
export function precedence(o: { kubeconfigFlag?: string; env: Record<string, string | undefined>; home: string }): string[] {
  if (o.kubeconfigFlag) return [o.kubeconfigFlag];
  const env = o.env.KUBECONFIG;
  if (env) return [...new Set(env.split(':'))];
  return [join(o.home, '.kube', 'config')];
}

export function loadKubeconfig(o: { kubeconfigFlag?: string; env: Record<string, string | undefined>; home: string }): Loaded {
  const files = precedence(o);
  if (o.kubeconfigFlag && !existsSync(o.kubeconfigFlag)) {
    throw new KubeconfigError(`stat ${o.kubeconfigFlag}: no such file or directory`);
  }
  const config = emptyConfig();
  const errors: string[] = [];
  for (const file of files) {
    if (!file) continue;
    let c: KubeConfig | undefined;
    try {
      c = readConfigFile(file);
    } catch (e) {
      errors.push((e as Error).message);
      continue;
    }
    if (!c) continue;
    for (const k of ['clusters', 'users', 'contexts'] as const) {
      for (const [name, entry] of c[k]) if (!config[k].has(name)) config[k].set(name, entry);
    }
    if (!config.currentContext) config.currentContext = c.currentContext;
    if (c.preferences.colors && config.preferences.colors === undefined) config.preferences.colors = true;
    if (c.preferences.extensions && !config.preferences.extensions) config.preferences.extensions = c.preferences.extensions;
    if (c.extensions && !config.extensions) config.extensions = c.extensions;
  }
  if (errors.length === 1) throw new KubeconfigError(errors[0]!);
  if (errors.length > 1) throw new KubeconfigError(`[${errors.join(', ')}]`);
  return { config, precedence: files, explicit: o.kubeconfigFlag || undefined, env: o.env };
}

// ---------- resolution (DirectClientConfig) ----------

export interface Overrides {
  context?: string;
  cluster?: string;
  user?: string;
  server?: string;
  token?: string;
  namespace?: string;
  insecureSkipTlsVerify?: boolean;
  username?: string;
  password?: string;
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
  tlsServerName?: string;
}

export interface Resolved {
  server: string;
  namespace: string;
  /** true when -n/--namespace was given (kubectl's "explicit namespace"). */
  namespaceExplicit: boolean;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  /** Decoded PEM text from *-data, or read from the (absolute) file path when only a path is given. */
  caData?: string;
  certData?: string;
  keyData?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  impersonate?: string;
  impersonateGroups?: string[];
  exec?: Obj;
  authProvider?: Obj;
  contextName: string;
  clusterName: string;
  userName: string;
}

/** Paths inside a stanza are relative to the directory of the file it came from. */
function absFrom(p: string | undefined, origin: string): string | undefined {
  if (!p) return undefined;
  return isAbsolute(p) ? p : join(resolvePath(dirname(origin)), p);
}

const s = (o: Obj, k: string): string => (typeof o[k] === 'string' ? (o[k] as string) : '');

function defaultServer(env: Record<string, string | undefined>): string {
  return env.KUBERNETES_MASTER || 'http://localhost:8080';
}

class ContextNotFound {
  constructor(readonly name: string) {}
  toString() { return `context was not found for specified context: ${this.name}`; }
}
type VErr = string | ContextNotFound;

function validateCluster(name: string, c: Obj): VErr[] {
  const errs: VErr[] = [];
  if (!s(c, 'server')) errs.push(name ? `no server found for cluster "${name}"` : 'default cluster has no server defined');
  if (s(c, 'certificate-authority') && s(c, 'certificate-authority-data')) {
    errs.push(`certificate-authority-data and certificate-authority are both specified for ${name}. certificate-authority-data will override.`);
  }
  const ca = s(c, 'certificate-authority');
  if (ca && !existsSync(ca)) errs.push(`unable to read certificate-authority ${ca} for ${name} due to open ${ca}: no such file or directory`);
  return errs;
}

function validateUser(name: string, u: Obj): VErr[] {
  const errs: VErr[] = [];
  const methods: string[] = [];
  if (s(u, 'token')) methods.push('token');
  if (s(u, 'username') || s(u, 'password')) methods.push('basicAuth');
  const cert = s(u, 'client-certificate'), certData = s(u, 'client-certificate-data');
  const key = s(u, 'client-key'), keyData = s(u, 'client-key-data');
  if (cert || certData) {
    if (cert && certData) errs.push(`client-cert-data and client-cert are both specified for ${name}. client-cert-data will override.`);
    if (key && keyData) errs.push(`client-key-data and client-key are both specified for ${name}; client-key-data will override`);
    if (!key && !keyData) errs.push(`client-key-data or client-key must be specified for ${name} to use the clientCert authentication method.`);
    if (cert && !existsSync(cert)) errs.push(`unable to read client-cert ${cert} for ${name} due to open ${cert}: no such file or directory`);
    if (key && !existsSync(key)) errs.push(`unable to read client-key ${key} for ${name} due to open ${key}: no such file or directory`);
  }
  if (isObj(u.exec)) {
    if (u['auth-provider']) errs.push(`authProvider cannot be provided in combination with an exec plugin for ${name}`);
    if (!s(u.exec, 'command')) errs.push(`command must be specified for ${name} to use exec authentication plugin`);
    if (!s(u.exec, 'apiVersion')) errs.push(`apiVersion must be specified for ${name} to use exec authentication plugin`);
  }
  if (methods.length > 1) errs.push(`more than one authentication method found for ${name}; found [${methods.join(' ')}], only one is allowed`);
  return errs;
}

/** kubectl's rendering of an errConfigurationInvalid aggregate (cmdutil.checkErr + MultilineError). */
function configError(errs: VErr[]): KubeconfigError {
  if (errs.length === 1) {
    const e = errs[0]!;
    return e instanceof ContextNotFound
      ? new KubeconfigError(String(e), `Error in configuration: ${e}\n`)
      : new KubeconfigError(e);
  }
  const text = errs.map(String);
  return new KubeconfigError(`invalid configuration: [${text.join(', ')}]`, `Error in configuration: \n${text.map((t) => `* ${t}\n`).join('')}`);
}

/**
 * Resolve the kubeconfig plus command-line overrides to one endpoint and credentials, failing the
 * way kubectl 1.25 does (Namespace() first runs ConfirmUsable unless -n was given; then
 * ClientConfig() checks the explicitly named user, context and cluster, then ConfirmUsable).
 */
export function resolve(loaded: Loaded, ov: Overrides = {}): Resolved {
  const cfg = loaded.config;
  const contextName = ov.context || cfg.currentContext;
  const ctxEntry = cfg.contexts.get(contextName);
  const ctx: Obj = { ...(ctxEntry?.value ?? {}) };
  if (ov.cluster) ctx.cluster = ov.cluster;
  if (ov.user) ctx.user = ov.user;
  if (ov.namespace) ctx.namespace = ov.namespace;
  const userName = s(ctx, 'user');
  const clusterName = s(ctx, 'cluster');

  const userEntry = cfg.users.get(userName);
  const user: Obj = userEntry ? { ...userEntry.value } : {};
  if (userEntry) for (const k of ['client-certificate', 'client-key', 'tokenFile']) if (user[k]) user[k] = absFrom(s(user, k), userEntry.origin);
  if (ov.token) user.token = ov.token;
  if (ov.username) user.username = ov.username;
  if (ov.password) user.password = ov.password;
  if (ov.clientCertificate) { user['client-certificate'] = ov.clientCertificate; delete user['client-certificate-data']; }
  if (ov.clientKey) { user['client-key'] = ov.clientKey; delete user['client-key-data']; }

  const clusterEntry = cfg.clusters.get(clusterName);
  const explicitMissingCluster = !!ov.cluster && !clusterEntry;
  // A required (--cluster) but missing cluster is an empty Cluster{} (no default server).
  const cluster: Obj = explicitMissingCluster ? {} : { server: defaultServer(loaded.env), ...(clusterEntry?.value ?? {}) };
  if (clusterEntry && cluster['certificate-authority']) cluster['certificate-authority'] = absFrom(s(cluster, 'certificate-authority'), clusterEntry.origin);
  if (!s(cluster, 'server') && !explicitMissingCluster) cluster.server = defaultServer(loaded.env);
  if (ov.server) cluster.server = ov.server;
  if (ov.insecureSkipTlsVerify || ov.certificateAuthority) {
    cluster['insecure-skip-tls-verify'] = !!ov.insecureSkipTlsVerify;
    if (ov.certificateAuthority) cluster['certificate-authority'] = ov.certificateAuthority; else delete cluster['certificate-authority'];
    delete cluster['certificate-authority-data'];
  }
  if (ov.tlsServerName || ov.server) { if (ov.tlsServerName) cluster['tls-server-name'] = ov.tlsServerName; else delete cluster['tls-server-name']; }

  const confirmUsable = () => {
    const errs: VErr[] = [];
    if (contextName && !ctxEntry) errs.push(new ContextNotFound(contextName));
    errs.push(...validateUser(userName, user), ...validateCluster(clusterName, cluster));
    if (errs.length) throw configError(errs);
  };
  if (!ov.namespace) confirmUsable();
  if (ov.user && !userEntry) throw new KubeconfigError(`auth info "${ov.user}" does not exist`);
  if (ov.context && !ctxEntry) throw new KubeconfigError(`context "${ov.context}" does not exist`);
  if (explicitMissingCluster) throw new KubeconfigError(`cluster "${ov.cluster}" does not exist`);
  if (ov.namespace) confirmUsable();

  const data = (b64: string) => (b64 ? Buffer.from(b64, 'base64').toString('utf8') : undefined);
  const orUndef = (v: string) => v || undefined;
  return {
    server: s(cluster, 'server'),
    namespace: s(ctx, 'namespace') || 'default',
    namespaceExplicit: !!ov.namespace,
    token: orUndef(s(user, 'token')),
    tokenFile: orUndef(s(user, 'tokenFile')),
    username: orUndef(s(user, 'username')),
    password: orUndef(s(user, 'password')),
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
    tlsServerName: orUndef(s(cluster, 'tls-server-name')),
    caData: data(s(cluster, 'certificate-authority-data')),
    certData: data(s(user, 'client-certificate-data')),
    keyData: data(s(user, 'client-key-data')),
    caFile: orUndef(s(cluster, 'certificate-authority')),
    certFile: orUndef(s(user, 'client-certificate')),
    keyFile: orUndef(s(user, 'client-key')),
    impersonate: orUndef(s(user, 'as')),
    impersonateGroups: Array.isArray(user['as-groups']) ? (user['as-groups'] as string[]) : undefined,
    exec: isObj(user.exec) ? user.exec : undefined,
    authProvider: isObj(user['auth-provider']) ? user['auth-provider'] : undefined,
    contextName,
    clusterName,
    userName,
  };
}

// ---------- serialization and writes ----------

/** The v1 object (Go struct field order) that kubectl encodes; entries sorted by name like the map conversion. */
export function toV1(cfg: KubeConfig): Obj {
  const named = (m: Map<string, Entry>, inner: string) =>
    m.size === 0 ? null : [...m.keys()].sort().map((name) => ({ name, [inner]: m.get(name)!.value }));
  const out: Obj = {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: cfg.preferences,
    clusters: named(cfg.clusters, 'cluster'),
    users: named(cfg.users, 'user'),
    contexts: named(cfg.contexts, 'context'),
    'current-context': cfg.currentContext,
  };
  if (cfg.extensions) out.extensions = cfg.extensions;
  return out;
}
