// The controller manager of `kubette up` runs each controller as its own service account in
// kube-system (--use-service-account-credentials, as kubeadm sets it): the audit log names the
// controller that made each object, no controller is denied anything, and a controller's identity
// holds only its role (the deployment controller reads no secrets). Tokens come from the TokenRequest
// API and are replaced before they expire, on the cluster's clock.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { api, startCluster, type Cluster } from './helpers/cluster.js';
import { poll } from './helpers/wait.js';

const SA_PREFIX = 'system:serviceaccount:kube-system:';
// kube-controller-manager's account names (cmd/kube-controller-manager/app/*.go).
const ACCOUNTS = [
  'generic-garbage-collector',
  'namespace-controller',
  'deployment-controller',
  'replicaset-controller',
  'statefulset-controller',
  'daemon-set-controller',
  'job-controller',
  'cronjob-controller',
  'ttl-after-finished-controller',
  'endpoint-controller',
  'service-account-controller',
  'node-controller',
  'pod-garbage-collector',
  'clusterrole-aggregation-controller',
];

interface AuditEvent {
  verb: string;
  stage: string;
  requestURI: string;
  userAgent?: string;
  user: { username: string };
  objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
  annotations?: Record<string, string>;
}

const auditEvents = (file: string): AuditEvent[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as AuditEvent)
        .filter((e) => e.stage === 'ResponseComplete')
    : [];

const deployment = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});

/**
 * Who created the first `resource` in default whose name starts with `prefix`, per the audit log
 * (pods made from a generateName carry no name there: each cluster here has only one Deployment's).
 */
const creatorOf = (file: string, resource: string, prefix: string) =>
  poll(`a ${resource} ${prefix || ''}created`, () => {
    const e = auditEvents(file).find((e) => e.verb === 'create' && e.objectRef?.resource === resource && !e.objectRef.subresource && e.responseStatus?.code === 201 && e.objectRef.namespace === 'default' && (e.objectRef.name ?? '').startsWith(prefix));
    return e?.user.username;
  });

/** Requests from the manager or its controllers (by user agent: a stale token authenticates no one) refused or unauthenticated. */
const refused = (file: string) =>
  auditEvents(file)
    .filter((e) => e.userAgent?.startsWith('kubette-controller-manager/'))
    .filter((e) => e.responseStatus?.code === 401 || e.responseStatus?.code === 403 || e.annotations?.['authorization.k8s.io/decision'] === 'forbid')
    .map((e) => `${e.user.username} ${e.verb} ${e.requestURI} ${e.responseStatus?.code}`);

describe('controllers with their own service account credentials', () => {
  let dir: string;
  let cluster: Cluster;
  let audit: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubette-sacreds-'));
    audit = join(dir, 'audit.log');
    cluster = await startCluster({ args: [`--audit-log-path=${audit}`] });
  });
  after(async () => {
    await cluster?.stop();
    cluster?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a Deployment\'s ReplicaSet is made by the deployment controller\'s account and its pods by the ReplicaSet controller\'s', async () => {
    assert.equal((await api(cluster.url, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web'))).status, 201);
    assert.equal(await creatorOf(audit, 'replicasets', 'web-'), `${SA_PREFIX}deployment-controller`);
    assert.equal(await creatorOf(audit, 'pods', ''), `${SA_PREFIX}replicaset-controller`);
    // The manager's own identity provisioned the accounts and asked for their tokens, and wrote no workload.
    const events = auditEvents(audit);
    const tokenRequests = events.filter((e) => e.objectRef?.subresource === 'token' && e.responseStatus?.code === 201);
    assert.ok(tokenRequests.some((e) => e.objectRef?.name === 'deployment-controller' && e.user.username === 'system:kube-controller-manager'));
    assert.deepEqual(
      events.filter((e) => e.user.username === 'system:kube-controller-manager' && e.verb === 'create' && ['pods', 'replicasets'].includes(e.objectRef?.resource ?? '')),
      [],
    );
  });

  it('every controller\'s ServiceAccount exists in kube-system', async () => {
    const names = new Set((await api(cluster.url, 'GET', '/api/v1/namespaces/kube-system/serviceaccounts')).body.items.map((sa: { metadata: { name: string } }) => sa.metadata.name));
    assert.deepEqual(ACCOUNTS.filter((n) => !names.has(n)), []);
  });

  it('the deployment controller may manage ReplicaSets but not read secrets', async () => {
    const review = async (attrs: object) =>
      (
        await api(cluster.url, 'POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: { user: `${SA_PREFIX}deployment-controller`, groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'], resourceAttributes: attrs },
        })
      ).body.status.allowed as boolean;
    assert.equal(await review({ verb: 'create', group: 'apps', resource: 'replicasets', namespace: 'default' }), true);
    assert.equal(await review({ verb: 'get', resource: 'secrets', namespace: 'default', name: 'any' }), false);
    assert.equal(await review({ verb: 'create', resource: 'pods', namespace: 'default' }), false);
  });

  it('no request of the manager or its controllers was refused', () => {
    assert.deepEqual(refused(audit), []);
  });
});

describe('controller tokens on a fast simulated clock', () => {
  let dir: string;
  let cluster: Cluster;
  let audit: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubette-sacreds-sim-'));
    audit = join(dir, 'audit.log');
    // An hour of cluster time in five real seconds: tokens (an hour each) must be replaced to keep working.
    cluster = await startCluster({ args: [`--audit-log-path=${audit}`, '--clock=simulated', '--clock-rate=720', '--controllers=deployment,replicaset'] });
  });
  after(async () => {
    await cluster?.stop();
    cluster?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are replaced before they expire, so the controllers keep working past their first token\'s life', async () => {
    const requested = () => auditEvents(audit).filter((e) => e.objectRef?.subresource === 'token' && e.objectRef.name === 'deployment-controller' && e.responseStatus?.code === 201).length;
    await poll('three tokens for the deployment controller', () => requested() >= 3, { timeoutMs: 20_000, intervalMs: 250 });
    assert.equal((await api(cluster.url, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('late'))).status, 201);
    assert.equal(await creatorOf(audit, 'replicasets', 'late-'), `${SA_PREFIX}deployment-controller`);
    assert.equal(await creatorOf(audit, 'pods', ''), `${SA_PREFIX}replicaset-controller`);
    assert.deepEqual(refused(audit), []);
  });
});
