// Access review validation (pkg/apis/authorization/validation, v1.25): exactly one of resource or
// non-resource attributes, a subject for SubjectAccessReview, and no metadata beyond what the kind allows.
import type { KObject } from '../../api/object.js';
import { invalid, type FieldError } from '../../machinery/fielderrors.js';
import { goLiteral, goQuote } from '../meta.js';

interface ReviewSpec {
  resourceAttributes?: Record<string, unknown> | null;
  nonResourceAttributes?: Record<string, unknown> | null;
  user?: string;
  groups?: string[];
}

const specOf = (o: KObject) => ((o as { spec?: ReviewSpec }).spec ?? {}) as ReviewSpec;
const isSet = (v: unknown) => v !== undefined && v !== null;

/** The bad value as Go prints a *NonResourceAttributes: "null" when nil, else the struct. */
function nonResource(v: ReviewSpec['nonResourceAttributes']): unknown {
  if (!isSet(v)) return 'null';
  return goLiteral(`authorization.NonResourceAttributes{Path:${goQuote(v!['path'] as string)}, Verb:${goQuote(v!['verb'] as string)}}`);
}

/** ValidateSelfSubjectAccessReviewSpec, shared by every access review. */
export function validateAttributes(spec: ReviewSpec): FieldError[] {
  const errs: FieldError[] = [];
  if (isSet(spec.resourceAttributes) && isSet(spec.nonResourceAttributes))
    errs.push(invalid('spec.nonResourceAttributes', nonResource(spec.nonResourceAttributes), 'cannot be specified in combination with resourceAttributes'));
  // Upstream passes the (nil) non-resource attributes as the bad value here.
  if (!isSet(spec.resourceAttributes) && !isSet(spec.nonResourceAttributes))
    errs.push(invalid('spec.resourceAttributes', nonResource(spec.nonResourceAttributes), 'exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  return errs;
}

/** Reviews are never stored, so metadata must be empty (a null creationTimestamp, as Go clients send, is empty). */
function metadataErrors(o: KObject, allowNamespace: boolean): FieldError[] {
  const meta: Record<string, unknown> = { ...o.metadata };
  delete meta['managedFields'];
  if (allowNamespace) delete meta['namespace'];
  const set = Object.entries(meta).filter(([, v]) => isSet(v) && v !== '' && !(typeof v === 'object' && Object.keys(v as object).length === 0));
  return set.length ? [invalid('metadata', Object.fromEntries(set), allowNamespace ? 'must be empty except for namespace' : 'must be empty')] : [];
}

export function validateSelfSubjectAccessReview(o: KObject): FieldError[] {
  return [...validateAttributes(specOf(o)), ...metadataErrors(o, false)];
}

export function validateSubjectAccessReview(o: KObject): FieldError[] {
  const spec = specOf(o);
  const errs = validateAttributes(spec);
  if (!spec.user && !spec.groups?.length) errs.push(invalid('spec.user', spec.user ?? '', 'at least one of user or group must be specified'));
  return [...errs, ...metadataErrors(o, false)];
}

export function validateLocalSubjectAccessReview(o: KObject): FieldError[] {
  const spec = specOf(o);
  const errs = validateAttributes(spec);
  if (!spec.user && !spec.groups?.length) errs.push(invalid('spec.user', spec.user ?? '', 'at least one of user or group must be specified'));
  const ns = (spec.resourceAttributes as { namespace?: string } | undefined)?.namespace ?? '';
  if (isSet(spec.resourceAttributes) && ns !== (o.metadata.namespace ?? ''))
    errs.push(invalid('spec.resourceAttributes.namespace', ns, 'must match metadata.namespace'));
  if (isSet(spec.nonResourceAttributes)) errs.push(invalid('spec.nonResourceAttributes', nonResource(spec.nonResourceAttributes), 'disallowed on this kind of request'));
  return [...errs, ...metadataErrors(o, true)];
}
