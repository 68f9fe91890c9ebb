// Value transformers with kube-apiserver's on-disk formats (apiserver/pkg/storage/value and
// value/encrypt/{aes,secretbox,identity}), so a database written here holds what an etcd behind
// kube-apiserver would hold for the same keys, and error messages read as upstream's.
import { createCipheriv, createDecipheriv, randomBytes, type CipherGCMTypes } from 'node:crypto';
import nacl from 'tweetnacl';

export interface Transformer {
  /**
   * Stored bytes → plaintext. `stale`: the value was not written by the current write transformer
   * (an older key or provider), so an update must rewrite it even when the object is unchanged.
   * Throws when the value cannot be read.
   */
  fromStorage(data: Buffer, authenticatedData: Buffer): { data: Buffer; stale: boolean };
  toStorage(data: Buffer, authenticatedData: Buffer): Buffer;
}

export interface PrefixTransformer {
  prefix: Buffer;
  transformer: Transformer;
}

/**
 * Tries the transformers whose prefix the data has, in order; the first to succeed wins, and any but
 * the first transformer makes the result stale. Writes always use the first. A failed match does not
 * stop the search: one provider may appear twice with different keys during a rotation, and an
 * identity transformer (empty prefix) refuses encrypted data so a later provider can read it.
 */
export class PrefixTransformers implements Transformer {
  constructor(
    private readonly transformers: PrefixTransformer[],
    private readonly noMatch: string,
  ) {
    if (transformers.length === 0) throw new Error('at least one transformer is required');
  }

  fromStorage(data: Buffer, authenticatedData: Buffer): { data: Buffer; stale: boolean } {
    const errs: Error[] = [];
    for (let i = 0; i < this.transformers.length; i++) {
      const { prefix, transformer } = this.transformers[i]!;
      if (!startsWith(data, prefix)) continue;
      try {
        const out = transformer.fromStorage(data.subarray(prefix.length), authenticatedData);
        return { data: out.data, stale: out.stale || i !== 0 };
      } catch (err) {
        // Identity's refusal of encrypted data is not a failure worth reporting: the next one may read it.
        if (prefix.length > 0) errs.push(err as Error);
      }
    }
    if (errs.length === 1) throw errs[0]!;
    // apimachinery's errors.Aggregate rendering.
    if (errs.length > 1) throw new Error(`[${errs.map((e) => e.message).join(', ')}]`);
    throw new Error(this.noMatch);
  }

  toStorage(data: Buffer, authenticatedData: Buffer): Buffer {
    const { prefix, transformer } = this.transformers[0]!;
    return Buffer.concat([prefix, transformer.toStorage(data, authenticatedData)]);
  }
}

function startsWith(data: Buffer, prefix: Buffer): boolean {
  return data.length >= prefix.length && data.subarray(0, prefix.length).equals(prefix);
}

const ENCRYPTED_PREFIX = Buffer.from('k8s:enc:');

/** Plaintext, but refuses anything that looks encrypted (identity.NewEncryptCheckTransformer). */
export const identity: Transformer = {
  fromStorage(data) {
    if (startsWith(data, ENCRYPTED_PREFIX)) throw new Error('identity transformer tried to read encrypted data');
    return { data, stale: false };
  },
  toStorage: (data) => data,
};

const BLOCK = 16;

function aesAlgorithm(mode: 'cbc' | 'gcm', key: Buffer): string {
  return `aes-${key.length * 8}-${mode}`;
}

/** AES-CBC with PKCS#7 padding: IV(16) + ciphertext. Unauthenticated, so the context is not used. */
export function aesCbc(key: Buffer): Transformer {
  const algorithm = aesAlgorithm('cbc', key);
  return {
    fromStorage(data) {
      if (data.length < BLOCK) throw new Error('the stored data was shorter than the required size');
      const body = data.subarray(BLOCK);
      if (body.length % BLOCK !== 0) throw new Error('the stored data is not a multiple of the block size');
      const decipher = createDecipheriv(algorithm, key, data.subarray(0, BLOCK)).setAutoPadding(false);
      const out = Buffer.concat([decipher.update(body), decipher.final()]);
      // Padding checked here rather than by OpenSSL, to fail with upstream's messages.
      const pad = out.length > 0 ? out[out.length - 1]! : 0;
      if (pad === 0 || pad > out.length) throw new Error('invalid PKCS7 data (empty or not padded)');
      for (let i = out.length - pad; i < out.length; i++) if (out[i] !== pad) throw new Error('invalid padding on input');
      return { data: out.subarray(0, out.length - pad), stale: false };
    },
    toStorage(data) {
      const iv = randomBytes(BLOCK);
      const cipher = createCipheriv(algorithm, key, iv); // PKCS#7 padding is OpenSSL's default
      return Buffer.concat([iv, cipher.update(data), cipher.final()]);
    },
  };
}

const GCM_NONCE = 12;
const GCM_TAG = 16;

/** AES-GCM: nonce(12) + ciphertext + tag(16), authenticating the storage key (so values cannot be moved between keys). */
export function aesGcm(key: Buffer): Transformer {
  const algorithm = aesAlgorithm('gcm', key) as CipherGCMTypes;
  return {
    fromStorage(data, authenticatedData) {
      if (data.length < GCM_NONCE) throw new Error('the stored data was shorter than the required size');
      if (data.length < GCM_NONCE + GCM_TAG) throw new Error('cipher: message authentication failed');
      const decipher = createDecipheriv(algorithm, key, data.subarray(0, GCM_NONCE), { authTagLength: GCM_TAG });
      decipher.setAAD(authenticatedData);
      decipher.setAuthTag(data.subarray(data.length - GCM_TAG));
      try {
        return { data: Buffer.concat([decipher.update(data.subarray(GCM_NONCE, data.length - GCM_TAG)), decipher.final()]), stale: false };
      } catch {
        throw new Error('cipher: message authentication failed'); // Go's crypto/cipher wording
      }
    },
    toStorage(data, authenticatedData) {
      const nonce = randomBytes(GCM_NONCE);
      const cipher = createCipheriv(algorithm, key, nonce, { authTagLength: GCM_TAG });
      cipher.setAAD(authenticatedData);
      const body = Buffer.concat([cipher.update(data), cipher.final()]);
      return Buffer.concat([nonce, body, cipher.getAuthTag()]);
    },
  };
}

const SECRETBOX_NONCE = nacl.secretbox.nonceLength; // 24

/** XSalsa20-Poly1305 (NaCl secretbox): nonce(24) + box (tag first, as Go's secretbox.Seal). No context. */
export function secretbox(key: Buffer): Transformer {
  const k = new Uint8Array(key);
  return {
    fromStorage(data) {
      if (data.length < nacl.secretbox.overheadLength + SECRETBOX_NONCE) throw new Error('the stored data was shorter than the required size');
      const out = nacl.secretbox.open(new Uint8Array(data.subarray(SECRETBOX_NONCE)), new Uint8Array(data.subarray(0, SECRETBOX_NONCE)), k);
      // Upstream's (misleading) message for a failed open, kept so logs match.
      if (!out) throw new Error('output array was not large enough for encryption');
      return { data: Buffer.from(out), stale: false };
    },
    toStorage(data) {
      const nonce = randomBytes(SECRETBOX_NONCE);
      const box = nacl.secretbox(new Uint8Array(data), new Uint8Array(nonce), k);
      return Buffer.concat([nonce, Buffer.from(box)]);
    },
  };
}
