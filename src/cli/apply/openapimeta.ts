// Strategic-merge metadata for client-side apply/edit from the server's /openapi/v2 document (JSON):
// the definition whose x-kubernetes-group-version-kind names the GVK. kubectl 1.25 uses a strategic
// merge patch only for kinds registered in its own scheme (client-go's built-in API groups) and a JSON
// merge patch for everything else (custom resources, CRDs, APIServices), so those get no metadata.
import type { Schema } from '../../api/openapi/schema.js';
import { type LookupPatchMeta, patchMetaFor } from '../../machinery/strategicpatch.js';

export interface GVK {
  group: string;
  version: string;
  kind: string;
}

export interface OpenAPIV2Document {
  definitions?: Record<string, Schema>;
  [key: string]: unknown;
}

/** Groups of client-go 1.25's scheme (k8s.io/kubectl/pkg/scheme installs exactly these). */
const SCHEME_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'internal.apiserver.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
]);

/** Whether kubectl 1.25 would build a strategic merge patch for this group (scheme.Scheme.New succeeds). */
export const usesStrategicMergePatch = (gvk: GVK): boolean => SCHEME_GROUPS.has(gvk.group);

const indexes = new WeakMap<OpenAPIV2Document, Map<string, string>>();
const gvkKey = (g: GVK) => `${g.group}/${g.version}/${g.kind}`;

/** Name of the definition carrying this GVK in x-kubernetes-group-version-kind, if any. */
export function definitionForGVK(doc: OpenAPIV2Document, gvk: GVK): string | undefined {
  let index = indexes.get(doc);
  if (!index) {
    index = new Map();
    for (const [name, def] of Object.entries(doc.definitions ?? {})) {
      const gvks = def['x-kubernetes-group-version-kind'];
      if (!Array.isArray(gvks)) continue;
      for (const g of gvks as Partial<GVK>[]) index.set(gvkKey({ group: g.group ?? '', version: g.version ?? '', kind: g.kind ?? '' }), name);
    }
    indexes.set(doc, index);
  }
  return index.get(gvkKey(gvk));
}

/**
 * Patch metadata for apply/edit, or undefined when kubectl would use a JSON merge patch. A scheme kind
 * missing from the document falls back to free-form metadata (kubectl would read its Go struct tags).
 */
export function patchMetaForGVK(doc: OpenAPIV2Document, gvk: GVK): LookupPatchMeta | undefined {
  if (!usesStrategicMergePatch(gvk)) return undefined;
  const defs = doc.definitions ?? {};
  return patchMetaFor(definitionForGVK(doc, gvk), (name) => defs[name]);
}
