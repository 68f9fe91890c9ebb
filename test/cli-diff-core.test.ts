// `kubette kubectl` against the real kubectl 1.25.0 on one server: get (tables, wide, labels,
// namespaces, names, selectors, chunks, sorting, errors), create -f, replace, patch, label,
// annotate and delete. Each case asserts the same stdout and exit code.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { useCluster } from './helpers/cluster.js';
import { spawn } from 'node:child_process';
import { oursBin, pair, type Pair, same } from './helpers/differential.js';
import { normalizeTableAges } from './helpers/normalize.js';
import { kubectl125 } from './helpers/tools.js';
import { poll } from './helpers/wait.js';

const cluster = useCluster({ args: ['--nodes', '2'] });

const manifests = (n: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: f-${n}, labels: {set: ${n}}}
data: {a: "1"}
---
apiVersion: v1
kind: Secret
metadata: {name: s-${n}}
stringData: {p: q}
`;

describe('kubette kubectl ≡ kubectl 1.25.0: reading', () => {
  let p: Pair;
  before(async () => {
    p = pair(cluster().kubeconfig);
    const k = p.kubectl;
    for (const args of [
      ['create', 'namespace', 'diff'],
      ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3'],
      ['create', 'configmap', 'c1', '--from-literal=a=b', '--from-literal=long=' + 'x'.repeat(40)],
      ['create', 'configmap', 'c2', '--from-literal=a=b', '-n', 'diff'],
      ['label', 'configmap', 'c1', 'tier=front', 'app.kubernetes.io/name=thing'],
      ['create', 'service', 'clusterip', 'web', '--tcp=80:8080'],
    ]) {
      const r = await k.run(args);
      assert.equal(r.code, 0, r.stderr);
    }
    await poll('web pods running', async () => {
      const r = await k.run(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].status.phase}']);
      return r.stdout.split(' ').filter((x) => x === 'Running').length === 3;
    }, { timeoutMs: 30_000 });
  });
  after(() => p?.cleanup());

  const cases: string[][] = [
    ['get', 'pods'],
    ['get', 'pods', '-o', 'wide'],
    ['get', 'pods', '--show-labels'],
    ['get', 'pods', '-L', 'app', '-L', 'pod-template-hash'],
    ['get', 'pods', '-l', 'app=web', '-o', 'name'],
    ['get', 'pods', '--no-headers'],
    ['get', 'pods', '--chunk-size=1'],
    ['get', 'pods', '--sort-by=.metadata.name'],
    ['get', 'pods', '--field-selector', 'status.phase=Running'],
    ['get', 'deploy'],
    ['get', 'deployments.apps', 'web'],
    ['get', 'deploy/web', 'svc/web'],
    ['get', 'pods,deploy,rs'],
    ['get', 'all'],
    ['get', 'cm', '-A'],
    ['get', 'cm', '-A', '--show-labels'],
    ['get', 'cm', '-n', 'diff'],
    ['get', 'ns'],
    ['get', 'nodes'],
    ['get', 'nodes', '-o', 'wide'],
    ['get', 'svc', '-o', 'wide'],
    ['get', 'cm', 'c1', '-o', 'name'],
    ['get', 'cm', 'c1', 'nope'],
    ['get', 'cm', 'nope', '--ignore-not-found'],
    ['get', 'foos'],
    ['get'],
    ['get', 'pods', '-l', 'app=nothing'],
    ['get', 'cm', 'c1', '-o', 'json'],
    ['get', 'cm', '-o', 'json', '-n', 'diff'],
    ['get', 'deploy', 'web', '--subresource=scale', '-o', 'json'],
    ['get', 'deploy', 'web', '--subresource=status'],
    ['get', 'deploy', '--subresource=status'],
    ['get', 'pods', '-o', 'bogus'],
    ['get', 'cm', 'c1', '-o', 'yaml'],
    ['get', 'deploy', 'web', '-o', 'yaml'],
    ['get', 'pods', '-o', 'yaml'],
    ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'],
    ['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end}'],
    ['get', 'cm', '-o', 'custom-columns=NAME:.metadata.name,KEYS:.data'],
    ['get', 'nodes', '-o', 'custom-columns=NODE:.metadata.name,CPU:.status.capacity.cpu', '--no-headers'],
    ['get', 'cm', 'c1', '-o', 'go-template={{.metadata.name}}:{{range $k, $v := .data}}{{$k}} {{end}}'],
    ['get', 'pods', '-o', 'jsonpath={.nope}', '--allow-missing-template-keys=false'],
    ['describe', 'deploy', 'web'],
    ['describe', 'svc', 'web'],
    ['describe', 'cm', 'c2', '-n', 'diff'], // one key: kubectl 1.25 prints a map's keys in Go's random order
    ['describe', 'pods', '-l', 'app=web'],
    ['describe', 'pod', 'nope'],
    ['logs', 'deploy/web'],
    ['exec', 'deploy/web', '--', 'true'],
    ['api-versions'],
    ['api-resources', '--namespaced=false'],
    ['config', 'view'],
    ['config', 'get-contexts'],
    ['get', 'pods', '--nope'],
  ];
  for (const args of cases) it(args.join(' ') || '(no args)', async () => void (await same(p, args)));
});

describe('kubette kubectl ≡ kubectl 1.25.0: writing', () => {
  let p: Pair;
  let dir: string;
  const names: [string, string] = ['ours', 'kube'];
  before(() => {
    p = pair(cluster().kubeconfig);
    dir = p.ours.home;
    writeFileSync(join(dir, 'm.yaml'), manifests('{n}'));
  });
  after(() => p?.cleanup());

  const file = (n: string) => {
    const path = join(dir, `m-${n}.yaml`);
    writeFileSync(path, manifests(n));
    return path;
  };

  it('create -f, twice (AlreadyExists), --dry-run=client -o name, --dry-run=server', async () => {
    file('ours');
    file('kube');
    const f = join(dir, 'm-{n}.yaml');
    await same(p, ['create', '-f', f], { names });
    await same(p, ['create', '-f', f], { names });
    await same(p, ['create', '-f', f, '--dry-run=client', '-o', 'name'], { names });
    await same(p, ['create', '-f', '-'], { names, input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x-{n}}\nbogus: 1\n' });
    await same(p, ['create', '-f', '-'], { names, input: 'apiVersion: v1\nkind: Foo\nmetadata: {name: x-{n}}\n' });
    await same(p, ['create', '-f', '-'], { names, input: '' });
    await same(p, ['apply', '-f', '-'], { names, input: '' });
  });

  it('replace -f, patch (strategic, merge, json, yaml, no change, scale), label, annotate', async () => {
    const f = join(dir, 'm-{n}.yaml');
    await same(p, ['replace', '-f', f], { names });
    await same(p, ['patch', 'cm', 'f-{n}', '-p', '{"data":{"b":"2"}}'], { names });
    await same(p, ['patch', 'cm', 'f-{n}', '-p', '{"data":{"b":"2"}}'], { names });
    await same(p, ['patch', 'cm', 'f-{n}', '--type=merge', '-p', 'data: {c: "3"}'], { names });
    await same(p, ['patch', 'cm', 'f-{n}', '--type=json', '-p', '[{"op":"remove","path":"/data/c"}]', '-o', 'name'], { names });
    await same(p, ['patch', 'cm', 'f-{n}', '--type=foo', '-p', '{}'], { names });
    await same(p, ['patch', 'cm', 'f-{n}'], { names });
    await same(p, ['patch', 'cm/f-{n}', '-p', '{"data":{"d":"4"}}', '--dry-run=server'], { names });
    await same(p, ['label', 'cm', 'f-{n}', 'a=b'], { names });
    await same(p, ['label', 'cm', 'f-{n}', 'a=b'], { names });
    await same(p, ['label', 'cm', 'f-{n}', 'a=c'], { names });
    await same(p, ['label', 'cm', 'f-{n}', 'a=c', '--overwrite'], { names });
    await same(p, ['label', 'cm', 'f-{n}', 'a-'], { names });
    await same(p, ['label', 'cm', 'f-{n}', 'zz-'], { names });
    await same(p, ['label', 'cm', 'f-{n}'], { names });
    await same(p, ['label', 'cm', 'f-{n}', 'dry=run', '--dry-run=client'], { names });
    await same(p, ['annotate', 'cm', 'f-{n}', 'dry=run', '--dry-run=server'], { names });
    await same(p, ['annotate', 'cm', 'f-{n}', 'note=hi'], { names });
    await same(p, ['annotate', 'cm', 'f-{n}', 'note=again'], { names });
    await same(p, ['annotate', 'secret/s-{n}', 'note=x', '-o', 'name'], { names });
  });

  it('apply: create, unchanged, configured, server-side, --dry-run', async () => {
    const v1 = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ap-{n}}\ndata: {a: "1"}\n';
    const v2 = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ap-{n}, labels: {x: z}}\ndata: {a: "2", b: "3"}\n';
    await same(p, ['apply', '-f', '-'], { names, input: v1 });
    await same(p, ['apply', '-f', '-'], { names, input: v1 });
    await same(p, ['apply', '-f', '-', '--dry-run=server'], { names, input: v2 });
    await same(p, ['apply', '-f', '-'], { names, input: v2 });
    await same(p, ['get', 'cm', 'ap-{n}', '-o', 'jsonpath={.data}{.metadata.labels}'], { names });
    // YAML 1.1, as kubectl reads it: `y` is a boolean, so the label is refused by both.
    await same(p, ['apply', '-f', '-'], { names, input: v1.replace('{name: ap-{n}}', '{name: ap-{n}, labels: {x: y}}') });
    await same(p, ['apply', '-f', '-', '--server-side'], { names, input: v1.replace('ap-', 'ss-') });
    await same(p, ['apply', '-f', '-', '--server-side'], { names, input: v2.replace('ap-', 'ss-') });
    const deploy = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ad-{n}}\nspec:\n  selector: {matchLabels: {app: ad}}\n  template:\n    metadata: {labels: {app: ad}}\n    spec:\n      containers: [{name: c, image: ${image}, args: [a, b]}]\n`;
    await same(p, ['apply', '-f', '-'], { names, input: deploy('nginx:1') });
    await same(p, ['apply', '-f', '-'], { names, input: deploy('nginx:2') });
    await same(p, ['get', 'deploy', 'ad-{n}', '-o', 'jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].args}'], { names });
  });

  it('edit with a scripted editor: no change, a change, a rename refused', async () => {
    await same(p, ['create', 'configmap', 'ed-{n}', '--from-literal=a=b'], { names });
    await same(p, ['edit', 'cm', 'ed-{n}'], { names, env: { EDITOR: 'true' } });
    await same(p, ['edit', 'cm', 'ed-{n}'], { names, env: { EDITOR: "sed -i -e 's/^  a: b$/  a: edited/'" } });
    await same(p, ['get', 'cm', 'ed-{n}', '-o', 'jsonpath={.data.a}'], { names });
    await same(p, ['edit', 'cm', 'ed-{n}', '-o', 'name'], { names, env: { EDITOR: 'true' } });
  });

  it('get -w: the same rows, widths growing as kubectl does', async () => {
    const watchers = [
      spawn(process.execPath, [oursBin, 'get', 'cm', '-l', 'watched=yes', '-w'], { env: { PATH: process.env.PATH ?? '', KUBECONFIG: cluster().kubeconfig, HOME: p.ours.home } }),
      spawn(kubectl125(), ['get', 'cm', '-l', 'watched=yes', '-w'], { env: { PATH: process.env.PATH ?? '', KUBECONFIG: cluster().kubeconfig, HOME: p.kubectl.home } }),
    ];
    const outs = watchers.map((w) => {
      let text = '';
      w.stdout.on('data', (c: Buffer) => (text += c.toString()));
      return () => text;
    });
    const k = p.kubectl;
    await new Promise((r) => setTimeout(r, 1500)); // both are watching
    for (const args of [
      ['create', 'configmap', 'w1', '--from-literal=a=b'],
      ['label', 'configmap', 'w1', 'watched=yes'],
      ['label', 'configmap', 'w1', 'x=2'],
      ['create', 'configmap', 'w2-a-longer-name'],
      ['label', 'configmap', 'w2-a-longer-name', 'watched=yes'],
      ['delete', 'configmap', 'w1'],
    ]) assert.equal((await k.run(args)).code, 0);
    await poll('both saw the delete', () => outs.every((o) => o().split('\n').filter(Boolean).length >= 5), { timeoutMs: 10_000 });
    watchers.forEach((w) => w.kill());
    const [ours, kubectl] = outs.map((o) => o());
    if (ours !== kubectl) assert.equal(normalizeTableAges(ours!), normalizeTableAges(kubectl!));
    assert.match(ours!, /^NAME {3}DATA {3}AGE\nw1 {5}1 {6}\S+\n/);
  });

  it('delete by name, by file, missing, with --ignore-not-found, by selector', async () => {
    await same(p, ['delete', 'cm', 'f-{n}'], { names });
    await same(p, ['delete', 'cm', 'f-{n}'], { names });
    await same(p, ['delete', 'cm', 'f-{n}', '--ignore-not-found'], { names });
    await same(p, ['delete', '-f', join(dir, 'm-{n}.yaml'), '--ignore-not-found'], { names });
    await same(p, ['delete', 'cm'], { names });
    await same(p, ['delete'], { names });
    await same(p, ['delete', 'cm', '-l', 'set=nothing'], { names });
  });
});
