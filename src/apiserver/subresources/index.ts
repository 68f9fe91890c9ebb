// Subresources with their own handler (pods/binding, pods/eviction, pods/ephemeralcontainers,
// serviceaccounts/token, namespaces/finalize): one file each, listed here. Routing serves them and discovery lists them
// with their kind and verbs; status and scale stay with the strategy, as every kind shares them.
import type { KObject } from '../../api/object.js';
import { Errors } from '../../machinery/errors.js';
import { GenericStore, type StoreContext } from '../../registry/generic/store.js';
import type { AnyStrategy } from '../../registry/strategy.js';
import { admissionRequest, type HandlerContext } from '../handlers.js';
import type { ResourceRegistry } from '../resources.js';
import type { ServiceAccountTokens } from '../tokens.js';
import { binding } from './binding.js';
import { ephemeralContainers } from './ephemeralcontainers.js';
import { eviction } from './eviction.js';
import { finalize } from './finalize.js';
import { token } from './token.js';

/** What a subresource handler may use beyond the request. */
export interface SubresourceDeps {
  registry: ResourceRegistry;
  /** A store over the parent's storage with another strategy (upstream's "status store" pattern). */
  storeWith(strategy: AnyStrategy): GenericStore;
  tokens: ServiceAccountTokens;
}

export type SubresourceContext = HandlerContext & SubresourceDeps;

export interface Subresource {
  /** The parent resource. */
  parent: { group: string; version: string; resource: string };
  name: string;
  /** The kind served; group and version only when they differ from the parent's (discovery lists them then). */
  kind: { kind: string; group?: string; version?: string };
  verbs: string[];
  handle(c: SubresourceContext): Promise<void>;
}

export const builtinSubresources: Subresource[] = [binding, eviction, ephemeralContainers, token, finalize];

/** The extra subresource `name` of a built-in strategy, if it has one. */
export function subresourceOf(s: AnyStrategy, name: string): Subresource | undefined {
  return subresourcesOf(s).find((x) => x.name === name);
}

export function subresourcesOf(s: AnyStrategy): Subresource[] {
  return builtinSubresources.filter((x) => x.parent.group === s.group && x.parent.version === s.version && x.parent.resource === s.resource);
}

export function subresourceDeps(registry: ResourceRegistry, ctx: StoreContext, tokens: ServiceAccountTokens): SubresourceDeps {
  const stores = new WeakMap<AnyStrategy, GenericStore>();
  return {
    registry,
    tokens,
    storeWith(strategy) {
      let store = stores.get(strategy);
      if (!store) stores.set(strategy, (store = new GenericStore(strategy, ctx)));
      return store;
    },
  };
}

/**
 * Admission for a create on a subresource (an Eviction, a TokenRequest), as kube-apiserver runs the
 * chain for every create it serves: mutating, then validating, on the decoded object. Returns the
 * plugins' warnings.
 */
export async function admitCreate(c: SubresourceContext, obj: KObject, kind: { group: string; version: string; kind: string }, dryRun: boolean): Promise<string[]> {
  const request = admissionRequest(c, 'CREATE', dryRun, kind);
  const admitted = await request.admit(obj, undefined);
  const validated = await request.validate(obj, undefined);
  return [...(admitted.warnings ?? []), ...(validated.warnings ?? [])];
}

export function serveSubresource(sub: Subresource, c: SubresourceContext): Promise<void> {
  if (!sub.verbs.includes(c.info.verb)) throw Errors.methodNotAllowed();
  return sub.handle(c);
}
