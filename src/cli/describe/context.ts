// What every describer gets: the client, the object's coordinates and the describe settings.
import type { GroupVersionResource, RestClient } from '../../client/rest.js';

export interface DescribeTarget {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
}

export interface DescribeContext {
  rest: RestClient;
  target: DescribeTarget;
  namespace: string;
  name: string;
  showEvents: boolean;
  /** List page size (--chunk-size, 500 by default). */
  chunkSize: number;
  now: Date;
}

export type Describer = (ctx: DescribeContext) => Promise<string>;

export const gvr = (t: DescribeTarget): GroupVersionResource => ({ group: t.group, version: t.version, resource: t.resource });

/** GET the object being described. */
export function getObject(ctx: DescribeContext, g: GroupVersionResource = gvr(ctx.target)): Promise<any> {
  return ctx.rest.resource(g).get(ctx.name, ctx.target.namespaced ? ctx.namespace : '');
}

/** Every item of a list, page by page (runtimeresource.FollowContinue with Limit = chunk size). */
export async function listAll(ctx: DescribeContext, g: GroupVersionResource, opts: { namespace?: string; labelSelector?: string; fieldSelector?: string }): Promise<any[]> {
  const items: any[] = [];
  let cont: string | undefined;
  do {
    const page = await ctx.rest.resource(g).list({ ...opts, limit: ctx.chunkSize > 0 ? ctx.chunkSize : undefined, continue: cont });
    items.push(...page.items);
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return items;
}

export const CORE = (resource: string): GroupVersionResource => ({ group: '', version: 'v1', resource });
export const APPS = (resource: string): GroupVersionResource => ({ group: 'apps', version: 'v1', resource });
