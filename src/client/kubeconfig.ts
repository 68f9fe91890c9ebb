// Kubeconfig files: the one place that decides how clients are told to reach the server, so the
// move to HTTPS with client certificates changes only this module.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { yaml } from '../machinery/yaml.js';

export interface KubeconfigParams {
  server: string; // e.g. http://127.0.0.1:6443
  context?: string; // default "kubette"
  namespace?: string;
}

export function kubeconfigFor(p: KubeconfigParams): object {
  const name = p.context ?? 'kubette';
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    // Over plain HTTP the flag is meaningless to kubectl, but @kubernetes/client-node refuses an
    // http:// server without it. It goes away when the server moves to HTTPS with a CA.
    clusters: [{ name, cluster: p.server.startsWith('http://') ? { server: p.server, 'insecure-skip-tls-verify': true } : { server: p.server } }],
    users: [{ name, user: {} }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: p.namespace ?? 'default' } }],
    'current-context': name,
  };
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

/** What a client needs from a kubeconfig: the current context's server and default namespace. */
export interface ClientConfig {
  server: string;
  namespace: string;
}

interface KubeconfigFile {
  clusters?: { name: string; cluster?: { server?: string } }[];
  contexts?: { name: string; context?: { cluster?: string; namespace?: string } }[];
  'current-context'?: string;
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
  return { server, namespace: ctx.context?.namespace || 'default' };
}
