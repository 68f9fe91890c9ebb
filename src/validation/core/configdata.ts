// ConfigMap and Secret validation (v1.25): keys, base64 values, the 1 MiB total, the per-type rules
// of secrets, and the `immutable` flag.
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1.js';
import { FieldPath, forbidden, invalid, required, tooLong, type FieldError } from '../../machinery/fielderrors.js';
import { deepEqual, validateImmutableField } from '../meta.js';
import { isConfigMapKey } from '../names.js';

/** core.MaxSecretSize, which bounds config maps too. */
export const MAX_DATA_SIZE = 1024 * 1024;

const immutableMsg = 'field is immutable when `immutable` is set';

/**
 * The decoded length of a base64 value, or the index of the first bad byte as Go's decoder reports
 * it ("illegal base64 data at input byte N"). Go ignores CR and LF inside the text.
 */
export function decodeBase64(value: unknown): { bytes: Buffer } | { badByte: number } {
  if (typeof value !== 'string') return { badByte: 0 };
  const text = value.replace(/[\r\n]/g, '');
  const bad = text.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0) return { badByte: bad };
  const pad = text.indexOf('=');
  if (pad >= 0 && !/^={1,2}$/.test(text.slice(pad))) return { badByte: pad };
  if (text.length % 4 !== 0) return { badByte: text.length - (text.length % 4) };
  return { bytes: Buffer.from(text, 'base64') };
}

/** Keys of a data map plus the decoded size of its base64 values (binaryData, secret data). */
function validateBase64Map(data: Record<string, string> | undefined, path: FieldPath, errs: FieldError[]): number {
  let size = 0;
  for (const [k, v] of Object.entries(data ?? {})) {
    errs.push(...isConfigMapKey(k).map((m) => invalid(path.key(k), k, m)));
    const d = decodeBase64(v);
    if ('badByte' in d) errs.push(invalid(path.key(k), '<secret contents redacted>', `illegal base64 data at input byte ${d.badByte}`));
    else size += d.bytes.length;
  }
  return size;
}

export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs: FieldError[] = [];
  const dataPath = FieldPath.root('data');
  let size = 0;
  for (const [k, v] of Object.entries(cm.data ?? {})) {
    errs.push(...isConfigMapKey(k).map((m) => invalid(dataPath.key(k), k, m)));
    if (cm.binaryData && k in cm.binaryData) errs.push(invalid(dataPath.key(k), k, 'duplicate of key present in binaryData'));
    size += Buffer.byteLength(String(v), 'utf8');
  }
  size += validateBase64Map(cm.binaryData, FieldPath.root('binaryData'), errs);
  // An empty path: the error is about the whole object.
  if (size > MAX_DATA_SIZE) errs.push(tooLong('', '', MAX_DATA_SIZE));
  return errs;
}

export function validateConfigMapUpdate(cm: ConfigMap, old: ConfigMap): FieldError[] {
  const errs: FieldError[] = [];
  if (old.immutable) {
    if (!cm.immutable) errs.push(forbidden('immutable', immutableMsg));
    if (!deepEqual(cm.data, old.data)) errs.push(forbidden('data', immutableMsg));
    if (!deepEqual(cm.binaryData, old.binaryData)) errs.push(forbidden('binaryData', immutableMsg));
  }
  return [...errs, ...validateConfigMap(cm)];
}

const decoded = (secret: Secret, key: string): Buffer | undefined => {
  const v = secret.data?.[key];
  if (v === undefined) return undefined;
  const d = decodeBase64(v);
  return 'bytes' in d ? d.bytes : Buffer.alloc(0);
};

export function validateSecret(secret: Secret): FieldError[] {
  const errs: FieldError[] = [];
  const dataPath = FieldPath.root('data');
  const size = validateBase64Map(secret.data, dataPath, errs);
  if (size > MAX_DATA_SIZE) errs.push(tooLong(dataPath, '', MAX_DATA_SIZE));
  const has = (k: string) => secret.data !== undefined && k in secret.data;
  switch (secret.type ?? '') {
    case 'kubernetes.io/service-account-token':
      // Only the annotation is required; the token controller fills in the rest.
      if (!secret.metadata?.annotations?.['kubernetes.io/service-account.name'])
        errs.push(required(FieldPath.root('metadata').child('annotations').key('kubernetes.io/service-account.name'), ''));
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = secret.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      const bytes = decoded(secret, key);
      if (bytes === undefined) {
        errs.push(required(dataPath.key(key), ''));
        break;
      }
      try {
        const parsed: unknown = JSON.parse(bytes.toString('utf8'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('json: cannot unmarshal into Go value of type map[string]interface {}');
      } catch (e) {
        errs.push(invalid(dataPath.key(key), '<secret contents redacted>', (e as Error).message));
      }
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) errs.push(required(dataPath.key('username'), ''), required(dataPath.key('password'), ''));
      break;
    case 'kubernetes.io/ssh-auth':
      if (!decoded(secret, 'ssh-privatekey')?.length) errs.push(required(dataPath.key('ssh-privatekey'), ''));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(required(dataPath.key('tls.crt'), ''));
      if (!has('tls.key')) errs.push(required(dataPath.key('tls.key'), ''));
      break;
  }
  return errs;
}

export function validateSecretUpdate(secret: Secret, old: Secret): FieldError[] {
  const errs = validateSecret(secret);
  errs.push(...validateImmutableField(secret.type ?? '', old.type ?? '', 'type'));
  if (old.immutable) {
    if (!secret.immutable) errs.push(forbidden('immutable', immutableMsg));
    if (!deepEqual(secret.data, old.data)) errs.push(forbidden('data', immutableMsg));
  }
  return errs;
}
