// Discovery: which resources the server serves, read from the legacy discovery documents (/api,
// /apis, /api/v1, /apis/<group>/<version>), optionally cached on disk in kubectl's layout (so that a
// warm cache spares a CLI every discovery request, and kubectl and Kubette can share one):
//   <dir>/servergroups.json, <dir>/<group>/<version>/serverresources.json   (core: v1/)
// and a REST mapper from apiVersion + kind to a resource.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseApiVersion } from '../api/object.js';
import type { GroupVersionResource, RestClient } from './rest.js';

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

export class Discovery {
  private groupsDoc: APIGroupList | undefined;
  private readonly lists = new Map<string, APIResourceList | null>();
  private all: ResourceInfo[] | undefined;
  /** Set once anything came from the server this run, so a refetch is not repeated. */
  private fresh = false;

  /** `dir`: the per-server cache directory; without one nothing is cached. */
  constructor(
    private readonly rest: RestClient,
    private readonly dir?: string,
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
    const file = this.cachePath('servergroups.json');
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
    const file = this.cachePath(join(gv, 'serverresources.json'));
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

  private cachePath(rel: string): string | undefined {
    return this.dir === undefined ? undefined : join(this.dir, rel);
  }

  private readCache<T>(file: string | undefined): T | undefined {
    if (!file) return undefined;
    try {
      if (this.now() - statSync(file).mtimeMs > TTL_MS) return undefined;
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  /** Best effort, atomic: a read-only or full disk must not fail the command. */
  private writeCache(file: string | undefined, doc: unknown): void {
    if (!file) return;
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

/** What controllers need of a served resource. */
export type APIResourceInfo = ResourceInfo;

/** Every served resource in every served version (subresources left out), read afresh. */
export async function discoverResources(rest: RestClient): Promise<APIResourceInfo[]> {
  return new Discovery(rest).resources();
}

export const gvrString = (r: GroupVersionResource) => `${r.group ? `${r.group}/` : ''}${r.version}/${r.resource}`;

/** Maps apiVersion + kind (as in ownerReferences) to the resource serving it. */
export class RESTMapper {
  private readonly byKind = new Map<string, APIResourceInfo>();

  constructor(resources: APIResourceInfo[]) {
    for (const r of resources) this.byKind.set(`${r.group}/${r.version}/${r.kind}`, r);
  }

  forKind(apiVersion: string, kind: string): APIResourceInfo | undefined {
    const { group, version } = parseApiVersion(apiVersion);
    return this.byKind.get(`${group}/${version}/${kind}`);
  }
}
