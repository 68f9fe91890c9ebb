// Content negotiation: which representation a client asked for in Accept, and how its body is encoded.
import { Errors } from '../machinery/errors.js';

export interface MediaType {
  type: string; // e.g. application/json
  params: Record<string, string>;
}

export function parseAccept(header: string | undefined): MediaType[] {
  if (!header) return [{ type: '*/*', params: {} }];
  return header
    .split(',')
    .map((part) => {
      const [type, ...ps] = part.split(';').map((s) => s.trim());
      const params: Record<string, string> = {};
      for (const p of ps) {
        const i = p.indexOf('=');
        if (i > 0) params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim();
      }
      return { type: (type ?? '').toLowerCase(), params };
    })
    .filter((m) => m.type !== '');
}

export type Representation =
  | { as: 'object' }
  | { as: 'Table'; version: 'v1' | 'v1beta1' }
  | { as: 'PartialObjectMetadata'; version: 'v1' | 'v1beta1' };

const jsonLike = (t: string) => t === 'application/json' || t === '*/*' || t === 'application/*' || t === 'application/yaml';

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/**
 * Pick the first acceptable representation for a resource response. With `protobuf`, a plain
 * protobuf entry also selects the object (see wantsProtobuf for the encoding); without it,
 * protobuf-only clients get 406 (watch streams are JSON only).
 */
export function negotiateObject(accept: MediaType[], kind: 'single' | 'list', protobuf = false): Representation {
  for (const m of accept) {
    const as = m.params['as'];
    if (!as) {
      if (jsonLike(m.type) || (protobuf && m.type === PROTOBUF)) return { as: 'object' };
      continue;
    }
    if (m.type !== 'application/json') continue;
    if (m.params['g'] !== 'meta.k8s.io') continue;
    const v = m.params['v'];
    if (v !== 'v1' && v !== 'v1beta1') continue;
    if (as === 'Table') return { as: 'Table', version: v };
    if (as === 'PartialObjectMetadata' && kind === 'single') return { as: 'PartialObjectMetadata', version: v };
    if (as === 'PartialObjectMetadataList' && kind === 'list') return { as: 'PartialObjectMetadata', version: v };
  }
  throw Errors.notAcceptable(['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']);
}

/**
 * Protobuf is answered only when the client accepts it and no plain JSON/YAML form: kubectl 1.32+
 * sends `protobuf,json` and gets JSON, which it takes (and JSON is what Kubette is tested with).
 */
export function wantsProtobuf(accept: MediaType[]): boolean {
  const plain = accept.filter((m) => !m.params['as']);
  return plain.some((m) => m.type === PROTOBUF) && !plain.some((m) => jsonLike(m.type));
}

/** Whether the client wants YAML back (kubectl never does; curl users may). */
export function wantsYaml(accept: MediaType[]): boolean {
  const first = accept[0];
  return !!first && first.type === 'application/yaml';
}

export type DiscoveryFormat = 'legacy' | 'v2' | 'v2beta1';

export function negotiateDiscovery(accept: MediaType[]): DiscoveryFormat {
  for (const m of accept) {
    if (m.type === 'application/json' && m.params['g'] === 'apidiscovery.k8s.io' && m.params['as'] === 'APIGroupDiscoveryList') {
      if (m.params['v'] === 'v2') return 'v2';
      if (m.params['v'] === 'v2beta1') return 'v2beta1';
      continue;
    }
    if (!m.params['as']) return 'legacy';
  }
  return 'legacy';
}

export const discoveryContentType = (f: 'v2' | 'v2beta1') => `application/json;g=apidiscovery.k8s.io;v=${f};as=APIGroupDiscoveryList`;
