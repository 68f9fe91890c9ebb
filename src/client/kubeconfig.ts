// Kubeconfig files: the one place that decides how clients are told to reach the server, so the
// move to HTTPS with client certificates changes only this module.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

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
    clusters: [{ name, cluster: { server: p.server } }],
    users: [{ name, user: {} }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: p.namespace ?? 'default' } }],
    'current-context': name,
  };
}

/** Write atomically (temp file + rename) with owner-only permissions. */
export function writeKubeconfig(path: string, p: KubeconfigParams): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, stringify(kubeconfigFor(p)), { mode: 0o600 });
  renameSync(tmp, path);
}
