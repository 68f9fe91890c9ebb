// Kubeconfig files: writing one (`kubette up`'s: an https:// server, the cluster CA and the admin's
// credentials) and reading any kubeconfig into what a client needs to reach the server.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { TlsOptions } from './rest.js';
import { yaml } from '../machinery/yaml.js';

export interface KubeconfigParams {
  server: string; // e.g. https://127.0.0.1:6443
  context?: string; // default "kubette"
  namespace?: string;
  /** PEM of the CA that signed the server's certificate. */
  ca?: string;
  /** PEM client certificate and key (the admin's, for `kubette up`'s kubeconfig). */
  clientCert?: string;
  clientKey?: string;
  token?: string;
  /** The user entry's name (default: the context name). */
  user?: string;
}

const b64 = (pem: string) => Buffer.from(pem).toString('base64');

export function kubeconfigFor(p: KubeconfigParams): object {
  const name = p.context ?? 'kubette';
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    // Only for http:// servers, which tests write for in-process servers: the flag is meaningless to
    // kubectl there, but @kubernetes/client-node refuses an http:// server without it.
    clusters: [
      {
        name,
        cluster: p.server.startsWith('http://')
          ? { server: p.server, 'insecure-skip-tls-verify': true }
          : { server: p.server, ...(p.ca ? { 'certificate-authority-data': b64(p.ca) } : {}) },
      },
    ],
    users: [{ name: p.user ?? name, user: userEntry(p) }],
    contexts: [{ name, context: { cluster: name, user: p.user ?? name, namespace: p.namespace ?? 'default' } }],
    'current-context': name,
  };
}

function userEntry(p: KubeconfigParams): Record<string, string> {
  const u: Record<string, string> = {};
  if (p.clientCert && p.clientKey) {
    u['client-certificate-data'] = b64(p.clientCert);
    u['client-key-data'] = b64(p.clientKey);
  }
  if (p.token) u['token'] = p.token;
  return u;
}

/**
 * Block-style YAML for a small plain document, every scalar written as JSON (a valid YAML flow
 * scalar), so no quoting rule can go wrong. Writing it this way keeps the yaml library (~30 ms to
 * load) off `kubette up`'s start-up path.
 */
function blockYaml(v: unknown, indent = ''): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return ' []\n';
    return '\n' + v.map((item) => `${indent}-${blockYaml(item, indent + '  ').replace(/^\n\s*/, ' ')}`).join('');
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return ' {}\n';
    return '\n' + entries.map(([k, x]) => `${indent}${k}:${blockYaml(x, indent + '  ')}`).join('');
  }
  return ` ${JSON.stringify(v)}\n`;
}

/** Write atomically (temp file + rename) with owner-only permissions. */
export function writeKubeconfig(path: string, p: KubeconfigParams): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, blockYaml(kubeconfigFor(p)).slice(1), { mode: 0o600 });
  renameSync(tmp, path);
}

/** What a client needs from a kubeconfig: the current context's server, namespace and credentials. */
export interface ClientConfig {
  server: string;
  namespace: string;
  tls?: TlsOptions;
  bearerToken?: string;
}

interface ClusterEntry {
  server?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
}

interface UserEntry {
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  token?: string;
  tokenFile?: string;
}

interface KubeconfigFile {
  clusters?: { name: string; cluster?: ClusterEntry }[];
  users?: { name: string; user?: UserEntry }[];
  contexts?: { name: string; context?: { cluster?: string; namespace?: string; user?: string } }[];
  'current-context'?: string;
}

/** A `…-data` field (base64) or the file its sibling names, relative to the kubeconfig's folder. */
function material(dir: string, data: string | undefined, file: string | undefined): string | undefined {
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  if (file) return readFileSync(isAbsolute(file) ? file : join(dir, file), 'utf8');
  return undefined;
}

/** Read a kubeconfig file and resolve its current context (or `context`). */
export function readKubeconfig(path: string, context?: string): ClientConfig {
  const doc = (yaml().parse(readFileSync(path, 'utf8')) ?? {}) as KubeconfigFile;
  const name = context ?? doc['current-context'];
  const ctx = doc.contexts?.find((c) => c.name === name);
  if (!ctx) throw new Error(`kubeconfig ${path}: context ${JSON.stringify(name ?? '')} not found`);
  const cluster = doc.clusters?.find((c) => c.name === ctx.context?.cluster);
  const server = cluster?.cluster?.server;
  if (!server) throw new Error(`kubeconfig ${path}: cluster ${JSON.stringify(ctx.context?.cluster ?? '')} has no server`);
  const c = cluster!.cluster!;
  const u = doc.users?.find((x) => x.name === ctx.context?.user)?.user ?? {};
  const dir = dirname(path);
  const out: ClientConfig = { server, namespace: ctx.context?.namespace || 'default' };
  if (server.startsWith('https://'))
    out.tls = {
      ca: material(dir, c['certificate-authority-data'], c['certificate-authority']),
      cert: material(dir, u['client-certificate-data'], u['client-certificate']),
      key: material(dir, u['client-key-data'], u['client-key']),
      insecureSkipVerify: c['insecure-skip-tls-verify'] === true,
      serverName: c['tls-server-name'],
    };
  const token = u.token ?? (u.tokenFile ? readFileSync(isAbsolute(u.tokenFile) ? u.tokenFile : join(dir, u.tokenFile), 'utf8').trim() : undefined);
  if (token) out.bearerToken = token;
  return out;
}
