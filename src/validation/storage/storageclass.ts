// StorageClass validation (pkg/apis/storage/validation), with upstream's message texts.
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { duplicate, FieldPath, forbidden, invalid, notSupported, required, tooLong, type FieldError } from '../../machinery/fielderrors.js';
import { deepEqual, validateImmutableField } from '../meta.js';
import { isQualifiedName } from '../names.js';

const maxParameterSize = 256 * 1024;
const maxParameterCount = 512;
const reclaimPolicies = ['Delete', 'Retain'];
const bindingModes = ['Immediate', 'WaitForFirstConsumer'];

/** Provisioner (and CSI-like driver) names: required, a qualified name compared in lower case. */
export function validateProvisioner(provisioner: string | undefined, path: FieldPath): FieldError[] {
  if (!provisioner) return [required(path)];
  return isQualifiedName(provisioner.toLowerCase()).map((m) => invalid(path, provisioner, m));
}

function validateParameters(params: Record<string, string> | undefined, path: FieldPath): FieldError[] {
  const entries = Object.entries(params ?? {});
  if (entries.length > maxParameterCount) return [tooLong(path, 'Provisioner Parameters exceeded max allowed', maxParameterCount)];
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of entries) {
    if (k.length < 1) errs.push(invalid(path, k, 'field can not be empty.'));
    size += k.length + String(v ?? '').length;
  }
  if (size > maxParameterSize) errs.push(tooLong(path, '', maxParameterSize));
  return errs;
}

/** core validation's ValidateTopologySelectorTerm over allowedTopologies, with duplicate-term detection. */
function validateAllowedTopologies(terms: StorageClass['allowedTopologies'], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen: Record<string, string[]>[] = [];
  (terms ?? []).forEach((term, i) => {
    const exprPath = path.index(i).child('matchLabelExpressions');
    const exprMap: Record<string, string[]> = {};
    (term.matchLabelExpressions ?? []).forEach((req, j) => {
      const p = exprPath.index(j);
      const values = req.values ?? [];
      if (values.length === 0) errs.push(required(p.child('values')));
      values.forEach((v, k) => {
        if (values.indexOf(v) !== k) errs.push(duplicate(p.child('values').index(k), v));
      });
      for (const m of isQualifiedName(req.key ?? '')) errs.push(invalid(p.child('key'), req.key ?? '', m));
      if (req.key in exprMap) errs.push(duplicate(p.child('key'), req.key));
      exprMap[req.key] = [...new Set(values)].sort();
    });
    if (seen.some((s) => deepEqual(s, exprMap))) errs.push(duplicate(exprPath, ''));
    seen.push(exprMap);
  });
  return errs;
}

export function validateStorageClass(sc: StorageClass): FieldError[] {
  const errs = validateProvisioner(sc.provisioner, FieldPath.root('provisioner'));
  errs.push(...validateParameters(sc.parameters, FieldPath.root('parameters')));
  if (sc.reclaimPolicy && !reclaimPolicies.includes(sc.reclaimPolicy))
    errs.push(notSupported('reclaimPolicy', sc.reclaimPolicy, reclaimPolicies));
  if (sc.volumeBindingMode === undefined || sc.volumeBindingMode === null) errs.push(required('volumeBindingMode'));
  else if (!bindingModes.includes(sc.volumeBindingMode)) errs.push(notSupported('volumeBindingMode', sc.volumeBindingMode, bindingModes));
  errs.push(...validateAllowedTopologies(sc.allowedTopologies, FieldPath.root('allowedTopologies')));
  return errs;
}

/** The strategy validates the new object in full and then these update rules. */
export function validateStorageClassUpdate(sc: StorageClass, old: StorageClass): FieldError[] {
  const errs = validateStorageClass(sc);
  // Upstream compares parameters with reflect.DeepEqual, so {} and absent differ only by nil-ness; treat them alike.
  if (!deepEqual(sc.parameters ?? {}, old.parameters ?? {})) errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  if ((sc.provisioner ?? '') !== (old.provisioner ?? '')) errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if ((sc.reclaimPolicy ?? '') !== (old.reclaimPolicy ?? '')) errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  errs.push(...validateImmutableField(sc.volumeBindingMode, old.volumeBindingMode, 'volumeBindingMode'));
  return errs;
}
