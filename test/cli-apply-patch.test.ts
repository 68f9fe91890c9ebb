// Client-side apply's patch computation (src/cli/apply) against the real kubectl 1.25.0 on a real
// `kubette up`: for each case kubectl applies v1, the live object is optionally changed through the
// API (so current ≠ last-applied), kubectl applies v2 with -v=9 and we capture the PATCH body it sent.
// Our patch, computed from the live object before that second apply, must be the same JSON (and the
// same bytes, Go marshals with sorted keys), with the same Content-Type; the last-applied annotation
// must match kubectl's byte for byte; an unchanged apply must send nothing and say "unchanged".
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { apiOnly, api, useCluster } from './helpers/cluster.js';
import { crdYaml } from './helpers/crd.js';
import { client, kubectl125 } from './helpers/tools.js';
import { applyPatchFor, getModifiedConfiguration, getOriginalConfiguration, withApplyAnnotation } from '../src/cli/apply/lastapplied.js';
import { type OpenAPIV2Document, patchMetaForGVK } from '../src/cli/apply/openapimeta.js';
import { MergeConflictError } from '../src/cli/apply/conflicts.js';
import { createThreeWayMergePatch, createTwoWayMergePatch } from '../src/cli/apply/threeway.js';

type Obj = Record<string, any>;

interface Case {
  name: string;
  v1: string;
  v2: string;
  /** Change the live object between the two applies (JSON merge patch through the API). */
  mutate?: Obj;
  /** Create v1 through the API instead of kubectl (no last-applied annotation). */
  createRaw?: boolean;
  unchanged?: boolean;
  /** Keys that must occur in kubectl's patch text (so the case really exercises that directive). */
  shows?: string[];
}

const deploy = (name: string, spec: string, meta = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${meta}spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
${spec}`;

const c1 = (image = 'nginx:1', extra = '') => `      - name: main
        image: ${image}
${extra}`;

const containers = (...cs: string[]) => `      containers:\n${cs.join('')}`;

const cm = (name: string, data: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}}
data: ${data}
`;

const svc = (name: string, ports: string) => `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: ${ports}
`;

const gadget = (name: string, spec: string) => `apiVersion: patchtest.example.com/v1
kind: Gadget
metadata: {name: ${name}}
spec: ${spec}
`;

const crd = crdYaml('patchtest.example.com', 'Gadget', { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } });

const cases: Case[] = [
  { name: 'image change', v1: deploy('d-image', containers(c1('nginx:1'))), v2: deploy('d-image', containers(c1('nginx:2'))) },
  {
    name: 'add a container',
    v1: deploy('d-addc', containers(c1())),
    v2: deploy('d-addc', containers(c1(), '      - {name: side, image: busybox}\n')),
  },
  {
    name: 'remove a container',
    shows: ['{"$patch":"delete","name":"side"}'],
    v1: deploy('d-rmc', containers(c1(), '      - {name: side, image: busybox}\n')),
    v2: deploy('d-rmc', containers(c1())),
  },
  {
    name: 'reorder containers',
    v1: deploy('d-order', containers('      - {name: a, image: busybox}\n', '      - {name: b, image: busybox}\n')),
    v2: deploy('d-order', containers('      - {name: b, image: busybox}\n', '      - {name: a, image: busybox}\n')),
  },
  {
    name: 'add and remove env entries',
    v1: deploy('d-env', containers(c1('nginx:1', '        env: [{name: A, value: "1"}, {name: B, value: "2"}, {name: C, value: "3"}]\n'))),
    v2: deploy('d-env', containers(c1('nginx:1', '        env: [{name: D, value: "4"}, {name: A, value: "1"}, {name: C}]\n'))),
  },
  {
    name: 'remove a label, change another',
    v1: deploy('d-label', containers(c1()), '  labels: {keep: "1", drop: "2", change: a}\n'),
    v2: deploy('d-label', containers(c1()), '  labels: {keep: "1", change: b}\n'),
  },
  {
    name: 'args (a list without strategy) changes',
    v1: deploy('d-args', containers(c1('nginx:1', '        args: ["--a", "--b"]\n'))),
    v2: deploy('d-args', containers(c1('nginx:1', '        args: ["--b", "--c"]\n'))),
  },
  {
    name: 'set and remove fields',
    v1: deploy('d-fields', containers(c1('nginx:1', '        workingDir: /tmp\n')), '').replace('spec:\n  selector', 'spec:\n  replicas: 3\n  selector'),
    v2: deploy('d-fields', containers(c1('nginx:1', '        stdin: true\n')), '').replace('spec:\n  selector', 'spec:\n  minReadySeconds: 5\n  selector'),
  },
  {
    name: 'volumes switch source (retainKeys)',
    v1: deploy('d-vol', containers(c1()) + '      volumes: [{name: data, emptyDir: {}}, {name: cfg, configMap: {name: x}}]\n'),
    v2: deploy('d-vol', containers(c1()) + '      volumes: [{name: data, hostPath: {path: /data}}, {name: cfg, configMap: {name: other}}]\n'),
    shows: ['"$retainKeys":["hostPath","name"]', '"$setElementOrder/volumes"'],
  },
  {
    name: 'deployment strategy to Recreate (retainKeys on a struct)',
    v1: deploy('d-strat', containers(c1())).replace('spec:\n  selector', 'spec:\n  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 2}}\n  selector'),
    v2: deploy('d-strat', containers(c1())).replace('spec:\n  selector', 'spec:\n  strategy: {type: Recreate}\n  selector'),
    shows: ['"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}'],
  },
  {
    name: 'container ports by containerPort',
    v1: deploy('d-ports', containers(c1('nginx:1', '        ports: [{containerPort: 80, name: http}, {containerPort: 443}, {containerPort: 8080}]\n'))),
    v2: deploy('d-ports', containers(c1('nginx:1', '        ports: [{containerPort: 9090}, {containerPort: 80, name: web}, {containerPort: 443}]\n'))),
  },
  {
    name: 'service ports by port',
    v1: svc('s-ports', '[{name: http, port: 80, targetPort: 8080}, {name: https, port: 443}]'),
    v2: svc('s-ports', '[{name: http, port: 80, targetPort: 9090}, {name: metrics, port: 9100}]'),
  },
  { name: 'configmap data key removed', v1: cm('cm-rm', '{a: "1", b: "2", c.d: "x&y<z>"}'), v2: cm('cm-rm', '{a: "1", c.d: "x&y<z>"}') },
  {
    name: 'finalizers: unsorted list re-applied, then one removed',
    v1: cm('cm-fin', '{a: "1"}').replace('name: cm-fin}', 'name: cm-fin, finalizers: [example.com/b, example.com/a, example.com/c]}'),
    v2: cm('cm-fin', '{a: "1"}').replace('name: cm-fin}', 'name: cm-fin, finalizers: [example.com/b, example.com/c]}'),
    shows: ['"$deleteFromPrimitiveList/finalizers":["example.com/a"]', '"$setElementOrder/finalizers":["example.com/b","example.com/c"]'],
  },
  {
    // diffListsOfScalars sorts the live list in place, so an unsorted merge list never compares equal.
    name: 'finalizers: unsorted list, file unchanged, still "configured"',
    v1: cm('cm-fin2', '{a: "1"}').replace('name: cm-fin2}', 'name: cm-fin2, finalizers: [example.com/b, example.com/a]}'),
    v2: cm('cm-fin2', '{a: "1"}').replace('name: cm-fin2}', 'name: cm-fin2, finalizers: [example.com/b, example.com/a]}'),
    shows: ['{"metadata":{"$setElementOrder/finalizers":["example.com/b","example.com/a"]}}'],
  },
  { name: 'custom resource (JSON merge patch)', v1: gadget('g1', '{size: 1, color: red, tags: [a, b], nested: {x: 1, z: 2}}'), v2: gadget('g1', '{size: 2, tags: [b], nested: {x: 1}}') },
  // current ≠ original: someone changed the live object after the last apply.
  {
    name: 'live image changed, file changes env only: image is put back',
    v1: deploy('d-live', containers(c1('nginx:1', '        env: [{name: A, value: "1"}]\n'))),
    v2: deploy('d-live', containers(c1('nginx:1', '        env: [{name: A, value: "2"}]\n'))),
    mutate: { metadata: { labels: { added: 'live' } }, spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:9' }] } } } },
  },
  {
    name: 'a container added live only: $setElementOrder, the extra container kept',
    v1: deploy('d-livec', containers(c1())),
    v2: deploy('d-livec', containers(c1('nginx:2'))),
    mutate: { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1' }, { name: 'extra', image: 'busybox' }] } } } },
  },
  {
    name: 'custom resource changed live',
    v1: gadget('g2', '{size: 1, color: red}'),
    v2: gadget('g2', '{size: 1, color: blue, shape: round}'),
    mutate: { spec: { size: 5, owner: 'someone' } },
  },
  { name: 'no last-applied annotation (created through the API)', v1: cm('cm-raw', '{a: "1"}'), v2: cm('cm-raw', '{a: "1", b: "2"}'), createRaw: true },
  { name: 'unchanged deployment', v1: deploy('d-same', containers(c1('nginx:1', '        ports: [{containerPort: 80}]\n'))), v2: deploy('d-same', containers(c1('nginx:1', '        ports: [{containerPort: 80}]\n'))), unchanged: true },
  { name: 'unchanged custom resource', v1: gadget('g3', '{size: 1}'), v2: gadget('g3', '{size: 1}'), unchanged: true },
];

const RESOURCE: Record<string, [string, boolean]> = {
  Deployment: ['/apis/apps/v1/namespaces/default/deployments', false],
  ConfigMap: ['/api/v1/namespaces/default/configmaps', false],
  Service: ['/api/v1/namespaces/default/services', false],
  Gadget: ['/apis/patchtest.example.com/v1/namespaces/default/gadgets', true],
};

/** The file's object as kubectl's resource builder hands it over: namespace defaulted. */
function fileObject(yaml: string): Obj {
  const o = parseYaml(yaml, { version: '1.1' }) as Obj; // sigs.k8s.io/yaml is YAML 1.1
  o.metadata.namespace ??= 'default';
  return o;
}

const gvkOf = (o: Obj) => {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  return { group, version, kind: o.kind as string };
};

describe('client-side apply patches match kubectl 1.25.0', { concurrency: 4 }, () => {
  const cluster = useCluster({ args: apiOnly });
  let kc: ReturnType<typeof client>;
  let dir: string;
  let doc: OpenAPIV2Document;

  before(async () => {
    const { url, kubeconfig } = cluster();
    kc = client(kubectl125(), kubeconfig);
    dir = mkdtempSync(join(tmpdir(), 'apply-patch-'));
    writeFileSync(join(dir, 'crd.yaml'), crd);
    const r = await kc.run(['apply', '-f', join(dir, 'crd.yaml')]);
    assert.equal(r.code, 0, r.stderr);
    for (let i = 0; i < 100; i++) {
      if ((await api(url, 'GET', RESOURCE.Gadget[0])).status === 200) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    doc = (await api(url, 'GET', '/openapi/v2')).body;
    assert.ok(doc.definitions?.['io.k8s.api.apps.v1.Deployment']);
  });
  after(() => {
    kc?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const c of cases)
    it(c.name, async () => {
      const { url } = cluster();
      const v1 = fileObject(c.v1);
      const v2 = fileObject(c.v2);
      const [base, crdKind] = RESOURCE[v1.kind];
      const path = `${base}/${v1.metadata.name}`;
      writeFileSync(join(dir, `${v1.metadata.name}-1.yaml`), c.v1);
      writeFileSync(join(dir, `${v1.metadata.name}-2.yaml`), c.v2);

      if (c.createRaw) assert.equal((await api(url, 'POST', base, v1)).status, 201);
      else {
        const r1 = await kc.run(['apply', '-f', join(dir, `${v1.metadata.name}-1.yaml`)]);
        assert.equal(r1.code, 0, r1.stderr);
        // The created object's annotation is ours byte for byte; the POST body is what withApplyAnnotation builds.
        const created = (await api(url, 'GET', path)).body;
        assert.equal(getOriginalConfiguration(created), getModifiedConfiguration(v1, false));
        assert.equal((withApplyAnnotation(v1) as Obj).metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], getModifiedConfiguration(v1, false));
      }
      if (c.mutate) {
        const r = await api(url, 'PATCH', path, c.mutate, { 'Content-Type': 'application/merge-patch+json' });
        assert.equal(r.status, 200, r.text);
      }
      const live = (await api(url, 'GET', path)).body as Obj;

      const r2 = await kc.run(['apply', '-f', join(dir, `${v1.metadata.name}-2.yaml`), '-v=9']);
      assert.equal(r2.code, 0, r2.stderr);
      const bodyLine = r2.stderr.split('\n').find((l) => l.includes('] Request Body: '));
      const contentType = /-XPATCH .*-H "Content-Type: ([^"]+)"/.exec(r2.stderr)?.[1];

      const meta = patchMetaForGVK(doc, gvkOf(v2));
      assert.equal(meta === undefined, crdKind);
      const mine = applyPatchFor(live, v2, meta);

      if (c.unchanged) {
        assert.equal(bodyLine, undefined, 'kubectl sent a patch');
        assert.match(r2.stdout, / unchanged\n$/);
        assert.equal(mine.unchanged, true);
        assert.deepEqual(mine.patch, {});
        return;
      }
      assert.ok(bodyLine, `no PATCH body in kubectl's log:\n${r2.stdout}`);
      assert.match(r2.stdout, / configured\n$/);
      const body = bodyLine.slice(bodyLine.indexOf('] Request Body: ') + 16);
      assert.doesNotMatch(body, /\[truncated \d+ chars\]$/);
      assert.deepStrictEqual(mine.patch, JSON.parse(body));
      assert.equal(mine.body, body);
      for (const s of c.shows ?? []) assert.ok(body.includes(s), `${s} not in ${body}`);
      assert.equal(mine.unchanged, false);
      assert.equal(contentType, mine.patchType === 'strategic' ? 'application/strategic-merge-patch+json' : 'application/merge-patch+json');

      const after = (await api(url, 'GET', path)).body as Obj;
      assert.equal(getOriginalConfiguration(after), getModifiedConfiguration(v2, false));
    });

  it('--overwrite=false: any change since the last apply (the annotation included) is a conflict', async () => {
    const { url } = cluster();
    const path = `${RESOURCE.Deployment[0]}/d-ow`;
    const file = (image: string, label: string) => deploy('d-ow', containers(c1(image)), `  labels: {l: ${label}}\n`);
    writeFileSync(join(dir, 'ow-1.yaml'), file('nginx:1', 'a'));
    assert.equal((await kc.run(['apply', '-f', join(dir, 'ow-1.yaml')])).code, 0);
    await api(url, 'PATCH', path, { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:9' }] } } } }, { 'Content-Type': 'application/merge-patch+json' });
    const live = (await api(url, 'GET', path)).body as Obj;
    const meta = patchMetaForGVK(doc, { group: 'apps', version: 'v1', kind: 'Deployment' })!;
    const original = JSON.parse(getOriginalConfiguration(live)!);
    const modified = (yaml: string) => JSON.parse(getModifiedConfiguration(fileObject(yaml), true));

    writeFileSync(join(dir, 'ow-2.yaml'), file('nginx:2', 'a'));
    const conflict = await kc.run(['apply', '--overwrite=false', '-f', join(dir, 'ow-2.yaml')]);
    assert.notEqual(conflict.code, 0);
    assert.match(conflict.stderr, /conflicts with changes made from original to current/);
    assert.throws(() => createThreeWayMergePatch(original, modified(file('nginx:2', 'a')), live, meta, { overwrite: false }), MergeConflictError);

    // Even a change the live object did not touch conflicts: the last-applied annotation itself
    // changed from original (which never holds it) to current.
    writeFileSync(join(dir, 'ow-3.yaml'), file('nginx:9', 'b'));
    const alsoConflict = await kc.run(['apply', '--overwrite=false', '-f', join(dir, 'ow-3.yaml')]);
    assert.notEqual(alsoConflict.code, 0);
    assert.match(alsoConflict.stderr, /conflicts with changes made from original to current/);
    assert.throws(() => createThreeWayMergePatch(original, modified(file('nginx:9', 'b')), live, meta, { overwrite: false }), MergeConflictError);
    // Without the conflict check the same inputs make a patch.
    assert.ok(createThreeWayMergePatch(original, modified(file('nginx:9', 'b')), live, meta).metadata);
  });

  it('the annotation escapes like Go and sorts keys', () => {
    const o = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x', namespace: 'default' }, data: { 'b<': 'a&b>\u2028\u0001\b', a: '\u{1F600}é' } };
    assert.equal(
      getModifiedConfiguration(o, false),
      '{"apiVersion":"v1","data":{"a":"\u{1F600}é","b\\u003c":"a\\u0026b\\u003e\\u2028\\u0001\\u0008"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"x","namespace":"default"}}\n',
    );
  });

  it('two-way patch (edit) keeps order and deletions', () => {
    const meta = patchMetaForGVK(doc, { group: 'apps', version: 'v1', kind: 'Deployment' })!;
    const a = fileObject(deploy('e', containers('      - {name: a, image: x, env: [{name: A, value: "1"}]}\n', '      - {name: b, image: y}\n')));
    const b = fileObject(deploy('e', containers('      - {name: b, image: y}\n', '      - {name: a, image: z}\n')));
    assert.deepStrictEqual(createTwoWayMergePatch(a, b, meta), {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }],
            containers: [{ name: 'a', image: 'z', env: null }],
          },
        },
      },
    });
  });
});
