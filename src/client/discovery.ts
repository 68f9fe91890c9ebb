// Discovery: which resources the server serves, read from the legacy discovery documents (/api,
// /apis, /api/v1, /apis/<group>/<version>), and a REST mapper from apiVersion + kind to a resource.
import { parseApiVersion } from '../api/object.js';
import type { GroupVersionResource, RestClient } from './rest.js';

export interface APIResourceInfo extends GroupVersionResource {
  kind: string;
  namespaced: boolean;
  verbs: string[];
  /** Served at its group's preferred version (what ServerPreferredResources returns). */
  preferred: boolean;
}

interface APIResourceList {
  groupVersion: string;
  resources: { name: string; kind: string; namespaced: boolean; verbs: string[] }[];
}

interface APIGroupList {
  groups: { name: string; versions: { version: string }[]; preferredVersion?: { version: string } }[];
}

/** Every served resource in every served version (subresources left out). */
export async function discoverResources(rest: RestClient): Promise<APIResourceInfo[]> {
  const [core, groups] = await Promise.all([
    rest.request<{ versions: string[] }>({ method: 'GET', path: '/api' }),
    rest.request<APIGroupList>({ method: 'GET', path: '/apis' }),
  ]);
  const wanted: { path: string; group: string; version: string; preferred: boolean }[] = [];
  core.versions.forEach((v, i) => wanted.push({ path: `/api/${v}`, group: '', version: v, preferred: i === 0 }));
  for (const g of groups.groups) {
    const preferred = g.preferredVersion?.version ?? g.versions[0]?.version;
    for (const v of g.versions) wanted.push({ path: `/apis/${g.name}/${v.version}`, group: g.name, version: v.version, preferred: v.version === preferred });
  }
  const lists = await Promise.all(
    wanted.map((w) =>
      rest.request<APIResourceList>({ method: 'GET', path: w.path }).catch(() => undefined), // a group going away mid-discovery is skipped
    ),
  );
  const out: APIResourceInfo[] = [];
  lists.forEach((list, i) => {
    if (!list) return;
    const w = wanted[i]!;
    for (const r of list.resources) {
      if (r.name.includes('/')) continue;
      out.push({ group: w.group, version: w.version, resource: r.name, kind: r.kind, namespaced: r.namespaced, verbs: r.verbs ?? [], preferred: w.preferred });
    }
  });
  return out;
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
