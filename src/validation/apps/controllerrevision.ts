// ControllerRevision validation: data is required and never changes; revision is non-negative.
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import { FieldPath, required, type FieldError } from '../../machinery/fielderrors.js';
import { validateImmutableField, validateNonnegativeField } from '../meta.js';

export function validateControllerRevision(cr: ControllerRevision): FieldError[] {
  const errs: FieldError[] = [];
  if (cr.data === undefined || cr.data === null) errs.push(required(FieldPath.root('data'), 'data is mandatory'));
  errs.push(...validateNonnegativeField(cr.revision, FieldPath.root('revision')));
  return errs;
}

export function validateControllerRevisionUpdate(cr: ControllerRevision, old: ControllerRevision): FieldError[] {
  return [...validateControllerRevision(cr), ...validateImmutableField(cr.data, old.data, FieldPath.root('data'))];
}
