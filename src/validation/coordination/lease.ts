// Lease validation (pkg/apis/coordination/validation at v1.25).
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { FieldPath, invalid, type FieldError } from '../../machinery/fielderrors.js';

export function validateLease(lease: Lease): FieldError[] {
  const s = lease.spec;
  const path = FieldPath.root('spec');
  const errs: FieldError[] = [];
  if (s?.leaseDurationSeconds !== undefined && s.leaseDurationSeconds !== null && s.leaseDurationSeconds <= 0)
    errs.push(invalid(path.child('leaseDurationSeconds'), s.leaseDurationSeconds, 'must be greater than 0'));
  if (s?.leaseTransitions !== undefined && s.leaseTransitions !== null && s.leaseTransitions < 0)
    errs.push(invalid(path.child('leaseTransitions'), s.leaseTransitions, 'must be greater than or equal to 0'));
  return errs;
}
