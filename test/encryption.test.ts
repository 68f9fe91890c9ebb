// Encryption at rest (kube-apiserver's --encryption-provider-config): an in-process API server over
// real HTTP on SQLite, wrapped by the encryption decorator. The database files are read byte by byte
// to prove what is (and is not) on disk; restarts with other configurations cover reading, key
// rotation by rewriting and undecryptable values.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createDecipheriv } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import nacl from 'tweetnacl';
import { ApiServer } from '../src/apiserver/server.js';
import { silentLogger } from '../src/machinery/log.js';
import { builtinStrategies } from '../src/registry/index.js';
import type { Backend } from '../src/storage/backend.js';
import { backendContract } from '../src/storage/contract.js';
import { encryptedBackend } from '../src/storage/encryption/backend.js';
import { loadEncryptionConfiguration, parseEncryptionConfiguration, type EncryptionConfiguration, type ProviderConfiguration } from '../src/storage/encryption/config.js';
import { registryKeyLayout } from '../src/storage/encryption/resources.js';
import { openSqliteBackend } from '../src/storage/sqlite/backend.js';
import { api, kubetteBin } from './helpers/cluster.js';
import { openWatch } from './helpers/watch.js';

const KEY1 = Buffer.alloc(32, 1);
const KEY2 = Buffer.alloc(32, 2);
const b64 = (b: Buffer) => b.toString('base64');
const SECRET_VALUE = 'correct-horse-battery-staple-7f3a9c';
const SECRETS = '/api/v1/namespaces/default/secrets';

function config(providers: ProviderConfiguration[], resources = ['secrets']): EncryptionConfiguration {
  return parseEncryptionConfiguration({ apiVersion: 'apiserver.config.k8s.io/v1', kind: 'EncryptionConfiguration', resources: [{ resources, providers }] });
}
const aescbc = (...keys: Array<[string, Buffer]>): ProviderConfiguration => ({ aescbc: { keys: keys.map(([name, k]) => ({ name, secret: b64(k) })) } });
const aesgcm = (...keys: Array<[string, Buffer]>): ProviderConfiguration => ({ aesgcm: { keys: keys.map(([name, k]) => ({ name, secret: b64(k) })) } });
const secretbox = (...keys: Array<[string, Buffer]>): ProviderConfiguration => ({ secretbox: { keys: keys.map(([name, k]) => ({ name, secret: b64(k) })) } });
const identity: ProviderConfiguration = { identity: {} };

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kubette-enc-'));
  dirs.push(d);
  return d;
}

interface Running {
  url: string;
  /** The SQLite backend under the decorator: what is really stored. */
  raw: Backend;
  stop(): Promise<void>;
}

/** An API server on `dir`'s database, encrypting per `cfg`. Restarting = stop() then start again on the same dir. */
async function start(dir: string, cfg: EncryptionConfiguration): Promise<Running> {
  const raw = await openSqliteBackend(join(dir, 'state.db'), { durability: 'process', compactIntervalMs: 0 });
  const server = new ApiServer({ backend: encryptedBackend(raw, cfg, registryKeyLayout(builtinStrategies)), log: silentLogger });
  const addr = await server.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${addr.port}`,
    raw,
    async stop() {
      await server.close();
      await raw.close();
    },
  };
}

function secret(name: string, value = SECRET_VALUE) {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name }, data: { password: b64(Buffer.from(value)) } };
}

async function createSecret(url: string, name: string, value = SECRET_VALUE) {
  const r = await api(url, 'POST', SECRETS, secret(name, value));
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function stored(r: Running, key: string): Promise<Buffer> {
  const { kv } = await r.raw.get(key);
  assert.ok(kv, `${key} is stored`);
  return kv.value;
}

/** Every byte SQLite holds for the database: the main file and its write-ahead log. */
function diskBytes(dir: string): Buffer {
  const files = ['state.db', 'state.db-wal'].map((f) => join(dir, f)).filter(existsSync);
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

function decodedPassword(obj: any): string {
  return Buffer.from(obj.data.password, 'base64').toString();
}

describe('encryption at rest', () => {
  it('a Secret is stored encrypted (aescbc): neither its value nor its base64 is on disk, the key1 prefix is; GET and LIST return it', async () => {
    const dir = tempDir();
    const r = await start(dir, config([aescbc(['key1', KEY1])]));
    try {
      await createSecret(r.url, 's');
      const bytes = diskBytes(dir);
      assert.equal(bytes.includes(SECRET_VALUE), false, 'plaintext value on disk');
      assert.equal(bytes.includes(b64(Buffer.from(SECRET_VALUE))), false, 'base64 value on disk');
      assert.equal(bytes.includes('k8s:enc:aescbc:v1:key1:'), true, 'encrypted row on disk');
      assert.ok((await stored(r, '/registry/secrets/default/s')).toString('latin1').startsWith('k8s:enc:aescbc:v1:key1:'));

      const got = await api(r.url, 'GET', `${SECRETS}/s`);
      assert.equal(got.status, 200);
      assert.equal(decodedPassword(got.body), SECRET_VALUE);
      const list = await api(r.url, 'GET', SECRETS);
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.items.map((s: any) => [s.metadata.name, decodedPassword(s)]), [['s', SECRET_VALUE]]);
    } finally {
      await r.stop();
    }
  });

  it('watch events carry plaintext objects (ADDED, MODIFIED, DELETED) at the stored revisions', async () => {
    const dir = tempDir();
    const r = await start(dir, config([aescbc(['key1', KEY1])]));
    try {
      const first = await createSecret(r.url, 'w0');
      const w = await openWatch(r.url, `${SECRETS}?watch=true&resourceVersion=${first.metadata.resourceVersion}`);
      try {
        const created = await createSecret(r.url, 'w1', 'one');
        const updated = await api(r.url, 'PUT', `${SECRETS}/w1`, { ...created, data: { password: b64(Buffer.from('two')) } });
        assert.equal(updated.status, 200, updated.text);
        assert.equal((await api(r.url, 'DELETE', `${SECRETS}/w1`)).status, 200);
        const events = await w.waitFor(3);
        assert.deepEqual(
          events.map((e) => [e.type, e.object.metadata.name, decodedPassword(e.object), e.object.metadata.resourceVersion]),
          [
            ['ADDED', 'w1', 'one', created.metadata.resourceVersion],
            ['MODIFIED', 'w1', 'two', updated.body.metadata.resourceVersion],
            ['DELETED', 'w1', 'two', String(Number(updated.body.metadata.resourceVersion) + 1)],
          ],
        );
      } finally {
        w.close();
      }
    } finally {
      await r.stop();
    }
  });

  it('a ConfigMap (not configured) stays plaintext', async () => {
    const dir = tempDir();
    const r = await start(dir, config([aescbc(['key1', KEY1])]));
    try {
      const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' }, data: { v: 'visible-config-value-1234' } };
      assert.equal((await api(r.url, 'POST', '/api/v1/namespaces/default/configmaps', cm)).status, 201);
      assert.equal((await stored(r, '/registry/configmaps/default/plain')).toString()[0], '{');
      assert.equal(diskBytes(dir).includes('visible-config-value-1234'), true);
    } finally {
      await r.stop();
    }
  });

  it('each provider and key size round-trips, in upstream\'s on-disk format (checked by decrypting independently)', async () => {
    const key = '/registry/secrets/default/p';
    const cases: Array<{ provider: ProviderConfiguration; prefix: string; open(body: Buffer): Buffer }> = [
      ...[16, 24, 32].map((n) => {
        const k = Buffer.alloc(n, 7);
        return {
          provider: aescbc(['k', k]),
          prefix: 'k8s:enc:aescbc:v1:k:',
          open(body: Buffer) {
            // IV(16) then AES-CBC with PKCS#7 padding; no authenticated data.
            assert.equal((body.length - 16) % 16, 0);
            const d = createDecipheriv(`aes-${n * 8}-cbc`, k, body.subarray(0, 16));
            return Buffer.concat([d.update(body.subarray(16)), d.final()]);
          },
        };
      }),
      ...[16, 32].map((n) => {
        const k = Buffer.alloc(n, 9);
        return {
          provider: aesgcm(['g', k]),
          prefix: 'k8s:enc:aesgcm:v1:g:',
          open(body: Buffer) {
            // nonce(12), ciphertext, tag(16); the etcd key is the additional authenticated data.
            const d = createDecipheriv(`aes-${n * 8}-gcm` as 'aes-256-gcm', k, body.subarray(0, 12));
            d.setAAD(Buffer.from(key));
            d.setAuthTag(body.subarray(body.length - 16));
            return Buffer.concat([d.update(body.subarray(12, body.length - 16)), d.final()]);
          },
        };
      }),
      {
        provider: secretbox(['b', KEY2]),
        prefix: 'k8s:enc:secretbox:v1:b:',
        open(body: Buffer) {
          // nonce(24) then the NaCl box.
          const out = nacl.secretbox.open(new Uint8Array(body.subarray(24)), new Uint8Array(body.subarray(0, 24)), new Uint8Array(KEY2));
          assert.ok(out, 'secretbox opens');
          return Buffer.from(out);
        },
      },
    ];
    for (const c of cases) {
      const dir = tempDir();
      const r = await start(dir, config([c.provider]));
      try {
        await createSecret(r.url, 'p');
        const value = await stored(r, key);
        assert.ok(value.toString('latin1').startsWith(c.prefix), `${c.prefix}: ${value.toString('latin1').slice(0, 30)}`);
        const plain = JSON.parse(c.open(value.subarray(c.prefix.length)).toString());
        assert.equal(decodedPassword(plain), SECRET_VALUE);
        const got = await api(r.url, 'GET', `${SECRETS}/p`);
        assert.equal(got.status, 200);
        assert.equal(decodedPassword(got.body), SECRET_VALUE);
      } finally {
        await r.stop();
      }
    }
  });

  it('aesgcm binds a value to its key: a row copied under another name does not decrypt', async () => {
    const dir = tempDir();
    const r = await start(dir, config([aesgcm(['g', KEY1])]));
    try {
      await createSecret(r.url, 'orig');
      const res = await r.raw.create('/registry/secrets/default/copy', await stored(r, '/registry/secrets/default/orig'));
      assert.equal(res.succeeded, true);
      const got = await api(r.url, 'GET', `${SECRETS}/copy`);
      assert.equal(got.status, 500);
      assert.equal(got.body.message, 'Internal error occurred: cipher: message authentication failed');
    } finally {
      await r.stop();
    }
  });

  it('identity first writes plaintext, still reads encrypted rows, and an update decrypts them', async () => {
    const dir = tempDir();
    let r = await start(dir, config([aescbc(['key1', KEY1])]));
    await createSecret(r.url, 'old');
    await r.stop();
    r = await start(dir, config([identity, aescbc(['key1', KEY1])]));
    try {
      const got = await api(r.url, 'GET', `${SECRETS}/old`);
      assert.equal(got.status, 200);
      assert.equal(decodedPassword(got.body), SECRET_VALUE);
      await createSecret(r.url, 'new', 'now-in-the-clear');
      assert.equal((await stored(r, '/registry/secrets/default/new')).toString()[0], '{');
      assert.ok((await stored(r, '/registry/secrets/default/old')).toString().startsWith('k8s:enc:aescbc:v1:key1:'));
      // Read through a provider other than the first, the row is stale: an unchanged PUT rewrites it.
      const put = await api(r.url, 'PUT', `${SECRETS}/old`, got.body);
      assert.equal(put.status, 200, put.text);
      assert.notEqual(put.body.metadata.resourceVersion, got.body.metadata.resourceVersion);
      assert.equal((await stored(r, '/registry/secrets/default/old')).toString()[0], '{');
    } finally {
      await r.stop();
    }
  });

  it('a value no configured provider can read is a 500 Status naming the problem, and the server keeps serving', async () => {
    const dir = tempDir();
    let r = await start(dir, config([aesgcm(['key1', KEY1])]));
    await createSecret(r.url, 's');
    await r.stop();

    // Same key name, different key material.
    r = await start(dir, config([aesgcm(['key1', KEY2])]));
    try {
      const got = await api(r.url, 'GET', `${SECRETS}/s`);
      assert.equal(got.status, 500);
      assert.equal(got.body.kind, 'Status');
      assert.equal(got.body.reason, 'InternalError');
      assert.equal(got.body.message, 'Internal error occurred: cipher: message authentication failed');
      assert.equal(got.text.includes('k8s:enc'), false, 'no ciphertext in the answer');
      const list = await api(r.url, 'GET', SECRETS);
      assert.equal(list.status, 500);
      assert.equal(list.body.message, 'Internal error occurred: unable to transform key "/registry/secrets/default/s": cipher: message authentication failed');
    } finally {
      await r.stop();
    }

    // A provider that does not recognise the row at all.
    r = await start(dir, config([secretbox(['key1', KEY1])]));
    try {
      const got = await api(r.url, 'GET', `${SECRETS}/s`);
      assert.equal(got.status, 500);
      assert.equal(got.body.message, 'Internal error occurred: no matching prefix found');
      const list = await api(r.url, 'GET', SECRETS);
      assert.equal(list.body.message, 'Internal error occurred: unable to transform key "/registry/secrets/default/s": no matching prefix found');
      const put = await api(r.url, 'PUT', `${SECRETS}/s`, secret('s'));
      assert.equal(put.status, 500);
      const w = await openWatch(r.url, `${SECRETS}?watch=true`);
      const [ev] = await w.waitFor(1);
      assert.equal(ev!.type, 'ERROR');
      assert.equal(ev!.object.code, 500);
      w.close();
      // Other resources are unaffected.
      assert.equal((await api(r.url, 'GET', '/api/v1/namespaces/default')).status, 200);
      const fresh = await createSecret(r.url, 'fresh');
      assert.equal((await api(r.url, 'GET', `${SECRETS}/fresh`)).status, 200);
      // An unreadable row arriving on an open watch ends it with an ERROR event, after what came before.
      const w2 = await openWatch(r.url, `${SECRETS}?watch=true&resourceVersion=${fresh.metadata.resourceVersion}`);
      await createSecret(r.url, 'fresh2');
      assert.equal((await r.raw.create('/registry/secrets/default/junk', Buffer.from('k8s:enc:aescbc:v1:gone:0123456789abcdef'))).succeeded, true);
      const events = await w2.waitFor(2);
      assert.deepEqual(events.map((e) => [e.type, e.object.metadata?.name ?? e.object.message]), [
        ['ADDED', 'fresh2'],
        ['ERROR', 'Internal error occurred: no matching prefix found'],
      ]);
      assert.deepEqual(await w2.ended, { clean: true });
    } finally {
      await r.stop();
    }
  });

  it('key rotation by rewriting: key1 → (key2, key1) → rewrite every secret → key2 only', async () => {
    const dir = tempDir();
    const names = ['r1', 'r2', 'r3'];
    let r = await start(dir, config([aescbc(['key1', KEY1])]));
    for (const n of names) await createSecret(r.url, n, `value-${n}`);
    await r.stop();

    r = await start(dir, config([aescbc(['key2', KEY2], ['key1', KEY1])]));
    try {
      const list = await api(r.url, 'GET', SECRETS);
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.items.map((s: any) => decodedPassword(s)), names.map((n) => `value-${n}`));
      // `kubectl get secrets -o json | kubectl replace -f -`: unchanged objects, each written anew.
      for (const s of list.body.items) {
        const put = await api(r.url, 'PUT', `${SECRETS}/${s.metadata.name}`, s);
        assert.equal(put.status, 200, put.text);
        assert.notEqual(put.body.metadata.resourceVersion, s.metadata.resourceVersion, 'a stale row is rewritten');
        const again = await api(r.url, 'PUT', `${SECRETS}/${s.metadata.name}`, put.body);
        assert.equal(again.body.metadata.resourceVersion, put.body.metadata.resourceVersion, 'a current row is not');
      }
      for (const n of names) assert.ok((await stored(r, `/registry/secrets/default/${n}`)).toString().startsWith('k8s:enc:aescbc:v1:key2:'));
      // Superseded key1 rows stay in the log until compaction, as in etcd.
      await r.raw.compact(await r.raw.currentRevision());
    } finally {
      await r.stop();
    }

    r = await start(dir, config([aescbc(['key2', KEY2])]));
    try {
      const list = await api(r.url, 'GET', SECRETS);
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.body.items.map((s: any) => decodedPassword(s)), names.map((n) => `value-${n}`));
    } finally {
      await r.stop();
    }
    const db = new Database(join(dir, 'state.db'), { readonly: true });
    try {
      const rows = db.prepare("SELECT key, value FROM log WHERE key LIKE '/registry/secrets/%' AND deleted = 0").all() as Array<{ key: string; value: Buffer }>;
      assert.ok(rows.length >= names.length);
      for (const row of rows) assert.ok(row.value.toString('latin1').startsWith('k8s:enc:aescbc:v1:key2:'), `${row.key}: ${row.value.toString('latin1').slice(0, 24)}`);
    } finally {
      db.close();
    }
  });

  it('resources map to their storage prefixes: group-qualified names, and resources stored under another name', async () => {
    const dir = tempDir();
    const r = await start(dir, config([aescbc(['key1', KEY1])], ['configmaps', 'deployments.apps', 'nodes']));
    try {
      const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { v: 'x' } };
      assert.equal((await api(r.url, 'POST', '/api/v1/namespaces/default/configmaps', cm)).status, 201);
      const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } };
      assert.equal((await api(r.url, 'POST', '/api/v1/nodes', node)).status, 201);
      const dep = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd' },
        spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
      };
      assert.equal((await api(r.url, 'POST', '/apis/apps/v1/namespaces/default/deployments', dep)).status, 201);
      for (const key of ['/registry/configmaps/default/c', '/registry/minions/n1', '/registry/deployments/default/d'])
        assert.ok((await stored(r, key)).toString().startsWith('k8s:enc:aescbc:v1:key1:'), key);
      assert.equal((await stored(r, '/registry/namespaces/default')).toString()[0], '{');
      assert.equal((await api(r.url, 'GET', '/api/v1/nodes/n1')).status, 200);
    } finally {
      await r.stop();
    }
  });
});

// Revisions, compare-and-swap, ranges, leases and watch order are the inner backend's: the whole
// backend contract holds with every key encrypted (a layout that puts "secrets" at the root).
backendContract('sqlite under aesgcm encryption of every key', async () =>
  encryptedBackend(await openSqliteBackend(join(tempDir(), 'state.db'), { durability: 'process' }), config([aesgcm(['key1', KEY1])]), () => '/'),
);

describe('EncryptionConfiguration validation', () => {
  const doc = (resources: unknown) => ({ apiVersion: 'apiserver.config.k8s.io/v1', kind: 'EncryptionConfiguration', resources });
  const errorOf = (d: unknown) => {
    try {
      parseEncryptionConfiguration(d);
    } catch (err) {
      return (err as Error).message;
    }
    assert.fail('expected a validation error');
  };

  it('reports each problem with its field path, as upstream words it', () => {
    const cases: Array<[unknown, string]> = [
      [
        doc([{ resources: ['secrets'], providers: [{ aescbc: { keys: [{ name: 'key1', secret: b64(Buffer.from('short')) }] } }] }]),
        'resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 5, expected one of [16 24 32]',
      ],
      [
        doc([{ resources: ['secrets'], providers: [{ secretbox: { keys: [{ name: 'k', secret: b64(Buffer.alloc(16)) }] } }] }]),
        'resources[0].providers[0].secretbox.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 16, expected one of [32]',
      ],
      [
        doc([{ resources: ['secrets'], providers: [{ aesgcm: { keys: [{ name: 'k', secret: 'not base64!' }] } }] }]),
        'resources[0].providers[0].aesgcm.keys[0].secret: Invalid value: "REDACTED": secrets must be base64 encoded',
      ],
      [doc([]), 'resources: Required value: at least one resources is required'],
      [doc([{ resources: [], providers: [{ identity: {} }] }]), 'resources[0].resources: Required value: at least one resources[0].resources is required'],
      [doc([{ resources: ['secrets'], providers: [] }]), 'resources[0].providers: Required value: at least one resources[0].providers is required'],
      [doc([{ resources: ['secrets'], providers: [{ aescbc: { keys: [] } }] }]), 'resources[0].providers[0].aescbc.keys: Required value: at least one keys is required'],
      [
        doc([{ resources: ['secrets'], providers: [{ aescbc: { keys: [{ secret: b64(KEY1) }] } }] }]),
        'resources[0].providers[0].aescbc.keys[0].name: Required value: name is a mandatory field for a key',
      ],
      [
        doc([{ resources: ['secrets'], providers: [{ aescbc: { keys: [{ name: 'k' }] } }] }]),
        'resources[0].providers[0].aescbc.keys[0].secret: Required value: secret is a mandatory field for a key',
      ],
      [
        doc([{ resources: ['secrets'], providers: [{ identity: {}, aescbc: { keys: [{ name: 'k', secret: b64(KEY1) }] } }] }]),
        'resources[0].providers[0]: Invalid value: map[string]interface {}{"aescbc":"REDACTED", "identity":map[string]interface {}{}}: more than one provider specified in a single element, should split into different list elements',
      ],
      [
        doc([{ resources: ['secrets'], providers: [{ identity: null }] }]),
        'resources[0].providers[0]: Invalid value: map[string]interface {}{}: provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity',
      ],
      [
        doc([{ resources: ['secrets'], providers: [{ kms: { name: 'vault', endpoint: 'unix:///kms.sock' } }] }]),
        'resources[0].providers[0].kms: Forbidden: KMS providers are not supported by Kubette; use aescbc, aesgcm or secretbox',
      ],
      [
        doc([{ resources: ['secrets'], providers: [{ aescbc: { keys: [{ name: 'a', secret: 'x' }, { name: '', secret: b64(KEY1) }] } }] }]),
        '[resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secrets must be base64 encoded, resources[0].providers[0].aescbc.keys[1].name: Required value: name is a mandatory field for a key]',
      ],
      [
        doc([{ resources: ['secrets', '*.apps'], providers: [{ identity: {} }] }]),
        'resources[0].resources[1]: Invalid value: "*.apps": wildcards are not supported in v1.25: list each resource by name, e.g. "secrets"',
      ],
      [{ apiVersion: 'v1', kind: 'ConfigMap' }, 'expected kind EncryptionConfiguration with apiVersion apiserver.config.k8s.io/v1, got "v1 ConfigMap"'],
    ];
    for (const [d, message] of cases) assert.equal(errorOf(d), message);
  });

  it('never puts a key in a message', () => {
    const secretText = b64(Buffer.from('0123456789abcdefXYZ'));
    const message = errorOf(doc([{ resources: ['secrets'], providers: [{ aescbc: { keys: [{ name: 'k', secret: secretText }] } }, { identity: {}, aesgcm: { keys: [{ name: 'k', secret: secretText }] } }] }]));
    assert.match(message, /got 19/);
    assert.equal(message.includes(secretText), false);
  });

  it('loads YAML and JSON files, and the legacy EncryptionConfig kind; a bad file is named in the error', () => {
    const dir = tempDir();
    const yamlFile = join(dir, 'enc.yaml');
    writeFileSync(
      yamlFile,
      `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - aescbc:\n          keys:\n            - name: key1\n              secret: ${b64(KEY1)}\n      - identity: {}\n`,
    );
    const c = loadEncryptionConfiguration(yamlFile);
    assert.deepEqual(c.resources[0]!.providers.map((p) => Object.keys(p)), [['aescbc'], ['identity']]);
    const jsonFile = join(dir, 'enc.json');
    writeFileSync(jsonFile, JSON.stringify({ apiVersion: 'v1', kind: 'EncryptionConfig', resources: [{ resources: ['secrets'], providers: [{ secretbox: { keys: [{ name: 'b', secret: b64(KEY2) }] } }] }] }));
    assert.equal(loadEncryptionConfiguration(jsonFile).resources[0]!.providers[0]!.secretbox!.keys[0]!.name, 'b');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - aescbc:\n          keys:\n            - name: key1\n              secret: ${b64(Buffer.from('short'))}\n`);
    assert.throws(
      () => loadEncryptionConfiguration(bad),
      (err: Error) =>
        err.message ===
        `error while parsing encryption provider configuration file ${JSON.stringify(bad)}: resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 5, expected one of [16 24 32]`,
    );
    writeFileSync(join(dir, 'empty.yaml'), '');
    assert.throws(() => loadEncryptionConfiguration(join(dir, 'empty.yaml')), /encryption provider configuration file ".*empty\.yaml" is empty/);
    assert.throws(() => loadEncryptionConfiguration(join(dir, 'missing.yaml')), /error opening encryption provider configuration file ".*missing\.yaml"/);
  });

  it('kubette up refuses to start with an invalid file, naming the file and the field', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - secretbox:\n          keys:\n            - name: key1\n              secret: ${b64(Buffer.alloc(16))}\n`);
    const proc = spawn(process.execPath, [kubetteBin, 'up', '--data-dir', join(dir, 'data'), '--port', '0', '--controllers=', '--encryption-provider-config', bad], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    assert.notEqual(code, 0, out);
    assert.match(out, new RegExp(`encryption provider configuration file "${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
    assert.match(out, /resources\[0\]\.providers\[0\]\.secretbox\.keys\[0\]\.secret: Invalid value: "REDACTED": secret is not of the expected length, got 16, expected one of \[32\]/);
    assert.equal(existsSync(join(dir, 'data', 'state.db')), false, 'nothing was written');
  });
});
