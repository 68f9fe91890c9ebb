// Discovery for the CLI, cached on disk in kubectl's own layout so that a warm cache lets `get` skip
// every discovery request (and kubectl and we can share one cache):
//   <cache-dir>/discovery/<host>_<port>/servergroups.json
//   <cache-dir>/discovery/<host>_<port>/<group>/<version>/serverresources.json   (core: v1/)
// A cache entry older than the TTL, an unknown resource type and `api-resources` refetch it.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RestClient } from '../client/rest.js';

/** kubectl 1.25's discovery cache lifetime. */
const TTL_MS = 10 * 60 * 1000;

export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  group?: string;
  version?: string;
}

export interface APIResourceList {
  kind: 'APIResourceList';
  apiVersion: 'v1';
  groupVersion: string;
  resources: APIResource[];
}

export interface APIGroup {
  name: string;
  versions: { groupVersion: string; version: string }[];
  preferredVersion?: { groupVersion: string; version: string };
}

export interface APIGroupList {
  kind: 'APIGroupList';
  apiVersion: 'v1';
  groups: APIGroup[];
}

/** A served resource, as commands use it. */
export interface ResourceInfo {
  group: string;
  version: string;
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  /** Subresource names (status, scale, log, …). */
  subresources: string[];
  /** At its group's preferred version. */
  preferred: boolean;
}

/** `deployments.apps`, `pods` */
export const groupResource = (r: { group: string; resource: string }) => (r.group ? `${r.resource}.${r.group}` : r.resource);
/** `deployment.apps`, `pod`: how kubectl names objects (`-o name`, "created" messages). */
export const kindName = (r: { group: string; kind: string }) => (r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase());

/** kubectl's per-server directory name: the host without scheme, other characters than word, / and . as _. */
export function serverCacheDir(cacheDir: string, server: string): string {
  const host = server.replace(/^https?:\/\//, '');
  return join(cacheDir, 'discovery', host.replace(/[^\w/.]/g, '_'));
}

export class Discovery {
  private groupsDoc: APIGroupList | undefined;
  private readonly lists = new Map<string, APIResourceList | null>();
  private all: ResourceInfo[] | undefined;
  /** Set once anything came from the server this run, so a refetch is not repeated. */
  private fresh = false;

  constructor(
    private readonly rest: RestClient,
    private readonly dir: string,
    private readonly now = () => Date.now(),
  ) {}

  /** Everything served, preferred versions first, core before groups (kubectl's priority order). */
  async resources(): Promise<ResourceInfo[]> {
    if (this.all) return this.all;
    const groups = await this.serverGroups();
    const out: ResourceInfo[] = [];
    const wanted: { group: string; version: string; preferred: boolean }[] = [];
    for (const g of groups.groups) {
      const pref = g.preferredVersion?.version ?? g.versions[0]?.version;
      for (const v of g.versions) wanted.push({ group: g.name, version: v.version, preferred: v.version === pref });
    }
    const lists = await Promise.all(wanted.map((w) => this.resourceList(w.group, w.version)));
    const ordered = wanted.map((w, i) => ({ ...w, list: lists[i] })).sort((a, b) => Number(b.preferred) - Number(a.preferred));
    for (const w of ordered) {
      if (!w.list) continue;
      const subs = new Map<string, string[]>();
      for (const r of w.list.resources) {
        const slash = r.name.indexOf('/');
        if (slash > 0) subs.set(r.name.slice(0, slash), [...(subs.get(r.name.slice(0, slash)) ?? []), r.name.slice(slash + 1)]);
      }
      for (const r of w.list.resources) {
        if (r.name.includes('/')) continue;
        out.push({
          group: w.group,
          version: w.version,
          resource: r.name,
          kind: r.kind,
          singular: r.singularName || r.kind.toLowerCase(),
          namespaced: r.namespaced,
          verbs: r.verbs ?? [],
          shortNames: r.shortNames ?? [],
          categories: r.categories ?? [],
          subresources: subs.get(r.name) ?? [],
          preferred: w.preferred,
        });
      }
    }
    this.all = out;
    return out;
  }

  /** Forget the cache (unknown type, `api-resources`) and read everything from the server again. */
  async invalidate(): Promise<boolean> {
    if (this.fresh) return false;
    this.groupsDoc = undefined;
    this.lists.clear();
    this.all = undefined;
    this.fresh = true;
    return true;
  }

  async serverGroups(): Promise<APIGroupList> {
    if (this.groupsDoc) return this.groupsDoc;
    const file = join(this.dir, 'servergroups.json');
    const cached = this.fresh ? undefined : this.readCache<APIGroupList>(file);
    if (cached) return (this.groupsDoc = cached);
    const [core, apis] = await Promise.all([
      this.rest.request<{ versions: string[] }>({ method: 'GET', path: '/api', query: { timeout: '32s' }, accept: 'application/json, */*' }),
      this.rest.request<APIGroupList>({ method: 'GET', path: '/apis', query: { timeout: '32s' }, accept: 'application/json, */*' }),
    ]);
    // As client-go's ServerGroups: the legacy group first, with an empty name.
    const legacy: APIGroup = { name: '', versions: core.versions.map((v) => ({ groupVersion: v, version: v })) };
    if (legacy.versions[0]) legacy.preferredVersion = legacy.versions[0];
    const doc: APIGroupList = { kind: 'APIGroupList', apiVersion: 'v1', groups: [legacy, ...(apis.groups ?? [])] };
    this.fresh = true;
    this.writeCache(file, doc);
    return (this.groupsDoc = doc);
  }

  async resourceList(group: string, version: string): Promise<APIResourceList | null> {
    const gv = group ? `${group}/${version}` : version;
    if (this.lists.has(gv)) return this.lists.get(gv)!;
    const file = join(this.dir, gv, 'serverresources.json');
    let list = this.fresh ? undefined : this.readCache<APIResourceList>(file);
    if (!list) {
      list = await this.rest
        .request<APIResourceList>({ method: 'GET', path: group ? `/apis/${gv}` : `/api/${gv}`, query: { timeout: '32s' }, accept: 'application/json, */*' })
        .catch(() => undefined); // a group going away mid-discovery is skipped, as kubectl 1.25 does
      if (list) this.writeCache(file, list);
    }
    this.lists.set(gv, list ?? null);
    return list ?? null;
  }

  private readCache<T>(file: string): T | undefined {
    try {
      if (this.now() - statSync(file).mtimeMs > TTL_MS) return undefined;
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  /** Best effort, atomic: a read-only or full disk must not fail the command. */
  private writeCache(file: string, doc: unknown): void {
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o750 });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(doc), { mode: 0o660 });
      renameSync(tmp, file);
    } catch {
      /* caching is an optimisation */
    }
  }
}

export class NoMatchError extends Error {}

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
