// Workloads end to end, as a user sees them: `kubette up --nodes 3` with its controllers, scheduler
// and simulated nodes, driven by the real kubectl 1.25.0. Deployments roll out (a watcher checks
// maxSurge/maxUnavailable on every step), Jobs complete or fail by their backoffLimit, namespaces
// empty themselves and go, and a pod that fits no node stays Pending with the scheduler's message.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, RestClient, type Watch } from '../src/client/rest.js';
import { api, startCluster, type Cluster } from './helpers/cluster.js';
import { client, kubectl125 } from './helpers/tools.js';
import { poll } from './helpers/wait.js';

type Kubectl = ReturnType<typeof client>;

const waitFor = <T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 60_000) => poll(what, fn, { timeoutMs, intervalMs: 100 });

async function ok(k: Kubectl, args: string[], input?: string): Promise<string> {
  const r = await k.run(args, input);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

const isReady = (p: any) => !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');

describe('workloads on simulated nodes, with kubectl 1.25.0', () => {
  let cluster: Cluster;
  let k: Kubectl;
  let rest: RestClient;
  before(async () => {
    cluster = await startCluster({ args: ['--nodes', '3'] });
    k = client(kubectl125(), cluster.kubeconfig);
    rest = connect(cluster.connection);
    await waitFor('3 ready nodes', async () => {
      const nodes = (await api(cluster.url, 'GET', '/api/v1/nodes')).body.items;
      return nodes.length === 3 && nodes.every((n: any) => n.status.conditions.some((c: any) => c.type === 'Ready' && c.status === 'True'));
    });
  });
  after(async () => {
    rest?.close();
    k?.cleanup();
    await cluster?.stop();
    cluster?.cleanup();
  });

  it('lists the simulated nodes as Ready', async () => {
    const out = await ok(k, ['get', 'nodes']);
    const rows = out.trim().split('\n').map((l) => l.split(/\s{2,}/));
    assert.deepEqual(rows[0], ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    assert.deepEqual(rows.slice(1).map((r) => [r[0], r[1], r[2]]), [0, 1, 2].map((i) => [`kubette-node-${i}`, 'Ready', '<none>']));
    assert.ok(rows.slice(1).every((r) => /^v1\.25\.\d+/.test(r[4]!)), out);
  });

  it('rolls a Deployment out, updates it within maxSurge/maxUnavailable, undoes it and scales it', async () => {
    const manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 6,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 1 } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.24' }] } },
      },
    };
    await ok(k, ['apply', '-f', '-'], JSON.stringify(manifest));
    const status = await ok(k, ['rollout', 'status', 'deployment/web', '--timeout=60s']);
    assert.match(status, /deployment "web" successfully rolled out/);
    const pods = await ok(k, ['get', 'pods', '-l', 'app=web', '-o', 'wide', '--no-headers']);
    const rows = pods.trim().split('\n').map((l) => l.split(/\s+/));
    assert.equal(rows.length, 6, pods);
    for (const r of rows) {
      assert.deepEqual([r[1], r[2]], ['1/1', 'Running'], pods);
      assert.match(r[5]!, /^\d+\.\d+\.\d+\.\d+$/);
      assert.match(r[6]!, /^kubette-node-[012]$/);
    }
    assert.equal(new Set(rows.map((r) => r[5])).size, 6, 'pod IPs are unique');
    assert.ok(new Set(rows.map((r) => r[6])).size >= 2, `replicas are spread over nodes: ${pods}`);

    // The watcher: on every ReplicaSet and pod event during the update, the ReplicaSets' desired
    // replicas never exceed replicas + maxSurge, and ready pods never drop below replicas - maxUnavailable.
    const violations: string[] = [];
    const rsReplicas = new Map<string, number>();
    const ready = new Map<string, boolean>();
    let steps = 0;
    const watches: Watch[] = [
      rest.resource({ group: 'apps', version: 'v1', resource: 'replicasets' }).watch({ namespace: 'default', labelSelector: 'app=web' }, (ev) => {
        if (ev.type === 'BOOKMARK') return;
        const rs = ev.object as any;
        if (ev.type === 'DELETED') rsReplicas.delete(rs.metadata.name);
        else rsReplicas.set(rs.metadata.name, rs.spec.replicas ?? 0);
        const total = [...rsReplicas.values()].reduce((a, b) => a + b, 0);
        steps++;
        if (total > 8) violations.push(`replica sets want ${total} pods (> 6 + maxSurge 2)`);
      }),
      rest.resource({ group: '', version: 'v1', resource: 'pods' }).watch({ namespace: 'default', labelSelector: 'app=web' }, (ev) => {
        if (ev.type === 'BOOKMARK') return;
        const p = ev.object as any;
        if (ev.type === 'DELETED') ready.delete(p.metadata.name);
        else ready.set(p.metadata.name, isReady(p));
        const n = [...ready.values()].filter(Boolean).length;
        steps++;
        if (ready.size >= 6 && n < 5) violations.push(`${n} ready pods (< 6 - maxUnavailable 1)`);
      }),
    ];
    await new Promise((r) => setTimeout(r, 300)); // the watches' initial ADDED events
    try {
      await ok(k, ['set', 'image', 'deployment/web', 'nginx=nginx:1.25']);
      assert.match(await ok(k, ['rollout', 'status', 'deployment/web', '--timeout=60s']), /successfully rolled out/);
    } finally {
      for (const w of watches) w.stop();
    }
    assert.deepEqual(violations, []);
    assert.ok(steps > 12, `the watcher saw the rollout's steps (${steps})`);
    const images = async () => (await api(cluster.url, 'GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb')).body.items.filter((p: any) => !p.metadata.deletionTimestamp).map((p: any) => p.spec.containers[0].image);
    assert.deepEqual(await images(), Array(6).fill('nginx:1.25'));

    const history = await ok(k, ['rollout', 'history', 'deployment/web']);
    assert.match(history, /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);

    assert.match(await ok(k, ['rollout', 'undo', 'deployment/web']), /deployment.apps\/web rolled back/);
    await ok(k, ['rollout', 'status', 'deployment/web', '--timeout=60s']);
    await waitFor('pods back on nginx:1.24', async () => {
      const imgs = await images();
      return imgs.length === 6 && imgs.every((i: string) => i === 'nginx:1.24');
    });
    const dep = (await api(cluster.url, 'GET', '/apis/apps/v1/namespaces/default/deployments/web')).body;
    assert.equal(dep.metadata.annotations['deployment.kubernetes.io/revision'], '3');

    await ok(k, ['scale', 'deployment/web', '--replicas=9']);
    await ok(k, ['rollout', 'status', 'deployment/web', '--timeout=60s']);
    await waitFor('9 ready pods', async () => (await api(cluster.url, 'GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb')).body.items.filter(isReady).length === 9);
    await ok(k, ['scale', 'deployment/web', '--replicas=2']);
    await waitFor('2 pods left', async () => (await api(cluster.url, 'GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb')).body.items.length === 2);
    const got = await ok(k, ['get', 'deployment', 'web', '--no-headers']);
    assert.match(got, /^web\s+2\/2\s+2\s+2\s+/);
  });

  it('runs a Job to completion, and fails one by its backoffLimit', async () => {
    await ok(k, ['create', 'job', 'done', '--image=busybox', '--', 'sh', '-c', 'sleep 1; exit 0']);
    await ok(k, ['wait', '--for=condition=complete', 'job/done', '--timeout=60s']);
    const done = (await api(cluster.url, 'GET', '/apis/batch/v1/namespaces/default/jobs/done')).body;
    assert.equal(done.status.succeeded, 1);
    assert.ok(done.status.completionTime);
    assert.match(await ok(k, ['get', 'pods', '-l', 'job-name=done', '--no-headers']), /^done-\w+\s+0\/1\s+Completed\s+0\s+/);

    const failing = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'doomed', namespace: 'default' },
      spec: { backoffLimit: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 3'] }] } } },
    };
    await ok(k, ['apply', '-f', '-'], JSON.stringify(failing));
    await ok(k, ['wait', '--for=condition=failed', 'job/doomed', '--timeout=60s']);
    const doomed = (await api(cluster.url, 'GET', '/apis/batch/v1/namespaces/default/jobs/doomed')).body;
    const cond = doomed.status.conditions.find((c: any) => c.type === 'Failed');
    assert.equal(cond.reason, 'BackoffLimitExceeded');
    assert.equal(cond.message, 'Job has reached the specified backoff limit');
    assert.equal(doomed.status.failed, 2, 'the first failure is retried once, then the Job fails');
    const pods = (await ok(k, ['get', 'pods', '-l', 'job-name=doomed', '--no-headers'])).trim().split('\n');
    assert.equal(pods.length, 2);
    for (const p of pods) assert.match(p, /\s0\/1\s+Error\s+0\s/);
  });

  it('deletes a namespace with everything in it, then the namespace', async () => {
    await ok(k, ['create', 'namespace', 'team']);
    await ok(k, ['create', 'deployment', 'api', '--image=nginx', '--replicas=3', '-n', 'team']);
    await ok(k, ['rollout', 'status', 'deployment/api', '-n', 'team', '--timeout=60s']);
    await ok(k, ['create', 'configmap', 'settings', '-n', 'team', '--from-literal=a=b']);
    assert.match(await ok(k, ['delete', 'namespace', 'team', '--timeout=60s']), /namespace "team" deleted/);
    const r = await k.run(['get', 'namespace', 'team']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /namespaces "team" not found/);
    const left = (await api(cluster.url, 'GET', '/api/v1/pods?fieldSelector=metadata.namespace%3Dteam')).body.items;
    assert.deepEqual(left, []);
  });

  it('keeps a pod that fits no node Pending with the scheduler\'s message', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'huge', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '1000' } } }] },
    };
    await ok(k, ['apply', '-f', '-'], JSON.stringify(pod));
    const message = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    await waitFor('the FailedScheduling event', async () => (await ok(k, ['get', 'events', '--field-selector', 'involvedObject.name=huge,reason=FailedScheduling', '-o', 'jsonpath={.items[*].message}'])).includes(message));
    assert.match(await ok(k, ['get', 'pod', 'huge', '--no-headers']), /^huge\s+0\/1\s+Pending\s+0\s+/);
    const cond = (await api(cluster.url, 'GET', '/api/v1/namespaces/default/pods/huge')).body.status.conditions.find((c: any) => c.type === 'PodScheduled');
    assert.deepEqual([cond.status, cond.reason, cond.message], ['False', 'Unschedulable', message]);
    const describe = await ok(k, ['describe', 'pod', 'huge']);
    assert.match(describe, new RegExp(`Warning\\s+FailedScheduling\\s+.*default-scheduler\\s+${message.replace(/[.()]/g, '\\$&')}`));
  });
});
