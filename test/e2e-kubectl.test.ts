// The real kubectl 1.25.0 and 1.33 against the real `kubette up`: the everyday commands, with the
// output users know from kube-apiserver.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { apiOnly, useCluster } from './helpers/cluster.js';
import { client, kubectlClients } from './helpers/tools.js';

const manifests = (ns: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: ${ns}
  labels: {app: web, tier: frontend}
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    ports: [{containerPort: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: ${ns}, labels: {app: api}}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: busybox:1.36, command: [sleep, "3600"]}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: ${ns}}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: ${ns}}
data: {mode: fast, level: "3"}
`;

const crd = (plural: string, group: string, kind: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${plural}.${group}}
spec:
  group: ${group}
  scope: Namespaced
  names: {plural: ${plural}, singular: ${kind.toLowerCase()}, kind: ${kind}, shortNames: [${plural.slice(0, 3)}]}
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - {name: Schedule, type: string, jsonPath: .spec.schedule}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [schedule]
            properties:
              schedule: {type: string}
              replicas: {type: integer, minimum: 1}
`;

/** Whitespace-split rows of a kubectl table. */
function rows(out: string): string[][] {
  return out
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s{2,}/));
}

const clients = kubectlClients;

const cluster = useCluster({ args: apiOnly });

for (const [label, bin] of clients) {
  const minor = label.includes('1.25') ? 25 : 33;
  const ns = `e2e-${minor}`;
  describe(label, () => {
    let k: ReturnType<typeof client>;
    const kc = async (args: string[], input?: string) => {
      const r = await k.run(args, input);
      return r;
    };
    const ok = async (args: string[], input?: string) => {
      const r = await kc(args, input);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}`);
      return r.stdout;
    };

    before(() => {
      k = client(bin(), cluster().kubeconfig);
    });
    after(() => k.cleanup());

    it('version shows a v1.25 server', async () => {
      const r = await kc(['version']);
      assert.equal(r.code, 0, r.stderr);
      if (minor === 25) assert.match(r.stdout, /Server Version: version\.Info\{Major:"1", Minor:"25", GitVersion:"v1\.25\.\d+\+kubette"/);
      else {
        assert.match(r.stdout, /Server Version: v1\.25\.\d+\+kubette/);
        assert.match(r.stderr, /version difference between client \(1\.33\) and server \(1\.25\)/);
      }
    });

    it('create namespace', async () => {
      assert.equal((await ok(['create', 'namespace', ns])).trim(), `namespace/${ns} created`);
      const got = rows(await ok(['get', 'namespace', ns]));
      assert.deepEqual(got[0], ['NAME', 'STATUS', 'AGE']);
      assert.equal(got[1]![0], ns);
      assert.equal(got[1]![1], 'Active');
    });

    it('create -f with a multi-document YAML', async () => {
      const out = await ok(['create', '-f', '-'], manifests(ns));
      assert.deepEqual(out.trim().split('\n'), ['pod/web created', 'deployment.apps/api created', 'service/api created', 'configmap/settings created']);
    });

    it('get prints the columns kube-apiserver prints', async () => {
      const pods = rows(await ok(['get', 'pods', '-n', ns]));
      assert.deepEqual(pods[0], ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      assert.deepEqual(pods[1]!.slice(0, 4), ['web', '0/1', 'Pending', '0']);
      assert.match(pods[1]![4]!, /^\d+s$/);
      const deploy = rows(await ok(['get', 'deployments', '-n', ns]));
      assert.deepEqual(deploy[0], ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
      assert.deepEqual(deploy[1]!.slice(0, 4), ['api', '0/2', '0', '0']);
      const svc = rows(await ok(['get', 'svc', '-n', ns]));
      assert.deepEqual(svc[0], ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
      assert.equal(svc[1]![1], 'ClusterIP');
      assert.match(svc[1]![2]!, /^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
      assert.deepEqual(svc[1]!.slice(3, 5), ['<none>', '80/TCP']);
      const cm = rows(await ok(['get', 'cm', 'settings', '-n', ns]));
      assert.deepEqual(cm[0], ['NAME', 'DATA', 'AGE']);
      assert.deepEqual(cm[1]!.slice(0, 2), ['settings', '2']);
    });

    it('get -o wide adds the wide columns', async () => {
      const pods = rows(await ok(['get', 'pods', '-n', ns, '-o', 'wide']));
      assert.deepEqual(pods[0], ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
      assert.deepEqual(pods[1]!.slice(5), ['<none>', '<none>', '<none>', '<none>']);
      const deploy = rows(await ok(['get', 'deploy', '-n', ns, '-o', 'wide']));
      assert.deepEqual(deploy[0], ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
      assert.deepEqual(deploy[1]!.slice(5), ['api', 'busybox:1.36', 'app=api']);
    });

    it('get -o yaml, -o json and -o name', async () => {
      const y = parseYaml(await ok(['get', 'pod', 'web', '-n', ns, '-o', 'yaml']));
      assert.equal(y.kind, 'Pod');
      assert.equal(y.metadata.namespace, ns);
      assert.match(y.metadata.uid, /^[0-9a-f-]{36}$/);
      assert.match(y.metadata.resourceVersion, /^\d+$/);
      assert.equal(y.spec.containers[0].image, 'nginx:1.25');
      assert.equal(y.spec.containers[0].ports[0].protocol, 'TCP', 'defaults are applied');
      assert.equal(y.spec.restartPolicy, 'Always');
      assert.equal(y.status.phase, 'Pending');
      const j = JSON.parse(await ok(['get', 'deploy', 'api', '-n', ns, '-o', 'json']));
      assert.equal(j.apiVersion, 'apps/v1');
      assert.equal(j.metadata.generation, 1);
      assert.equal(j.spec.strategy.rollingUpdate.maxSurge, '25%');
      const list = JSON.parse(await ok(['get', 'pods', '-n', ns, '-o', 'json']));
      assert.equal(list.kind, 'List');
      assert.equal(list.items[0].metadata.name, 'web');
      assert.equal((await ok(['get', 'pods,svc,cm', '-n', ns, '-o', 'name'])).trim(), 'pod/web\nservice/api\nconfigmap/settings');
    });

    it('get -l, -A and --show-labels', async () => {
      await ok(['run', 'other', '-n', ns, '--image=busybox', '--labels=app=other']);
      const byLabel = rows(await ok(['get', 'pods', '-n', ns, '-l', 'app=web']));
      assert.deepEqual(byLabel.slice(1).map((r) => r[0]), ['web']);
      const notWeb = rows(await ok(['get', 'pods', '-n', ns, '-l', 'app!=web,app in (other,x)']));
      assert.deepEqual(notWeb.slice(1).map((r) => r[0]), ['other']);
      const all = rows(await ok(['get', 'pods', '-A']));
      assert.deepEqual(all[0], ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      assert.ok(all.some((r) => r[0] === ns && r[1] === 'web'), 'pods of every namespace are listed');
      const labels = rows(await ok(['get', 'pods', '-n', ns, '--show-labels']));
      assert.equal(labels[0]!.at(-1), 'LABELS');
      assert.equal(labels.find((r) => r[0] === 'web')!.at(-1), 'app=web,tier=frontend');
      const none = await kc(['get', 'pods', '-n', ns, '-l', 'app=nothing']);
      assert.equal(none.code, 0);
      assert.match(none.stderr, new RegExp(`No resources found in ${ns} namespace\\.`));
    });

    it('describe', async () => {
      const out = await ok(['describe', 'pod', 'web', '-n', ns]);
      assert.match(out, /^Name:\s+web$/m);
      assert.match(out, new RegExp(`^Namespace:\\s+${ns}$`, 'm'));
      assert.match(out, /^Labels:\s+app=web$/m);
      assert.match(out, /^Status:\s+Pending$/m);
      assert.match(out, /^\s+Image:\s+nginx:1\.25$/m);
      assert.match(out, /^QoS Class:\s+BestEffort$/m);
      const d = await ok(['describe', 'deployment', 'api', '-n', ns]);
      assert.match(d, /^Replicas:\s+2 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable$/m);
      assert.match(d, /^StrategyType:\s+RollingUpdate$/m);
    });

    it('label and annotate', async () => {
      assert.equal((await ok(['label', 'pod', 'web', '-n', ns, 'stage=test'])).trim(), 'pod/web labeled');
      assert.equal((await ok(['annotate', 'pod', 'web', '-n', ns, 'owner=team-a'])).trim(), 'pod/web annotated');
      const j = JSON.parse(await ok(['get', 'pod', 'web', '-n', ns, '-o', 'json']));
      assert.equal(j.metadata.labels.stage, 'test');
      assert.equal(j.metadata.annotations.owner, 'team-a');
      assert.equal((await ok(['label', 'pod', 'web', '-n', ns, 'stage-'])).trim(), 'pod/web unlabeled');
      const again = JSON.parse(await ok(['get', 'pod', 'web', '-n', ns, '-o', 'json']));
      assert.equal(again.metadata.labels.stage, undefined);
      const clash = await kc(['label', 'pod', 'web', '-n', ns, 'app=other']);
      assert.notEqual(clash.code, 0, 'relabelling without --overwrite fails client-side');
    });

    it('get -w sees the add, the change and the delete as they happen', async () => {
      const watcher = spawn(k.bin, ['get', 'pods', '-n', ns, '-w', '--output-watch-events'], {
        env: { PATH: process.env.PATH ?? '', KUBECONFIG: cluster().kubeconfig, HOME: k.home },
      });
      let out = '';
      watcher.stdout.on('data', (d) => (out += d));
      watcher.stderr.on('data', (d) => (out += d));
      const waitFor = async (re: RegExp) => {
        const deadline = Date.now() + 15_000;
        while (!re.test(out)) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${re} in:\n${out}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      try {
        await waitFor(/ADDED\s+web\s/);
        await ok(['run', 'watched', '-n', ns, '--image=busybox']);
        await waitFor(/ADDED\s+watched\s+0\/1\s+Pending/);
        await ok(['label', 'pod', 'watched', '-n', ns, 'seen=yes']);
        await waitFor(/MODIFIED\s+watched\s/);
        await ok(['delete', 'pod', 'watched', '-n', ns]);
        await waitFor(/DELETED\s+watched\s/);
        const lines = out.split('\n').filter((l) => /\swatched\s/.test(l));
        // A pod's DELETE first writes its deletionTimestamp (grace 0 for a pod on no node), then
        // removes it, as Store.Delete's graceful path does: the watch shows it Terminating first.
        assert.deepEqual(lines.map((l) => l.trim().split(/\s+/)[0]), ['ADDED', 'MODIFIED', 'MODIFIED', 'DELETED']);
        assert.match(lines[2]!, /MODIFIED\s+watched\s+0\/1\s+Terminating/);
      } finally {
        watcher.kill();
      }
    });

    it('delete', async () => {
      assert.equal((await ok(['delete', 'pod', 'web', '-n', ns])).trim(), 'pod "web" deleted');
      const gone = await kc(['get', 'pod', 'web', '-n', ns]);
      assert.equal(gone.code, 1);
      assert.match(gone.stderr, /Error from server \(NotFound\): pods "web" not found/);
      assert.equal((await ok(['delete', '-f', '-'], manifests(ns).split('---').slice(1).join('---'))).trim().split('\n').length, 3);
      const missing = await kc(['delete', 'configmap', 'settings', '-n', ns]);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /Error from server \(NotFound\): configmaps "settings" not found/);
    });

    it('a custom resource defined by a CRD', async () => {
      const plural = `widgets${minor}`;
      const group = `e2e${minor}.example.com`;
      assert.equal((await ok(['create', '-f', '-'], crd(plural, group, `Widget${minor}`))).trim(), `customresourcedefinition.apiextensions.k8s.io/${plural}.${group} created`);
      const crds = rows(await ok(['get', 'crd', `${plural}.${group}`]));
      assert.deepEqual(crds[0], ['NAME', 'CREATED AT']);
      assert.match(crds[1]![1]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const resources = await ok(['api-resources', '--api-group', group]);
      assert.match(resources, new RegExp(`^${plural}\\s+wid\\s+${group}/v1\\s+true\\s+Widget${minor}$`, 'm'));
      const cr = `apiVersion: ${group}/v1\nkind: Widget${minor}\nmetadata: {name: w1, namespace: ${ns}}\nspec: {schedule: "*/5 * * * *", replicas: 3}\n`;
      assert.equal((await ok(['create', '-f', '-'], cr)).trim(), `widget${minor}.${group}/w1 created`);
      const got = rows(await ok(['get', plural, '-n', ns]));
      assert.deepEqual(got[0], ['NAME', 'SCHEDULE', 'REPLICAS', 'AGE']);
      assert.deepEqual(got[1]!.slice(0, 3), ['w1', '*/5 * * * *', '3']);
      const bad = await kc(['create', '-f', '-'], cr.replace('w1', 'w2').replace('replicas: 3', 'replicas: 0'));
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /is invalid: spec\.replicas: Invalid value: 0: spec\.replicas in body should be greater than or equal to 1/);
      assert.equal((await ok(['delete', plural, 'w1', '-n', ns])).trim(), `widget${minor}.${group} "w1" deleted`);
    });

    it('api-resources lists every served kind', async () => {
      const out = await ok(['api-resources']);
      for (const re of [
        /^pods\s+po\s+v1\s+true\s+Pod$/m,
        /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m,
        /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m,
        /^cronjobs\s+cj\s+batch\/v1\s+true\s+CronJob$/m,
        /^customresourcedefinitions\s+crd,crds\s+apiextensions\.k8s\.io\/v1\s+false\s+CustomResourceDefinition$/m,
        /^clusterroles\s+rbac\.authorization\.k8s\.io\/v1\s+false\s+ClusterRole$/m,
        /^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease$/m,
      ])
        assert.match(out, re);
    });
  });
}
