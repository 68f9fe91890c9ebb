// The pod-template-hash: upstream's controller.ComputeHash is FNV-32a over a deep print of the Go
// template struct plus collisionCount, rendered with rand.SafeEncodeString. A Go deep print cannot be
// reproduced here, so the hash is FNV-32a over the template's canonical JSON (keys sorted, empty maps
// and lists dropped) plus collisionCount as four little-endian bytes, rendered the same way: same
// alphabet and shape (e.g. "5d59d67564"), different values from a real cluster for the same template.
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { canonical } from './util.js';

/** rand.SafeEncodeString's alphabet: no vowels (no words) and no look-alikes (0/o, 1/l, 3/e). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let h = 0x811c9dc5;
  const add = (b: number) => {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const b of Buffer.from(canonical(template ?? {}), 'utf8')) add(b);
  if (collisionCount !== undefined) {
    const c = collisionCount >>> 0;
    for (let i = 0; i < 4; i++) add((c >>> (8 * i)) & 0xff);
  }
  return safeEncode(String(h >>> 0));
}

/** rand.SafeEncodeString: each byte of `s` mapped onto the alphabet. */
export function safeEncode(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += ALPHANUMS[b % ALPHANUMS.length];
  return out;
}
