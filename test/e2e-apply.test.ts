// Client-side apply, edit, patch, set and label with the real kubectl 1.25.0 and 1.33 against the
// real `kubette up`: everything that sends a strategic merge patch, plus the custom-resource path
// where kubectl falls back to a JSON merge patch. The HTTP cases pin the Status of SMP failures.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { api, startCluster, type Cluster } from './helpers/cluster.js';
import { client, kubectl125, kubectlVersion, run } from './helpers/tools.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const SMP = { 'Content-Type': 'application/strategic-merge-patch+json' };

interface DeployOpts {
  image: string;
  env: Record<string, string>;
  labels: Record<string, string>;
}

const deployYaml = (ns: string, o: DeployOpts) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
  labels: ${JSON.stringify(o.labels)}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: c
        image: ${o.image}
        args: ["--port=80"]
        env: ${JSON.stringify(Object.entries(o.env).map(([name, value]) => ({ name, value })))}
        ports: [{containerPort: 80}]
`;

const multiDoc = (ns: string, level: string, port: number) => `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: ${ns}}
data: {mode: fast, level: "${level}"}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: ${ns}}
spec:
  selector: {app: api}
  ports: [{name: http, port: 80, targetPort: ${port}}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: robot, namespace: ${ns}}
`;

const crdYaml = (group: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.${group}}
spec:
  group: ${group}
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
              color: {type: string}
              tags: {type: array, items: {type: string}}
`;

const gadget = (group: string, ns: string, spec: string) => `apiVersion: ${group}/v1
kind: Gadget
metadata: {name: g1, namespace: ${ns}}
spec: ${spec}
`;

let cluster: Cluster;
before(async () => {
  cluster = await startCluster();
});
after(async () => {
  await cluster.stop();
  cluster.cleanup();
});

const clients: [number, () => string][] = [
  [25, kubectl125],
  [33, () => kubectlVersion(33)],
];

for (const [minor, bin] of clients) {
  const ns = `apply-${minor}`;
  describe(`kubectl 1.${minor}`, () => {
    let k: ReturnType<typeof client>;
    const kc = (args: string[], input?: string) => k.run(args, input);
    const ok = async (args: string[], input?: string) => {
      const r = await kc(args, input);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}`);
      return r.stdout;
    };
    const getDeploy = async () => JSON.parse(await ok(['get', 'deploy', 'web', '-n', ns, '-o', 'json']));
    const container = (d: any, name = 'c') => d.spec.template.spec.containers.find((x: any) => x.name === name);

    before(async () => {
      k = client(bin(), cluster.kubeconfig);
      await ok(['create', 'namespace', ns]);
    });
    after(() => k.cleanup());

    it('apply creates, then configures with a strategic merge patch, then is unchanged', async () => {
      const v1 = deployYaml(ns, { image: 'nginx:1.25', env: { A: '1', B: '2' }, labels: { app: 'web', tier: 'front' } });
      assert.equal((await ok(['apply', '-f', '-'], v1)).trim(), 'deployment.apps/web created');
      const created = await getDeploy();
      assert.deepEqual(container(created).env, [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
      // A change made by someone else, which apply's three-way merge must keep.
      await ok(['annotate', 'deploy', 'web', '-n', ns, 'owner=ops']);
      const annotated = await getDeploy();

      const v2 = deployYaml(ns, { image: 'nginx:1.26', env: { A: '1' }, labels: { app: 'web' } });
      assert.equal((await ok(['apply', '-f', '-'], v2)).trim(), 'deployment.apps/web configured');
      const d = await getDeploy();
      const c = container(d);
      assert.equal(c.image, 'nginx:1.26');
      assert.deepEqual(c.env, [{ name: 'A', value: '1' }], 'the removed env var is gone');
      assert.deepEqual(d.metadata.labels, { app: 'web' }, 'the removed label is gone');
      assert.equal(d.metadata.annotations.owner, 'ops', 'a field apply does not manage is kept');
      assert.deepEqual(c.args, ['--port=80'], 'container fields the patch does not name are kept');
      // Fields the server defaulted stay: apply never sent them.
      assert.equal(c.imagePullPolicy, 'IfNotPresent');
      assert.equal(c.ports[0].protocol, 'TCP');
      assert.equal(d.spec.strategy.type, 'RollingUpdate');
      assert.equal(d.spec.strategy.rollingUpdate.maxSurge, '25%');
      assert.equal(d.spec.revisionHistoryLimit, 10);
      assert.equal(d.metadata.generation, annotated.metadata.generation + 1);
      const lastApplied = JSON.parse(d.metadata.annotations[LAST_APPLIED]);
      assert.equal(lastApplied.spec.template.spec.containers[0].image, 'nginx:1.26');
      assert.deepEqual(lastApplied.metadata.labels, { app: 'web' });

      assert.equal((await ok(['apply', '-f', '-'], v2)).trim(), 'deployment.apps/web unchanged');
      assert.equal((await getDeploy()).metadata.resourceVersion, d.metadata.resourceVersion);
    });

    it('apply switching the strategy type and a volume source clears the old ones ($retainKeys)', async () => {
      const manifest = (strategy: string, volume: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: rk, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: rk}}
  ${strategy}
  template:
    metadata: {labels: {app: rk}}
    spec:
      containers: [{name: c, image: busybox, volumeMounts: [{name: data, mountPath: /data}]}]
      volumes: [{name: data, ${volume}}]
`;
      await ok(['apply', '-f', '-'], manifest('', 'emptyDir: {}'));
      const created = JSON.parse(await ok(['get', 'deploy', 'rk', '-n', ns, '-o', 'json']));
      assert.equal(created.spec.strategy.rollingUpdate.maxUnavailable, '25%', 'defaulted by the server');
      const out = await ok(['apply', '-f', '-'], manifest('strategy: {type: Recreate}', 'configMap: {name: cfg}'));
      assert.equal(out.trim(), 'deployment.apps/rk configured');
      const d = JSON.parse(await ok(['get', 'deploy', 'rk', '-n', ns, '-o', 'json']));
      assert.deepEqual(d.spec.strategy, { type: 'Recreate' });
      assert.deepEqual(Object.keys(d.spec.template.spec.volumes[0]).sort(), ['configMap', 'name']);
      assert.equal(d.spec.template.spec.volumes[0].configMap.name, 'cfg');
    });

    it('apply of a multi-document YAML creates, configures and leaves alone per object', async () => {
      const first = await ok(['apply', '-f', '-'], multiDoc(ns, '3', 8080));
      assert.deepEqual(first.trim().split('\n'), ['configmap/settings created', 'service/api created', 'serviceaccount/robot created']);
      const second = await ok(['apply', '-f', '-'], multiDoc(ns, '4', 9090));
      assert.deepEqual(second.trim().split('\n'), ['configmap/settings configured', 'service/api configured', 'serviceaccount/robot unchanged']);
      const cm = JSON.parse(await ok(['get', 'cm', 'settings', '-n', ns, '-o', 'json']));
      assert.deepEqual(cm.data, { mode: 'fast', level: '4' });
      const svc = JSON.parse(await ok(['get', 'svc', 'api', '-n', ns, '-o', 'json']));
      assert.deepEqual(
        svc.spec.ports.map((p: any) => [p.name, p.port, p.targetPort, p.protocol]),
        [['http', 80, 9090, 'TCP']],
        'the port merged by its key, keeping the defaulted protocol',
      );
      assert.match(svc.spec.clusterIP, /^10\./, 'the allocated clusterIP is kept');
    });

    it('edit: an editor that changes nothing cancels; one that rewrites the image patches', async () => {
      const env = { KUBECONFIG: cluster.kubeconfig, HOME: k.home };
      const cancelled = await run(k.bin, ['edit', 'deploy/web', '-n', ns], { ...env, EDITOR: 'true' });
      assert.equal(cancelled.code, 0, cancelled.stderr);
      assert.match(cancelled.stdout + cancelled.stderr, /Edit cancelled, no changes made\./);
      const before = await getDeploy();
      const edited = await run(k.bin, ['edit', 'deploy/web', '-n', ns], { ...env, EDITOR: 'sed -i s/nginx:1.26/nginx:1.27/' });
      assert.equal(edited.code, 0, edited.stderr);
      assert.equal(edited.stdout.trim(), 'deployment.apps/web edited');
      const d = await getDeploy();
      assert.equal(container(d).image, 'nginx:1.27');
      assert.deepEqual(container(d).env, container(before).env);
      assert.equal(d.metadata.generation, before.metadata.generation + 1);
    });

    it('patch --type=strategic merges containers by name; --type=merge and --type=json work too', async () => {
      const sidecar = JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'side', image: 'busybox:1.36' }] } } } });
      assert.equal((await ok(['patch', 'deploy', 'web', '-n', ns, '--type=strategic', '-p', sidecar])).trim(), 'deployment.apps/web patched');
      let d = await getDeploy();
      assert.deepEqual(d.spec.template.spec.containers.map((x: any) => x.name).sort(), ['c', 'side']);
      assert.equal(container(d).image, 'nginx:1.27', 'the existing container is untouched');
      assert.deepEqual(container(d).args, ['--port=80']);
      assert.equal(container(d, 'side').imagePullPolicy, 'IfNotPresent', 'the new container is defaulted');
      // The default type is strategic too: a port merged into the existing container by containerPort.
      await ok(['patch', 'deploy', 'web', '-n', ns, '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"c","ports":[{"containerPort":80,"name":"http"}]}]}}}}']);
      d = await getDeploy();
      assert.deepEqual(container(d).ports, [{ containerPort: 80, name: 'http', protocol: 'TCP' }]);

      assert.equal((await ok(['patch', 'deploy', 'web', '-n', ns, '--type=merge', '-p', '{"spec":{"replicas":3}}'])).trim(), 'deployment.apps/web patched');
      assert.equal((await getDeploy()).spec.replicas, 3);
      const jsonOps = '[{"op":"replace","path":"/spec/replicas","value":4},{"op":"add","path":"/metadata/labels/e","value":"f"}]';
      assert.equal((await ok(['patch', 'deploy', 'web', '-n', ns, '--type=json', '-p', jsonOps])).trim(), 'deployment.apps/web patched');
      d = await getDeploy();
      assert.equal(d.spec.replicas, 4);
      assert.equal(d.metadata.labels.e, 'f');

      const bad = await kc(['patch', 'deploy', 'web', '-n', ns, '-p', '{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}']);
      assert.equal(bad.code, 1);
      assert.equal(bad.stderr.trim(), 'Error from server: map: map[image:x] does not contain declared merge key: name');
    });

    it('set image and label --overwrite', async () => {
      assert.equal((await ok(['set', 'image', 'deploy/web', '-n', ns, 'c=img:2'])).trim(), 'deployment.apps/web image updated');
      const d = await getDeploy();
      assert.equal(container(d).image, 'img:2');
      assert.equal(container(d, 'side').image, 'busybox:1.36');
      await ok(['label', 'deploy', 'web', '-n', ns, 'stage=dev']);
      const clash = await kc(['label', 'deploy', 'web', '-n', ns, 'stage=prod']);
      assert.notEqual(clash.code, 0, 'without --overwrite an existing label is not replaced');
      assert.equal((await ok(['label', '--overwrite', 'deploy', 'web', '-n', ns, 'stage=prod'])).trim(), 'deployment.apps/web labeled');
      assert.equal((await getDeploy()).metadata.labels.stage, 'prod');
    });

    it('apply of a custom resource uses a JSON merge patch; strategic merge patch is refused', async () => {
      const group = `toys${minor}.example.com`;
      assert.equal((await ok(['apply', '-f', '-'], crdYaml(group))).trim(), `customresourcedefinition.apiextensions.k8s.io/gadgets.${group} created`);
      // The CRD's resource is served once the CRD sync has seen it.
      for (let i = 0; i < 50 && (await kc(['get', 'gadgets', '-n', ns])).code !== 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal((await ok(['apply', '-f', '-'], gadget(group, ns, '{size: 1, color: red, tags: [a, b]}'))).trim(), `gadget.${group}/g1 created`);
      assert.equal((await ok(['apply', '-f', '-'], gadget(group, ns, '{size: 2, tags: [c]}'))).trim(), `gadget.${group}/g1 configured`);
      const g = parseYaml(await ok(['get', `gadgets.${group}`, 'g1', '-n', ns, '-o', 'yaml']));
      assert.deepEqual(g.spec, { size: 2, tags: ['c'] }, 'color removed, the list replaced');
      assert.equal(JSON.parse(g.metadata.annotations[LAST_APPLIED]).spec.size, 2);
      assert.equal((await ok(['apply', '-f', '-'], gadget(group, ns, '{size: 2, tags: [c]}'))).trim(), `gadget.${group}/g1 unchanged`);

      const smp = await kc(['patch', `gadgets.${group}`, 'g1', '-n', ns, '-p', '{"spec":{"size":5}}']);
      assert.equal(smp.code, 1);
      assert.match(
        smp.stderr,
        /the body of the request was in an unknown format - accepted media types include: application\/json-patch\+json, application\/merge-patch\+json, application\/apply-patch\+yaml/,
      );
      assert.equal((await ok(['patch', `gadgets.${group}`, 'g1', '-n', ns, '--type=merge', '-p', '{"spec":{"size":5}}'])).trim(), `gadget.${group}/g1 patched`);

      // The CRD itself is a built-in kind: re-applying it with a new property is a strategic merge patch.
      const widened = crdYaml(group).replace('color: {type: string}', 'color: {type: string}\n              shape: {type: string}');
      assert.equal((await ok(['apply', '-f', '-'], widened)).trim(), `customresourcedefinition.apiextensions.k8s.io/gadgets.${group} configured`);
      const crd = JSON.parse(await ok(['get', 'crd', `gadgets.${group}`, '-o', 'json']));
      const props = crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties;
      assert.deepEqual(Object.keys(props).sort(), ['color', 'shape', 'size', 'tags']);
    });
  });
}

describe('strategic merge patch over HTTP', () => {
  const ns = 'smp-http';
  const cmPath = (name = '') => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;
  const deployPath = `/apis/apps/v1/namespaces/${ns}/deployments/d`;

  before(async () => {
    assert.equal((await api(cluster.url, 'POST', '/api/v1/namespaces', { metadata: { name: ns } })).status, 201);
    const d = parseYaml(deployYaml(ns, { image: 'nginx:1.25', env: { A: '1' }, labels: { app: 'web' } }));
    d.metadata.name = 'd';
    assert.equal((await api(cluster.url, 'POST', `/apis/apps/v1/namespaces/${ns}/deployments`, d)).status, 201);
  });

  it('merges lists by key and answers the patched object', async () => {
    const r = await api(cluster.url, 'PATCH', deployPath, { spec: { template: { spec: { containers: [{ name: 'c', env: [{ name: 'B', value: '2' }] }] } } } }, SMP);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.spec.template.spec.containers[0].env, [{ name: 'B', value: '2' }, { name: 'A', value: '1' }]);
    assert.equal(r.body.spec.template.spec.containers[0].image, 'nginx:1.25');
  });

  it('a missing merge key is a 500 with no reason, as kube-apiserver answers', async () => {
    const r = await api(cluster.url, 'PATCH', deployPath, { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, SMP);
    assert.equal(r.status, 500, r.text);
    assert.deepEqual(r.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'map: map[image:x] does not contain declared merge key: name', code: 500 });
  });

  it('malformed directives and bodies are 400; mixed element types a plain 500', async () => {
    const bad = await api(cluster.url, 'PATCH', deployPath, { spec: { strategy: { $retainKeys: 'type' } } }, SMP);
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.reason, 'BadRequest');
    assert.equal(bad.body.message, 'invalid patch format of retainKeys');
    const mixed = await api(cluster.url, 'PATCH', deployPath, { spec: { template: { spec: { containers: [[{ name: 'c' }]] } } } }, SMP);
    assert.equal(mixed.status, 500, mixed.text);
    assert.match(mixed.body.message, /^list element types are not identical: \[\[map\[args:\[--port=80\] env:/);
    const notMap = await api(cluster.url, 'PATCH', deployPath, '[1]', SMP);
    assert.equal(notMap.status, 400, notMap.text);
    assert.equal(notMap.body.message, 'json: cannot unmarshal array into Go value of type map[string]interface {}');
  });

  it('works on the status and scale subresources and honours dryRun', async () => {
    const st = await api(cluster.url, 'PATCH', `${deployPath}/status`, { status: { observedGeneration: 7 } }, SMP);
    assert.equal(st.status, 200, st.text);
    assert.equal(st.body.status.observedGeneration, 7);
    const sc = await api(cluster.url, 'PATCH', `${deployPath}/scale`, { spec: { replicas: 5 } }, SMP);
    assert.equal(sc.status, 200, sc.text);
    assert.equal(sc.body.spec.replicas, 5);
    const dry = await api(cluster.url, 'PATCH', `${deployPath}?dryRun=All`, { spec: { replicas: 9 } }, SMP);
    assert.equal(dry.status, 200, dry.text);
    assert.equal(dry.body.spec.replicas, 9);
    assert.equal((await api(cluster.url, 'GET', deployPath)).body.spec.replicas, 5);
  });

  it('a ConfigMap: null deletes a key; server-side apply needs a fieldManager (422)', async () => {
    assert.equal((await api(cluster.url, 'POST', cmPath(), { metadata: { name: 'c' }, data: { a: '1', b: '2' } })).status, 201);
    const r = await api(cluster.url, 'PATCH', cmPath('c'), { data: { a: null, c: '3' } }, SMP);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.data, { b: '2', c: '3' });
    const apply = await api(cluster.url, 'PATCH', cmPath('c'), '{}', { 'Content-Type': 'application/apply-patch+yaml' });
    assert.equal(apply.status, 422, apply.text);
    assert.equal(apply.body.details.causes[0].field, 'fieldManager');
  });
});
