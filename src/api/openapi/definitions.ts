// Lazy access to the generated built-in definitions. Nothing is read at import time, so server
// startup does not pay for the JSON; the first caller does (tens of ms).
import { readFileSync } from 'node:fs';
import type { Definitions, GroupVersionKind, Schema } from './schema.js';
import { DEFINITIONS_FILE as FILE, generateDefinitions, writeDefinitionsFile } from './generate.js';

let cache: Definitions | undefined;
let byGVK: Map<string, string> | undefined;

/**
 * All built-in definitions keyed by name (io.k8s.api.core.v1.Pod, ...). Reads the file the build
 * generated; without one (a bare `tsc` build) it generates in-process once, which needs the
 * `typescript` devDependency and takes a second or two, and saves the result for next time.
 */
export function loadDefinitions(): Definitions {
  if (cache) return cache;
  let text: string | undefined;
  try {
    text = readFileSync(FILE, 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    cache = JSON.parse(text) as Definitions;
    return cache;
  }
  cache = generateDefinitions();
  writeDefinitionsFile(cache);
  return cache;
}

function gvkKey(g: GroupVersionKind): string {
  return `${g.group}/${g.version}/${g.kind}`;
}

/** Name of the built-in definition carrying this group/version/kind, if any. */
export function definitionNameFor(group: string, version: string, kind: string): string | undefined {
  if (!byGVK) {
    byGVK = new Map();
    for (const [name, def] of Object.entries(loadDefinitions())) {
      for (const g of (def['x-kubernetes-group-version-kind'] as GroupVersionKind[] | undefined) ?? []) {
        byGVK.set(gvkKey(g), name);
      }
    }
  }
  return byGVK.get(gvkKey({ group, version, kind }));
}

export function definition(name: string): Schema | undefined {
  return loadDefinitions()[name];
}
