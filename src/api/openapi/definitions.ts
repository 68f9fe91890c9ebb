// Lazy access to the generated built-in definitions. Nothing is read at import time, so server
// startup does not pay for the JSON; the first caller does (tens of ms).
import { readFileSync } from 'node:fs';
import type { Definitions, GroupVersionKind, Schema } from './schema.js';
import { fileURLToPath } from 'node:url';

/** Written next to this module by the build's generator step (src/api/openapi/generate.ts). */
const FILE = fileURLToPath(new URL('./definitions.json', import.meta.url));

let cache: Definitions | undefined;
let byGVK: Map<string, string> | undefined;

/**
 * All built-in definitions keyed by name (io.k8s.api.core.v1.Pod, ...), from the file `npm run build`
 * generates. The generator (and the TypeScript compiler it drives) stays off the server's start-up
 * path: a missing file is a build problem, reported as such.
 */
export function loadDefinitions(): Definitions {
  if (cache) return cache;
  let text: string | undefined;
  try {
    text = readFileSync(FILE, 'utf8');
  } catch {
    text = undefined;
  }
  if (text === undefined) throw new Error(`OpenAPI definitions not found at ${FILE}: run \`npm run build\` (it generates them after tsc)`);
  cache = JSON.parse(text) as Definitions;
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
