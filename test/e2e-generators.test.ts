// kubectl's generators against the real `kubette up`: `create deployment|job|cronjob|configmap|
// secret generic|namespace|service clusterip|serviceaccount|token`, `auth can-i` and `autoscale`,
// with kubectl 1.25.0 (JSON bodies) and 1.33 (protobuf bodies), checking what kubectl prints and
// what the server stored.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, useCluster } from './helpers/cluster.js';
import { client, kubectlClients } from './helpers/tools.js';

const clients = kubectlClients;

const PROTOBUF = /Content-Type: application\/vnd\.kubernetes\.protobuf/;

/** Whitespace-split rows of a kubectl table. */
function rows(out: string): string[][] {
  return out
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s{2,}/));
}

function jwtClaims(token: string): Record<string, any> {
  const parts = token.trim().split('.');
  assert.equal(parts.length, 3, `a JWT: ${token}`);
  return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
}

const cluster = useCluster();

for (const [label, bin] of clients) {
  const minor = label.includes('1.25') ? 25 : 33;
  const ns = `gen-${minor}`;
  const get = async (path: string) => {
    const r = await api(cluster().url, 'GET', path);
    assert.equal(r.status, 200, `GET ${path}: ${r.text}`);
    return r.body;
  };

  describe(label, () => {
    let k: ReturnType<typeof client>;
    /** Run kubectl in the test namespace; with `wire`, also return kubectl's request log (-v=7). */
    const ok = async (args: string[], wire = false) => {
      // Flags first: everything after `--` belongs to the container command.
      const r = await k.run([...(wire ? ['-v=7'] : []), '-n', ns, ...args]);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}`);
      return { out: r.stdout, log: r.stderr };
    };
    /** 1.33 sends protobuf bodies from these generators; 1.25 sends JSON. */
    const assertBody = (log: string) => {
      if (minor === 33) assert.match(log, PROTOBUF);
      else assert.doesNotMatch(log, PROTOBUF);
    };

    before(() => {
      k = client(bin(), cluster().kubeconfig);
    });
    after(() => k.cleanup());

    it('create namespace', async () => {
      const { out, log } = await ok(['create', 'namespace', ns], true);
      assert.equal(out.trim(), `namespace/${ns} created`);
      assertBody(log);
      assert.equal((await get(`/api/v1/namespaces/${ns}`)).status.phase, 'Active');
    });

    it('create deployment', async () => {
      const { out, log } = await ok(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '--port=80'], true);
      assert.equal(out.trim(), 'deployment.apps/web created');
      assertBody(log);
      const d = await get(`/apis/apps/v1/namespaces/${ns}/deployments/web`);
      assert.equal(d.spec.replicas, 2);
      assert.deepEqual(d.spec.selector, { matchLabels: { app: 'web' } });
      assert.deepEqual(d.spec.template.metadata.labels, { app: 'web' });
      const c = d.spec.template.spec.containers[0];
      assert.deepEqual([c.name, c.image, c.ports[0].containerPort], ['nginx', 'nginx:1.25', 80]);
      assert.equal(d.spec.strategy.type, 'RollingUpdate', 'defaults applied to the decoded body');
    });

    it('create job and cronjob', async () => {
      const job = await ok(['create', 'job', 'once', '--image=busybox:1.36', '--', 'echo', 'hi'], true);
      assert.equal(job.out.trim(), 'job.batch/once created');
      assertBody(job.log);
      const j = await get(`/apis/batch/v1/namespaces/${ns}/jobs/once`);
      assert.deepEqual(j.spec.template.spec.containers[0].command, ['echo', 'hi']);
      assert.equal(j.spec.template.spec.restartPolicy, 'Never');
      const cron = await ok(['create', 'cronjob', 'tick', '--image=busybox:1.36', '--schedule=*/5 * * * *', '--', 'date']);
      assert.equal(cron.out.trim(), 'cronjob.batch/tick created');
      const cj = await get(`/apis/batch/v1/namespaces/${ns}/cronjobs/tick`);
      assert.equal(cj.spec.schedule, '*/5 * * * *');
      assert.deepEqual(cj.spec.jobTemplate.spec.template.spec.containers[0].command, ['date']);
    });

    it('create configmap and secret generic', async () => {
      const cm = await ok(['create', 'configmap', 'settings', '--from-literal=mode=fast', '--from-literal=level=3'], true);
      assert.equal(cm.out.trim(), 'configmap/settings created');
      assertBody(cm.log);
      assert.deepEqual((await get(`/api/v1/namespaces/${ns}/configmaps/settings`)).data, { mode: 'fast', level: '3' });
      const secret = await ok(['create', 'secret', 'generic', 'creds', '--from-literal=user=admin']);
      assert.equal(secret.out.trim(), 'secret/creds created');
      const s = await get(`/api/v1/namespaces/${ns}/secrets/creds`);
      assert.equal(s.type, 'Opaque');
      assert.equal(Buffer.from(s.data.user, 'base64').toString(), 'admin');
    });

    it('create service clusterip', async () => {
      const { out, log } = await ok(['create', 'service', 'clusterip', 'web', '--tcp=80:8080'], true);
      assert.equal(out.trim(), 'service/web created');
      assertBody(log);
      const svc = await get(`/api/v1/namespaces/${ns}/services/web`);
      assert.equal(svc.spec.type, 'ClusterIP');
      assert.deepEqual(svc.spec.selector, { app: 'web' });
      assert.deepEqual([svc.spec.ports[0].port, svc.spec.ports[0].targetPort, svc.spec.ports[0].protocol], [80, 8080, 'TCP']);
      assert.match(svc.spec.clusterIP, /^10\.\d+\.\d+\.\d+$/);
    });

    it('create serviceaccount and token', async () => {
      const sa = await ok(['create', 'serviceaccount', 'builder'], true);
      assert.equal(sa.out.trim(), 'serviceaccount/builder created');
      assertBody(sa.log);
      const stored = await get(`/api/v1/namespaces/${ns}/serviceaccounts/builder`);

      const tok = await ok(['create', 'token', 'builder'], true);
      assertBody(tok.log);
      const claims = jwtClaims(tok.out);
      assert.equal(claims.sub, `system:serviceaccount:${ns}:builder`);
      assert.deepEqual(claims.aud, ['https://kubernetes.default.svc.cluster.local']);
      assert.equal(claims.exp - claims.iat, 3600);
      assert.equal(claims['kubernetes.io'].serviceaccount.uid, stored.metadata.uid);

      const custom = jwtClaims((await ok(['create', 'token', 'builder', '--duration=15m', '--audience=vault'])).out);
      assert.deepEqual(custom.aud, ['vault']);
      assert.equal(custom.exp - custom.iat, 900);

      const missing = await k.run(['-n', ns, 'create', 'token', 'ghost']);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /serviceaccounts "ghost" not found/);
    });

    it('create token default', async () => {
      // The `default` service account comes from kube-controller-manager's serviceaccounts
      // controller; make sure it is there whether or not that controller runs.
      const r = await api(cluster().url, 'POST', `/api/v1/namespaces/${ns}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
      assert.ok(r.status === 201 || r.status === 409, r.text);
      const claims = jwtClaims((await ok(['create', 'token', 'default'])).out);
      assert.equal(claims.sub, `system:serviceaccount:${ns}:default`);
    });

    it('auth can-i', async () => {
      const yes = await ok(['auth', 'can-i', 'get', 'pods'], true);
      assert.equal(yes.out.trim(), 'yes');
      assertBody(yes.log);
      assert.equal((await ok(['auth', 'can-i', 'delete', 'deployments.apps', '--all-namespaces'])).out.trim(), 'yes');
      assert.equal((await ok(['auth', 'can-i', 'get', '/healthz'])).out.trim(), 'yes');
      const list = rows((await ok(['auth', 'can-i', '--list'])).out);
      assert.deepEqual(list[0], ['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']);
      assert.deepEqual(list[1], ['*.*', '[]', '[]', '[*]']);
    });

    it('autoscale', async () => {
      const { out, log } = await ok(['autoscale', 'deployment', 'web', '--max=3'], true);
      assert.equal(out.trim(), 'horizontalpodautoscaler.autoscaling/web autoscaled');
      assertBody(log);
      // 1.25 posts autoscaling/v1, 1.33 autoscaling/v2; both are stored as v2.
      assert.match(log, new RegExp(`/apis/autoscaling/v${minor === 25 ? 1 : 2}/namespaces/${ns}/horizontalpodautoscalers`));
      const hpa = await get(`/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/web`);
      assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
      assert.deepEqual([hpa.spec.minReplicas, hpa.spec.maxReplicas], [1, 3]);
      assert.deepEqual(hpa.spec.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);

      await ok(['autoscale', 'deployment', 'web', '--name=web-cpu', '--min=2', '--max=5', '--cpu-percent=60']);
      const v1 = await get(`/apis/autoscaling/v1/namespaces/${ns}/horizontalpodautoscalers/web-cpu`);
      assert.deepEqual([v1.spec.minReplicas, v1.spec.maxReplicas, v1.spec.targetCPUUtilizationPercentage], [2, 5, 60]);

      const table = rows((await ok(['get', 'hpa'])).out);
      assert.deepEqual(table[0], ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE']);
      assert.deepEqual(table[1]!.slice(0, 6), ['web', 'Deployment/web', '<unknown>/80%', '1', '3', '0']);
      assert.deepEqual(table[2]!.slice(0, 6), ['web-cpu', 'Deployment/web', '<unknown>/60%', '2', '5', '0']);

      const dup = await k.run(['-n', ns, 'autoscale', 'deployment', 'web', '--max=3']);
      assert.equal(dup.code, 1);
      assert.match(dup.stderr, /AlreadyExists.*horizontalpodautoscalers\.autoscaling "web" already exists/);
    });

    it('get all lists the HPAs (category all)', async () => {
      const { out } = await ok(['get', 'all']);
      assert.match(out, /horizontalpodautoscaler\.autoscaling\/web\s+Deployment\/web/);
    });
  });
}
