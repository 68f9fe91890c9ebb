// Server-side apply with the real kubectl 1.25.0 and 1.33 against the real `kubette up`: create and
// re-apply, pruning, conflicts with kubectl scale and with another field manager, --force-conflicts,
// the upgrade from client-side apply, dry run, and a custom resource. HTTP cases pin the Status shapes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, apiOnly, startCluster, type Cluster } from './helpers/cluster.js';
import { client, kubectl125, kubectlVersion } from './helpers/tools.js';

const APPLY = { 'Content-Type': 'application/apply-patch+yaml' };

const deployYaml = (ns: string, o: { replicas?: number; image: string; env: string[]; labels?: Record<string, string> }) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
  labels: ${JSON.stringify(o.labels ?? { app: 'web' })}
spec:
${o.replicas === undefined ? '' : `  replicas: ${o.replicas}\n`}  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: c
        image: ${o.image}
        env: ${JSON.stringify(o.env.map((name) => ({ name, value: name.toLowerCase() })))}
        ports: [{containerPort: 80}]
`;

const crdYaml = (group: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.${group}}
spec:
  group: ${group}
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
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
              tags: {type: array, items: {type: string}, x-kubernetes-list-type: set}
`;

const widget = (group: string, ns: string, spec: string) => `apiVersion: ${group}/v1
kind: Widget
metadata: {name: w1, namespace: ${ns}}
spec: ${spec}
`;

interface Entry {
  manager: string;
  operation: string;
  apiVersion: string;
  time: string;
  fieldsType: string;
  fieldsV1: any;
  subresource?: string;
}

let cluster: Cluster;
before(async () => {
  cluster = await startCluster({ args: apiOnly });
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
  const ns = `ssa-${minor}`;
  describe(`kubectl 1.${minor} apply --server-side`, () => {
    let k: ReturnType<typeof client>;
    const ok = async (args: string[], input?: string) => {
      const r = await k.run(args, input);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}`);
      return r.stdout.trim();
    };
    const getJson = async (what: string[]) => JSON.parse(await ok(['get', ...what, '-n', ns, '-o', 'json', '--show-managed-fields']));
    const managers = (obj: any): Entry[] => obj.metadata.managedFields ?? [];
    const entry = (obj: any, manager: string, operation = 'Apply') => managers(obj).find((e) => e.manager === manager && e.operation === operation);

    before(async () => {
      k = client(bin(), cluster.kubeconfig);
      await ok(['create', 'namespace', ns]);
    });
    after(() => k.cleanup());

    it('creates (serverside-applied), re-applies a change, prunes what it stopped applying', async () => {
      assert.equal(await ok(['apply', '--server-side', '-f', '-'], deployYaml(ns, { replicas: 2, image: 'nginx:1.25', env: ['A', 'B'] })), 'deployment.apps/web serverside-applied');
      const d1 = await getJson(['deploy', 'web']);
      assert.deepEqual(
        managers(d1).map((e) => [e.manager, e.operation]),
        [['kubectl', 'Apply']],
      );
      const e1 = entry(d1, 'kubectl')!;
      assert.equal(e1.apiVersion, 'apps/v1');
      assert.equal(e1.fieldsType, 'FieldsV1');
      assert.match(e1.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.deepEqual(e1.fieldsV1['f:spec']['f:replicas'], {});
      const c1 = e1.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"c"}'];
      assert.deepEqual(c1['f:ports'], { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } });
      assert.deepEqual(Object.keys(c1['f:env']), ['k:{"name":"A"}', 'k:{"name":"B"}']);
      // Defaults the server filled in belong to nobody.
      assert.equal(d1.spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent');
      assert.equal(c1['f:imagePullPolicy'], undefined);

      const out = await ok(['apply', '--server-side', '-f', '-'], deployYaml(ns, { replicas: 2, image: 'nginx:1.26', env: ['A'], labels: { app: 'web', tier: 'front' } }));
      assert.equal(out, 'deployment.apps/web serverside-applied');
      const d2 = await getJson(['deploy', 'web']);
      const c = d2.spec.template.spec.containers[0];
      assert.equal(c.image, 'nginx:1.26');
      assert.deepEqual(c.env, [{ name: 'A', value: 'a' }], 'the env var it no longer applies is pruned');
      assert.deepEqual(d2.metadata.labels, { app: 'web', tier: 'front' });
      assert.equal(c.imagePullPolicy, 'IfNotPresent', 'unowned defaulted fields are kept');
    });

    it('kubectl scale takes replicas; re-applying another value conflicts; --force-conflicts takes it back', async () => {
      assert.equal(await ok(['scale', 'deploy', 'web', '-n', ns, '--replicas=4']), 'deployment.apps/web scaled');
      const scaled = await getJson(['deploy', 'web']);
      const scaler = managers(scaled).find((e) => e.subresource === 'scale');
      assert.ok(scaler, JSON.stringify(managers(scaled)));
      assert.equal(scaler.operation, 'Update');
      assert.deepEqual(scaler.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
      assert.equal(entry(scaled, 'kubectl')!.fieldsV1['f:spec']['f:replicas'], undefined, 'the applier lost replicas');

      const manifest = deployYaml(ns, { replicas: 5, image: 'nginx:1.26', env: ['A'], labels: { app: 'web', tier: 'front' } });
      const conflict = await k.run(['apply', '--server-side', '-f', '-'], manifest);
      assert.notEqual(conflict.code, 0);
      assert.match(conflict.stderr, new RegExp(`error: Apply failed with 1 conflict: conflict with "${scaler.manager}" using apps/v1: \\.spec\\.replicas`));
      assert.match(conflict.stderr, /--force-conflicts/);
      assert.equal((await getJson(['deploy', 'web'])).spec.replicas, 4);

      assert.equal(await ok(['apply', '--server-side', '--force-conflicts', '-f', '-'], manifest), 'deployment.apps/web serverside-applied');
      const forced = await getJson(['deploy', 'web']);
      assert.equal(forced.spec.replicas, 5);
      assert.deepEqual(entry(forced, 'kubectl')!.fieldsV1['f:spec']['f:replicas'], {});
      assert.equal(managers(forced).find((e) => e.subresource === 'scale'), undefined, 'the scaler owned nothing else: its entry is gone');
    });

    it('another field manager conflicts with kubectl until it forces; then kubectl conflicts with it', async () => {
      const other = deployYaml(ns, { replicas: 6, image: 'nginx:1.26', env: ['A'] });
      const r = await k.run(['apply', '--server-side', '--field-manager=other', '-f', '-'], other);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /error: Apply failed with 1 conflict: conflict with "kubectl": \.spec\.replicas/);
      await ok(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], other);
      const d = await getJson(['deploy', 'web']);
      assert.equal(d.spec.replicas, 6);
      assert.deepEqual(entry(d, 'other')!.fieldsV1['f:spec']['f:replicas'], {});
      // Both appliers set the image to the same value: shared, no conflict.
      assert.ok(entry(d, 'other')!.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"c"}']['f:image']);
      assert.ok(entry(d, 'kubectl')!.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"c"}']['f:image']);

      const back = await k.run(['apply', '--server-side', '-f', '-'], deployYaml(ns, { replicas: 7, image: 'nginx:1.26', env: ['A'], labels: { app: 'web', tier: 'front' } }));
      assert.notEqual(back.code, 0);
      assert.match(back.stderr, /error: Apply failed with 1 conflict: conflict with "other": \.spec\.replicas/);
    });

    it('server dry run changes nothing', async () => {
      const manifest = deployYaml(ns, { replicas: 9, image: 'nginx:1.27', env: ['A'] });
      const args = ['apply', '--server-side', '--dry-run=server', '--field-manager=other', '-f', '-'];
      // Conflicts are found in a dry run too (kubectl also applies the image).
      assert.match((await k.run(args, manifest)).stderr, /conflict with "kubectl": \.spec\.template\.spec\.containers\[name="c"\]\.image/);
      const out = await ok([...args, '--force-conflicts'], manifest);
      assert.equal(out, 'deployment.apps/web serverside-applied (server dry run)');
      const d = await getJson(['deploy', 'web']);
      assert.equal(d.spec.replicas, 6);
      assert.equal(d.spec.template.spec.containers[0].image, 'nginx:1.26');
    });

    it('upgrades from client-side apply without conflicts on what the last-applied annotation set', async () => {
      const cm = (a: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: ${ns}}\ndata: {a: "${a}", b: "2"}\n`;
      assert.equal(await ok(['apply', '-f', '-'], cm('1')), 'configmap/settings created');
      const before = await getJson(['cm', 'settings']);
      assert.deepEqual(
        managers(before).map((e) => [e.manager, e.operation]),
        [['kubectl-client-side-apply', 'Update']],
      );
      assert.deepEqual(entry(before, 'kubectl-client-side-apply', 'Update')!.fieldsV1, {
        'f:data': { '.': {}, 'f:a': {}, 'f:b': {} },
        'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} } },
      });
      assert.equal(await ok(['apply', '--server-side', '-f', '-'], cm('9')), 'configmap/settings serverside-applied');
      const after = await getJson(['cm', 'settings']);
      assert.deepEqual(after.data, { a: '9', b: '2' });
      assert.deepEqual(entry(after, 'kubectl')!.fieldsV1, { 'f:data': { 'f:a': {}, 'f:b': {} } });
      // kube-apiserver keeps kubectl's annotation in step with what was applied.
      assert.equal(
        after.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'],
        `{"apiVersion":"v1","data":{"a":"9","b":"2"},"kind":"ConfigMap","metadata":{"name":"settings","namespace":"${ns}"}}\n`,
      );
      const csa = entry(after, 'kubectl-client-side-apply', 'Update');
      if (minor >= 26) {
        // kubectl 1.26+ then moves the client-side entry's fields to its own (a JSON patch of managedFields).
        assert.equal(csa, undefined, JSON.stringify(managers(after)));
      } else {
        assert.equal(csa!.fieldsV1['f:data']['f:a'], undefined, 'a moved to the applier');
      }
    });

    it('applies a custom resource server-side: set lists, conflicts, force', async () => {
      const group = `ssa${minor}.example.com`;
      assert.equal(await ok(['apply', '--server-side', '-f', '-'], crdYaml(group)), `customresourcedefinition.apiextensions.k8s.io/widgets.${group} serverside-applied`);
      let created = '';
      for (let i = 0; i < 50; i++) {
        const r = await k.run(['apply', '--server-side', '-f', '-'], widget(group, ns, '{size: 1, color: red, tags: [a, b]}'));
        if (r.code === 0) {
          created = r.stdout.trim();
          break;
        }
        await new Promise((res) => setTimeout(res, 50));
      }
      assert.equal(created, `widget.${group}/w1 serverside-applied`);
      await ok(['apply', '--server-side', '--field-manager=tagger', '-f', '-'], widget(group, ns, '{tags: [c]}'));
      const w = await getJson([`widgets.${group}`, 'w1']);
      assert.deepEqual(w.spec, { size: 1, color: 'red', tags: ['a', 'b', 'c'] }, 'a set merges by value');
      assert.deepEqual(entry(w, 'tagger')!.fieldsV1, { 'f:spec': { 'f:tags': { 'v:"c"': {} } } });
      assert.deepEqual(entry(w, 'kubectl')!.fieldsV1, { 'f:spec': { 'f:color': {}, 'f:size': {}, 'f:tags': { 'v:"a"': {}, 'v:"b"': {} } } });

      const r = await k.run(['apply', '--server-side', '--field-manager=tagger', '-f', '-'], widget(group, ns, '{size: 2, tags: [c]}'));
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /error: Apply failed with 1 conflict: conflict with "kubectl": \.spec\.size/);
      await ok(['apply', '--server-side', '--force-conflicts', '--field-manager=tagger', '-f', '-'], widget(group, ns, '{size: 2, tags: [c]}'));
      // kubectl stops applying tags a and b: they are pruned, c (owned by tagger) stays.
      await ok(['apply', '--server-side', '-f', '-'], widget(group, ns, '{color: blue}'));
      const w2 = await getJson([`widgets.${group}`, 'w1']);
      assert.deepEqual(w2.spec, { size: 2, color: 'blue', tags: ['c'] });
    });
  });
}

describe('server-side apply over HTTP', () => {
  const ns = 'ssa-http';
  const cmPath = (name: string, q = '') => `/api/v1/namespaces/${ns}/configmaps/${name}${q}`;

  before(async () => {
    assert.equal((await api(cluster.url, 'POST', '/api/v1/namespaces', { metadata: { name: ns } })).status, 201);
  });

  it('creates with 201 from a YAML body, answers 200 after, and writes record the User-Agent as manager', async () => {
    const body = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n`;
    const c = await api(cluster.url, 'PATCH', cmPath('a', '?fieldManager=tool'), body, APPLY);
    assert.equal(c.status, 201, c.text);
    assert.deepEqual(c.body.metadata.managedFields.map((e: Entry) => [e.manager, e.operation]), [['tool', 'Apply']]);
    const again = await api(cluster.url, 'PATCH', cmPath('a', '?fieldManager=tool'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'w' } }), APPLY);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.data.k, 'w');
    const put = await api(cluster.url, 'PATCH', cmPath('a'), { data: { other: '1' } }, { 'Content-Type': 'application/merge-patch+json', 'User-Agent': 'curl/8.4.0' });
    assert.equal(put.status, 200, put.text);
    const curl = put.body.metadata.managedFields.find((e: Entry) => e.manager === 'curl');
    assert.deepEqual(curl.fieldsV1, { 'f:data': { 'f:other': {} } });
    assert.equal(curl.operation, 'Update');
    const long = await api(cluster.url, 'POST', `/api/v1/namespaces/${ns}/configmaps?fieldManager=${'x'.repeat(129)}`, { metadata: { name: 'long' } });
    assert.equal(long.status, 422, long.text);
    assert.match(long.body.message, /^CreateOptions\.meta\.k8s\.io "" is invalid: fieldManager: Too long: /);
  });

  it('answers conflicts with upstream\'s Status, rejects a missing fieldManager, a wrong version, and force on other patches', async () => {
    const cfg = (v: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { k: v } });
    assert.equal((await api(cluster.url, 'PATCH', cmPath('b', '?fieldManager=first'), cfg('1'), APPLY)).status, 201);
    const conflict = await api(cluster.url, 'PATCH', cmPath('b', '?fieldManager=second'), cfg('2'), APPLY);
    assert.equal(conflict.status, 409);
    assert.deepEqual(conflict.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "first": .data.k',
      reason: 'Conflict',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "first"', field: '.data.k' }] },
      code: 409,
    });
    const forced = await api(cluster.url, 'PATCH', cmPath('b', '?fieldManager=second&force=true'), cfg('2'), APPLY);
    assert.equal(forced.status, 200, forced.text);
    assert.deepEqual(forced.body.metadata.managedFields.map((e: Entry) => e.manager), ['second'], 'first owned nothing else');

    const missing = await api(cluster.url, 'PATCH', cmPath('b'), cfg('3'), APPLY);
    assert.equal(missing.status, 422);
    assert.equal(missing.body.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    const wrong = await api(cluster.url, 'PATCH', cmPath('b', '?fieldManager=x'), JSON.stringify({ apiVersion: 'v2', kind: 'ConfigMap', metadata: { name: 'b' } }), APPLY);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.message, 'Incorrect version specified in apply patch. Specified patch version: v2, expected: v1');
    const force = await api(cluster.url, 'PATCH', cmPath('b', '?force=true'), { data: { z: '1' } }, { 'Content-Type': 'application/merge-patch+json' });
    assert.equal(force.status, 422);
    assert.equal(force.body.message, 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
    const unknown = await api(cluster.url, 'PATCH', cmPath('b', '?fieldManager=x'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, bogus: 1 }), APPLY);
    assert.deepEqual(unknown.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      // The object named as the body names it (no namespace there), as objectGVKNN prints the patch.
      message: 'failed to create typed patch object (/b; /v1, Kind=ConfigMap): .bogus: field not declared in schema',
      code: 500,
    });
  });

  it('dryRun creates nothing; a status apply on a missing object is a 404; fieldValidation=Strict rejects repeated keys', async () => {
    const body = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dry}\ndata: {k: v}\n`;
    const dry = await api(cluster.url, 'PATCH', cmPath('dry', '?fieldManager=m&dryRun=All'), body, APPLY);
    assert.equal(dry.status, 201, dry.text);
    assert.equal((await api(cluster.url, 'GET', cmPath('dry'))).status, 404);
    const status = await api(cluster.url, 'PATCH', `/apis/apps/v1/namespaces/${ns}/deployments/none/status?fieldManager=m`, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: none}\n', APPLY);
    assert.equal(status.status, 404, status.text);
    const dup = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dup}\ndata:\n  k: v\n  k: w\n`;
    const strict = await api(cluster.url, 'PATCH', cmPath('dup', '?fieldManager=m&fieldValidation=Strict'), dup, APPLY);
    assert.equal(strict.status, 400, strict.text);
    assert.equal(strict.body.message, 'error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line 6: key "k" already set in map');
    const lax = await api(cluster.url, 'PATCH', cmPath('dup', '?fieldManager=m&fieldValidation=Ignore'), dup, APPLY);
    assert.equal(lax.status, 201, lax.text);
    assert.deepEqual(lax.body.data, { k: 'w' }, 'the last value wins, as sigs.k8s.io/yaml decodes');
  });
});
