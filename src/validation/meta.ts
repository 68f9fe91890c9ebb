// ObjectMeta validation (apimachinery's ValidateObjectMeta and ValidateObjectMetaUpdate), plus the
// small reusable checks strategies build on: labels, annotations, label selectors, quantities.
import type { ObjectMeta } from '../api/object.js';
import { FieldPath, forbidden, invalid, notSupported, required, tooLong, type FieldError } from '../machinery/fielderrors.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPercent } from './names.js';
import { goQuote } from '../machinery/format.js';

export type NameValidator = (name: string) => string[];

const totalAnnotationSizeLimit = 256 * 1024;
const metaPath = FieldPath.root('metadata');

export function validateLabels(labels: unknown, path: FieldPath): FieldError[] {
  if (labels === undefined || labels === null) return [];
  if (typeof labels !== 'object' || Array.isArray(labels)) return [invalid(path, labels, 'must be a map of string keys to string values')];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    for (const m of isQualifiedName(k)) errs.push(invalid(path, k, m));
    if (typeof v !== 'string') errs.push(invalid(path.key(k), v, 'must be a string'));
    else for (const m of isValidLabelValue(v)) errs.push(invalid(path, v, m));
  }
  return errs;
}

export function validateAnnotations(annotations: unknown, path: FieldPath): FieldError[] {
  if (annotations === undefined || annotations === null) return [];
  if (typeof annotations !== 'object' || Array.isArray(annotations))
    return [invalid(path, annotations, 'must be a map of string keys to string values')];
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations as Record<string, unknown>)) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, m));
    if (typeof v !== 'string') errs.push(invalid(path.key(k), v, 'must be a string'));
    else size += k.length + v.length;
  }
  if (size > totalAnnotationSizeLimit) errs.push(tooLong(path, '', totalAnnotationSizeLimit));
  return errs;
}

/**
 * Validate metadata of an object about to be created or updated.
 * `nameValidator` is the kind's name rule (DNS subdomain for most; DNS label for namespaces, services).
 */
export function validateObjectMeta(meta: ObjectMeta, namespaced: boolean, nameValidator: NameValidator = isDNS1123Subdomain): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.generateName) {
    for (const m of nameValidator(maskTrailingDash(meta.generateName))) errs.push(invalid(metaPath.child('generateName'), meta.generateName, m));
  }
  if (!meta.name) {
    errs.push(required(metaPath.child('name'), 'name or generateName is required'));
  } else {
    for (const m of nameValidator(meta.name)) errs.push(invalid(metaPath.child('name'), meta.name, m));
  }
  if (namespaced) {
    if (!meta.namespace) errs.push(required(metaPath.child('namespace')));
    else for (const m of isDNS1123Label(meta.namespace)) errs.push(invalid(metaPath.child('namespace'), meta.namespace, m));
  } else if (meta.namespace) {
    errs.push(forbidden(metaPath.child('namespace'), 'not allowed on this type'));
  }
  if (meta.generation !== undefined && meta.generation < 0) errs.push(invalid(metaPath.child('generation'), meta.generation, 'must be greater than or equal to 0'));
  errs.push(...validateLabels(meta.labels, metaPath.child('labels')));
  errs.push(...validateAnnotations(meta.annotations, metaPath.child('annotations')));
  (meta.ownerReferences ?? []).forEach((ref, i) => {
    const p = metaPath.child('ownerReferences').index(i);
    if (!ref.apiVersion) errs.push(invalid(p.child('apiVersion'), ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) errs.push(invalid(p.child('kind'), ref.kind ?? '', 'kind must not be empty'));
    if (!ref.name) errs.push(invalid(p.child('name'), ref.name ?? '', 'name must not be empty'));
    if (!ref.uid) errs.push(invalid(p.child('uid'), ref.uid ?? '', 'uid must not be empty'));
  });
  if (meta.ownerReferences && meta.ownerReferences.filter((r) => r.controller).length > 1)
    errs.push(invalid(metaPath.child('ownerReferences'), meta.ownerReferences.length, 'Only one reference can have Controller set to true'));
  (meta.finalizers ?? []).forEach((f, i) => {
    for (const m of isQualifiedName(f)) errs.push(invalid(metaPath.child('finalizers').index(i), f, m));
  });
  return errs;
}

/** generateName may end in '-' (the random suffix follows), so validate as if a character followed. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
}

/** Fields of metadata that never change after creation. */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta): FieldError[] {
  const errs: FieldError[] = [];
  const immutable = (field: keyof ObjectMeta) => {
    if ((meta[field] ?? '') !== (old[field] ?? '')) errs.push(invalid(metaPath.child(field), meta[field] ?? '', 'field is immutable'));
  };
  immutable('name');
  immutable('namespace');
  immutable('uid');
  immutable('creationTimestamp');
  return errs;
}

/** metav1.LabelSelector validation (matchLabels, matchExpressions operators and values). */
export function validateLabelSelector(sel: unknown, path: FieldPath): FieldError[] {
  if (sel === undefined || sel === null) return [];
  const s = sel as { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
  const errs = validateLabels(s.matchLabels, path.child('matchLabels'));
  (s.matchExpressions ?? []).forEach((e, i) => {
    const p = path.child('matchExpressions').index(i);
    for (const m of isQualifiedName(e.key ?? '')) errs.push(invalid(p.child('key'), e.key, m));
    const ops = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
    if (!ops.includes(e.operator)) errs.push(notSupported(p.child('operator'), e.operator, ops));
    else if ((e.operator === 'In' || e.operator === 'NotIn') && !(e.values?.length))
      errs.push(required(p.child('values'), 'must be specified when `operator` is \'In\' or \'NotIn\''));
    else if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && e.values?.length)
      errs.push(forbidden(p.child('values'), 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
  });
  return errs;
}

const quantityRe = /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?\d+))?$/;

/** A resource.Quantity in string or number form. */
export function validateQuantity(q: unknown, path: FieldPath, nonNegative = true): FieldError[] {
  if (typeof q === 'number') return nonNegative && q < 0 ? [invalid(path, q, 'must be greater than or equal to 0')] : [];
  if (typeof q !== 'string' || !quantityRe.test(q)) return [invalid(path, q, 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'')];
  if (nonNegative && q.startsWith('-')) return [invalid(path, q, 'must be greater than or equal to 0')];
  return [];
}

/**
 * A bad value that errorString renders verbatim: kube-apiserver prints some values with Go's %#v
 * (`rbac.RoleRef{APIGroup:"…", Kind:"…", Name:"…"}`), and users match on those texts. The value is a
 * function only because renderValue falls back to String(v) for non-objects; toJSON keeps it readable
 * if serialised.
 */
export function goLiteral(text: string): unknown {
  return Object.assign(() => text, { toString: () => text, toJSON: () => text });
}

/** Go's %q of a string, near enough for the ASCII kube names that appear in messages. */
export { goQuote };

/** Go's %#v of a []string: `[]string{"a", "b"}`, `[]string(nil)` when absent. */
export const goStringSlice = (v: readonly string[] | undefined, type = '[]string'): unknown =>
  goLiteral(v === undefined || v === null ? `${type}(nil)` : `${type}{${v.map(goQuote).join(', ')}}`);

const isEmpty = (v: unknown) =>
  v === undefined || v === null || (Array.isArray(v) && v.length === 0);

/**
 * apimachinery's Semantic.DeepEqual on JSON values: a missing field, null and an empty list are the
 * same (Go decodes all three to nil); everything else compares structurally.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}

/** ValidateImmutableField: `field is immutable` when the value changed; `shown` is the bad value printed. */
export function validateImmutableField(newVal: unknown, oldVal: unknown, path: FieldPath | string, shown: unknown = newVal): FieldError[] {
  return deepEqual(newVal, oldVal) ? [] : [invalid(path, shown, 'field is immutable')];
}

/** ValidateNonnegativeField. */
export function validateNonnegativeField(value: number | undefined, path: FieldPath | string): FieldError[] {
  return value !== undefined && value !== null && value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];
}

/** An int-or-string as Go prints it with %#v (`intstr.IntOrString{Type:1, IntVal:0, StrVal:"50"}`). */
export function intOrStringLiteral(v: number | string): unknown {
  return typeof v === 'string'
    ? goLiteral(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`)
    : goLiteral(`intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`);
}

/** ValidatePositiveIntOrPercent (apps validation): a non-negative integer or a "N%" string. */
export function validatePositiveIntOrPercent(v: unknown, path: FieldPath): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(path, intOrStringLiteral(v), m));
  if (typeof v === 'number' && Number.isInteger(v)) return validateNonnegativeField(v, path);
  return [invalid(path, v, "must be an integer or percentage (e.g '5%')")];
}

/** IsNotMoreThan100Percent (apps validation). */
export function isNotMoreThan100Percent(v: unknown, path: FieldPath): FieldError[] {
  if (typeof v !== 'string' || !/^[0-9]+%$/.test(v)) return [];
  return Number.parseInt(v, 10) <= 100 ? [] : [invalid(path, intOrStringLiteral(v), 'must not be greater than 100%')];
}

/** Go's %#v of a map[string]string (keys sorted), `map[string]string(nil)` when absent. */
export function goStringMap(m: Record<string, string> | undefined | null): unknown {
  if (m === undefined || m === null) return goLiteral('map[string]string(nil)');
  const entries = Object.keys(m)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(m[k])}`);
  return goLiteral(`map[string]string{${entries.join(', ')}}`);
}

/** Go's %#v of a metav1.LabelSelector, as kube prints selectors in Invalid errors. */
export function goLabelSelector(sel: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined | null): unknown {
  if (sel === undefined || sel === null) return null;
  const exprs = sel.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions
        .map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(e.key)}, Operator:${goQuote(e.operator)}, Values:${String(goStringSlice(e.values))}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return goLiteral(`v1.LabelSelector{MatchLabels:${String(goStringMap(sel.matchLabels))}, MatchExpressions:${exprs}}`);
}

/**
 * A Go pointer as %#v prints it inside a struct: `(*T)(nil)`, or `(*T)(0xc…)` when set. The address
 * is fixed (real ones vary per request), so only the shape matches kube-apiserver's text.
 */
export const goPointer = (type: string, set: boolean): string => `(*${type})(${set ? '0xc000a4b2c0' : 'nil'})`;
