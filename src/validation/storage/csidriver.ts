// CSIDriver validation as of v1.25: attachRequired, fsGroupPolicy, podInfoOnMount and
// volumeLifecycleModes are immutable (storageCapacity became mutable in 1.23).
import type { CSIDriver } from 'kubernetes-types/storage/v1.js';
import { duplicate, FieldPath, invalid, notSupported, required, tooLong, type FieldError } from '../../machinery/fielderrors.js';
import { goStringSlice, validateImmutableField } from '../meta.js';
import { isDNS1123Subdomain } from '../names.js';

const fsGroupPolicies = ['File', 'None', 'ReadWriteOnceWithFSType'];
const lifecycleModes = ['Persistent', 'Ephemeral'];

/** ValidateCSIDriverName (core validation): used for driver names in CSINodes and VolumeAttachments. */
export function validateCSIDriverName(name: string | undefined, path: FieldPath): FieldError[] {
  const v = name ?? '';
  const errs: FieldError[] = [];
  if (v.length === 0) errs.push(required(path));
  if (v.length > 63) errs.push(tooLong(path, v, 63));
  for (const m of isDNS1123Subdomain(v.toLowerCase())) errs.push(invalid(path, v, m));
  return errs;
}

/** The same rule as a metadata.name validator (messages only). */
export function csiDriverNameMessages(name: string): string[] {
  return [...(name.length > 63 ? ['must be no more than 63 characters'] : []), ...isDNS1123Subdomain(name.toLowerCase())];
}

function validateSpec(d: CSIDriver): FieldError[] {
  const spec = d.spec ?? {};
  const p = FieldPath.root('spec');
  const errs: FieldError[] = [];
  // Upstream's path really is "attachedRequired".
  if (spec.attachRequired === undefined || spec.attachRequired === null) errs.push(required(p.child('attachedRequired')));
  if (spec.podInfoOnMount === undefined || spec.podInfoOnMount === null) errs.push(required(p.child('podInfoOnMount')));
  if (spec.storageCapacity === undefined || spec.storageCapacity === null) errs.push(required(p.child('storageCapacity')));
  if (spec.fsGroupPolicy !== undefined && spec.fsGroupPolicy !== null && !fsGroupPolicies.includes(spec.fsGroupPolicy))
    errs.push(notSupported(p.child('fsGroupPolicy'), spec.fsGroupPolicy, fsGroupPolicies));
  const audiences = new Set<string>();
  (spec.tokenRequests ?? []).forEach((tr, i) => {
    const tp = p.child('tokenRequests').index(i);
    const aud = tr.audience ?? '';
    if (audiences.has(aud)) {
      errs.push(duplicate(tp.child('audience'), aud));
      return;
    }
    audiences.add(aud);
    const exp = tr.expirationSeconds;
    if (exp === undefined || exp === null) return;
    if (exp < 600) errs.push(invalid(tp.child('expirationSeconds'), exp, 'may not specify a duration less than 10 minutes'));
    if (exp > 2 ** 32) errs.push(invalid(tp.child('expirationSeconds'), exp, 'may not specify a duration larger than 2^32 seconds'));
  });
  for (const mode of spec.volumeLifecycleModes ?? [])
    if (!lifecycleModes.includes(mode)) errs.push(notSupported(p.child('volumeLifecycleModes'), mode, lifecycleModes));
  return errs;
}

export function validateCSIDriver(d: CSIDriver): FieldError[] {
  return validateSpec(d);
}

export function validateCSIDriverUpdate(d: CSIDriver, old: CSIDriver): FieldError[] {
  const errs = validateSpec(d);
  const s = d.spec ?? {};
  const o = old.spec ?? {};
  const p = FieldPath.root('spec');
  errs.push(...validateImmutableField(s.attachRequired, o.attachRequired, p.child('attachedRequired')));
  errs.push(...validateImmutableField(s.fsGroupPolicy, o.fsGroupPolicy, p.child('fsGroupPolicy')));
  errs.push(...validateImmutableField(s.podInfoOnMount, o.podInfoOnMount, p.child('podInfoOnMount')));
  errs.push(
    ...validateImmutableField(
      s.volumeLifecycleModes,
      o.volumeLifecycleModes,
      p.child('volumeLifecycleModes'),
      goStringSlice(s.volumeLifecycleModes, '[]storage.VolumeLifecycleMode'),
    ),
  );
  return errs;
}
