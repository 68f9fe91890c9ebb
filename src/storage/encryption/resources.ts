// From a validated EncryptionConfiguration to one transformer per storage key prefix, as
// kube-apiserver's encryptionconfig builds one per group-resource. The key layout (which prefix a
// group-resource is stored under) is the registry's knowledge, passed in as data.
import { decodeBase64Std, type EncryptionConfiguration, type Key, type KeyedProvider, type ProviderConfiguration } from './config.js';
import { aesCbc, aesGcm, identity, PrefixTransformers, secretbox, type PrefixTransformer, type Transformer } from './transformers.js';

export interface GroupResource {
  group: string;
  resource: string;
}

/** Where a group-resource's objects live: e.g. "/registry/secrets/", "/registry/minions/". */
export type KeyLayout = (gr: GroupResource) => string;

/** Enough of a resource's registry strategy to know its storage prefix. */
export interface StoredResource {
  group: string;
  resource: string;
  /** The path under /registry/ when it is not the plural (nodes → "minions"). */
  storagePrefix?: string;
}

/**
 * The registry's key layout: a known resource under its storagePrefix or its plural; any other
 * (a custom resource, whose group always has a dot) under "<group>/<plural>".
 */
export function registryKeyLayout(known: readonly StoredResource[]): KeyLayout {
  const byGR = new Map(known.map((s) => [grString(s), s.storagePrefix ?? s.resource]));
  return (gr) => `/registry/${byGR.get(grString(gr)) ?? (gr.group.includes('.') ? `${gr.group}/${gr.resource}` : gr.resource)}/`;
}

/** "deployments.apps" → {resource: deployments, group: apps}; "secrets" → the core group (schema.ParseGroupResource). */
export function parseGroupResource(s: string): GroupResource {
  const dot = s.indexOf('.');
  return dot < 0 ? { group: '', resource: s } : { group: s.slice(dot + 1), resource: s.slice(0, dot) };
}

function grString(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

const PREFIXES: Record<KeyedProvider, string> = {
  aescbc: 'k8s:enc:aescbc:v1:',
  aesgcm: 'k8s:enc:aesgcm:v1:',
  secretbox: 'k8s:enc:secretbox:v1:',
};

const NO_KEY: Record<KeyedProvider, string> = {
  aescbc: 'no matching key was found for the provided AES transformer',
  aesgcm: 'no matching key was found for the provided AES transformer',
  secretbox: 'no matching key was found for the provided Secretbox transformer',
};

const CIPHERS: Record<KeyedProvider, (key: Buffer) => Transformer> = { aescbc: aesCbc, aesgcm: aesGcm, secretbox };

/** One provider element: "<provider prefix><key name>:" then that key's cipher, keys tried in order. */
function providerTransformer(p: ProviderConfiguration): PrefixTransformer {
  if (p.identity) return { prefix: Buffer.alloc(0), transformer: identity };
  const kind = (['aesgcm', 'aescbc', 'secretbox'] as const).find((k) => p[k]);
  if (!kind) throw new Error('provider does not contain any of the expected providers: AESGCM, AESCBC, Secretbox, Identity');
  const keys = p[kind]!.keys.map((k: Key) => ({ prefix: Buffer.from(`${k.name}:`), transformer: CIPHERS[kind](decodeBase64Std(k.secret)!) }));
  return { prefix: Buffer.from(PREFIXES[kind]), transformer: new PrefixTransformers(keys, NO_KEY[kind]) };
}

/**
 * Storage key prefix → its transformer. A resource named in several elements gets their providers
 * in file order, as upstream concatenates them.
 */
export function transformersByPrefix(config: EncryptionConfiguration, layout: KeyLayout): Map<string, Transformer> {
  const lists = new Map<string, PrefixTransformer[]>();
  for (const rc of config.resources) {
    const providers = rc.providers.map(providerTransformer);
    for (const r of rc.resources) {
      const prefix = layout(parseGroupResource(r));
      lists.set(prefix, [...(lists.get(prefix) ?? []), ...providers]);
    }
  }
  return new Map([...lists].map(([prefix, list]) => [prefix, new PrefixTransformers(list, 'no matching prefix found')]));
}
