// The security flags of the real `kubette up`, end to end: Secrets encrypted at rest
// (--encryption-provider-config), an audit policy with PodSecurity's audit annotations
// (--audit-policy-file, --audit-log-path), and /logs (--enable-logs-handler) only for those RBAC
// allows; without the flag /logs is a 404 even for the admin.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { api, apiOnly, startCluster, type Cluster } from './helpers/cluster.js';
import { poll } from './helpers/wait.js';

const dir = mkdtempSync(join(tmpdir(), 'kubette-secflags-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const KEY = Buffer.alloc(32, 7).toString('base64');
const encryption = file(
  'encryption.yaml',
  `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
- resources: [secrets]
  providers:
  - aesgcm:
      keys:
      - name: key1
        secret: ${KEY}
  - identity: {}
`,
);
const policy = file(
  'audit-policy.yaml',
  `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: None
  nonResourceURLs: ["/healthz*", "/readyz*", "/livez*"]
- level: RequestResponse
  namespaces: [audited]
  resources: [{group: "", resources: [pods]}]
- level: Metadata
  resources: [{group: "", resources: [secrets]}]
- level: None
`,
);
const auditLog = join(dir, 'audit.log');
const tokens = file('tokens.csv', 'eve-token,eve,2001\n');

describe('kubette up security flags', () => {
  let c: Cluster;
  before(async () => {
    c = await startCluster({
      args: [...apiOnly, `--encryption-provider-config=${encryption}`, `--audit-policy-file=${policy}`, `--audit-log-path=${auditLog}`, '--enable-logs-handler', `--token-auth-file=${tokens}`],
    });
  });
  after(async () => {
    await c.stop();
    c.cleanup();
  });

  it('stores Secrets encrypted: neither the value nor its base64 is on disk, and reads give it back', async () => {
    const secret = 'correct-horse-battery-staple-4711';
    const b64 = Buffer.from(secret).toString('base64');
    const r = await api(c.url, 'POST', '/api/v1/namespaces/default/secrets', { metadata: { name: 'db' }, stringData: { password: secret } });
    assert.equal(r.status, 201, r.text);
    const back = await api(c.url, 'GET', '/api/v1/namespaces/default/secrets/db');
    assert.equal(back.body.data.password, b64);
    const disk = ['state.db', 'state.db-wal'].map((f) => join(c.dataDir, f)).filter(existsSync).map((f) => readFileSync(f));
    const all = Buffer.concat(disk);
    assert.equal(all.includes(secret), false, 'plaintext on disk');
    assert.equal(all.includes(b64), false, 'base64 on disk');
    assert.equal(all.includes('k8s:enc:aesgcm:v1:key1:'), true, 'the encrypted form is there');
    // A ConfigMap is not configured: stored as it is.
    await api(c.url, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'plain' }, data: { note: 'visible-note-0815' } });
    const again = Buffer.concat(['state.db', 'state.db-wal'].map((f) => join(c.dataDir, f)).filter(existsSync).map((f) => readFileSync(f)));
    assert.equal(again.includes('visible-note-0815'), true);
  });

  it('writes the events the policy asks for, with PodSecurity audit annotations', async () => {
    const ns = await api(c.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'audited', labels: { 'pod-security.kubernetes.io/audit': 'restricted' } } });
    assert.equal(ns.status, 201, ns.text);
    const pod = { metadata: { name: 'loose' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
    const made = await api(c.url, 'POST', '/api/v1/namespaces/audited/pods', pod);
    assert.equal(made.status, 201, made.text);
    const events = async () => readFileSync(auditLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    let create: any;
    await poll('the pod create event', async () => (create = (await events()).find((e) => e.verb === 'create' && e.objectRef?.name === 'loose')) !== undefined);
    assert.equal(create.level, 'RequestResponse');
    assert.equal(create.stage, 'ResponseComplete');
    assert.equal(create.requestObject.metadata.name, 'loose');
    assert.equal(create.responseObject.metadata.uid, made.body.metadata.uid);
    assert.equal(create.user.username, 'kubernetes-admin');
    assert.equal(create.annotations['authorization.k8s.io/decision'], 'allow');
    assert.match(create.annotations['pod-security.kubernetes.io/audit-violations'], /^would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
    const all = await events();
    const secretEvent = all.find((e) => e.objectRef?.resource === 'secrets' && e.verb === 'create');
    assert.equal(secretEvent?.level, 'Metadata');
    assert.equal(secretEvent?.requestObject, undefined, 'no secret data in the log');
    assert.equal(all.some((e) => e.requestURI?.startsWith('/readyz')), false, 'health checks at level None');
    assert.equal(all.some((e) => e.stage === 'RequestReceived'), false, 'omitted stage');
    assert.equal(readFileSync(auditLog, 'utf8').includes('correct-horse'), false);
  });

  it('serves /logs to the admin and refuses it to others', async () => {
    const list = await api(c.url, 'GET', '/logs/');
    assert.equal(list.status, 200, list.text);
    assert.match(list.text, /<a href="kubette\.log">kubette\.log<\/a>/);
    const log = await api(c.url, 'GET', '/logs/kubette.log');
    assert.equal(log.status, 200);
    assert.match(log.text, /kubette is ready/);
    const eve = await api(c.url, 'GET', '/logs/kubette.log', undefined, { Authorization: 'Bearer eve-token' }, { anonymous: true });
    assert.equal(eve.status, 403);
    assert.equal(eve.body.message, 'forbidden: User "eve" cannot get path "/logs/kubette.log"');
    assert.equal((await api(c.url, 'GET', '/logs/', undefined, {}, { anonymous: true })).status, 401);
  });
});

describe('kubette up without --enable-logs-handler', () => {
  let c: Cluster;
  before(async () => {
    c = await startCluster({ args: apiOnly });
  });
  after(async () => {
    await c.stop();
    c.cleanup();
  });
  it('answers /logs with 404, even to the admin', async () => {
    for (const path of ['/logs', '/logs/', '/logs/kubette.log']) {
      const r = await api(c.url, 'GET', path);
      assert.equal(r.status, 404, path);
      assert.equal(r.body.kind, 'Status');
    }
  });
});
