// Service account tokens: RS256 JWTs with kube-apiserver's claims, signed with one RSA key per
// cluster. The key is generated on first use and kept in the storage backend (outside /registry),
// so it survives restarts and lives wherever the data does. Issued by serviceaccounts/token and
// checked by TokenReview and by the authentication of every request that carries one.
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, sign, verify, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { KObject } from '../api/object.js';
import type { TokenAuthResult } from '../registry/strategy.js';
import type { Backend } from '../storage/backend.js';
import { Errors } from '../machinery/errors.js';
import { goQuoteList } from '../machinery/format.js';
import type { AuthnResult } from './authn/types.js';

/** kube-apiserver's default --service-account-issuer, which is also its API audience. */
export const API_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';
const ISSUER = API_AUDIENCE;
const KEY_PATH = '/kubette/serviceaccount-signing-key';

interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
}

/** The objects a token can be bound to, as claims carry them. */
export interface TokenSubject {
  serviceAccount: KObject;
  pod?: KObject;
  secret?: KObject;
}

export interface TokenLookups {
  get(resource: 'serviceaccounts' | 'pods' | 'secrets', namespace: string, name: string): Promise<KObject | undefined>;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** JSON with object keys sorted, as Go encodes the map go-jose builds from the merged claims. */
function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

const ref = (o: KObject) => ({ name: o.metadata.name, uid: o.metadata.uid });

export class ServiceAccountTokens {
  private key?: Promise<SigningKey>;

  constructor(private readonly deps: { backend: Backend; now(): Date; lookups: TokenLookups }) {}

  /** A signed token for the subject, valid for expirationSeconds from now, for these audiences. */
  async issue(subject: TokenSubject, audiences: string[], expirationSeconds: number, now: Date): Promise<string> {
    const key = await this.signingKey();
    const sa = subject.serviceAccount;
    const ns = sa.metadata.namespace!;
    const iat = Math.floor(now.getTime() / 1000);
    const claims = {
      aud: audiences,
      exp: iat + expirationSeconds,
      iat,
      iss: ISSUER,
      'kubernetes.io': {
        namespace: ns,
        pod: subject.pod ? ref(subject.pod) : undefined,
        secret: subject.secret ? ref(subject.secret) : undefined,
        serviceaccount: ref(sa),
      },
      nbf: iat,
      sub: `system:serviceaccount:${ns}:${sa.metadata.name}`,
    };
    const signingInput = `${b64url(sortedJson({ alg: 'RS256', kid: key.kid }))}.${b64url(sortedJson(claims))}`;
    return `${signingInput}.${b64url(sign('sha256', Buffer.from(signingInput), key.privateKey))}`;
  }

  /**
   * TokenReview's verdict: signature, issuer, lifetime, audiences, and that the service account (and
   * bound pod or secret) still exist with the UIDs in the claims, as the service account authenticator checks.
   */
  async authenticate(token: string, requested: string[]): Promise<TokenAuthResult> {
    const unknown: TokenAuthResult = { authenticated: false, error: 'invalid bearer token' };
    const parts = token.split('.');
    if (parts.length !== 3) return unknown;
    let header: { alg?: string };
    let claims: Record<string, any>;
    try {
      header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    } catch {
      return unknown;
    }
    // Tokens of other issuers are not this authenticator's to judge.
    if (claims['iss'] !== ISSUER || header.alg !== 'RS256') return unknown;
    const key = await this.signingKey();
    if (!verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), key.publicKey, Buffer.from(parts[2]!, 'base64url')))
      return { authenticated: false, error: 'square/go-jose: error in cryptographic primitive' };
    const tokenAuds: string[] = Array.isArray(claims['aud']) ? claims['aud'] : typeof claims['aud'] === 'string' ? [claims['aud']] : [API_AUDIENCE];
    const wanted = requested.length ? requested : [API_AUDIENCE];
    const audiences = tokenAuds.filter((a) => wanted.includes(a));
    if (audiences.length === 0)
      return { authenticated: false, error: `token audiences ${goQuoteList(tokenAuds)} is invalid for the target audiences ${goQuoteList(wanted)}` };
    const now = Math.floor(this.deps.now().getTime() / 1000);
    if (typeof claims['exp'] === 'number' && now > claims['exp']) return { authenticated: false, error: 'service account token has expired' };
    if (typeof claims['nbf'] === 'number' && now < claims['nbf'])
      return { authenticated: false, error: 'service account token could not be validated due to unexpected validation error' };
    const k8s = claims['kubernetes.io'] ?? {};
    const ns: string = k8s.namespace ?? '';
    const saRef = k8s.serviceaccount ?? {};
    const sa = await this.deps.lookups.get('serviceaccounts', ns, saRef.name ?? '');
    if (!sa) return { authenticated: false, error: `service account ${ns}/${saRef.name} has been deleted` };
    if (sa.metadata.uid !== saRef.uid) return { authenticated: false, error: `service account UID (${sa.metadata.uid}) does not match claim (${saRef.uid})` };
    const extra: Record<string, string[]> = {};
    for (const [resource, kind] of [['pods', 'pod'], ['secrets', 'secret']] as const) {
      const bound = k8s[kind];
      if (!bound) continue;
      const obj = await this.deps.lookups.get(resource, ns, bound.name ?? '');
      if (!obj) return { authenticated: false, error: `${kind} ${ns}/${bound.name} has been deleted` };
      if (obj.metadata.uid !== bound.uid) return { authenticated: false, error: `${kind} UID (${obj.metadata.uid}) does not match claim (${bound.uid})` };
      if (kind === 'pod') {
        extra['authentication.kubernetes.io/pod-name'] = [bound.name];
        extra['authentication.kubernetes.io/pod-uid'] = [bound.uid];
      }
    }
    return {
      authenticated: true,
      user: {
        username: `system:serviceaccount:${ns}:${saRef.name}`,
        uid: saRef.uid,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
        ...(Object.keys(extra).length ? { extra } : {}), // omitempty
      },
      audiences,
    };
  }

  /** As a request authenticator: null for tokens that are not this issuer's, 401 for ours that fail. */
  async authenticateToken(token: string): Promise<AuthnResult | null> {
    if (!isOurs(token)) return null;
    const r = await this.authenticate(token, [API_AUDIENCE]);
    if (!r.authenticated || !r.user) throw Errors.unauthorized();
    return { user: { ...r.user, groups: r.user.groups ?? [] } };
  }

  private signingKey(): Promise<SigningKey> {
    this.key ??= this.loadOrCreateKey().catch((err: unknown) => {
      this.key = undefined; // a storage hiccup must not poison every later request
      throw err;
    });
    return this.key;
  }

  private async loadOrCreateKey(): Promise<SigningKey> {
    const { backend } = this.deps;
    const { kv } = await backend.get(KEY_PATH);
    if (kv) return keyFromPem(kv.value.toString('utf8'));
    const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const res = await backend.create(KEY_PATH, Buffer.from(pem));
    // Another request created it first: use theirs, so every token verifies with one key.
    if (!res.succeeded && res.current) return keyFromPem(res.current.value.toString('utf8'));
    return keyFromPem(pem);
  }
}

function keyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  // kube-apiserver's key id: base64url(SHA-256(DER of the PKIX public key)).
  const kid = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
  return { privateKey, publicKey, kid };
}

/** A JWT whose issuer is this cluster's (other tokens are for other authenticators). */
function isOurs(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  try {
    return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'))?.iss === ISSUER;
  } catch {
    return false;
  }
}
