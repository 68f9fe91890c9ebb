// Memoization by resource set: the documents depend only on each resource's identity, scope,
// verbs, subresources and (for CRDs) schema, so they are rebuilt only when that set changes.
import { createHash } from 'node:crypto';
import type { AnyStrategy } from '../../registry/strategy.js';

// Hashing a CRD schema is the only costly part, so it is cached per strategy and schema object.
const schemaHashes = new WeakMap<AnyStrategy, { schema: unknown; hash: string }>();

function schemaHash(s: AnyStrategy): string {
  if (s.openAPISchema === undefined) return '';
  const hit = schemaHashes.get(s);
  if (hit && hit.schema === s.openAPISchema) return hit.hash;
  const hash = createHash('sha256').update(JSON.stringify(s.openAPISchema)).digest('hex');
  schemaHashes.set(s, { schema: s.openAPISchema, hash });
  return hash;
}

function signature(s: AnyStrategy): string {
  return JSON.stringify([s.group, s.version, s.kind, s.resource, s.namespaced, s.verbs ?? null, !!s.subresources?.status, !!s.subresources?.scale, schemaHash(s)]);
}

/** A key equal for equal resource sets, in any order. */
export function resourcesKey(resources: readonly AnyStrategy[]): string {
  return resources.map(signature).sort().join('\n');
}

/** Keeps the values computed for the latest resource set; a new set drops the old values. */
export class LatestCache<T extends object> {
  private key: string | undefined;
  private value: T | undefined;
  get(resources: readonly AnyStrategy[], make: () => T): T {
    const key = resourcesKey(resources);
    if (key !== this.key || !this.value) {
      this.value = make();
      this.key = key;
    }
    return this.value;
  }
}
