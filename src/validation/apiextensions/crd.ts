// CustomResourceDefinition validation (apiextensions-apiserver pkg/apis/apiextensions/validation, v1.25).
//
// Upstream validates the internal type, into which a v1 CRD is converted by hoisting per-version
// schema / subresources / printer columns to spec.validation / spec.subresources /
// spec.additionalPrinterColumns when every version has the same value. Error paths follow that:
// a single-version CRD reports `spec.validation.openAPIV3Schema...`, as kube-apiserver does.
import type {
  CustomResourceColumnDefinition,
  CustomResourceDefinition,
  CustomResourceDefinitionNames,
  CustomResourceDefinitionSpec,
  CustomResourceDefinitionVersion,
  CustomResourceSubresources,
} from 'kubernetes-types/apiextensions/v1.js';
import { isObject } from '../../api/object.js';
import { FieldPath, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { deepEqual, goLiteral, goPointer, goQuote, goStringSlice, validateImmutableField } from '../meta.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../names.js';
import { validateConversion } from './conversion.js';
import { schemaHasDefaults, validateCRDSchema } from './schema.js';

const columnTypes = ['boolean', 'date', 'integer', 'number', 'string'];
const columnFormats = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const approvalAnnotation = 'api-approved.kubernetes.io';

type Spec = Partial<CustomResourceDefinitionSpec>;
type Version = Partial<CustomResourceDefinitionVersion>;

/** The per-version fields as the internal type sees them after hoisting. */
interface Internal {
  validation?: unknown;
  subresources?: CustomResourceSubresources;
  columns?: CustomResourceColumnDefinition[];
  /** Whether each field was hoisted (then every version's own value counts as nil). */
  hoisted: { validation: boolean; subresources: boolean; columns: boolean };
}

function hoist(versions: Version[]): Internal {
  const same = (get: (v: Version) => unknown) => versions.length > 0 && versions.every((v) => deepEqual(get(v), get(versions[0]!)));
  const v0 = versions[0] ?? {};
  const hoisted = {
    validation: same((v) => v.schema),
    subresources: same((v) => v.subresources),
    columns: same((v) => v.additionalPrinterColumns),
  };
  return {
    validation: hoisted.validation ? v0.schema : undefined,
    subresources: hoisted.subresources ? v0.subresources : undefined,
    columns: hoisted.columns ? v0.additionalPrinterColumns : undefined,
    hoisted,
  };
}

const hasStatus = (s: CustomResourceSubresources | undefined) => s?.status !== undefined && s?.status !== null;

/** []apiextensions.CustomResourceDefinitionVersion as kube-apiserver prints it in spec.versions errors. */
export function versionsLiteral(versions: Version[], internal: Internal): unknown {
  const items = versions.map((v) => {
    const cols = internal.hoisted.columns || !v.additionalPrinterColumns?.length
      ? 'AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil)'
      : `AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition{${v.additionalPrinterColumns
          .map((c) => `apiextensions.CustomResourceColumnDefinition{Name:${goQuote(c.name)}, Type:${goQuote(c.type)}, Format:${goQuote(c.format)}, Description:${goQuote(c.description)}, Priority:${c.priority ?? 0}, JSONPath:${goQuote(c.jsonPath)}}`)
          .join(', ')}}`;
    return (
      `apiextensions.CustomResourceDefinitionVersion{Name:${goQuote(v.name)}, Served:${!!v.served}, Storage:${!!v.storage}, ` +
      `Deprecated:${!!v.deprecated}, DeprecationWarning:${goPointer('string', typeof v.deprecationWarning === 'string')}, ` +
      `Schema:${goPointer('apiextensions.CustomResourceValidation', !internal.hoisted.validation && !!v.schema)}, ` +
      `Subresources:${goPointer('apiextensions.CustomResourceSubresources', !internal.hoisted.subresources && !!v.subresources)}, ${cols}}`
    );
  });
  return goLiteral(`[]apiextensions.CustomResourceDefinitionVersion{${items.join(', ')}}`);
}

function validateNames(names: Partial<CustomResourceDefinitionNames>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const label = (v: string | undefined, p: FieldPath, lower = false, prefix = '') => {
    if (!v) return;
    const msgs = isDNS1035Label(lower ? v.toLowerCase() : v);
    if (msgs.length) errs.push(invalid(p, v, prefix + msgs.join(',')));
  };
  const mixed = 'may have mixed case, but should otherwise match: ';
  label(names.plural, path.child('plural'));
  label(names.singular, path.child('singular'));
  label(names.kind, path.child('kind'), true, mixed);
  label(names.listKind, path.child('listKind'), true, mixed);
  (names.shortNames ?? []).forEach((s, i) => {
    const msgs = isDNS1035Label(s);
    if (msgs.length) errs.push(invalid(path.child('shortNames').index(i), s, msgs.join(',')));
  });
  if (names.kind && names.kind === names.listKind) errs.push(invalid(path.child('listKind'), names.listKind, 'kind and listKind may not be the same'));
  (names.categories ?? []).forEach((c, i) => {
    const msgs = isDNS1035Label(c);
    if (msgs.length) errs.push(invalid(path.child('categories').index(i), c, msgs.join(',')));
  });
  return errs;
}

function validateSimpleJSONPath(s: string, path: FieldPath): FieldError[] {
  if (s.length === 0) return [invalid(path, s, 'must not be empty')];
  if (s[0] !== '.') return [invalid(path, s, 'must be a simple json path starting with .')];
  return [];
}

function validateSubresources(sub: CustomResourceSubresources | undefined, path: FieldPath): FieldError[] {
  const scale = sub?.scale;
  if (!scale) return [];
  const errs: FieldError[] = [];
  const check = (value: string | undefined, name: string, prefixes: string[], detail: string, mandatory: boolean) => {
    const p = path.child(`scale.${name}`);
    if (!value) {
      if (mandatory) errs.push(required(p));
      return;
    }
    const pathErrs = validateSimpleJSONPath(value, p);
    if (pathErrs.length) errs.push(...pathErrs);
    else if (!prefixes.some((x) => value.startsWith(x))) errs.push(invalid(p, value, detail));
  };
  check(scale.specReplicasPath, 'specReplicasPath', ['.spec.'], 'should be a json path under .spec', true);
  check(scale.statusReplicasPath, 'statusReplicasPath', ['.status.'], 'should be a json path under .status', true);
  check(scale.labelSelectorPath, 'labelSelectorPath', ['.spec.', '.status.'], 'should be a json path under either .spec or .status', false);
  return errs;
}

function validateColumn(c: Partial<CustomResourceColumnDefinition>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(required(path.child('name')));
  const typeDetail = `must be one of ${columnTypes.join(',')}`;
  if (!c.type) errs.push(required(path.child('type'), typeDetail));
  else if (!columnTypes.includes(c.type)) errs.push(invalid(path.child('type'), c.type, typeDetail));
  if (c.format && !columnFormats.includes(c.format)) errs.push(invalid(path.child('format'), c.format, `must be one of ${columnFormats.join(',')}`));
  if (!c.jsonPath) errs.push(required(path.child('JSONPath')));
  else errs.push(...validateSimpleJSONPath(c.jsonPath, path.child('JSONPath')));
  return errs;
}

function validateDeprecationWarning(v: Version, path: FieldPath): FieldError[] {
  const w = v.deprecationWarning;
  if (w === undefined || w === null) return [];
  if (!v.deprecated) return [invalid(path, w, 'can only be set for deprecated versions')];
  const msgs: string[] = [];
  const bytes = Buffer.byteLength(w, 'utf8');
  if (bytes > 256) msgs.push('must be <= 256 characters long');
  if (w.length === 0) msgs.push('must not be an empty string');
  // unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
  let offset = 0;
  for (const ch of w) {
    if (ch !== ' ' && !/[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) {
      msgs.push(`must only contain printable UTF-8 characters; non-printable character found at index ${offset}`);
      break;
    }
    offset += Buffer.byteLength(ch, 'utf8');
  }
  return msgs.map((m) => invalid(path, w, m));
}

function validateSpec(spec: Spec): FieldError[] {
  const p = FieldPath.root('spec');
  const errs: FieldError[] = [];
  const group = spec.group ?? '';
  if (!group) errs.push(required(p.child('group')));
  else if (isDNS1123Subdomain(group).length) errs.push(invalid(p.child('group'), group, isDNS1123Subdomain(group).join(',')));
  else if (group.split('.').length < 2) errs.push(invalid(p.child('group'), group, 'should be a domain with at least one dot'));

  const scopes = ['Cluster', 'Namespaced'];
  if (!spec.scope) errs.push(required(p.child('scope')));
  else if (!scopes.includes(spec.scope)) errs.push(notSupported(p.child('scope'), spec.scope, scopes));

  const versions: Version[] = (spec.versions ?? []).map((v) => v ?? {});
  const internal = hoist(versions);
  const hasOpenAPI = (v: unknown) => isObject(v) && isObject(v.openAPIV3Schema);
  if (!hasOpenAPI(internal.validation))
    versions.forEach((v, i) => {
      if (!hasOpenAPI(v.schema)) errs.push(required(p.child('versions').index(i).child('schema', 'openAPIV3Schema'), 'schemas are required'));
    });
  if (spec.preserveUnknownFields && versions.some((v) => isObject(v.schema) && schemaHasDefaults(v.schema.openAPIV3Schema)))
    errs.push(invalid(p.child('preserveUnknownFields'), true, 'must be false in order to use defaults in the schema'));

  let storageCount = 0;
  const seen = new Set<string>();
  let unique = true;
  const anyStatus = hasStatus(internal.subresources) || versions.some((v) => hasStatus(v.subresources));
  versions.forEach((v, i) => {
    const vp = p.child('versions').index(i);
    if (v.storage) storageCount++;
    if (seen.has(v.name ?? '')) unique = false;
    seen.add(v.name ?? '');
    const nameErrs = isDNS1035Label(v.name ?? '');
    if (nameErrs.length) errs.push(invalid(vp.child('name'), v.name ?? '', nameErrs.join(',')));
    errs.push(...validateDeprecationWarning(v, vp.child('deprecationWarning')));
    const sub = internal.hoisted.subresources ? internal.subresources : v.subresources;
    if (!internal.hoisted.validation) errs.push(...validateCRDSchema(v.schema, hasStatus(sub), vp.child('schema')));
    if (!internal.hoisted.subresources) errs.push(...validateSubresources(v.subresources, vp.child('subresources')));
    if (!internal.hoisted.columns)
      (v.additionalPrinterColumns ?? []).forEach((c, j) => errs.push(...validateColumn(c ?? {}, vp.child('additionalPrinterColumns').index(j))));
  });
  if (!unique) errs.push(invalid(p.child('versions'), versionsLiteral(versions, internal), 'must contain unique version names'));
  if (storageCount !== 1) errs.push(invalid(p.child('versions'), versionsLiteral(versions, internal), 'must have exactly one version marked as storage version'));
  // The internal spec.version is versions[0].name, so a bad first name is reported twice, as upstream does.
  const first = versions[0]?.name;
  if (first && isDNS1035Label(first).length) errs.push(invalid(p.child('version'), first, isDNS1035Label(first).join(',')));

  const names: Partial<CustomResourceDefinitionNames> = spec.names ?? {};
  for (const f of ['plural', 'singular', 'kind', 'listKind'] as const) if (!names[f]) errs.push(required(p.child('names', f)));
  errs.push(...validateNames(names, p.child('names')));

  errs.push(...validateCRDSchema(internal.validation, anyStatus, p.child('validation')));
  errs.push(...validateSubresources(internal.subresources, p.child('subresources')));
  (internal.columns ?? []).forEach((c, j) => errs.push(...validateColumn(c ?? {}, p.child('additionalPrinterColumns').index(j))));

  if (spec.conversion && spec.conversion.strategy !== 'None' && spec.preserveUnknownFields)
    errs.push(invalid(p.child('conversion').child('strategy'), spec.conversion.strategy, 'must be None if spec.preserveUnknownFields is true'));
  errs.push(...validateConversion(spec, p.child('conversion')));
  return errs;
}

function validateStoredVersions(crd: CustomResourceDefinition): FieldError[] {
  const stored = crd.status?.storedVersions;
  const path = FieldPath.root('status').child('storedVersions');
  if (!stored?.length) return [invalid(path, goStringSlice(stored), 'must have at least one stored version')];
  const errs: FieldError[] = [];
  const versions = crd.spec?.versions ?? [];
  for (const v of versions)
    if (v.storage && !stored.includes(v.name)) errs.push(invalid(path, v, `must have the storage version ${v.name}`));
  stored.forEach((s, i) => {
    if (!versions.some((v) => v.name === s)) errs.push(invalid(path.index(i), s, 'must appear in spec.versions'));
  });
  return errs;
}

const isProtectedGroup = (g: string) => g === 'k8s.io' || g.endsWith('.k8s.io') || g === 'kubernetes.io' || g.endsWith('.kubernetes.io');

type Approval = 'missing' | 'bypassed' | 'approved' | 'invalid';

function approvalState(crd: CustomResourceDefinition): [Approval, string] {
  const a = crd.metadata?.annotations?.[approvalAnnotation] ?? '';
  if (!a) return ['missing', `protected groups must have approval annotation "${approvalAnnotation}", see https://github.com/kubernetes/enhancements/pull/1111`];
  if (a.startsWith('unapproved')) return ['bypassed', `not approved: ${goQuote(a)}`];
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]+/.test(a)) return ['approved', `approved in ${a}`];
  return ['invalid', `protected groups must have approval annotation "${approvalAnnotation}" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111`];
}

/** CRDs in *.k8s.io and *.kubernetes.io need an API-review annotation. */
function validateAPIApproval(crd: CustomResourceDefinition, old?: CustomResourceDefinition): FieldError[] {
  if (!isProtectedGroup(crd.spec?.group ?? '')) return [];
  const [state, reason] = approvalState(crd);
  if (old && approvalState(old)[0] === state) return [];
  const path = FieldPath.root('metadata').child('annotations').key(approvalAnnotation);
  if (state === 'missing') return [required(path, reason)];
  if (state === 'invalid') return [invalid(path, crd.metadata?.annotations?.[approvalAnnotation] ?? '', reason)];
  return [];
}

function validatePreserveUnknownFields(crd: CustomResourceDefinition, old?: CustomResourceDefinition): FieldError[] {
  if (old?.spec?.preserveUnknownFields) return [];
  return crd.spec?.preserveUnknownFields
    ? [invalid(FieldPath.root('spec').child('preserveUnknownFields'), true, 'cannot set to true, set x-preserve-unknown-fields to true in spec.versions[*].schema instead')]
    : [];
}

/** metadata.name must be `<plural>.<group>`; reported as upstream's extra name-validator message. */
function validateName(crd: CustomResourceDefinition): FieldError[] {
  const name = crd.metadata?.name ?? '';
  const want = `${crd.spec?.names?.plural ?? ''}.${crd.spec?.group ?? ''}`;
  return name && name !== want ? [invalid(FieldPath.root('metadata').child('name'), name, 'must be spec.names.plural+"."+spec.group')] : [];
}

export function validateCRD(crd: CustomResourceDefinition): FieldError[] {
  return [
    ...validateName(crd),
    ...validateSpec(crd.spec ?? {}),
    ...validateStoredVersions(crd),
    ...validateAPIApproval(crd),
    ...validatePreserveUnknownFields(crd),
  ];
}

export function validateCRDUpdate(crd: CustomResourceDefinition, old: CustomResourceDefinition): FieldError[] {
  const spec: Spec = crd.spec ?? {};
  const o: Spec = old.spec ?? {};
  const p = FieldPath.root('spec');
  const errs = [...validateName(crd), ...validateSpec(spec)];
  // Established CRDs (all of ours) keep their scope and kind: they shape storage.
  errs.push(...validateImmutableField(spec.scope ?? '', o.scope ?? '', p.child('scope')));
  errs.push(...validateImmutableField(spec.names?.kind ?? '', o.names?.kind ?? '', p.child('names', 'kind')));
  errs.push(...validateImmutableField(spec.group ?? '', o.group ?? '', p.child('group')));
  errs.push(...validateImmutableField(spec.names?.plural ?? '', o.names?.plural ?? '', p.child('names', 'plural')));
  errs.push(...validateStoredVersions(crd), ...validateAPIApproval(crd, old), ...validatePreserveUnknownFields(crd, old));
  return errs;
}
