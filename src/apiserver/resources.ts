// The set of resources being served: built-ins from the registry's literal list, plus custom
// resources that come and go with their CRDs. Discovery, OpenAPI and routing all read from here.
import { GenericStore, type StoreContext } from '../registry/generic/store.js';
import type { AnyStrategy } from '../registry/strategy.js';

export interface ServedResource {
  strategy: AnyStrategy;
  store: GenericStore;
  /** True for resources defined by a CRD. */
  custom: boolean;
}

const gvrKey = (group: string, version: string, resource: string) => `${group}/${version}/${resource}`;

export class ResourceRegistry {
  private readonly byGVR = new Map<string, ServedResource>();
  /** Group order as kube-apiserver lists them; custom groups follow in the order they appeared. */
  private readonly groupOrder: string[] = [];
  /** Bumped on every change so that derived documents (discovery, OpenAPI) can be memoized. */
  generation = 0;

  constructor(private readonly ctx: StoreContext) {}

  add(strategy: AnyStrategy, custom = false): ServedResource {
    const served: ServedResource = { strategy, store: new GenericStore(strategy, this.ctx), custom };
    this.byGVR.set(gvrKey(strategy.group, strategy.version, strategy.resource), served);
    if (!this.groupOrder.includes(strategy.group)) this.groupOrder.push(strategy.group);
    this.generation++;
    return served;
  }

  remove(group: string, version: string, resource: string): void {
    if (this.byGVR.delete(gvrKey(group, version, resource))) this.generation++;
  }

  lookup(group: string, version: string, resource: string): ServedResource | undefined {
    return this.byGVR.get(gvrKey(group, version, resource));
  }

  all(): ServedResource[] {
    return [...this.byGVR.values()];
  }

  strategies(): AnyStrategy[] {
    return this.all().map((r) => r.strategy);
  }

  /** Groups with their versions (preferred first), in serving order; "" is the core group. */
  groups(): { name: string; versions: string[] }[] {
    const out: { name: string; versions: string[] }[] = [];
    for (const g of this.groupOrder) {
      const versions: string[] = [];
      for (const r of this.byGVR.values()) if (r.strategy.group === g && !versions.includes(r.strategy.version)) versions.push(r.strategy.version);
      if (versions.length) out.push({ name: g, versions: versions.sort(compareKubeVersions) });
    }
    return out;
  }

  inGroupVersion(group: string, version: string): ServedResource[] {
    return this.all().filter((r) => r.strategy.group === group && r.strategy.version === version);
  }
}

/** Kubernetes version priority: GA > beta > alpha, higher numbers first (v2 > v1 > v1beta2 > v1beta1 > v1alpha1). */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0, v] as const;
    const stage = m[2] === 'alpha' ? 1 : m[2] === 'beta' ? 2 : 3;
    return [stage, Number(m[1]), Number(m[3] ?? 0), v] as const;
  };
  const [sa, ma, na, va] = parse(a);
  const [sb, mb, nb, vb] = parse(b);
  if (sa === 0 && sb === 0) return va < vb ? -1 : va > vb ? 1 : 0;
  if (sa !== sb) return sb - sa;
  if (ma !== mb) return mb - ma;
  return nb - na;
}
