// ObjectMeta validation (apimachinery's ValidateObjectMeta and ValidateObjectMetaUpdate), plus the
// small reusable checks strategies build on: labels, annotations, label selectors, quantities.
import type { ObjectMeta } from '../api/object.js';
import { FieldPath, forbidden, invalid, notSupported, required, tooLong, type FieldError } from '../machinery/fielderrors.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names.js';

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
