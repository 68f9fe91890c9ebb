// kubectl 1.25 client-side apply's bookkeeping (k8s.io/kubectl/pkg/util/apply.go and
// cmd/apply/patcher.go). The annotation kubectl.kubernetes.io/last-applied-configuration holds the
// object as read from the file (after the resource builder set metadata.namespace on namespaced
// kinds), WITHOUT the annotation itself, as Go's json.Encoder writes it: sorted keys, HTML escapes,
// and a trailing "\n". Because the annotation is removed from a map that is created when missing,
// an object without annotations is stored with `"annotations":{}`. The patch's "modified" document is
// the same object WITH that annotation, so a changed file always changes the annotation too.
import type { LookupPatchMeta } from '../../machinery/strategicpatch.js';
import { goEncode, goJson } from '../printers/json.js';
import { createThreeWayJsonMergePatch } from './jsonmerge.js';
import { createThreeWayMergePatch } from './threeway.js';
import { type JsonMap, isMap } from './values.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Annotations as unstructured.GetAnnotations reads them: a string map, or nothing. */
function annotationsOf(obj: JsonMap): Record<string, string> {
  const meta = obj.metadata;
  const a = isMap(meta) ? meta.annotations : undefined;
  if (!isMap(a) || Object.values(a).some((v) => typeof v !== 'string')) return {};
  return { ...(a as Record<string, string>) };
}

function withAnnotations(obj: JsonMap, annotations: Record<string, string>): JsonMap {
  const copy = structuredClone(obj);
  const meta = isMap(copy.metadata) ? copy.metadata : (copy.metadata = {});
  (meta as JsonMap).annotations = annotations;
  return copy;
}

/** The live object's last-applied annotation, verbatim (util.GetOriginalConfiguration); undefined if absent. */
export function getOriginalConfiguration(obj: JsonMap): string | undefined {
  const meta = obj.metadata;
  const a = isMap(meta) ? meta.annotations : undefined;
  const v = isMap(a) ? a[LAST_APPLIED_ANNOTATION] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/**
 * util.GetModifiedConfiguration: the file object encoded without its last-applied annotation
 * (annotate=false: this is the annotation value), or with the annotation set to that encoding
 * (annotate=true: the "modified" document of the apply patch). Ends with "\n".
 */
export function getModifiedConfiguration(fileObj: JsonMap, annotate: boolean): string {
  const annots = annotationsOf(fileObj);
  delete annots[LAST_APPLIED_ANNOTATION];
  const bare = goEncode(withAnnotations(fileObj, annots));
  if (!annotate) return bare;
  return goEncode(withAnnotations(fileObj, { ...annots, [LAST_APPLIED_ANNOTATION]: bare }));
}

/** What `apply` POSTs when the object does not exist yet (util.CreateApplyAnnotation). */
export function withApplyAnnotation(fileObj: JsonMap): JsonMap {
  const annots = annotationsOf(fileObj);
  delete annots[LAST_APPLIED_ANNOTATION];
  return withAnnotations(fileObj, { ...annots, [LAST_APPLIED_ANNOTATION]: getModifiedConfiguration(fileObj, false) });
}

export interface ApplyPatch {
  patch: JsonMap;
  /** Content-Type: application/strategic-merge-patch+json or application/merge-patch+json. */
  patchType: 'strategic' | 'merge';
  /** The request body, as Go marshals it (sorted keys). */
  body: string;
  /** The patch is `{}`: kubectl sends nothing and prints "unchanged" (unless -o is given). */
  unchanged: boolean;
}

/** Decode the last-applied JSON the way strategicpatch does: absent or empty = {}; bad JSON is an error. */
function parseOriginal(live: JsonMap): JsonMap | undefined {
  const raw = getOriginalConfiguration(live);
  if (raw === undefined || raw === '') return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new Error('invalid JSON document');
  }
  if (v === null) return undefined;
  if (!isMap(v)) throw new Error('invalid JSON document');
  return v;
}

/**
 * The whole client-side apply decision for an existing object (Patcher.patchSimple): `meta` is the
 * kind's strategic-merge metadata, or undefined for kinds kubectl's scheme lacks (JSON merge patch).
 * `fileObj` is the object from the file with metadata.namespace already defaulted.
 */
export function applyPatchFor(live: JsonMap, fileObj: JsonMap, meta: LookupPatchMeta | undefined, opts: { overwrite?: boolean } = {}): ApplyPatch {
  const modified = JSON.parse(getModifiedConfiguration(fileObj, true)) as JsonMap;
  const original = parseOriginal(live);
  const patch = meta ? createThreeWayMergePatch(original, modified, live, meta, { overwrite: opts.overwrite ?? true }) : createThreeWayJsonMergePatch(original, modified, live);
  const body = goJson(patch);
  return { patch, patchType: meta ? 'strategic' : 'merge', body, unchanged: body === '{}' };
}
