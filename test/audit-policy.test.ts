// Audit policy and events through a real in-process ApiServer: which requests are recorded at which
// level and stages (first matching rule wins), what each level records (request and response
// objects), who is recorded (authenticated and impersonated users, failed authentication), and the
// annotations authorization and admission add.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ADMIN_USER, ApiServer } from '../src/apiserver/server.js';
import { auditLogSink, loadPolicyFile, parsePolicy, PolicyChecker, type AuditEvent, type AuditSink } from '../src/apiserver/audit/index.js';
import type { Attributes, Authorizer, RuleResolver } from '../src/api/authorization.js';
import { alwaysAllow } from '../src/api/authorization.js';
import { Errors } from '../src/machinery/errors.js';
import { silentLogger } from '../src/machinery/log.js';
import { openSqliteBackend } from '../src/storage/sqlite/backend.js';
import type { Backend } from '../src/storage/backend.js';

const POLICY = `
apiVersion: audit.k8s.io/v1
kind: Policy
omitManagedFields: true
rules:
  - level: None
    verbs: [watch]
    resources: [{group: "", resources: [events]}]
  - level: None
    users: [quiet-bot]
  - level: None
    nonResourceURLs: ["/healthz*", /readyz]
  - level: None
    namespaces: [quiet]
  - level: Metadata
    resources: [{group: "", resources: [secrets]}]
  - level: RequestResponse
    namespaces: [audited]
    resources: [{group: "", resources: [pods, "pods/*"]}]
  - level: Request
    userGroups: [auditors]
    resources: [{group: "", resources: [configmaps]}]
  - level: Request
    resources: [{group: "", resources: [configmaps], resourceNames: [special]}]
    omitStages: [RequestReceived]
  - level: Metadata
    omitStages: [RequestReceived]
`;

const TOKENS: Record<string, { username: string; groups: string[] }> = {
  admin: ADMIN_USER,
  alice: { username: 'alice', groups: ['auditors', 'system:authenticated'] },
  bot: { username: 'quiet-bot', groups: ['system:authenticated'] },
};

/** Bearer <token> from TOKENS; no header, or an unknown token, is a 401 (the authenticators' interface). */
async function authenticate(req: IncomingMessage) {
  const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  const user = m ? TOKENS[m[1]!] : undefined;
  if (!user) throw Errors.unauthorized();
  return { user };
}

/** Everything allowed, except alice reading secrets (RBAC would say why not). */
const authorizer: Authorizer & RuleResolver = {
  authorize: (a: Attributes) =>
    a.user.username === 'alice' && a.resource === 'secrets' ? { decision: 'NoOpinion', reason: '' } : { decision: 'Allow', reason: `allowed ${a.user.username}` },
  rulesFor: alwaysAllow.rulesFor,
};

let dir: string;
let backend: Backend;
let server: ApiServer;
let sink: AuditSink;
let url: string;
let logPath: string;

async function call(method: string, path: string, opts: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (opts.token !== null) headers['Authorization'] = `Bearer ${opts.token ?? 'admin'}`;
  if (opts.body !== undefined) headers['Content-Type'] ??= 'application/json';
  const r = await fetch(url + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await r.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: r.status, body, text, id: r.headers.get('audit-id') ?? '' };
}

function allEvents(): AuditEvent[] {
  return readFileSync(logPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEvent);
}

/** The events of one request once its last stage is written (the log is written off the request path). */
async function eventsOf(id: string, last: AuditEvent['stage'] = 'ResponseComplete'): Promise<AuditEvent[]> {
  for (let i = 0; i < 200; i++) {
    const events = allEvents().filter((e) => e.auditID === id);
    if (events.some((e) => e.stage === last)) return events;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`no ${last} event for request ${id}; events: ${JSON.stringify(allEvents().filter((e) => e.auditID === id))}`);
}

/** None: a later, recorded request's event is written, and still nothing for this one. */
async function assertUnaudited(id: string): Promise<void> {
  assert.ok(id, 'the response has an Audit-Id');
  const marker = await call('GET', '/version');
  await eventsOf(marker.id);
  assert.deepEqual(
    allEvents().filter((e) => e.auditID === id),
    [],
  );
}

const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubette-audit-policy-'));
  logPath = join(dir, 'audit', 'audit.log');
  backend = await openSqliteBackend(join(dir, 'state.db'), { durability: 'process' });
  sink = auditLogSink(logPath);
  server = new ApiServer({ backend, log: silentLogger, audit: sink, auditPolicy: new PolicyChecker(parsePolicy(POLICY)), authenticate, authorizer });
  const addr = await server.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${addr.port}`;
  for (const ns of ['audited', 'quiet', 'other']) assert.equal((await call('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } })).status, 201);
});

after(async () => {
  await server.close();
  await sink.close();
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('audit policy: the first matching rule decides', () => {
  it('records nothing at level None: watches of events, a listed user, non-resource URLs with a trailing *, a namespace', async () => {
    const watch = await call('GET', '/api/v1/namespaces/default/events?watch=1&timeoutSeconds=1');
    assert.equal(watch.status, 200);
    await assertUnaudited(watch.id);
    await assertUnaudited((await call('GET', '/api/v1/namespaces/default/configmaps', { token: 'bot' })).id);
    await assertUnaudited((await call('GET', '/healthz')).id);
    await assertUnaudited((await call('GET', '/healthz/ping')).id);
    await assertUnaudited((await call('GET', '/readyz')).id);
    await assertUnaudited((await call('GET', '/api/v1/namespaces/quiet/configmaps')).id);
    // A list of events is not a watch: it falls through to the catch-all Metadata rule.
    const list = await call('GET', '/api/v1/namespaces/default/events');
    assert.deepEqual(
      (await eventsOf(list.id)).map((e) => [e.level, e.stage]),
      [['Metadata', 'ResponseComplete']],
    );
  });

  it('records secrets at Metadata with both stages and no objects; non-resource requests carry no objectRef', async () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1' }, stringData: { password: 'hunter2' } };
    const created = await call('POST', '/api/v1/namespaces/default/secrets', { body: secret });
    assert.equal(created.status, 201, created.text);
    const events = await eventsOf(created.id);
    assert.deepEqual(
      events.map((e) => e.stage),
      ['RequestReceived', 'ResponseComplete'],
    );
    const [received, done] = events as [AuditEvent, AuditEvent];
    assert.equal(done.level, 'Metadata');
    assert.equal(done.requestObject, undefined);
    assert.equal(done.responseObject, undefined);
    assert.ok(!readFileSync(logPath, 'utf8').includes('hunter2'), 'the secret value is not in the audit log');
    assert.deepEqual(done.objectRef, { resource: 'secrets', namespace: 'default', name: 's1', apiVersion: 'v1' });
    assert.deepEqual(done.responseStatus, { metadata: {}, code: 201 });
    assert.equal(received.responseStatus, undefined);
    assert.equal(received.stageTimestamp, received.requestReceivedTimestamp);
    assert.match(done.stageTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.deepEqual(done.user, { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] });
    assert.deepEqual(done.sourceIPs, ['127.0.0.1']);
    assert.equal(done.verb, 'create');
    assert.equal(done.requestURI, '/api/v1/namespaces/default/secrets');

    const version = await call('GET', '/version?x=1');
    const [v] = await eventsOf(version.id);
    assert.equal(v!.verb, 'get');
    assert.equal(v!.requestURI, '/version?x=1');
    assert.equal(v!.objectRef, undefined);
  });

  it('records request and response objects at RequestResponse (pods and pods/* in one namespace), without managed fields', async () => {
    const body = pod('web');
    const created = await call('POST', '/api/v1/namespaces/audited/pods?fieldManager=tester', { body });
    assert.equal(created.status, 201, created.text);
    assert.ok(created.body.metadata.managedFields?.length, 'the response itself has managed fields');
    const done = (await eventsOf(created.id)).find((e) => e.stage === 'ResponseComplete')!;
    assert.equal(done.level, 'RequestResponse');
    assert.deepEqual(done.requestObject, body, 'the request object is the body as sent');
    const response = done.responseObject as any;
    assert.equal(response.metadata.uid, created.body.metadata.uid);
    assert.equal(response.metadata.managedFields, undefined, 'omitManagedFields: true drops them');
    assert.equal(done.objectRef?.name, 'web', "a create's name comes from the request object");

    const status = await call('GET', '/api/v1/namespaces/audited/pods/web/status');
    const s = (await eventsOf(status.id)).find((e) => e.stage === 'ResponseComplete')!;
    assert.equal(s.level, 'RequestResponse');
    assert.equal(s.objectRef?.subresource, 'status');
    assert.equal((s.responseObject as any).metadata.name, 'web');

    const patched = await call('PATCH', '/api/v1/namespaces/audited/pods/web', { body: { metadata: { labels: { tier: 'x' } } }, headers: { 'Content-Type': 'application/merge-patch+json' } });
    assert.equal(patched.status, 200, patched.text);
    const p = (await eventsOf(patched.id)).find((e) => e.stage === 'ResponseComplete')!;
    assert.deepEqual(p.requestObject, { metadata: { labels: { tier: 'x' } } }, 'a patch is recorded as sent');

    const elsewhere = await call('POST', '/api/v1/namespaces/other/pods', { body: pod('web') });
    const o = (await eventsOf(elsewhere.id)).find((e) => e.stage === 'ResponseComplete')!;
    assert.equal(o.level, 'Metadata', 'another namespace falls through to the catch-all');
    assert.equal(o.requestObject, undefined);
  });

  it('matches userGroups and resourceNames; Request level records the request object only', async () => {
    const byAlice = await call('POST', '/api/v1/namespaces/default/configmaps', { body: cm('from-alice'), token: 'alice' });
    assert.equal(byAlice.status, 201, byAlice.text);
    const events = await eventsOf(byAlice.id);
    assert.deepEqual(
      events.map((e) => [e.level, e.stage]),
      [
        ['Request', 'RequestReceived'],
        ['Request', 'ResponseComplete'],
      ],
    );
    const done = events[1]!;
    assert.deepEqual(done.requestObject, cm('from-alice'));
    assert.equal(done.responseObject, undefined);
    assert.deepEqual(done.user, { username: 'alice', groups: ['auditors', 'system:authenticated'] });

    const special = await call('PUT', '/api/v1/namespaces/default/configmaps/special', { body: cm('special') });
    assert.equal(special.status, 404, 'no such configmap yet');
    const s = await eventsOf(special.id);
    assert.deepEqual(
      s.map((e) => [e.level, e.stage]),
      [['Request', 'ResponseComplete']],
      'the rule omits RequestReceived',
    );
    assert.deepEqual(s[0]!.requestObject, cm('special'));
    assert.deepEqual(s[0]!.responseStatus, { metadata: {}, status: 'Failure', message: 'configmaps "special" not found', reason: 'NotFound', details: { name: 'special', kind: 'configmaps' }, code: 404 });
  });

  it('judges the authenticated user, and records whom the request impersonated', async () => {
    // quiet-bot's requests are not audited, but an admin acting as quiet-bot is.
    const r = await call('GET', '/api/v1/namespaces/default/configmaps', { headers: { 'Impersonate-User': 'quiet-bot', 'Impersonate-Group': 'bots' } });
    assert.equal(r.status, 200, r.text);
    const [e] = await eventsOf(r.id);
    assert.equal(e!.user.username, 'system:admin');
    assert.deepEqual(e!.impersonatedUser, { username: 'quiet-bot', groups: ['bots', 'system:authenticated'] });
  });

  it('records ResponseStarted and ResponseComplete for a watch', async () => {
    const r = await call('GET', '/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1');
    assert.equal(r.status, 200);
    const events = await eventsOf(r.id);
    assert.deepEqual(
      events.map((e) => [e.stage, e.responseStatus?.code]),
      [
        ['ResponseStarted', 200],
        ['ResponseComplete', 200],
      ],
    );
    assert.equal(events[0]!.verb, 'watch');
  });

  it('annotates the authorization decision, and records a 403 with its Status', async () => {
    const ok = await call('GET', '/api/v1/namespaces/default/secrets/s1');
    const [allowed] = await eventsOf(ok.id).then((es) => es.filter((e) => e.stage === 'ResponseComplete'));
    assert.deepEqual(allowed!.annotations, { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'allowed system:admin' });

    const denied = await call('GET', '/api/v1/namespaces/default/secrets/s1', { token: 'alice' });
    assert.equal(denied.status, 403);
    const [e] = await eventsOf(denied.id).then((es) => es.filter((x) => x.stage === 'ResponseComplete'));
    assert.deepEqual(e!.annotations, { 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' });
    assert.deepEqual(e!.responseStatus, {
      metadata: {},
      status: 'Failure',
      message: 'secrets "s1" is forbidden: User "alice" cannot get resource "secrets" in API group "" in the namespace "default"',
      reason: 'Forbidden',
      details: { name: 's1', kind: 'secrets' },
      code: 403,
    });
  });

  it('records a failed authentication as one ResponseStarted event with no user', async () => {
    const none = await call('GET', '/api/v1/namespaces/default/configmaps', { token: null });
    assert.equal(none.status, 401);
    assert.ok(none.id, 'a 401 has an Audit-Id too');
    const events = await eventsOf(none.id, 'ResponseStarted');
    assert.equal(events.length, 1);
    const e = events[0]!;
    assert.deepEqual(e.user, {});
    assert.equal(e.level, 'Metadata');
    assert.deepEqual(e.responseStatus, { metadata: {}, message: 'Authentication failed, no credentials provided', code: 401 });
    assert.deepEqual(e.objectRef, { resource: 'configmaps', namespace: 'default', apiVersion: 'v1' });

    const bogus = await call('GET', '/version', { token: 'bogus' });
    assert.equal(bogus.status, 401);
    const [b] = await eventsOf(bogus.id, 'ResponseStarted');
    assert.equal(b!.responseStatus?.message, 'Authentication failed, attempted: bearer');
    // Nothing further is recorded for a request that failed authentication.
    await assertOnlyResponseStarted(bogus.id);
  });
});

/** Only the ResponseStarted event exists for `id` once a later request's event is written. */
async function assertOnlyResponseStarted(id: string): Promise<void> {
  const marker = await call('GET', '/version');
  await eventsOf(marker.id);
  assert.deepEqual(
    allEvents()
      .filter((e) => e.auditID === id)
      .map((e) => e.stage),
    ['ResponseStarted'],
  );
}

describe('audit policy files', () => {
  const write = (text: string) => {
    const p = join(dir, `policy-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(p, text);
    return p;
  };
  const loadError = (text: string) => {
    const p = write(text);
    try {
      loadPolicyFile(p);
    } catch (err) {
      return (err as Error).message.replace(`: from file ${p}`, '');
    }
    assert.fail('the policy loaded');
  };

  it('rejects invalid rules with the field and upstream message', () => {
    assert.equal(
      loadError('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Everything\n'),
      'loading audit policy file: rules[0].level: Unsupported value: "Everything": supported values: "None", "Metadata", "Request", "RequestResponse"',
    );
    assert.equal(
      loadError('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n- users: [a]\n  nonResourceURLs: [metrics, "/a*b"]\n  omitStages: [Sometime]\n'),
      'loading audit policy file: [rules[1].level: Required value, ' +
        `rules[1].nonResourceURLs[0]: Invalid value: "metrics": non-resource URL rules must begin with a '/' character, ` +
        `rules[1].nonResourceURLs[1]: Invalid value: "/a*b": non-resource URL wildcards '*' must be the final character of the rule, ` +
        'rules[1].omitStages[0]: Invalid value: "Sometime": allowed stages are RequestReceived,ResponseStarted,ResponseComplete,Panic]',
    );
    assert.match(
      loadError('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: None\n  resources: [{group: "apps/v1"}]\n'),
      /^loading audit policy file: rules\[0\]\.resources\.group: Invalid value: "apps\/v1": a lowercase RFC 1123 subdomain/,
    );
    assert.match(
      loadError('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: None\n  namespaces: [a]\n  nonResourceURLs: ["/x"]\n'),
      /^loading audit policy file: rules\[0\]\.nonResourceURLs: Invalid value: .*"\/x".*: rules cannot apply to both regular resources and non-resource URLs$/,
    );
  });

  it('rejects wrong types, versions and empty policies as kube-apiserver does', () => {
    assert.equal(
      loadError('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: None\n  users: bob\n'),
      'loading audit policy file: failed decoding: json: cannot unmarshal string into Go struct field PolicyRule.rules.users of type []string',
    );
    assert.equal(
      loadError('apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules: []\n'),
      'loading audit policy file: failed decoding: no kind "Policy" is registered for version "audit.k8s.io/v1beta1" in scheme "k8s.io/apiserver/pkg/audit/scheme.go:30"',
    );
    assert.equal(loadError('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n'), 'loading audit policy file: loaded illegal policy with 0 rules');
    assert.match(loadError('rules: [{level: None}]\n'), /^loading audit policy file: failed decoding: Object 'Kind' is missing in/);
    assert.throws(() => loadPolicyFile(join(dir, 'missing.yaml')), { message: `loading audit policy file: failed to read file path ${JSON.stringify(join(dir, 'missing.yaml'))}: open ${join(dir, 'missing.yaml')}: no such file or directory` });
  });

  it('reads JSON too, with rule omitStages in union with the policy’s and the rule’s omitManagedFields overriding', () => {
    const checker = loadPolicyFile(
      write(JSON.stringify({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', omitStages: ['RequestReceived'], omitManagedFields: true, rules: [{ level: 'Request', verbs: ['get'], omitStages: ['Panic'], omitManagedFields: false }] })),
    );
    const attrs = { user: ADMIN_USER, resourceRequest: true, path: '/api/v1/pods', apiGroup: '', apiVersion: 'v1', resource: 'pods', subresource: '', namespace: 'a', name: 'p' };
    const get = checker.check({ ...attrs, verb: 'get' });
    assert.equal(get.level, 'Request');
    assert.deepEqual([...get.omitStages].sort(), ['Panic', 'RequestReceived']);
    assert.equal(get.omitManagedFields, false);
    const list = checker.check({ ...attrs, verb: 'list' });
    assert.equal(list.level, 'None', 'no rule matched');
    assert.deepEqual([...list.omitStages], ['RequestReceived']);
    assert.equal(list.omitManagedFields, true);
  });

  it('matches subresource forms: resource/sub, */sub and resource/*', () => {
    const checker = new PolicyChecker(
      parsePolicy(`apiVersion: audit.k8s.io/v1
kind: Policy
rules:
- {level: RequestResponse, resources: [{group: "", resources: ["pods/log"]}]}
- {level: Request, resources: [{group: apps, resources: ["*/scale"]}]}
- {level: Metadata, resources: [{group: "", resources: ["pods/*"]}]}
- {level: None}
`),
    );
    const at = (resource: string, subresource: string, apiGroup = '') =>
      checker.check({ user: ADMIN_USER, verb: 'get', resourceRequest: true, path: '', apiGroup, apiVersion: 'v1', resource, subresource, namespace: 'a', name: 'x' }).level;
    assert.equal(at('pods', 'log'), 'RequestResponse');
    assert.equal(at('deployments', 'scale', 'apps'), 'Request');
    assert.equal(at('deployments', 'scale'), 'None', 'another group');
    assert.equal(at('pods', 'status'), 'Metadata');
    // checker.go compares only the resource for "pods/*", so it matches pods itself too.
    assert.equal(at('pods', ''), 'Metadata');
    assert.equal(at('services', 'status'), 'None');
  });
});
