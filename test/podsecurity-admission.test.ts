// PodSecurity admission over real HTTP against `kubette up`, started with an AdmissionConfiguration
// file (defaults and exemptions) and an audit log: enforce, warn and audit per namespace labels,
// pod controllers, updates, namespace label changes, exemptions, and the configuration itself.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { poll } from './helpers/wait.js';
import { api, startCluster, useCluster } from './helpers/cluster.js';
import { assertStatus } from './helpers/status.js';

const dir = mkdtempSync(join(tmpdir(), 'kubette-psa-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const auditLog = join(dir, 'audit.log');
const configFile = join(dir, 'admission.yaml');
// The PodSecurity section by path, relative to the AdmissionConfiguration file, as upstream allows.
writeFileSync(
  configFile,
  `apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
- name: PodSecurity
  path: podsecurity.yaml
`,
);
writeFileSync(
  join(dir, 'podsecurity.yaml'),
  `apiVersion: pod-security.admission.config.k8s.io/v1
kind: PodSecurityConfiguration
defaults:
  enforce: baseline
  enforce-version: latest
exemptions:
  usernames: [ci-bot]
  runtimeClasses: [kata]
  namespaces: [legacy]
`,
);

const cluster = useCluster({ args: ['--admission-control-config-file', configFile, '--audit-log-path', auditLog] });
const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => api(cluster().url, method, path, body, headers);
const mergePatch = { 'Content-Type': 'application/merge-patch+json' };

const LABEL = 'pod-security.kubernetes.io/';
async function namespace(name: string, labels: Record<string, string> = {}) {
  const r = await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  assert.equal(r.status, 201, r.text);
}

/** A pod that passes restricted:latest; `tweak` breaks it in the ways a test needs. */
function restrictedPod(name: string, tweak: (spec: any, meta: any) => void = () => {}) {
  const spec: any = {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'app', image: 'nginx:1.25', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
  };
  const metadata: any = { name };
  tweak(spec, metadata);
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}
const plainPod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } });
const privilegedPod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { hostNetwork: true, containers: [{ name: 'app', image: 'nginx:1.25', securityContext: { privileged: true } }] },
});

const PLAIN_RESTRICTED =
  'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), ' +
  'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), ' +
  'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), ' +
  'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';
const PRIVILEGED_BASELINE = 'host namespaces (hostNetwork=true), privileged (container "app" must not set securityContext.privileged=true)';

/** Warning header values as kubectl reads them: 299 - "text". */
function warnings(h: Headers): string[] {
  const raw = h.get('warning');
  if (!raw) return [];
  return [...raw.matchAll(/299 - ("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]!) as string);
}

/** The audit events recorded so far for requests matching `pred` (the log is written as requests finish). */
async function auditEvents(pred: (e: any) => boolean): Promise<any[]> {
  for (let i = 0; i < 50; i++) {
    const events = readFileSync(auditLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter(pred);
    if (events.length) return events;
    await new Promise((r) => setTimeout(r, 20));
  }
  return [];
}

describe('PodSecurity: enforce, warn and audit', () => {
  it('rejects a violating pod with 403 and upstream message, stores nothing, and admits a compliant one', async () => {
    await namespace('psa-enforce', { [`${LABEL}enforce`]: 'restricted' });
    const r = await call('POST', '/api/v1/namespaces/psa-enforce/pods', plainPod('nginx'));
    assertStatus(r, 403, 'Forbidden', `pods "nginx" is forbidden: violates PodSecurity "restricted:latest": ${PLAIN_RESTRICTED}`);
    assert.deepEqual(r.body.details, { name: 'nginx', kind: 'pods' });
    assert.equal((await call('GET', '/api/v1/namespaces/psa-enforce/pods/nginx')).status, 404);
    const ok = await call('POST', '/api/v1/namespaces/psa-enforce/pods', restrictedPod('good'));
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(warnings(ok.headers), []);
  });

  it('names a generated pod name in the rejection', async () => {
    const r = await call('POST', '/api/v1/namespaces/psa-enforce/pods', { ...plainPod(''), metadata: { generateName: 'web-' } });
    assertStatus(r, 403, 'Forbidden', /^pods "web-[a-z0-9]{5}" is forbidden: violates PodSecurity "restricted:latest": /);
  });

  it('warns without rejecting, with the Warning header kubectl prints', async () => {
    await namespace('psa-warn', { [`${LABEL}warn`]: 'restricted', [`${LABEL}enforce`]: 'privileged' });
    const r = await call('POST', '/api/v1/namespaces/psa-warn/pods', plainPod('nginx'));
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(warnings(r.headers), [`would violate PodSecurity "restricted:latest": ${PLAIN_RESTRICTED}`]);
  });

  it('sends no warnings with a rejection, and evaluates enforce and warn at their own levels', async () => {
    await namespace('psa-both', { [`${LABEL}enforce`]: 'baseline', [`${LABEL}warn`]: 'restricted' });
    const denied = await call('POST', '/api/v1/namespaces/psa-both/pods', privilegedPod('p'));
    assertStatus(denied, 403, 'Forbidden', `pods "p" is forbidden: violates PodSecurity "baseline:latest": ${PRIVILEGED_BASELINE}`);
    assert.deepEqual(warnings(denied.headers), []);
    const warned = await call('POST', '/api/v1/namespaces/psa-both/pods', plainPod('plain'));
    assert.equal(warned.status, 201, warned.text);
    assert.deepEqual(warnings(warned.headers), [`would violate PodSecurity "restricted:latest": ${PLAIN_RESTRICTED}`]);
  });

  it('records the enforce policy and audit violations as audit annotations, also on rejected requests', async () => {
    await namespace('psa-audit', { [`${LABEL}enforce`]: 'baseline', [`${LABEL}audit`]: 'restricted' });
    const ok = await call('POST', '/api/v1/namespaces/psa-audit/pods', plainPod('audited'));
    assert.equal(ok.status, 201, ok.text);
    const [created] = await auditEvents((e) => e.objectRef?.namespace === 'psa-audit' && e.objectRef?.name === 'audited' && e.verb === 'create');
    assert.ok(created, 'no audit event for the create');
    assert.equal(created.responseStatus.code, 201);
    assert.equal(created.auditID, ok.headers.get('audit-id'));
    assert.equal(created.user.username, 'kubernetes-admin');
    assert.deepEqual(created.annotations, {
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"',
      'pod-security.kubernetes.io/enforce-policy': 'baseline:latest',
      'pod-security.kubernetes.io/audit-violations': `would violate PodSecurity "restricted:latest": ${PLAIN_RESTRICTED}`,
    });
    const denied = await call('POST', '/api/v1/namespaces/psa-audit/pods', privilegedPod('denied'));
    assert.equal(denied.status, 403);
    const [rejected] = await auditEvents((e) => e.objectRef?.namespace === 'psa-audit' && e.responseStatus.code === 403);
    assert.ok(rejected, 'no audit event for the rejected create');
    assert.equal(rejected.annotations['pod-security.kubernetes.io/enforce-policy'], 'baseline:latest');
    assert.match(rejected.annotations['pod-security.kubernetes.io/audit-violations'], /^would violate PodSecurity "restricted:latest": host namespaces \(hostNetwork=true\), privileged/);
  });

  it('pins the policy version: a check introduced later does not apply to an older version', async () => {
    await namespace('psa-v122', { [`${LABEL}enforce`]: 'restricted', [`${LABEL}enforce-version`]: 'v1.22' });
    await namespace('psa-v123', { [`${LABEL}enforce`]: 'restricted', [`${LABEL}enforce-version`]: 'v1.23' });
    const root = (name: string) => restrictedPod(name, (spec) => (spec.containers[0].securityContext.runAsUser = 0));
    assert.equal((await call('POST', '/api/v1/namespaces/psa-v122/pods', root('root'))).status, 201);
    assertStatus(
      await call('POST', '/api/v1/namespaces/psa-v123/pods', root('root')),
      403,
      'Forbidden',
      'pods "root" is forbidden: violates PodSecurity "restricted:v1.23": runAsUser=0 (container "app" must not set runAsUser=0)',
    );
  });

  it('exempts Windows pods from the Linux-only restricted checks from v1.25 on', async () => {
    const windows = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'win' }, spec: { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'app', image: 'mcr.microsoft.com/windows/nanoserver' }] } };
    assert.equal((await call('POST', '/api/v1/namespaces/psa-enforce/pods', windows)).status, 201);
    assert.equal((await call('POST', '/api/v1/namespaces/psa-v123/pods', windows)).status, 403);
  });

  it('uses the cluster-wide defaults of the configuration file for unlabelled namespaces', async () => {
    await namespace('psa-defaults');
    const r = await call('POST', '/api/v1/namespaces/psa-defaults/pods', privilegedPod('p'));
    assertStatus(r, 403, 'Forbidden', `pods "p" is forbidden: violates PodSecurity "baseline:latest": ${PRIVILEGED_BASELINE}`);
    assert.equal((await call('POST', '/api/v1/namespaces/psa-defaults/pods', plainPod('plain'))).status, 201);
  });
});

describe('PodSecurity: pod controllers', () => {
  const deployment = (name: string, podSpec: unknown) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: podSpec } },
  });

  it('warns on and audits pod templates but never enforces them', async () => {
    await namespace('psa-workloads', { [`${LABEL}enforce`]: 'restricted', [`${LABEL}warn`]: 'restricted', [`${LABEL}audit`]: 'restricted' });
    const r = await call('POST', '/apis/apps/v1/namespaces/psa-workloads/deployments', deployment('web', plainPod('x').spec));
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(warnings(r.headers), [`would violate PodSecurity "restricted:latest": ${PLAIN_RESTRICTED}`]);
    const [event] = await auditEvents((e) => e.objectRef?.resource === 'deployments' && e.objectRef?.name === 'web' && e.verb === 'create');
    assert.equal(event?.annotations?.['pod-security.kubernetes.io/audit-violations'], `would violate PodSecurity "restricted:latest": ${PLAIN_RESTRICTED}`);
    assert.equal(event?.annotations?.['pod-security.kubernetes.io/enforce-policy'], undefined, 'templates are not enforced');
  });

  it('finds the template of every pod-controller kind, CronJobs included', async () => {
    const spec = { ...plainPod('x').spec, restartPolicy: 'OnFailure' };
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once' }, spec: { template: { spec } } };
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec } } } } };
    const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: plainPod('x').spec } } };
    for (const [path, body] of [
      ['/apis/batch/v1/namespaces/psa-workloads/jobs', job],
      ['/apis/batch/v1/namespaces/psa-workloads/cronjobs', cron],
      ['/apis/apps/v1/namespaces/psa-workloads/daemonsets', ds],
    ] as const) {
      const r = await call('POST', path, body);
      assert.equal(r.status, 201, r.text);
      assert.equal(warnings(r.headers).length, 1, `${path}: ${JSON.stringify(warnings(r.headers))}`);
      assert.match(warnings(r.headers)[0]!, /^would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
    }
  });

  it('skips subresources such as scale', async () => {
    const r = await call('PATCH', '/apis/apps/v1/namespaces/psa-workloads/deployments/web/scale', { spec: { replicas: 3 } }, mergePatch);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(warnings(r.headers), []);
  });
});

describe('PodSecurity: updates', () => {
  it('re-evaluates a pod only when a field that matters changes', async () => {
    await namespace('psa-updates', { [`${LABEL}enforce`]: 'privileged' });
    assert.equal((await call('POST', '/api/v1/namespaces/psa-updates/pods', plainPod('old'))).status, 201);
    const tighten = await call('PATCH', '/api/v1/namespaces/psa-updates', { metadata: { labels: { [`${LABEL}enforce`]: 'restricted' } } }, mergePatch);
    assert.equal(tighten.status, 200, tighten.text);
    // Metadata-only and status updates are not evaluated.
    const label = await call('PATCH', '/api/v1/namespaces/psa-updates/pods/old', { metadata: { labels: { touched: 'yes' } } }, mergePatch);
    assert.equal(label.status, 200, label.text);
    assert.deepEqual(warnings(label.headers), []);
    const status = await call('PATCH', '/api/v1/namespaces/psa-updates/pods/old/status', { status: { message: 'hello' } }, mergePatch);
    assert.equal(status.status, 200, status.text);
    // An image change is: the pod now has to pass restricted.
    const image = await call('PATCH', '/api/v1/namespaces/psa-updates/pods/old', { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } }, { 'Content-Type': 'application/strategic-merge-patch+json' });
    assertStatus(image, 403, 'Forbidden', `pods "old" is forbidden: violates PodSecurity "restricted:latest": ${PLAIN_RESTRICTED}`);
    const after = await call('GET', '/api/v1/namespaces/psa-updates/pods/old');
    assert.equal(after.body.spec.containers[0].image, 'nginx:1.25', 'the rejected update changed nothing');
  });

  it('evaluates ephemeral containers added through pods/ephemeralcontainers', async () => {
    await namespace('psa-debug', { [`${LABEL}enforce`]: 'baseline' });
    const created = await call('POST', '/api/v1/namespaces/psa-debug/pods', plainPod('target'));
    assert.equal(created.status, 201, created.text);
    // Read afresh before each PUT, and again on a conflict (client-go's RetryOnConflict): the
    // scheduler keeps writing the unschedulable pod's status.
    const withDebugger = async (securityContext: object) => {
      for (let attempt = 0; ; attempt++) {
        const pod = (await call('GET', '/api/v1/namespaces/psa-debug/pods/target')).body;
        pod.spec.ephemeralContainers = [{ name: 'debugger', image: 'busybox', securityContext }];
        const r = await call('PUT', '/api/v1/namespaces/psa-debug/pods/target/ephemeralcontainers', pod);
        if (r.status !== 409 || attempt === 5) return r;
      }
    };
    const r = await withDebugger({ privileged: true });
    assertStatus(r, 403, 'Forbidden', 'pods "target" is forbidden: violates PodSecurity "baseline:latest": privileged (container "debugger" must not set securityContext.privileged=true)');
    const ok = await withDebugger({});
    assert.equal(ok.status, 200, ok.text);
  });
});

describe('PodSecurity: namespace labels', () => {
  it('rejects invalid levels and versions on create with 422 naming the label, and creates nothing', async () => {
    const r = await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'psa-bad', labels: { [`${LABEL}enforce`]: 'strict', [`${LABEL}warn-version`]: '1.25' } } });
    assertStatus(
      r,
      422,
      'Invalid',
      'Namespace "psa-bad" is invalid: [metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted, metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "1.25": must be "latest" or "v1.x"]',
    );
    assert.deepEqual(
      r.body.details.causes.map((c: any) => c.field),
      ['metadata.labels[pod-security.kubernetes.io/enforce]', 'metadata.labels[pod-security.kubernetes.io/warn-version]'],
    );
    assert.equal((await call('GET', '/api/v1/namespaces/psa-bad')).status, 404);
  });

  it('rejects an invalid label on update and leaves the namespace as it was', async () => {
    await namespace('psa-relabel', { [`${LABEL}enforce`]: 'baseline' });
    const r = await call('PATCH', '/api/v1/namespaces/psa-relabel', { metadata: { labels: { [`${LABEL}enforce-version`]: 'v1.x' } } }, mergePatch);
    assertStatus(r, 422, 'Invalid', 'Namespace "psa-relabel" is invalid: metadata.labels[pod-security.kubernetes.io/enforce-version]: Invalid value: "v1.x": must be "latest" or "v1.x"');
    const ns = await call('GET', '/api/v1/namespaces/psa-relabel');
    assert.equal(ns.body.metadata.labels[`${LABEL}enforce-version`], undefined);
  });

  it('lists the violating pods when enforce tightens, grouped by identical reasons, and previews it with dry-run', async () => {
    await namespace('psa-tighten', { [`${LABEL}enforce`]: 'privileged' });
    for (const name of ['b-web', 'a-web', 'c-web']) assert.equal((await call('POST', '/api/v1/namespaces/psa-tighten/pods', plainPod(name))).status, 201);
    assert.equal((await call('POST', '/api/v1/namespaces/psa-tighten/pods', privilegedPod('root'))).status, 201);
    assert.equal((await call('POST', '/api/v1/namespaces/psa-tighten/pods', restrictedPod('fine'))).status, 201);
    const expected = [
      'existing pods in namespace "psa-tighten" violate the new PodSecurity enforce level "restricted:latest"',
      'a-web (and 2 other pods): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
      'root: host namespaces, privileged, allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
    ];
    const body = { metadata: { labels: { [`${LABEL}enforce`]: 'restricted' } } };
    const dry = await call('PATCH', '/api/v1/namespaces/psa-tighten?dryRun=All', body, mergePatch);
    assert.equal(dry.status, 200, dry.text);
    assert.deepEqual(warnings(dry.headers), expected);
    assert.equal((await call('GET', '/api/v1/namespaces/psa-tighten')).body.metadata.labels[`${LABEL}enforce`], 'privileged', 'dry run changed nothing');
    const real = await call('PATCH', '/api/v1/namespaces/psa-tighten', body, mergePatch);
    assert.equal(real.status, 200);
    assert.deepEqual(warnings(real.headers), expected);
    // Relaxing, or re-applying the same level, checks nothing.
    const relax = await call('PATCH', '/api/v1/namespaces/psa-tighten', { metadata: { labels: { [`${LABEL}enforce`]: 'baseline' } } }, mergePatch);
    assert.deepEqual(warnings(relax.headers), []);
    // A new version at the same level is checked again.
    const pin = await call('PATCH', '/api/v1/namespaces/psa-tighten', { metadata: { labels: { [`${LABEL}enforce-version`]: 'v1.24' } } }, mergePatch);
    assert.deepEqual(warnings(pin.headers), [
      'existing pods in namespace "psa-tighten" violate the new PodSecurity enforce level "baseline:v1.24"',
      'root: host namespaces, privileged',
    ]);
  });
});

describe('PodSecurity: exemptions from the configuration file', () => {
  it('exempts namespaces, and says so when a policy label is set on one', async () => {
    await namespace('legacy');
    const r = await call('POST', '/api/v1/namespaces/legacy/pods', privilegedPod('old-style'));
    assert.equal(r.status, 201, r.text);
    const [event] = await auditEvents((e) => e.objectRef?.namespace === 'legacy' && e.objectRef?.name === 'old-style');
    assert.equal(event?.annotations?.['pod-security.kubernetes.io/exempt'], 'namespace');
    const label = await call('PATCH', '/api/v1/namespaces/legacy', { metadata: { labels: { [`${LABEL}enforce`]: 'restricted' } } }, mergePatch);
    assert.equal(label.status, 200, label.text);
    assert.deepEqual(warnings(label.headers), ['namespace "legacy" is exempt from Pod Security, and the policy (enforce=restricted:latest) will be ignored']);
    assert.equal((await call('POST', '/api/v1/namespaces/legacy/pods', privilegedPod('still-fine'))).status, 201);
  });

  it('exempts users (impersonated as kubectl --as does) and runtime classes', async () => {
    await namespace('psa-exempt', { [`${LABEL}enforce`]: 'restricted' });
    assert.equal((await call('POST', '/api/v1/namespaces/psa-exempt/pods', privilegedPod('by-admin'))).status, 403);
    // RBAC lets ci-bot write pods there; the exemption only spares it PodSecurity.
    const binding = { metadata: { name: 'ci-bot' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'User', name: 'ci-bot' }] };
    assert.equal((await call('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/psa-exempt/rolebindings', binding)).status, 201);
    await poll('ci-bot may list pods', async () => (await call('GET', '/api/v1/namespaces/psa-exempt/pods', undefined, { 'Impersonate-User': 'ci-bot' })).status === 200);
    const bot = await call('POST', '/api/v1/namespaces/psa-exempt/pods', privilegedPod('by-bot'), { 'Impersonate-User': 'ci-bot' });
    assert.equal(bot.status, 201, bot.text);
    const [event] = await auditEvents((e) => e.objectRef?.name === 'by-bot');
    assert.equal(event?.impersonatedUser?.username, 'ci-bot');
    assert.equal(event?.annotations?.['pod-security.kubernetes.io/exempt'], 'user');
    const kata = privilegedPod('kata-pod') as any;
    kata.spec.runtimeClassName = 'kata';
    assert.equal((await call('POST', '/api/v1/namespaces/psa-exempt/pods', kata)).status, 201);
    kata.metadata.name = 'runc-pod';
    kata.spec.runtimeClassName = 'runc';
    assert.equal((await call('POST', '/api/v1/namespaces/psa-exempt/pods', kata)).status, 403);
  });
});

describe('PodSecurity: configuration and switches', () => {
  it('refuses to start with an invalid PodSecurityConfiguration, naming the fields', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      `apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
- name: PodSecurity
  configuration:
    apiVersion: pod-security.admission.config.k8s.io/v1beta1
    kind: PodSecurityConfiguration
    defaults: {enforce: strict, audit-version: "1.25"}
    exemptions: {namespaces: [Bad_Name, ok, ok]}
`,
    );
    await assert.rejects(startCluster({ args: ['--admission-control-config-file', bad] }), (err: Error) => {
      assert.match(
        err.message,
        /error: failed to initialize the API server: couldn't init admission plugin "PodSecurity": \[defaults\.enforce: Invalid value: "strict": must be one of privileged, baseline, restricted, defaults\.audit-version: Invalid value: "1\.25": must be "latest" or "v1\.x", exemptions\.namespaces\[0\]: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of/,
      );
      assert.match(err.message, /exemptions\.namespaces\[2\]: Duplicate value: "ok"/);
      return true;
    });
  });

  it('turns the plugin off with --disable-admission-plugins PodSecurity', async () => {
    const c = await startCluster({ args: ['--disable-admission-plugins', 'PodSecurity'] });
    try {
      const ns = await api(c.url, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'off', labels: { [`${LABEL}enforce`]: 'restricted' } } });
      assert.equal(ns.status, 201);
      const r = await api(c.url, 'POST', '/api/v1/namespaces/off/pods', privilegedPod('p'));
      assert.equal(r.status, 201, r.text);
    } finally {
      await c.stop();
      c.cleanup();
    }
  });

  it('rejects unknown admission plugin names', async () => {
    await assert.rejects(startCluster({ args: ['--disable-admission-plugins', 'PodSecurityPolicy'] }), /unknown admission plugin "PodSecurityPolicy": known are NamespaceLifecycle, PodSecurity/);
  });
});
