// The cluster's PKI, as kubeadm lays it out in a data dir: a CA made at first start, the API
// server's serving certificate (SANs for every name and address clients use), and client
// certificates whose subject is the identity (CN = user, O = groups). Keys are ECDSA P-256: as
// strong as kubeadm's RSA-2048 and a thousand times cheaper to make. The X.509 library is loaded
// only when something has to be generated, so a restart with certificates on disk pays nothing.
import { webcrypto, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const YEAR_MS = 365 * 24 * 3600 * 1000;

export interface KeyPair {
  cert: string; // PEM
  key: string; // PEM (PKCS#8)
}

export interface Identity {
  user: string;
  groups?: string[];
}

type X509 = typeof import('@peculiar/x509');
let lib: Promise<X509> | undefined;
function x509(): Promise<X509> {
  return (lib ??= import('@peculiar/x509').then((m) => {
    m.cryptoProvider.set(webcrypto as unknown as Crypto);
    return m;
  }));
}

async function newKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function pemKey(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`;
}

async function importKey(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return webcrypto.subtle.importKey('pkcs8', der, ALG, false, ['sign']);
}

const serial = () => Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');

export async function createCA(commonName: string, now = new Date()): Promise<KeyPair> {
  const x = await x509();
  const keys = await newKeys();
  const cert = await x.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: new x.Name([{ CN: [commonName] }]),
    notBefore: now,
    notAfter: new Date(now.getTime() + 10 * YEAR_MS),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x.BasicConstraintsExtension(true, undefined, true),
      new x.KeyUsagesExtension(x.KeyUsageFlags.keyCertSign | x.KeyUsageFlags.cRLSign | x.KeyUsageFlags.digitalSignature, true),
      await x.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem') + '\n', key: await pemKey(keys.privateKey) };
}

/** A certificate signed by the CA: for serving (SANs) or for a client identity (CN/O). */
export async function issue(ca: KeyPair, opts: { identity?: Identity; commonName?: string; dnsNames?: string[]; ips?: string[]; server?: boolean; now?: Date }): Promise<KeyPair> {
  const x = await x509();
  const keys = await newKeys();
  const caCert = new x.X509Certificate(ca.cert);
  const now = opts.now ?? new Date();
  const name: Record<string, string[]>[] = [{ CN: [opts.identity?.user ?? opts.commonName ?? 'kubette'] }];
  for (const g of opts.identity?.groups ?? []) name.push({ O: [g] });
  const extensions: import('@peculiar/x509').Extension[] = [
    new x.BasicConstraintsExtension(false, undefined, true),
    new x.KeyUsagesExtension(x.KeyUsageFlags.digitalSignature | x.KeyUsageFlags.keyEncipherment, true),
    new x.ExtendedKeyUsageExtension([opts.server ? x.ExtendedKeyUsage.serverAuth : x.ExtendedKeyUsage.clientAuth]),
    await x.AuthorityKeyIdentifierExtension.create(caCert),
  ];
  if (opts.server)
    extensions.push(new x.SubjectAlternativeNameExtension([...(opts.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })), ...(opts.ips ?? []).map((value) => ({ type: 'ip' as const, value }))]));
  const cert = await x.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: new x.Name(name),
    issuer: caCert.subject,
    notBefore: now,
    notAfter: new Date(now.getTime() + YEAR_MS),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: await importKey(ca.key),
    extensions,
  });
  return { cert: cert.toString('pem') + '\n', key: await pemKey(keys.privateKey) };
}

/** The names and addresses on the serving certificate: the in-cluster service names, localhost and the bind address. */
export function servingNames(bindAddress: string, serviceIP: string, extra: string[] = []): { dnsNames: string[]; ips: string[] } {
  const dnsNames = ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'localhost'];
  const ips = ['127.0.0.1', '::1', serviceIP];
  for (const v of [bindAddress, ...extra]) {
    if (!v || v === '0.0.0.0' || v === '::') continue;
    if (/^[\d.]+$/.test(v) || v.includes(':')) ips.includes(v) || ips.push(v);
    else dnsNames.includes(v) || dnsNames.push(v);
  }
  return { dnsNames, ips };
}

/** Signed by this CA and good for another month (else it is made again, as a renewal). */
function current(certPem: string, ca: KeyPair, now: Date): boolean {
  const c = new X509Certificate(certPem);
  return c.verify(new X509Certificate(ca.cert).publicKey) && new Date(c.validTo).getTime() > now.getTime() + 30 * 24 * 3600 * 1000;
}

/** Does the certificate name every DNS name and address (so a changed --bind-address gets a new one)? */
function covers(certPem: string, names: { dnsNames: string[]; ips: string[] }): boolean {
  const san = new Set((new X509Certificate(certPem).subjectAltName ?? '').split(', ').map((e) => e.toLowerCase()));
  const ipOf = (ip: string) => (ip.includes(':') ? expandV6(ip) : ip);
  return names.dnsNames.every((d) => san.has(`dns:${d.toLowerCase()}`)) && names.ips.every((ip) => san.has(`ip address:${ipOf(ip)}`));
}

/** Node prints IPv6 SANs expanded without zero compression (0:0:0:0:0:0:0:1). */
function expandV6(ip: string): string {
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const mid = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...mid, ...t].map((p) => p.replace(/^0+(?=.)/, '').toLowerCase()).join(':');
}

function readPair(dir: string, name: string): KeyPair | undefined {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  if (!existsSync(cert) || !existsSync(key)) return undefined;
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}

function writePair(dir: string, name: string, p: KeyPair): void {
  for (const [ext, data] of [['key', p.key], ['crt', p.cert]] as const) {
    const path = join(dir, `${name}.${ext}`);
    writeFileSync(`${path}.tmp`, data, { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
  }
}

export interface ClusterPKI {
  dir: string;
  ca: KeyPair;
  serving: KeyPair;
  admin: KeyPair;
}

/**
 * `<dir>/ca.{crt,key}`, `apiserver.{crt,key}` and `admin.{crt,key}` (CN kubernetes-admin in
 * system:masters, as kubeadm's admin.conf): read when present, made when missing, and remade when
 * not signed by the CA on disk, within a month of expiry, or (serving) not covering the names it must.
 */
export async function ensureClusterPKI(dir: string, names: { dnsNames: string[]; ips: string[] }, now = new Date()): Promise<ClusterPKI> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let ca = readPair(dir, 'ca');
  if (!ca) {
    ca = await createCA('kubette-ca', now);
    writePair(dir, 'ca', ca);
  }
  let serving = readPair(dir, 'apiserver');
  if (!serving || !current(serving.cert, ca, now) || !covers(serving.cert, names)) {
    serving = await issue(ca, { commonName: 'kube-apiserver', server: true, ...names, now });
    writePair(dir, 'apiserver', serving);
  }
  let admin = readPair(dir, 'admin');
  if (!admin || !current(admin.cert, ca, now)) {
    admin = await issue(ca, { identity: { user: 'kubernetes-admin', groups: ['system:masters'] }, now });
    writePair(dir, 'admin', admin);
  }
  return { dir, ca, serving, admin };
}
