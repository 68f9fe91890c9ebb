// `kubette up`: an all-in-one cluster on SQLite. Starts the API server, writes the kubeconfig,
// prints how to use it, and shuts down cleanly on SIGINT/SIGTERM.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultPlugins, pluginFactories } from '../admission/chain.js';
import { loadAdmissionConfiguration } from '../admission/config.js';
import { auditFromFlags, auditHelp, auditOptions } from '../apiserver/audit/options.js';
import { ApiServer, KUBE_VERSION } from '../apiserver/server.js';
import type { WatchSettings } from '../apiserver/watch.js';
import { parseGoDuration } from '../machinery/duration.js';
import type { LimitSettings } from '../apiserver/filters/index.js';
import { writeKubeconfig } from '../client/kubeconfig.js';
import { clockSpec } from '../client/clock.js';
import { DEFAULT_CAPACITY, parseNodeCapacity, simulatedNodeNames } from '../kubelet/simnodes.js';
import { ensureClusterPKI, servingNames } from '../apiserver/pki.js';
import { readTokenFile } from '../apiserver/authn/tokens.js';
import { AUTHORIZATION_MODES, DEFAULT_AUTHORIZATION_MODES, parseAuthorizationModes } from '../apiserver/authz/modes.js';
import { KUBERNETES_SERVICE_IP } from '../registry/core/services.js';
import { Groups, Users, type UserInfo } from '../api/user.js';
import { clockFromFlags, clockHelp, clockOptions } from './clockflags.js';
import { startComponentsThread } from './componentsthread.js';
import { CONTROLLERS, selectControllers } from '../controllers/manager.js';
import { featureGatesFromFlag } from '../machinery/featuregates.js';
import { createLogger, type Level } from '../machinery/log.js';
import { builtinStrategies } from '../registry/index.js';
import { openSqliteBackend } from '../storage/sqlite/backend.js';
import type { Backend } from '../storage/backend.js';

const help = `Start an all-in-one Kubette cluster.

Usage:
  kubette up [flags]

Flags:
      --data-dir string       where the database and kubeconfig live (default "~/.kubette")
      --port int              port to serve the Kubernetes API on (default 6443; 0 picks a free one)
      --bind-address string   address to listen on (default "127.0.0.1")
      --durability string     "process": an acknowledged write survives the process being killed (kill -9, OOM);
                              "power": it also survives power loss or an OS crash, at one fsync per commit
                              batch (default "process", as k3s's SQLite datastore runs)
      --log-level string      DEBUG, INFO, WARN or ERROR (default "INFO")
      --admission-control-config-file string
                              an AdmissionConfiguration file with plugin configuration (PodSecurity's
                              cluster-wide defaults and exemptions)
      --enable-admission-plugins strings
                              admission plugins to turn on besides the default ones
      --disable-admission-plugins strings
                              admission plugins to turn off (default on: ${defaultPlugins.join(', ')})
${auditHelp}      --enable-logs-handler   serve <data-dir>/logs (the server's own log, kubette.log, among them) at /logs/
      --encryption-provider-config string
                              an EncryptionConfiguration file: which resources (e.g. secrets) are encrypted
                              at rest, with which providers and keys (aescbc, aesgcm, secretbox, identity)
      --controllers strings   controllers to run: "*" for all, "name" to add one, "-name" to leave one out
                              (default "*"; known: ${Object.keys(CONTROLLERS).join(', ')})
      --disable-scheduler     do not run the default scheduler (pods stay Pending unless bound otherwise)
      --nodes int             simulated nodes to register and run pods on (default 0)
      --node-capacity string  the simulated nodes' capacity, e.g. cpu=8,memory=32Gi,pods=110
                              (default ${Object.entries(DEFAULT_CAPACITY).map(([k, v]) => `${k}=${v}`).join(',')})
      --tls-cert-file string  the serving certificate (PEM; default: one signed by the cluster CA made at first
                              start in <data-dir>/pki, with SANs for localhost, the bind address and the
                              kubernetes service names); give the chain leaf first, ending with the issuing
                              CA, which the kubeconfig and the components then trust
      --tls-private-key-file string
                              the serving certificate's key (PEM)
      --client-ca-file string client certificates signed by a CA in this bundle authenticate (CN is the user, O
                              the groups); the cluster CA is always trusted too
      --token-auth-file string
                              static bearer tokens, CSV lines token,user,uid[,"group1,group2"]
      --authorization-mode strings
                              authorizers in order, the first with an opinion decides: ${Object.keys(AUTHORIZATION_MODES).join(', ')}
                              (default "${DEFAULT_AUTHORIZATION_MODES.join(',')}")
      --anonymous-auth        unauthenticated requests to /healthz, /livez, /readyz and /version (default true;
                              anywhere else they get 401)
      --max-requests-inflight int
                              This and --max-mutating-requests-inflight are summed to determine the server's
                              total concurrency limit (which must be positive) if --enable-priority-and-fairness
                              is true. Otherwise, this flag limits the maximum number of non-mutating requests
                              in flight, or a zero value disables the limit completely. (default 400)
      --max-mutating-requests-inflight int
                              The mutating counterpart of --max-requests-inflight (default 200)
      --enable-priority-and-fairness=true|false
                              queue and dispatch requests with API Priority and Fairness instead of the
                              max-in-flight filter (default true)
      --request-timeout duration
                              how long a request that is not long-running may take before it is answered with
                              504 (default 1m0s)
      --min-request-timeout int
                              seconds a watch without timeoutSeconds lasts at least; it ends after a random
                              1-2x this, to spread re-watches out (default 1800)
      --feature-gates mapStringBool
                              A=true|false pairs for alpha/experimental features, as kube-apiserver v1.25
                              takes them (e.g. CronJobTimeZone=false)
${clockHelp}`;

/**
 * Watch tuning from the environment, for tests that cannot wait a minute for a bookmark:
 * KUBETTE_WATCH_BOOKMARK_INTERVAL_MS (default 60000, as kube-apiserver).
 */
function watchSettingsFromEnv(env: NodeJS.ProcessEnv): Partial<WatchSettings> {
  const raw = env['KUBETTE_WATCH_BOOKMARK_INTERVAL_MS'];
  if (raw === undefined || raw === '') return {};
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0) throw new Error(`invalid KUBETTE_WATCH_BOOKMARK_INTERVAL_MS ${JSON.stringify(raw)}: want a positive integer`);
  return { bookmarkIntervalMs: ms };
}

/** The request-limit flags, checked as kube-apiserver checks them. */
function limitsFromFlags(v: Record<string, string | undefined>): Partial<LimitSettings> {
  const int = (name: string): number => {
    const raw = v[name]!;
    if (!/^-?\d+$/.test(raw)) throw new Error(`invalid argument ${JSON.stringify(raw)} for "--${name}" flag: want an integer`);
    return Number(raw);
  };
  const pf = v['enable-priority-and-fairness']!;
  if (pf !== 'true' && pf !== 'false') throw new Error(`invalid argument ${JSON.stringify(pf)} for "--enable-priority-and-fairness" flag: want true or false`);
  let requestTimeoutMs: number;
  try {
    requestTimeoutMs = parseGoDuration(v['request-timeout']!);
  } catch (err) {
    throw new Error(`invalid argument ${JSON.stringify(v['request-timeout'])} for "--request-timeout" flag: ${(err as Error).message}`);
  }
  return { maxRequestsInflight: int('max-requests-inflight'), maxMutatingRequestsInflight: int('max-mutating-requests-inflight'), enablePriorityAndFairness: pf === 'true', requestTimeoutMs };
}

/** The default plugins, plus --enable-admission-plugins, minus --disable-admission-plugins (names checked). */
function admissionPluginsFrom(enable: string, disable: string): string[] {
  const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of [...list(enable), ...list(disable)])
    if (!pluginFactories[n]) throw new Error(`unknown admission plugin ${JSON.stringify(n)}: known are ${Object.keys(pluginFactories).join(', ')}`);
  const off = new Set(list(disable));
  return [...new Set([...defaultPlugins, ...list(enable)])].filter((n) => !off.has(n));
}

export async function up(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '6443' },
      'bind-address': { type: 'string', default: '127.0.0.1' },
      'log-level': { type: 'string', default: 'INFO' },
      durability: { type: 'string', default: 'process' },
      'admission-control-config-file': { type: 'string' },
      'enable-admission-plugins': { type: 'string', default: '' },
      'disable-admission-plugins': { type: 'string', default: '' },
      ...auditOptions,
      'enable-logs-handler': { type: 'boolean', default: false },
      'encryption-provider-config': { type: 'string' },
      controllers: { type: 'string', default: '*' },
      nodes: { type: 'string', default: '0' },
      'disable-scheduler': { type: 'boolean', default: false },
      'node-capacity': { type: 'string' },
      'feature-gates': { type: 'string', multiple: true, default: [] },
      'tls-cert-file': { type: 'string' },
      'tls-private-key-file': { type: 'string' },
      'client-ca-file': { type: 'string' },
      'token-auth-file': { type: 'string' },
      'anonymous-auth': { type: 'string', default: 'true' },
      'authorization-mode': { type: 'string', default: DEFAULT_AUTHORIZATION_MODES.join(',') },
      'max-requests-inflight': { type: 'string', default: '400' },
      'max-mutating-requests-inflight': { type: 'string', default: '200' },
      'enable-priority-and-fairness': { type: 'string', default: 'true' },
      'request-timeout': { type: 'string', default: '1m0s' },
      'min-request-timeout': { type: 'string', default: '1800' },
      ...clockOptions,
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(help);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${JSON.stringify(values.port)}`);
  const dataDir = resolve(values['data-dir'] ?? join(homedir(), '.kubette'));
  const level = (values['log-level'] ?? 'INFO').toUpperCase() as Level;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // With the logs handler the server's log lines also go to <data-dir>/logs/kubette.log, which /logs/ serves.
  const logsDir = values['enable-logs-handler'] ? join(dataDir, 'logs') : undefined;
  if (logsDir) mkdirSync(logsDir, { recursive: true, mode: 0o700 });
  const logFile = logsDir ? createWriteStream(join(logsDir, 'kubette.log'), { flags: 'a', mode: 0o600 }) : undefined;
  const log = createLogger(logFile ? (l) => (process.stderr.write(l), logFile.write(l)) : undefined, level);

  const durability = values.durability;
  if (durability !== 'process' && durability !== 'power') throw new Error(`invalid --durability ${JSON.stringify(durability)}: use "process" or "power"`);
  const admissionPlugins = admissionPluginsFrom(values['enable-admission-plugins']!, values['disable-admission-plugins']!);
  const configFile = values['admission-control-config-file'];
  const admissionConfigurations = configFile ? loadAdmissionConfiguration(resolve(configFile)) : undefined;
  const controllerNames = selectControllers(values.controllers!);
  const featureGates = featureGatesFromFlag(values['feature-gates']!);
  for (const w of featureGates.warnings) log.warn(w);
  const clock = clockFromFlags(values);
  const nodes = Number(values.nodes);
  if (!Number.isInteger(nodes) || nodes < 0) throw new Error(`invalid --nodes ${JSON.stringify(values.nodes)}: want a whole number`);
  const nodeCapacity = values['node-capacity'] === undefined ? undefined : parseNodeCapacity(values['node-capacity']);
  const encryptionFile = values['encryption-provider-config'];
  // Read before the database opens: a bad file stops start-up before anything is written unencrypted.
  // The providers (and tweetnacl) load only for clusters that encrypt.
  const encryption = encryptionFile ? await encryptionFrom(resolve(encryptionFile)) : undefined;
  const { audit, auditPolicy } = auditFromFlags(values, (err) => log.error("Error in audit plugin 'log'", { err: err.message }));
  const authorizationModes = parseAuthorizationModes(values['authorization-mode']!);
  // The PKI (made on a first start) and the database open side by side.
  const securityP = securityFromFlags(values, dataDir, nodes);
  securityP.catch(() => undefined); // awaited below, after the database is open
  const limits = limitsFromFlags(values as unknown as Record<string, string | undefined>);
  const minRequestTimeout = values['min-request-timeout']!;
  if (!/^\d+$/.test(minRequestTimeout)) throw new Error(`--min-request-timeout can not be negative value (got ${JSON.stringify(minRequestTimeout)})`);
  const watch = { ...watchSettingsFromEnv(process.env), minRequestTimeoutSeconds: Number(minRequestTimeout) };
  const store = await openSqliteBackend(join(dataDir, 'state.db'), { durability });
  let security: Awaited<typeof securityP>;
  try {
    security = await securityP;
  } catch (err) {
    await store.close();
    throw err;
  }
  const backend = encryption ? encryption(store) : store;
  let server: ApiServer;
  try {
    server = new ApiServer({ backend, log, now: () => clock.now(), watch, limits, admissionPlugins, admissionConfigurations, audit, auditPolicy, logsDir, featureGates, tls: security.tls, authentication: security.authentication, authorizationModes });
  } catch (err) {
    await backend.close();
    throw new Error(`failed to initialize the API server: ${(err as Error).message}`);
  }
  const kubeconfig = join(dataDir, 'kubeconfig');
  let addr;
  try {
    // Clients read the kubeconfig as soon as /readyz says ok, so it is written before that.
    addr = await server.listen(port, values['bind-address']!, (a) => writeKubeconfig(kubeconfig, { server: urlOf(a), ...security.admin }));
  } catch (err) {
    await backend.close();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new Error(`port ${port} on ${values['bind-address']} is already in use (pick another with --port)`);
    throw err;
  }
  const url = urlOf(addr);
  log.info('kubette is ready', { version: KUBE_VERSION.gitVersion, url, dataDir, startupMs: Math.round(performance.now()) });
  if (clock.rate !== undefined) log.info('simulated clock', { now: clock.now().toISOString(), rate: clock.rate });
  process.stdout.write(
    `Kubette ${KUBE_VERSION.gitVersion} is running at ${url} (data in ${dataDir})\n\n` +
      `To use it:\n  export KUBECONFIG=${kubeconfig}\n  kubectl get namespaces          (or: npx kubette kubectl get namespaces)\n\nPress Ctrl-C to stop.\n`,
  );

  // A bug in one request must not take the cluster down: log it loudly and keep serving.
  process.on('unhandledRejection', (err) => log.error('unhandled rejection', { err: err instanceof Error ? err.stack : String(err) }));

  // The controllers reach the server as any client does, over its URL (loopback when bound to all addresses).
  const selfHost = addr.address === '0.0.0.0' ? '127.0.0.1' : addr.address === '::' ? '[::1]' : new URL(url).hostname;

  let stopping = false;
  const stop = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    await (await components)?.stop();
    await server.close();
    await backend.close();
    await audit?.close();
    if (logFile) await new Promise((r) => logFile.end(r));
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Started after the handlers: a signal during start-up still shuts down cleanly.
  const components = startComponentsThread({ server: `https://${selfHost}:${addr.port}`, ca: security.caForComponents, tokens: security.componentTokens, controllers: controllerNames, clock: clockSpec(clock), logLevel: level, nodes, nodeCapacity, featureGates: featureGates.toString(), scheduler: !values['disable-scheduler'] }).catch((err) => {
    log.error('the cluster components did not start', { err: err instanceof Error ? err.message : String(err) });
    void stop('startup failure', 1);
    return undefined;
  });
}

function urlOf(addr: { family: string; address: string; port: number }): string {
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return `https://${host}:${addr.port}`;
}

/** --encryption-provider-config: the file read and checked now, and the wrapper for the store. */
async function encryptionFrom(file: string): Promise<(store: Backend) => Backend> {
  const [{ encryptedBackend }, { loadEncryptionConfiguration }, { registryKeyLayout }] = await Promise.all([
    import('../storage/encryption/backend.js'),
    import('../storage/encryption/config.js'),
    import('../storage/encryption/resources.js'),
  ]);
  const config = loadEncryptionConfiguration(file);
  return (store) => encryptedBackend(store, config, registryKeyLayout(builtinStrategies));
}

/** The last certificate of a PEM bundle: the issuer, when a chain is given leaf first. */
function lastCertificate(bundle: string): string {
  const certs = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
  return certs.at(-1) ?? bundle;
}

/**
 * HTTPS and authentication from the flags: the cluster PKI (made at first start), the serving
 * certificate (ours or --tls-cert-file's), the client CAs, static tokens, and one bearer token per
 * component of this process — controller manager, scheduler, each simulated node — minted afresh
 * at every start and never written down.
 */
async function securityFromFlags(values: Record<string, unknown>, dataDir: string, nodes: number) {
  const str = (k: string) => values[k] as string | undefined;
  const anonymous = str('anonymous-auth')!;
  if (anonymous !== 'true' && anonymous !== 'false') throw new Error(`invalid --anonymous-auth ${JSON.stringify(anonymous)}: want true or false`);
  const certFile = str('tls-cert-file');
  const keyFile = str('tls-private-key-file');
  if (!!certFile !== !!keyFile) throw new Error('--tls-cert-file and --tls-private-key-file go together');
  const pki = await ensureClusterPKI(join(dataDir, 'pki'), servingNames(str('bind-address')!, KUBERNETES_SERVICE_IP));
  const read = (flag: string, path: string) => {
    try {
      return readFileSync(resolve(path), 'utf8');
    } catch (err) {
      throw new Error(`${flag} ${path}: ${(err as Error).message}`);
    }
  };
  const serving = certFile ? { cert: read('--tls-cert-file', certFile), key: read('--tls-private-key-file', keyFile!) } : pki.serving;
  const clientCAFile = str('client-ca-file');
  const clientCA = pki.ca.cert + (clientCAFile ? read('--client-ca-file', clientCAFile) : '');
  const token = () => randomBytes(32).toString('base64url');
  const componentTokens = { controllerManager: token(), scheduler: token(), nodes: Object.fromEntries(simulatedNodeNames(nodes).map((n) => [n, token()])) };
  const tokens: [string, UserInfo][] = [
    ...(str('token-auth-file') ? readTokenFile(resolve(str('token-auth-file')!)) : []),
    [componentTokens.controllerManager, { username: Users.controllerManager, groups: [] }],
    [componentTokens.scheduler, { username: Users.scheduler, groups: [] }],
    ...Object.entries(componentTokens.nodes).map(([n, t]): [string, UserInfo] => [t, { username: `${Users.nodePrefix}${n}`, groups: [Groups.nodes] }]),
  ];
  // With a certificate of their own, clients trust the last certificate of its file (the issuing
  // CA, when the chain is given leaf first; the certificate itself when self-signed); else our CA.
  const ca = certFile ? lastCertificate(serving.cert) : pki.ca.cert;
  return {
    tls: { ...serving, clientCA },
    authentication: { tokens, anonymous: anonymous === 'true' },
    admin: { ca, clientCert: pki.admin.cert, clientKey: pki.admin.key, user: 'kubernetes-admin' },
    caForComponents: ca,
    componentTokens,
  };
}
