// The set of paths and definitions one set of resources publishes, shared by the v2 and v3 builders.
import type { AnyStrategy } from '../../registry/strategy.js';
import type { Schema } from '../../api/openapi/schema.js';
import { loadDefinitions } from '../../api/openapi/definitions.js';
import { customDefinitions } from './crd.js';
import { DELETE_OPTIONS, PATCH, STATUS } from './names.js';
import { opDefinitions, resourcePaths, type PathEntry } from './operations.js';

export interface Catalog {
  /** Every path entry, sorted by path. */
  paths: PathEntry[];
  /** Definitions of custom kinds as published (v3 form, refs still #/definitions/...). */
  custom: Record<string, Schema>;
  /** Custom definitions converted for Swagger 2.0. */
  customV2: Record<string, Schema>;
}

export function buildCatalog(resources: readonly AnyStrategy[]): Catalog {
  const builtins = loadDefinitions();
  const paths: PathEntry[] = [];
  const custom: Record<string, Schema> = {};
  const customV2: Record<string, Schema> = {};
  for (const r of resources) {
    paths.push(...resourcePaths(r));
    // Custom resources get their definitions from their schema; built-ins only where
    // kubernetes-types has none (generated definitions are never replaced).
    const known = (name: string) => r.openAPISchema === undefined && name in builtins;
    for (const [name, def] of Object.entries(customDefinitions(r, false))) if (!known(name)) custom[name] = def;
    for (const [name, def] of Object.entries(customDefinitions(r, true))) if (!known(name)) customV2[name] = def;
  }
  paths.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { paths, custom, customV2 };
}

/** Definitions every document carries, referenced or not (kubectl looks these up by name). */
const ALWAYS = [DELETE_OPTIONS, STATUS, PATCH];

const builtinRefs = new Map<string, string[]>();

/** Adds the definition names a schema refers to; walks only schema-valued keys. */
function collectRefs(s: unknown, out: Set<string>): void {
  if (Array.isArray(s)) {
    for (const x of s) collectRefs(x, out);
    return;
  }
  if (typeof s !== 'object' || s === null) return;
  const o = s as Schema;
  if (typeof o.$ref === 'string') out.add(o.$ref.slice(o.$ref.lastIndexOf('/') + 1));
  if (o.properties) for (const v of Object.values(o.properties)) collectRefs(v, out);
  if (typeof o.additionalProperties === 'object') collectRefs(o.additionalProperties, out);
  for (const k of ['items', 'allOf', 'anyOf', 'oneOf', 'not']) collectRefs(o[k], out);
}

function refsOf(name: string, def: Schema, builtin: boolean): string[] {
  if (builtin) {
    let r = builtinRefs.get(name);
    if (!r) {
      const set = new Set<string>();
      collectRefs(def, set);
      r = [...set];
      builtinRefs.set(name, r);
    }
    return r;
  }
  const set = new Set<string>();
  collectRefs(def, set);
  return [...set];
}

/**
 * Names of every definition reachable from the given paths' operations (plus the always-present
 * meta types), sorted. `custom` supplies definitions that are not generated built-ins.
 */
export function reachable(paths: readonly PathEntry[], custom: Record<string, Schema>): string[] {
  const builtins = loadDefinitions();
  const seen = new Set<string>();
  const stack: string[] = [...ALWAYS];
  for (const p of paths) for (const o of p.ops) stack.push(...opDefinitions(o));
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    const c = custom[name];
    const def = c ?? builtins[name];
    if (!def) continue;
    seen.add(name);
    stack.push(...refsOf(name, def, !c));
  }
  return [...seen].sort();
}
