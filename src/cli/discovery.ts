// kubectl's side of discovery: the per-server cache directory name and how a resource argument
// (`po`, `deploy.apps`, `deployments.v1.apps`) resolves. The discovery client itself is
// src/client/discovery.ts.
import { join } from 'node:path';
import type { ResourceInfo } from '../client/discovery.js';

export { Discovery, type ResourceInfo, type APIResourceList, type APIResource, type APIGroupList, type APIGroup } from '../client/discovery.js';

/** `deployments.apps`, `pods` */
export const groupResource = (r: { group: string; resource: string }) => (r.group ? `${r.resource}.${r.group}` : r.resource);
/** `deployment.apps`, `pod`: how kubectl names objects (`-o name`, "created" messages). */
export const kindName = (r: { group: string; kind: string }) => (r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase());

/** kubectl's per-server directory name: the host without scheme, other characters than word, / and . as _. */
export function serverCacheDir(cacheDir: string, server: string): string {
  const host = server.replace(/^https?:\/\//, '');
  return join(cacheDir, 'discovery', host.replace(/[^\w/.]/g, '_'));
}


/**
 * kubectl's resource argument resolution: `pods`, `pod`, `po`, `Pod`, `deployments.apps`,
 * `deploy.apps`, `deployments.v1.apps`; the first match in priority order wins.
 */
export function matchResource(all: ResourceInfo[], arg: string): ResourceInfo | undefined {
  const want = arg.toLowerCase();
  const candidates: { name: string; version?: string; group?: string }[] = [{ name: want }];
  const parts = want.split('.');
  if (parts.length >= 2) candidates.push({ name: parts[0]!, group: parts.slice(1).join('.') });
  if (parts.length >= 3) candidates.push({ name: parts[0]!, version: parts[1]!, group: parts.slice(2).join('.') });
  for (const c of candidates) {
    const hit =
      all.find((r) => fits(r, c) && (r.resource === c.name || r.singular === c.name || r.kind.toLowerCase() === c.name)) ??
      all.find((r) => fits(r, c) && r.shortNames.includes(c.name));
    if (hit) return hit;
  }
  return undefined;
}

function fits(r: ResourceInfo, c: { version?: string; group?: string }): boolean {
  if (c.group === undefined) return r.preferred;
  if (r.group !== c.group) return false;
  return c.version === undefined ? r.preferred : r.version === c.version;
}
