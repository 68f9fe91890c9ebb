// Discovery documents: legacy (/api, /apis, /api/v1, /apis/<g>[/<v>]) and the aggregated
// APIGroupDiscoveryList that kubectl 1.26+ asks for on /api and /apis.
import { apiVersionOf } from '../api/object.js';
import { ALL_VERBS } from '../registry/strategy.js';
import type { ResourceRegistry, ServedResource } from './resources.js';
import { subresourcesOf as extraSubresourcesOf } from './subresources/index.js';

const SUB_VERBS = ['get', 'patch', 'update'];

interface SubresourceEntry {
  name: string;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
}

/** status and scale from the strategy, plus built-ins' own subresources, by name as upstream lists them. */
function subresourcesOf(r: ServedResource): SubresourceEntry[] {
  const s = r.strategy;
  const subs: SubresourceEntry[] = [];
  if (s.subresources?.status) subs.push({ name: 'status', kind: s.kind, verbs: SUB_VERBS });
  if (s.subresources?.scale) subs.push({ name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: SUB_VERBS });
  if (!r.custom) for (const x of extraSubresourcesOf(s)) subs.push({ name: x.name, group: x.kind.group, version: x.kind.version, kind: x.kind.kind, verbs: x.verbs });
  return subs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** kube-apiserver lists a group version's resources sorted by name (so `get all` prints cronjobs before jobs). */
const byName = (served: ServedResource[]) => [...served].sort((a, b) => (a.strategy.resource < b.strategy.resource ? -1 : a.strategy.resource > b.strategy.resource ? 1 : 0));

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDoc(name: string, versions: string[]) {
  const vs = versions.map((v) => ({ groupVersion: apiVersionOf(name, v), version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

export function apiGroupList(reg: ResourceRegistry) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: reg
      .groups()
      .filter((g) => g.name !== '')
      .map((g) => groupDoc(g.name, g.versions)),
  };
}

export function apiGroup(reg: ResourceRegistry, group: string) {
  const g = reg.groups().find((x) => x.name === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(g.name, g.versions) } : undefined;
}

export function apiResourceList(reg: ResourceRegistry, group: string, version: string) {
  const served = reg.inGroupVersion(group, version);
  if (served.length === 0) return undefined;
  const resources: object[] = [];
  for (const r of byName(served)) {
    const s = r.strategy;
    const entry: Record<string, unknown> = {
      name: s.resource,
      singularName: s.singular,
      namespaced: s.namespaced,
      kind: s.kind,
      verbs: s.verbs ?? ALL_VERBS,
    };
    if (s.shortNames?.length) entry['shortNames'] = s.shortNames;
    if (s.categories?.length) entry['categories'] = s.categories;
    resources.push(entry);
    for (const sub of subresourcesOf(r)) {
      const e: Record<string, unknown> = { name: `${s.resource}/${sub.name}`, singularName: '', namespaced: s.namespaced, kind: sub.kind, verbs: sub.verbs };
      if (sub.group !== undefined) Object.assign(e, { group: sub.group, version: sub.version });
      resources.push(e);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(group, version), resources };
}

function aggregatedResource(r: ServedResource) {
  const s = r.strategy;
  const entry: Record<string, unknown> = {
    resource: s.resource,
    responseKind: { group: s.group, version: s.version, kind: s.kind },
    scope: s.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: s.singular,
    verbs: s.verbs ?? ALL_VERBS,
  };
  if (s.shortNames?.length) entry['shortNames'] = s.shortNames;
  if (s.categories?.length) entry['categories'] = s.categories;
  const subs = subresourcesOf(r);
  if (subs.length)
    entry['subresources'] = subs.map((sub) => ({
      subresource: sub.name,
      responseKind: { group: sub.group ?? s.group, version: sub.version ?? s.version, kind: sub.kind },
      verbs: sub.verbs,
    }));
  return entry;
}

/** APIGroupDiscoveryList for /api (core only) or /apis (every other group). */
export function aggregatedDiscovery(reg: ResourceRegistry, core: boolean, version: 'v2' | 'v2beta1') {
  const items = reg
    .groups()
    .filter((g) => (core ? g.name === '' : g.name !== ''))
    .map((g) => ({
      metadata: core ? {} : { name: g.name },
      versions: g.versions.map((v) => ({
        version: v,
        resources: byName(reg.inGroupVersion(g.name, v)).map(aggregatedResource),
        freshness: 'Current',
      })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}
