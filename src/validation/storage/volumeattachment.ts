// VolumeAttachment validation (v1): attacher, node name, exactly one source; spec is immutable.
import type { VolumeAttachment } from 'kubernetes-types/storage/v1.js';
import { FieldPath, forbidden, invalid, required, tooLong, type FieldError } from '../../machinery/fielderrors.js';
import { isObject } from '../../api/object.js';
import { deepEqual, goLiteral, goPointer, goQuote } from '../meta.js';
import { isDNS1123Subdomain } from '../names.js';
import { validateCSIDriverName } from './csidriver.js';

const maxMetadataSize = 256 * 1024;
const maxErrorMessageSize = 1024;

export function validateVolumeAttachment(va: VolumeAttachment): FieldError[] {
  const errs: FieldError[] = [];
  const spec = FieldPath.root('spec');
  if (!va.spec?.attacher) errs.push(required(spec.child('attacher')));
  const src = va.spec?.source ?? {};
  const sp = spec.child('source');
  const hasPV = src.persistentVolumeName !== undefined && src.persistentVolumeName !== null;
  const hasInline = src.inlineVolumeSpec !== undefined && src.inlineVolumeSpec !== null;
  if (!hasPV && !hasInline) errs.push(required(sp, 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'));
  else if (hasPV && hasInline) errs.push(forbidden(sp, 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'));
  else if (hasPV && src.persistentVolumeName === '') errs.push(required(sp.child('persistentVolumeName'), 'must specify non empty persistentVolumeName'));
  else if (hasInline && !isObject(src.inlineVolumeSpec)) errs.push(invalid(sp.child('inlineVolumeSpec'), src.inlineVolumeSpec, 'must be an object'));
  const nodeName = va.spec?.nodeName ?? '';
  for (const m of isDNS1123Subdomain(nodeName)) errs.push(invalid(spec.child('nodeName'), nodeName, m));

  const status = FieldPath.root('status');
  const meta = va.status?.attachmentMetadata ?? {};
  const size = Object.entries(meta).reduce((n, [k, v]) => n + k.length + String(v).length, 0);
  if (size > maxMetadataSize) errs.push(tooLong(status.child('attachmentMetadata'), meta, maxMetadataSize));
  for (const which of ['attachError', 'detachError'] as const) {
    const msg = va.status?.[which]?.message ?? '';
    // Upstream reports the metadata limit here, not the 1024 it checks against.
    if (msg.length > maxErrorMessageSize) errs.push(tooLong(status.child(which, 'message'), msg, maxMetadataSize));
  }

  // v1 objects get the stricter attacher and PV name checks (ValidateVolumeAttachmentV1).
  errs.push(...validateCSIDriverName(va.spec?.attacher, spec.child('attacher')));
  if (hasPV)
    for (const m of isDNS1123Subdomain(src.persistentVolumeName!)) errs.push(invalid(sp.child('persistentVolumeName'), src.persistentVolumeName, m));
  return errs;
}

/** The internal spec as kube-apiserver prints it (%#v) in the immutability error. */
function specLiteral(va: VolumeAttachment): unknown {
  const src = va.spec?.source ?? {};
  const set = (v: unknown) => v !== undefined && v !== null;
  return goLiteral(
    `storage.VolumeAttachmentSpec{Attacher:${goQuote(va.spec?.attacher)}, Source:storage.VolumeAttachmentSource{` +
      `PersistentVolumeName:${goPointer('string', set(src.persistentVolumeName))}, InlineVolumeSpec:${goPointer('core.PersistentVolumeSpec', set(src.inlineVolumeSpec))}}, ` +
      `NodeName:${goQuote(va.spec?.nodeName)}}`,
  );
}

export function validateVolumeAttachmentUpdate(va: VolumeAttachment, old: VolumeAttachment): FieldError[] {
  const errs = validateVolumeAttachment(va);
  if (!deepEqual(va.spec, old.spec)) errs.push(invalid('spec', specLiteral(va), 'field is immutable'));
  return errs;
}
