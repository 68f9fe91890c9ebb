// INTERIM: replaced by the full loader (KUBECONFIG merge, overrides, config writes).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface ResolvedConfig {
  server: string;
  namespace: string;
  token?: string;
  insecureSkipTlsVerify: boolean;
  contextName: string;
}

export interface Overrides {
  context?: string;
  cluster?: string;
  user?: string;
  server?: string;
  token?: string;
  namespace?: string;
  insecureSkipTlsVerify?: boolean;
}

interface File {
  clusters?: { name: string; cluster?: { server?: string; 'insecure-skip-tls-verify'?: boolean } }[];
  contexts?: { name: string; context?: { cluster?: string; user?: string; namespace?: string } }[];
  users?: { name: string; user?: { token?: string } }[];
  'current-context'?: string;
}

export function loadKubeconfig(o: { kubeconfigFlag?: string; env: Record<string, string | undefined>; home: string }): File {
  const paths = o.kubeconfigFlag ? [o.kubeconfigFlag] : o.env['KUBECONFIG'] ? o.env['KUBECONFIG'].split(':') : [join(o.home, '.kube', 'config')];
  const merged: File = { clusters: [], contexts: [], users: [] };
  for (const p of paths) {
    if (!p || !existsSync(p)) continue;
    const doc = (require('js-yaml') as typeof import('js-yaml')).load(readFileSync(p, 'utf8')) as File;
    for (const k of ['clusters', 'contexts', 'users'] as const) for (const e of doc?.[k] ?? []) if (!merged[k]!.some((x) => x.name === e.name)) (merged[k] as unknown[]).push(e);
    merged['current-context'] ??= doc?.['current-context'];
  }
  return merged;
}

export function resolve(f: File, o: Overrides): ResolvedConfig {
  const contextName = o.context || f['current-context'] || '';
  const ctx = f.contexts?.find((c) => c.name === contextName)?.context ?? {};
  const cluster = f.clusters?.find((c) => c.name === (o.cluster || ctx.cluster))?.cluster ?? {};
  const user = f.users?.find((u) => u.name === (o.user || ctx.user))?.user ?? {};
  const r: ResolvedConfig = {
    server: o.server || cluster.server || 'http://localhost:8080',
    namespace: o.namespace || ctx.namespace || 'default',
    insecureSkipTlsVerify: o.insecureSkipTlsVerify ?? cluster['insecure-skip-tls-verify'] ?? false,
    contextName,
  };
  const token = o.token || user.token;
  if (token) r.token = token;
  return r;
}
