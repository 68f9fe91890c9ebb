// The EncryptionConfiguration file (kube-apiserver's --encryption-provider-config): which resources
// are encrypted at rest and with which providers. Read once at start-up and validated as v1.25's
// apiserver/pkg/apis/config/validation does, so a bad file names the field at fault.
import { readFileSync } from 'node:fs';
import { isObject } from '../../api/object.js';
import {
  aggregateString,
  FieldPath,
  forbidden,
  invalid,
  required,
  typeInvalid,
  type FieldError,
} from '../../machinery/fielderrors.js';
import { yaml } from '../../machinery/yaml.js';

export interface Key {
  name: string;
  /** Base64 of the raw key bytes. */
  secret: string;
}

export interface ProviderConfiguration {
  aescbc?: { keys: Key[] };
  aesgcm?: { keys: Key[] };
  secretbox?: { keys: Key[] };
  identity?: Record<string, never>;
  kms?: unknown;
}

export interface ResourceConfiguration {
  /** Group-qualified resource names: "secrets", "deployments.apps". */
  resources: string[];
  /** In order: the first one encrypts writes; all of them can decrypt reads. */
  providers: ProviderConfiguration[];
}

export interface EncryptionConfiguration {
  resources: ResourceConfiguration[];
}

export type KeyedProvider = 'aescbc' | 'aesgcm' | 'secretbox';
type ProviderName = KeyedProvider | 'identity' | 'kms';

/** Key sizes in bytes: AES-128/192/256, and XSalsa20-Poly1305's 32. */
export const KEY_SIZES: Record<KeyedProvider, number[]> = { aescbc: [16, 24, 32], aesgcm: [16, 24, 32], secretbox: [32] };

// Checked in upstream's order (KMS, AESGCM, AESCBC, Secretbox, Identity): with two in one element,
// the first of these is the one whose keys are validated.
const PROVIDERS: ProviderName[] = ['kms', 'aesgcm', 'aescbc', 'secretbox', 'identity'];

/** kind/apiVersion pairs accepted: the current one, and the pre-1.13 name of the same schema. */
const KINDS = [
  { apiVersion: 'apiserver.config.k8s.io/v1', kind: 'EncryptionConfiguration' },
  { apiVersion: 'v1', kind: 'EncryptionConfig' },
];

export class EncryptionConfigError extends Error {
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'EncryptionConfigError';
  }
}

/** Reads, decodes and validates the file; errors name the file and, for bad content, the field. */
export function loadEncryptionConfiguration(path: string): EncryptionConfiguration {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new EncryptionConfigError(`error opening encryption provider configuration file ${JSON.stringify(path)}: ${(err as Error).message}`);
  }
  if (text.trim() === '') throw new EncryptionConfigError(`encryption provider configuration file ${JSON.stringify(path)} is empty`);
  let doc: unknown;
  try {
    doc = yaml().parse(text); // JSON is YAML too
  } catch (err) {
    throw new EncryptionConfigError(`error while parsing encryption provider configuration file ${JSON.stringify(path)}: ${(err as Error).message}`);
  }
  try {
    return parseEncryptionConfiguration(doc);
  } catch (err) {
    if (!(err instanceof EncryptionConfigError)) throw err;
    throw new EncryptionConfigError(`error while parsing encryption provider configuration file ${JSON.stringify(path)}: ${err.message}`, err.errors);
  }
}

/** A decoded document → the configuration, or an EncryptionConfigError listing every field error. */
export function parseEncryptionConfiguration(doc: unknown): EncryptionConfiguration {
  if (!isObject(doc)) throw new EncryptionConfigError('expected an EncryptionConfiguration object');
  const apiVersion = String(doc['apiVersion'] ?? '');
  const kind = String(doc['kind'] ?? '');
  if (!KINDS.some((k) => k.apiVersion === apiVersion && k.kind === kind)) {
    throw new EncryptionConfigError(
      `expected kind EncryptionConfiguration with apiVersion apiserver.config.k8s.io/v1, got ${JSON.stringify(`${apiVersion} ${kind}`.trim())}`,
    );
  }
  const errs: FieldError[] = [];
  const config = decode(doc, errs);
  if (errs.length === 0) errs.push(...validateEncryptionConfiguration(config));
  if (errs.length) throw new EncryptionConfigError(aggregateString(errs), errs);
  return config;
}

// ---- decoding: shapes only, so validation can assume them (a type error is reported as Go's decoder would refuse the file) ----

function list(v: unknown, path: FieldPath, errs: FieldError[]): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  errs.push(typeInvalid(path, typeof v, 'must be a list'));
  return [];
}

function str(v: unknown, path: FieldPath, errs: FieldError[]): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  errs.push(typeInvalid(path, typeof v, 'must be a string'));
  return '';
}

function decode(doc: Record<string, unknown>, errs: FieldError[]): EncryptionConfiguration {
  const root = FieldPath.root('resources');
  const resources = list(doc['resources'], root, errs).map((rc, i): ResourceConfiguration => {
    const path = root.index(i);
    if (!isObject(rc)) {
      errs.push(typeInvalid(path, typeof rc, 'must be an object'));
      return { resources: [], providers: [] };
    }
    return {
      resources: list(rc['resources'], path.child('resources'), errs).map((r, j) => str(r, path.child('resources').index(j), errs)),
      providers: list(rc['providers'], path.child('providers'), errs).map((p, j) => decodeProvider(p, path.child('providers').index(j), errs)),
    };
  });
  return { resources };
}

function decodeProvider(p: unknown, path: FieldPath, errs: FieldError[]): ProviderConfiguration {
  if (!isObject(p)) {
    errs.push(typeInvalid(path, typeof p, 'must be an object'));
    return {};
  }
  const out: ProviderConfiguration = {};
  // A provider is present when its field is set to something (as a non-nil pointer in Go).
  for (const name of ['aescbc', 'aesgcm', 'secretbox'] as const) {
    const v = p[name];
    if (v === undefined || v === null) continue;
    if (!isObject(v)) {
      errs.push(typeInvalid(path.child(name), typeof v, 'must be an object'));
      continue;
    }
    const keysPath = path.child(name, 'keys');
    out[name] = {
      keys: list(v['keys'], keysPath, errs).map((k, i) => {
        if (!isObject(k)) {
          errs.push(typeInvalid(keysPath.index(i), typeof k, 'must be an object'));
          return { name: '', secret: '' };
        }
        return { name: str(k['name'], keysPath.index(i).child('name'), errs), secret: str(k['secret'], keysPath.index(i).child('secret'), errs) };
      }),
    };
  }
  if (p['identity'] !== undefined && p['identity'] !== null) out.identity = {};
  if (p['kms'] !== undefined && p['kms'] !== null) out.kms = p['kms'];
  return out;
}

// ---- validation (upstream's ValidateEncryptionConfiguration, v1.25) ----

export function validateEncryptionConfiguration(c: EncryptionConfiguration): FieldError[] {
  const root = FieldPath.root('resources');
  if (c.resources.length === 0) return [required(root, `at least one ${root} is required`)];
  const errs: FieldError[] = [];
  c.resources.forEach((rc, i) => {
    const r = root.index(i).child('resources');
    const p = root.index(i).child('providers');
    if (rc.resources.length === 0) errs.push(required(r, `at least one ${r} is required`));
    // v1.25 has no wildcards ("*.", "*.apps" came in 1.27) and would silently encrypt nothing for
    // them; refusing is safer than storing in the clear what the file meant to protect.
    rc.resources.forEach((name, j) => {
      if (name.includes('*')) errs.push(invalid(r.index(j), name, 'wildcards are not supported in v1.25: list each resource by name, e.g. "secrets"'));
    });
    if (rc.providers.length === 0) errs.push(required(p, `at least one ${p} is required`));
    rc.providers.forEach((provider, j) => {
      const path = p.index(j);
      const present = PROVIDERS.filter((n) => provider[n] !== undefined);
      if (present.length === 0) {
        errs.push(invalid(path, redacted(provider), 'provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity'));
      } else if (present.length > 1) {
        errs.push(invalid(path, redacted(provider), 'more than one provider specified in a single element, should split into different list elements'));
      }
      const first = present[0];
      // KMS needs an external gRPC plugin, which Kubette does not talk to: refuse rather than run unencrypted.
      if (first === 'kms') errs.push(forbidden(path.child('kms'), 'KMS providers are not supported by Kubette; use aescbc, aesgcm or secretbox'));
      else if (first && first !== 'identity') errs.push(...validateKeys(provider[first]!.keys, path.child(first, 'keys'), KEY_SIZES[first]));
    });
  });
  return errs;
}

function validateKeys(keys: Key[], path: FieldPath, sizes: number[]): FieldError[] {
  if (keys.length === 0) return [required(path, 'at least one keys is required')];
  const errs: FieldError[] = [];
  keys.forEach((key, i) => {
    const kp = path.index(i);
    if (key.name === '') errs.push(required(kp.child('name'), 'name is a mandatory field for a key'));
    if (key.secret === '') {
      errs.push(required(kp.child('secret'), 'secret is a mandatory field for a key'));
      return;
    }
    const bytes = decodeBase64Std(key.secret);
    // The secret itself never appears in a message.
    if (!bytes) errs.push(invalid(kp.child('secret'), 'REDACTED', 'secrets must be base64 encoded'));
    else if (!sizes.includes(bytes.length))
      errs.push(invalid(kp.child('secret'), 'REDACTED', `secret is not of the expected length, got ${bytes.length}, expected one of [${sizes.join(' ')}]`));
  });
  return errs;
}

/** What a provider element looks like in an error: which providers it names, never a secret. */
function redacted(p: ProviderConfiguration): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of PROVIDERS) if (p[n] !== undefined) out[n] = n === 'identity' ? {} : 'REDACTED';
  return out;
}

/**
 * Go's base64.StdEncoding.DecodeString: padded standard alphabet (CR and LF ignored); undefined when
 * malformed. Node's decoder silently skips bad characters, so the shape is checked first.
 */
export function decodeBase64Std(s: string): Buffer | undefined {
  const t = s.replace(/[\r\n]/g, '');
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t)) return undefined;
  return Buffer.from(t, 'base64');
}
