// What every command needs from the global flags, built on first use: the resolved client config,
// a REST client carrying kubectl's headers, cached discovery and the resource mapper.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RestClient } from '../client/rest.js';
import { Discovery, matchResource, type ResourceInfo, serverCacheDir } from './discovery.js';
import type { OpenAPIV2Document } from './apply/openapimeta.js';
import type { FlagValues } from './flags.js';
import type { IO } from './io.js';
import { loadKubeconfig, type Overrides, resolve, type Resolved } from './kubeconfig.js';

export const CLIENT_VERSION = { major: '1', minor: '25', gitVersion: 'v1.25.0', gitCommit: 'a866cbe2e5bbaa01cfd5e969aa3e033f3282a8a2', gitTreeState: 'clean', buildDate: '2022-08-23T17:44:59Z', goVersion: 'go1.19', compiler: 'gc', platform: 'linux/amd64' };

export class Factory {
  private cfg: Resolved | undefined;
  private client: RestClient | undefined;
  private disco: Discovery | undefined;
  private spec: Promise<OpenAPIV2Document> | undefined;
  /** How many warnings the server sent (for --warnings-as-errors). */
  warnings = 0;

  constructor(
    readonly flags: FlagValues,
    readonly io: IO,
    /** e.g. "kubectl get": sent as the Kubectl-Command header. */
    readonly commandName: string,
  ) {}

  config(): Resolved {
    if (this.cfg) return this.cfg;
    const f = this.flags;
    const loaded = loadKubeconfig({ kubeconfigFlag: f.str('kubeconfig') || undefined, env: this.io.env, home: this.io.home });
    const o: Overrides = {};
    const strings = [
      ['context', 'context'], ['cluster', 'cluster'], ['user', 'user'], ['server', 'server'], ['token', 'token'], ['namespace', 'namespace'],
      ['username', 'username'], ['password', 'password'], ['certificateAuthority', 'certificate-authority'], ['clientCertificate', 'client-certificate'],
      ['clientKey', 'client-key'], ['tlsServerName', 'tls-server-name'],
    ] as const;
    for (const [k, flag] of strings) if (f.str(flag)) o[k] = f.str(flag);
    if (f.changed('insecure-skip-tls-verify')) o.insecureSkipTlsVerify = f.bool('insecure-skip-tls-verify');
    return (this.cfg = resolve(loaded, o));
  }

  /** The namespace to use, and whether the user chose it with -n. */
  namespace(): { namespace: string; explicit: boolean } {
    return { namespace: this.config().namespace, explicit: this.config().namespaceExplicit };
  }

  rest(): RestClient {
    if (this.client) return this.client;
    const c = this.config();
    const headers: Record<string, string> = { 'Kubectl-Command': this.commandName, 'Kubectl-Session': sessionId() };
    const token = c.token ?? (c.tokenFile ? readFileSync(c.tokenFile, 'utf8').trim() : undefined);
    // client-go sends credentials only over TLS.
    const secure = !c.server.startsWith('http://');
    if (token && secure) headers['Authorization'] = `Bearer ${token}`;
    else if (c.username && secure) headers['Authorization'] = `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}`;
    const as = this.flags.str('as') || c.impersonate;
    if (as) headers['Impersonate-User'] = as;
    const groups = this.flags.changed('as-group') ? this.flags.list('as-group') : (c.impersonateGroups ?? []);
    if (as && groups.length) headers['Impersonate-Group'] = groups.join(',');
    if (this.flags.str('as-uid')) headers['Impersonate-Uid'] = this.flags.str('as-uid');
    const timeout = this.flags.str('request-timeout');
    const file = (p: string | undefined) => (p ? readFileSync(p, 'utf8') : undefined);
    this.client = new RestClient(c.server, {
      userAgent: `kubectl/v1.25.0 (linux/amd64) kubernetes/a866cbe`,
      headers,
      timeoutMs: timeout && timeout !== '0' ? parseTimeout(timeout) : 0,
      tls: {
        ca: c.caData ?? file(c.caFile),
        cert: c.certData ?? file(c.certFile),
        key: c.keyData ?? file(c.keyFile),
        insecureSkipVerify: c.insecureSkipTlsVerify,
        serverName: c.tlsServerName,
      },
      onWarning: (w) => {
        this.warnings++;
        this.io.err(`Warning: ${w}\n`);
      },
    });
    return this.client;
  }

  cacheDir(): string {
    return this.flags.str('cache-dir') || this.io.env['KUBECACHEDIR'] || join(this.io.home, '.kube', 'cache');
  }

  discovery(): Discovery {
    return (this.disco ??= new Discovery(this.rest(), serverCacheDir(this.cacheDir(), this.config().server)));
  }

  /** The server's OpenAPI v2 document (JSON), fetched once a run through kubectl's HTTP cache. */
  openapi(): Promise<OpenAPIV2Document> {
    // httpcache (node:crypto) is loaded only by the commands that need the spec.
    return (this.spec ??= import('./httpcache.js').then(async ({ cachedGet }) => JSON.parse(await cachedGet(this, '/openapi/v2', 'application/json')) as OpenAPIV2Document));
  }

  /** Resolve a resource argument; an unknown one refetches discovery once before failing, as kubectl does. */
  async resource(arg: string): Promise<ResourceInfo> {
    let hit = matchResource(await this.discovery().resources(), arg);
    if (!hit && (await this.discovery().invalidate())) hit = matchResource(await this.discovery().resources(), arg);
    if (!hit) throw new CliError(`the server doesn't have a resource type "${arg}"`);
    return hit;
  }

  close(): void {
    this.client?.close();
  }
}

/** A plain `error: …` failure (kubectl's cmdutil.CheckErr on a non-API error). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code = 1,
  ) {
    super(message);
  }
}

/** `--request-timeout`: a bare number is seconds; otherwise a Go duration. */
function parseTimeout(text: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let ms = 0;
  for (const m of text.matchAll(/([0-9.]+)(ms|s|m|h)/g)) ms += Number(m[1]) * unit[m[2]!]!;
  return ms;
}

/** A random v4 UUID for the Kubectl-Session header. Not a secret, so node:crypto (slow to load) isn't needed. */
function sessionId(): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
