// More of the real kubectl 1.25.0 and 1.33 against the real `kubette up`: scale, subresources,
// explain, the client-side printers (custom-columns, jsonpath, go-template, sort-by), chunked
// lists, server-side dry run, --validate, wait, rollout without controllers, and `get all`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { apiOnly, useCluster } from './helpers/cluster.js';
import { client, kubectlClients } from './helpers/tools.js';

/** Whitespace-split rows of a kubectl table. */
function rows(out: string): string[][] {
  return out
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s{2,}/));
}

const deployment = (ns: string, name: string, replicas: number, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: c, image: nginx:1.25}]
${extra}`;

const clients = kubectlClients;

const cluster = useCluster({ args: apiOnly });

for (const [label, bin] of clients) {
  const minor = label.includes('1.25') ? 25 : 33;
  const ns = `more-${minor}`;
  describe(label, () => {
    let k: ReturnType<typeof client>;
    const kc = (args: string[], input?: string) => k.run(['-n', ns, ...args], input);
    const ok = async (args: string[], input?: string) => {
      const r = await kc(args, input);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}`);
      return r.stdout;
    };
    const json = async (args: string[]) => JSON.parse(await ok([...args, '-o', 'json']));
    /** A long-running kubectl whose output can be awaited. */
    const background = (args: string[]) => {
      const child = spawn(k.bin, ['-n', ns, ...args], { env: { PATH: process.env.PATH ?? '', KUBECONFIG: cluster().kubeconfig, HOME: k.home } });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      return {
        out: () => out,
        err: () => err,
        exited,
        async waitFor(re: RegExp) {
          const deadline = Date.now() + 15_000;
          while (!re.test(out)) {
            if (Date.now() > deadline) throw new Error(`timed out waiting for ${re} in:\n${out}\n${err}`);
            await new Promise((r) => setTimeout(r, 25));
          }
        },
        kill: () => child.kill(),
      };
    };

    before(async () => {
      k = client(bin(), cluster().kubeconfig);
      assert.equal((await k.run(['create', 'namespace', ns])).code, 0);
    });
    after(() => k.cleanup());

    it('scale: writes spec.replicas through /scale; --current-replicas is checked first', async () => {
      assert.equal((await ok(['create', '-f', '-'], deployment(ns, 'web', 2))).trim(), 'deployment.apps/web created');
      assert.equal((await ok(['scale', 'deploy', 'web', '--replicas=5'])).trim(), 'deployment.apps/web scaled');
      assert.equal((await json(['get', 'deploy', 'web'])).spec.replicas, 5);
      const mismatch = await kc(['scale', 'deploy', 'web', '--current-replicas=2', '--replicas=3']);
      assert.equal(mismatch.code, 1);
      assert.equal(mismatch.stderr.trim(), 'error: Expected replicas to be 2, was 5');
      assert.equal((await json(['get', 'deploy', 'web'])).spec.replicas, 5, 'nothing was written');
      assert.equal((await ok(['scale', 'deploy', 'web', '--current-replicas=5', '--replicas=3'])).trim(), 'deployment.apps/web scaled');
      const d = await json(['get', 'deploy', 'web']);
      assert.equal(d.spec.replicas, 3);
      assert.equal(d.metadata.generation, 3, 'each scale is a spec change');
    });

    it('get --subresource=status and --subresource=scale (alpha in 1.25)', async () => {
      const status = rows(await ok(['get', 'deploy', 'web', '--subresource=status']));
      assert.deepEqual(status[0], ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
      assert.deepEqual(status[1]!.slice(0, 4), ['web', '0/3', '0', '0']);
      const scale = rows(await ok(['get', 'deploy', 'web', '--subresource=scale']));
      assert.deepEqual(scale[0], ['NAME', 'DESIRED', 'AVAILABLE', 'AGE']);
      assert.deepEqual(scale[1]!.slice(0, 3), ['web', '3', '0']);
      assert.match(scale[1]![3]!, /^\d+s$/);
      const y = parseYaml(await ok(['get', 'deploy', 'web', '--subresource=scale', '-o', 'yaml']));
      const uid = (await json(['get', 'deploy', 'web'])).metadata.uid;
      assert.deepEqual(
        { apiVersion: y.apiVersion, kind: y.kind, name: y.metadata.name, namespace: y.metadata.namespace, uid: y.metadata.uid, spec: y.spec, status: y.status },
        { apiVersion: 'autoscaling/v1', kind: 'Scale', name: 'web', namespace: ns, uid, spec: { replicas: 3 }, status: { replicas: 0, selector: 'app=web' } },
      );
      const bulk = await kc(['get', 'deploy', '--subresource=status']);
      assert.equal(bulk.code, 1);
      assert.equal(bulk.stderr.trim(), 'error: subresource cannot be used when bulk resources are specified');
      const noScale = await kc(['get', 'configmap', 'x', '--subresource=scale']);
      assert.equal(noScale.code, 1);
      assert.equal(noScale.stderr.trim(), 'Error from server (NotFound): the server could not find the requested resource');
    });

    it('explain pod.spec.containers.securityContext', async () => {
      const out = await ok(['explain', 'pod.spec.containers.securityContext']);
      const lines = out.split('\n');
      if (minor === 25) {
        assert.deepEqual(lines.slice(0, 6), ['KIND:     Pod', 'VERSION:  v1', '', 'RESOURCE: securityContext <Object>', '', 'DESCRIPTION:']);
        assert.equal(lines[6], '     SecurityContext defines the security options the container should be run');
        assert.ok(lines.includes('FIELDS:'));
        assert.ok(lines.includes('   allowPrivilegeEscalation\t<boolean>'), out);
        assert.ok(lines.includes('   capabilities\t<Object>'), out);
        assert.ok(lines.includes('   runAsUser\t<integer>'), out);
      } else {
        assert.deepEqual(lines.slice(0, 4), ['KIND:       Pod', 'VERSION:    v1', '', 'FIELD: securityContext <SecurityContext>']);
        assert.ok(lines.includes('DESCRIPTION:'));
        assert.ok(lines.includes('FIELDS:'));
        assert.ok(lines.includes('  allowPrivilegeEscalation\t<boolean>'), out);
        assert.ok(lines.includes('  capabilities\t<Capabilities>'), out);
        assert.ok(lines.includes('  seccompProfile\t<SeccompProfile>'), out);
      }
    });

    it('client-side printers: custom-columns, jsonpath, go-template, sort-by (from Table rows with includeObject=Object)', async () => {
      // Created out of name order, with images that sort in a third order.
      for (const [name, image] of [['pc', 'busybox:1.36'], ['pa', 'redis:7'], ['pb', 'alpine:3.19']]) await ok(['run', name!, `--image=${image}`]);
      const cols = await ok(['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image']);
      assert.deepEqual(rows(cols), [['NAME', 'IMAGE'], ['pa', 'redis:7'], ['pb', 'alpine:3.19'], ['pc', 'busybox:1.36']]);
      assert.equal(await ok(['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}']), 'pa pb pc');
      assert.equal(await ok(['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.phase}{"\\n"}{end}']), 'pa=Pending\npb=Pending\npc=Pending\n');
      assert.equal(await ok(['get', 'pod', 'pa', '-o', 'go-template={{.metadata.name}} {{index .metadata.labels "run"}} {{(index .spec.containers 0).image}}']), 'pa pa redis:7');
      assert.equal(await ok(['get', 'pods', '-o', 'go-template={{range .items}}{{.metadata.name}},{{end}}']), 'pa,pb,pc,');
      const sorted = await kc(['get', 'pods', '--sort-by=.spec.containers[0].image', '-v=6']);
      assert.equal(sorted.code, 0, sorted.stderr);
      assert.deepEqual(rows(sorted.stdout).map((r) => r[0]), ['NAME', 'pb', 'pc', 'pa']);
      assert.match(sorted.stderr, new RegExp(`/api/v1/namespaces/${ns}/pods\\?includeObject=Object`));
      const byName = rows(await ok(['get', 'pods', '--sort-by=.metadata.name', '-o', 'wide']));
      assert.deepEqual(byName.map((r) => r[0]), ['NAME', 'pa', 'pb', 'pc']);
      assert.deepEqual(byName[0]!.slice(5), ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    });

    it('get --chunk-size=2 pages through 5 objects with limit and continue', async () => {
      for (let i = 1; i <= 5; i++) await ok(['create', 'configmap', `chunk-${i}`, `--from-literal=n=${i}`]);
      const r = await kc(['get', 'configmaps', '--chunk-size=2', '-v=6']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(
        rows(r.stdout).map((row) => row.slice(0, 2)),
        [['NAME', 'DATA'], ...[1, 2, 3, 4, 5].map((i) => [`chunk-${i}`, '1'])],
      );
      const pages = [...r.stderr.matchAll(new RegExp(`/api/v1/namespaces/${ns}/configmaps\\?(continue=[^&"\\s]+&)?limit=2`, 'g'))];
      assert.deepEqual(pages.map((m) => Boolean(m[1])), [false, true, true], 'one first page and two continued ones');
      const j = await ok(['get', 'configmaps', '--chunk-size=2', '-o', 'jsonpath={.items[*].metadata.name}']);
      assert.equal(j, 'chunk-1 chunk-2 chunk-3 chunk-4 chunk-5');
    });

    it('create --dry-run=server answers like a create and stores nothing', async () => {
      const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dry, namespace: ${ns}}\ndata: {a: "1"}\n`;
      assert.equal((await ok(['create', '-f', '-', '--dry-run=server'], cm)).trim(), 'configmap/dry created (server dry run)');
      const y = parseYaml(await ok(['create', '-f', '-', '--dry-run=server', '-o', 'yaml'], cm));
      assert.match(y.metadata.uid, /^[0-9a-f-]{36}$/, 'the server filled in what a create would');
      assert.deepEqual(y.data, { a: '1' });
      const gone = await kc(['get', 'configmap', 'dry']);
      assert.equal(gone.code, 1);
      assert.equal(gone.stderr.trim(), 'Error from server (NotFound): configmaps "dry" not found');
    });

    it('create -f with an unknown field: --validate=strict (default) fails, warn warns, false drops it silently', async () => {
      const bogus = (name: string) => deployment(ns, name, 1).replace('  replicas: 1\n', '  replicas: 1\n  bogus: 1\n');
      const strict = await kc(['create', '-f', '-'], bogus('bogus-strict'));
      assert.equal(strict.code, 1);
      assert.equal(
        strict.stderr.trim(),
        'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.bogus"',
      );
      assert.equal((await kc(['get', 'deploy', 'bogus-strict'])).code, 1, 'nothing was created');
      const explicit = await kc(['create', '-f', '-', '--validate=strict'], bogus('bogus-strict'));
      assert.equal(explicit.stderr, strict.stderr);
      const warn = await kc(['create', '-f', '-', '--validate=warn'], bogus('bogus-warn'));
      assert.equal(warn.code, 0, warn.stderr);
      assert.equal(warn.stderr.trim(), 'Warning: unknown field "spec.bogus"');
      assert.equal(warn.stdout.trim(), 'deployment.apps/bogus-warn created');
      assert.equal((await json(['get', 'deploy', 'bogus-warn'])).spec.bogus, undefined);
      const off = await kc(['create', '-f', '-', '--validate=false'], bogus('bogus-off'));
      assert.equal(off.code, 0, off.stderr);
      assert.equal(off.stderr, '');
      assert.equal(off.stdout.trim(), 'deployment.apps/bogus-off created');
      assert.equal((await json(['get', 'deploy', 'bogus-off'])).spec.bogus, undefined);
    });

    it('apply -f with an unknown field on an existing object: the patch is invalid (422 on "patch")', async () => {
      const cm = (extra: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied, namespace: ${ns}}\ndata: {a: "1"}\n${extra}`;
      assert.equal((await ok(['apply', '-f', '-'], cm(''))).trim(), 'configmap/applied created');
      const strict = await kc(['apply', '-f', '-'], cm('bogus: 1\n'));
      assert.equal(strict.code, 1);
      const err = strict.stderr.trim();
      assert.ok(err.startsWith('The request is invalid: patch: Invalid value: "map[bogus:1 metadata:map[annotations:map[kubectl.kubernetes.io/last-applied-configuration:'), err);
      assert.ok(err.endsWith('": strict decoding error: unknown field "bogus"'), err);
      const warn = await kc(['apply', '-f', '-', '--validate=warn'], cm('bogus: 1\n').replace('a: "1"', 'a: "2"'));
      assert.equal(warn.code, 0, warn.stderr);
      assert.equal(warn.stderr.trim(), 'Warning: unknown field "bogus"');
      assert.equal(warn.stdout.trim(), 'configmap/applied configured');
      assert.deepEqual((await json(['get', 'configmap', 'applied'])).data, { a: '2' });
    });

    it('wait --for=delete returns once the object is deleted, and times out while it is not', async () => {
      await ok(['create', 'configmap', 'doomed']);
      const waiter = background(['wait', '--for=delete', 'configmap/doomed', '--timeout=30s']);
      try {
        await new Promise((r) => setTimeout(r, 1000)); // let it reach its watch
        assert.equal(waiter.out(), '', 'still waiting');
        assert.equal((await ok(['delete', 'configmap', 'doomed'])).trim(), 'configmap "doomed" deleted');
        assert.equal(await waiter.exited, 0, waiter.err());
        assert.equal(waiter.out().trim(), 'configmap/doomed condition met');
      } finally {
        waiter.kill();
      }
      await ok(['create', 'configmap', 'stays']);
      const timeout = await kc(['wait', '--for=delete', 'configmap/stays', '--timeout=1s']);
      assert.equal(timeout.code, 1);
      assert.equal(timeout.stderr.trim().split('\n').at(-1), 'error: timed out waiting for the condition on configmaps/stays');
    });

    it('rollout history and status without controllers: what a controller would have written decides', async () => {
      await ok(['create', '-f', '-'], deployment(ns, 'roll', 2));
      const none = await ok(['rollout', 'history', 'deploy/roll']);
      assert.equal(none, 'deployment.apps/roll \nNo rollout history found.\n');
      // No deployment controller has observed the spec: status says so and --timeout ends it.
      const unobserved = await kc(['rollout', 'status', 'deploy/roll', '--timeout=1s']);
      assert.equal(unobserved.code, 1);
      assert.equal(unobserved.stdout, 'Waiting for deployment spec update to be observed...\n');
      assert.equal(unobserved.stderr.trim(), 'error: timed out waiting for the condition');
      // Write what the controller would: a ReplicaSet of revision 1, and the deployment's status.
      const uid = (await json(['get', 'deploy', 'roll'])).metadata.uid;
      const rs = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: roll-1a2b3c
  namespace: ${ns}
  labels: {app: roll, pod-template-hash: 1a2b3c}
  annotations: {deployment.kubernetes.io/revision: "1", kubernetes.io/change-cause: "initial rollout"}
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: roll, uid: ${uid}, controller: true, blockOwnerDeletion: true}]
spec:
  replicas: 2
  selector: {matchLabels: {app: roll, pod-template-hash: 1a2b3c}}
  template:
    metadata: {labels: {app: roll, pod-template-hash: 1a2b3c}}
    spec: {containers: [{name: c, image: nginx:1.25}]}
`;
      await ok(['create', '-f', '-'], rs);
      assert.equal(await ok(['rollout', 'history', 'deploy/roll']), 'deployment.apps/roll \nREVISION  CHANGE-CAUSE\n1         initial rollout\n\n');
      const rev = await ok(['rollout', 'history', 'deploy/roll', '--revision=1']);
      assert.match(rev, /^deployment\.apps\/roll with revision #1\nPod Template:\n {2}Labels:\tapp=roll\n\tpod-template-hash=1a2b3c\n/);
      assert.match(rev, /^ {4}Image:\tnginx:1\.25$/m);
      const status = (s: object) => ok(['patch', 'deploy', 'roll', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: s })]);
      assert.equal((await status({ observedGeneration: 1, replicas: 2, updatedReplicas: 1 })).trim(), 'deployment.apps/roll patched');
      const watching = background(['rollout', 'status', 'deploy/roll', '--timeout=30s']);
      try {
        await watching.waitFor(/Waiting for deployment "roll" rollout to finish: 1 out of 2 new replicas have been updated\.\.\.\n/);
        await status({ updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
        assert.equal(await watching.exited, 0, watching.err());
        assert.equal(watching.out().trim().split('\n').at(-1), 'deployment "roll" successfully rolled out');
      } finally {
        watching.kill();
      }
      assert.equal(await ok(['rollout', 'status', 'deploy/roll']), 'deployment "roll" successfully rolled out\n');
    });

    it("get all: the 'all' category, resources in discovery order (sorted within a group)", async () => {
      await ok(['create', 'service', 'clusterip', 'svc', '--tcp=80:8080']);
      await ok(['create', 'job', 'jb', '--image=busybox']);
      await ok(['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/5 * * * *']);
      const out = await ok(['get', 'all']);
      const kinds = out
        .split('\n')
        .map((l) => /^([a-z.]+)\/[a-z0-9-]+\s/.exec(l)?.[1])
        .filter((x): x is string => x !== undefined);
      const order = [...new Set(kinds)];
      assert.deepEqual(order, ['pod', 'service', 'deployment.apps', 'replicaset.apps', 'cronjob.batch', 'job.batch']);
      assert.match(out, /^NAME +SCHEDULE +SUSPEND +ACTIVE +LAST SCHEDULE +AGE\ncronjob\.batch\/cj +\*\/5 \* \* \* \* +False +0 +<none> +\d+s$/m);
      assert.doesNotMatch(out, /configmap\//, 'configmaps are not in the all category');
      for (const d of ['web', 'roll', 'bogus-warn', 'bogus-off']) assert.match(out, new RegExp(`^deployment\\.apps/${d} `, 'm'));
    });
  });
}
