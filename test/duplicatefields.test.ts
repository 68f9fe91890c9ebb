// Repeated keys under fieldValidation, as kube-apiserver 1.25's strict decoding reports them: the
// scanner and YAML walker on their own, then over HTTP against `kubette up` for create, update,
// merge / strategic merge / JSON patches, YAML bodies, custom resources, and kubectl --raw. The
// bodies and expected texts are those of upstream's test/integration/apiserver/field_validation_test.go.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { goMarshalOrder, jsonPatchIssues, parseJsonMergingRepeats, scanJson, yamlDuplicates, yamlUnmarshalErrors } from '../src/apiserver/duplicates.js';
import { goJson, goSprint } from '../src/apiserver/fieldcheck.js';
import { api, apiOnly, startCluster, type Cluster } from './helpers/cluster.js';
import { client, kubectl125, kubectlVersion } from './helpers/tools.js';

const invalidBodyJSON = (name: string) => `
{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {
    "name": "dupename",
    "name": "${name}",
    "labels": {"app": "nginx"},
    "unknownMeta": "metaVal"
  },
  "spec": {
    "unknown1": "val1",
    "unknownDupe": "valDupe",
    "unknownDupe": "valDupe2",
    "paused": true,
    "paused": false,
    "selector": {"matchLabels": {"app": "nginx"}},
    "template": {
      "metadata": {"labels": {"app": "nginx"}},
      "spec": {
        "containers": [{
          "name":  "nginx",
          "image": "nginx:latest",
          "unknownNested": "val1",
          "imagePullPolicy": "Always",
          "imagePullPolicy": "Never"
        }]
      }
    }
  }
}`;

const invalidBodyYAML = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dupename
  name: ${name}
  unknownMeta: metaVal
  labels:
    app: nginx
spec:
  unknown1: val1
  unknownDupe: valDupe
  unknownDupe: valDupe2
  paused: true
  paused: false
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:latest
        unknownNested: val1
        imagePullPolicy: Always
        imagePullPolicy: Never`;

const mergePatchBody = `{
  "spec": {
    "unknown1": "val1",
    "unknownDupe": "valDupe",
    "unknownDupe": "valDupe2",
    "paused": true,
    "paused": false,
    "template": {
      "spec": {
        "containers": [{
          "name": "nginx",
          "image": "nginx:latest",
          "unknownNested": "val1",
          "imagePullPolicy": "Always",
          "imagePullPolicy": "Never"
        }]
      }
    }
  }
}`;

const jsonPatchBody = `[
  {"op": "add", "path": "/spec/unknown1", "value": "val1", "foo":"bar"},
  {"op": "add", "path": "/spec/unknown2", "path": "/spec/unknown3", "value": "val1"},
  {"op": "add", "path": "/spec/unknownDupe", "value": "valDupe"},
  {"op": "add", "path": "/spec/unknownDupe", "value": "valDupe2"},
  {"op": "add", "path": "/spec/paused", "value": true},
  {"op": "add", "path": "/spec/paused", "value": false},
  {"op": "add", "path": "/spec/template/spec/containers/0/unknownNested", "value": "val1"},
  {"op": "add", "path": "/spec/template/spec/containers/0/imagePullPolicy", "value": "Always"},
  {"op": "add", "path": "/spec/template/spec/containers/0/imagePullPolicy", "value": "Never"}
]`;

const JSON_STRICT = [
  'duplicate field "metadata.name"',
  'unknown field "metadata.unknownMeta"',
  'unknown field "spec.unknown1"',
  'unknown field "spec.unknownDupe"',
  'duplicate field "spec.paused"',
  'unknown field "spec.template.spec.containers[0].unknownNested"',
  'duplicate field "spec.template.spec.containers[0].imagePullPolicy"',
];
const YAML_LINES = ['line 5: key "name" already set in map', 'line 12: key "unknownDupe" already set in map', 'line 14: key "paused" already set in map', 'line 28: key "imagePullPolicy" already set in map'];
const YAML_UNKNOWN = ['unknown field "metadata.unknownMeta"', 'unknown field "spec.template.spec.containers[0].unknownNested"', 'unknown field "spec.unknown1"', 'unknown field "spec.unknownDupe"'];
const PATCH_WARNINGS = [
  'duplicate field "spec.unknownDupe"',
  'duplicate field "spec.paused"',
  'duplicate field "spec.template.spec.containers[0].imagePullPolicy"',
  'unknown field "spec.template.spec.containers[0].unknownNested"',
  'unknown field "spec.unknown1"',
  'unknown field "spec.unknownDupe"',
];
const JSON_PATCH_WARNINGS = [
  'json patch unknown field "[0].foo"',
  'json patch duplicate field "[1].path"',
  'unknown field "spec.template.spec.containers[0].unknownNested"',
  'unknown field "spec.unknown1"',
  'unknown field "spec.unknown3"',
  'unknown field "spec.unknownDupe"',
];

/** The texts of `Warning: 299 - "..."` headers, in order. */
function warningsOf(h: Headers): string[] {
  const raw = h.get('warning');
  if (!raw) return [];
  return [...raw.matchAll(/299 - ("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]!) as string);
}

describe('the JSON scanner', () => {
  it('finds repeated keys with strict-decoding paths, each path once, in document order', () => {
    const text = '{"a":1,"b":{"c":[{"d":1,"d":2,"d":3},[{"e":0,"e":0}]],"m":{"x\\"y":1,"x\\"y":2}},"a":2}';
    const scan = scanJson(text);
    assert.deepEqual(
      scan.duplicates.map((d) => d.path),
      ['b.c[0].d', 'b.c[1][0].e', 'b.m.x"y', 'a'],
    );
    assert.equal(text.slice(scan.duplicates[3]!.offset, scan.duplicates[3]!.offset + 3), '"a"', 'offsets point at the repeated key');
    assert.equal(scan.firstOffset.get('a'), 1);
    assert.equal(scan.firstOffset.get('b.c[0].d'), text.indexOf('"d"'));
  });

  it('is not fooled by braces, quotes and commas inside strings, nor by keys of different objects', () => {
    const scan = scanJson('{"s":"{\\"s\\":1,}","t":["a,b","c"],"o":[{"k":1},{"k":2}],"p":{"k":1},"q":{"k":1}}');
    assert.deepEqual(scan.duplicates, []);
    assert.deepEqual([...scan.firstOffset.keys()], ['s', 't', 'o', 'o[0].k', 'o[1].k', 'p', 'p.k', 'q', 'q.k']);
  });

  it('copes with deep nesting without recursion', () => {
    const depth = 100_000;
    const text = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    assert.deepEqual(scanJson(text).duplicates, []);
    const withDup = `{"x":${'['.repeat(depth)}{"k":1,"k":2}${']'.repeat(depth)}}`;
    assert.equal(scanJson(withDup).duplicates[0]!.path, `x${'[0]'.repeat(depth)}.k`);
  });
});

describe("Go's decoding of repeated keys", () => {
  it('merges repeated objects, the last scalar or list wins', () => {
    const got = parseJsonMergingRepeats('{"metadata":{"name":"a","labels":{"x":"1"}},"spec":{"n":1,"l":[1,2]},"metadata":{"labels":{"y":"2"},"name":"b"},"spec":{"l":[3]}}');
    assert.deepEqual(got, { metadata: { name: 'b', labels: { x: '1', y: '2' } }, spec: { n: 1, l: [3] } });
  });

  it('equals JSON.parse on documents without repeats, and keeps "__proto__" a plain key', () => {
    const doc = { a: [1, -2.5e3, true, false, null, 'x\\"y\u00e9', { b: [] }], c: {}, d: '' };
    const text = JSON.stringify(doc, null, 2);
    assert.deepEqual(parseJsonMergingRepeats(text), JSON.parse(text));
    const proto = parseJsonMergingRepeats('{"__proto__":{"x":1},"__proto__":{"y":2}}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(proto), ['__proto__']);
    assert.equal(Object.getPrototypeOf(proto), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(proto, '__proto__')!.value, { x: 1, y: 2 });
  });
});

describe('YAML repeated keys', () => {
  it("reports go-yaml's lines for upstream's body", () => {
    assert.deepEqual(yamlDuplicates(invalidBodyYAML('x')), YAML_LINES);
    assert.equal(yamlUnmarshalErrors(YAML_LINES.slice(0, 2)), 'yaml: unmarshal errors:\n  line 5: key "name" already set in map\n  line 12: key "unknownDupe" already set in map');
  });

  it('names the line of the value, reports repeats inside a value first, and tells 1 from "1"', () => {
    const text = 'a:\n  x: 1\na:\n  y: 1\n  y: 2\n1: a\n"1": b\n1: c\nl:\n- k: 1\n  k: 2\n';
    assert.deepEqual(yamlDuplicates(text), ['line 5: key "y" already set in map', 'line 4: key "a" already set in map', 'line 8: key 1 already set in map', 'line 11: key "k" already set in map']);
    assert.deepEqual(yamlDuplicates('a: 1\nb: 2\n'), []);
  });
});

describe('JSON patch operations and orderings', () => {
  it('reports unknown and repeated operation fields like patch.go', () => {
    assert.deepEqual(jsonPatchIssues(jsonPatchBody), ['json patch unknown field "[0].foo"', 'json patch duplicate field "[1].path"']);
    assert.deepEqual(jsonPatchIssues('[{"op":"add","path":"/a","value":{"k":1,"k":2},"x":1,"x":2}]'), ['json patch duplicate field "[0].value.k"', 'json patch unknown field "[0].x"']);
  });

  it('orders paths as Go meets them in re-marshalled JSON', () => {
    assert.deepEqual(goMarshalOrder(['spec.unknownDupe', 'spec.unknown1', 'metadata.z', 'spec.template.spec.containers[10].a', 'spec.template.spec.containers[2].b', 'a-b', 'a.b']), [
      'a.b',
      'a-b',
      'metadata.z',
      'spec.template.spec.containers[2].b',
      'spec.template.spec.containers[10].a',
      'spec.unknown1',
      'spec.unknownDupe',
    ]);
  });

  it("prints bad values as Go does: %+v of a patch map, json.Marshal of a patched object", () => {
    assert.equal(goSprint({ spec: { paused: false, n: 3, f: 0.5, big: 1234567.5, l: ['a', 'b'], z: null } }), 'map[spec:map[big:1.2345675e+06 f:0.5 l:[a b] n:3 paused:false z:<nil>]]');
    assert.equal(goJson({ b: '<&>', a: [{ d: 1, c: 2 }] }), '{"a":[{"c":2,"d":1}],"b":"\\u003c\\u0026\\u003e"}');
  });
});

// ---------------------------------------------------------------------------------------------

const deployPath = (name = '') => `/apis/apps/v1/namespaces/default/deployments${name ? `/${name}` : ''}`;
const JSON_CT = { 'Content-Type': 'application/json' };

describe('repeated keys over HTTP against kubette up', () => {
  let cluster: Cluster;
  let base: string;
  before(async () => {
    cluster = await startCluster({ args: apiOnly }); // no controller rewrites the Deployments between GET and PUT
    base = cluster.url;
  });
  after(async () => {
    await cluster.stop();
    cluster.cleanup();
  });

  it('POST: Strict is a 400 listing repeats and unknown fields in document order; nothing is stored', async () => {
    const r = await api(base, 'POST', `${deployPath()}?fieldValidation=Strict`, invalidBodyJSON('post-strict'), JSON_CT);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.reason, 'BadRequest');
    assert.equal(r.body.message, `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ${JSON_STRICT.join(', ')}`);
    assert.equal((await api(base, 'GET', deployPath('post-strict'))).status, 404);
  });

  it('POST: Warn (and the default) warn in that order and store the last values; Ignore is silent', async () => {
    for (const [q, name] of [['?fieldValidation=Warn', 'post-warn'], ['', 'post-default'], ['?fieldValidation=Ignore', 'post-ignore']] as const) {
      const r = await api(base, 'POST', `${deployPath()}${q}`, invalidBodyJSON(name), JSON_CT);
      assert.equal(r.status, 201, r.text);
      assert.deepEqual(warningsOf(r.headers), q.includes('Ignore') ? [] : JSON_STRICT, q);
      assert.equal(r.body.metadata.name, name, 'the last metadata.name wins');
      assert.equal(r.body.spec.template.spec.containers[0].imagePullPolicy, 'Never');
      assert.notEqual(r.body.spec.paused, true, 'the last paused (false) wins');
      assert.equal(r.body.spec.unknown1, undefined);
    }
  });

  it("a repeated object merges into the earlier one, as Go's typed decoding does", async () => {
    const body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"merged","labels":{"a":"1"}},"data":{"x":"1"},"metadata":{"labels":{"b":"2"}},"data":{"y":"2"}}';
    const r = await api(base, 'POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', body, JSON_CT);
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(warningsOf(r.headers), ['duplicate field "metadata"', 'duplicate field "data"']);
    assert.equal(r.body.metadata.name, 'merged');
    assert.deepEqual(r.body.metadata.labels, { a: '1', b: '2' });
    assert.deepEqual(r.body.data, { x: '1', y: '2' });
  });

  it('PUT reports the same', async () => {
    const current = (await api(base, 'GET', deployPath('post-warn'))).body;
    const body = invalidBodyJSON('post-warn').replace('"kind": "Deployment",', `"kind": "Deployment", "metadata": {"resourceVersion": "${current.metadata.resourceVersion}"},`);
    const strict = await api(base, 'PUT', `${deployPath('post-warn')}?fieldValidation=Strict`, body, JSON_CT);
    assert.equal(strict.status, 400, strict.text);
    assert.equal(strict.body.message, `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: duplicate field "metadata", ${JSON_STRICT.join(', ')}`);
    const warn = await api(base, 'PUT', `${deployPath('post-warn')}?fieldValidation=Warn`, body, JSON_CT);
    assert.equal(warn.status, 200, warn.text);
    assert.deepEqual(warningsOf(warn.headers), ['duplicate field "metadata"', ...JSON_STRICT]);
  });

  it("YAML bodies: go-yaml's line errors, then unknown fields in sorted-key order", async () => {
    const yaml = { 'Content-Type': 'application/yaml' };
    const strict = await api(base, 'POST', `${deployPath()}?fieldValidation=Strict`, invalidBodyYAML('yaml-strict'), yaml);
    assert.equal(strict.status, 400, strict.text);
    assert.equal(strict.body.message, `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ${yamlUnmarshalErrors(YAML_LINES)}, ${YAML_UNKNOWN.join(', ')}`);
    const warn = await api(base, 'POST', `${deployPath()}?fieldValidation=Warn`, invalidBodyYAML('yaml-warn'), yaml);
    assert.equal(warn.status, 201, warn.text);
    assert.deepEqual(warningsOf(warn.headers), [...YAML_LINES, ...YAML_UNKNOWN]);
    assert.equal(warn.body.spec.template.spec.containers[0].imagePullPolicy, 'Never');
    const ignore = await api(base, 'POST', `${deployPath()}?fieldValidation=Ignore`, invalidBodyYAML('yaml-ignore'), yaml);
    assert.equal(ignore.status, 201, ignore.text);
    assert.deepEqual(warningsOf(ignore.headers), []);
  });

  for (const [type, body, warnings] of [
    ['application/merge-patch+json', mergePatchBody, PATCH_WARNINGS],
    ['application/strategic-merge-patch+json', mergePatchBody, PATCH_WARNINGS],
    ['application/json-patch+json', jsonPatchBody, JSON_PATCH_WARNINGS],
  ] as const) {
    it(`PATCH ${type}: the patch's repeats, then the result's unknown fields; Strict is a 422 on "patch"`, async () => {
      const name = `patch-${type.split('/')[1]!.split('+')[0]}`;
      assert.equal((await api(base, 'POST', deployPath(), invalidBodyJSON(name), JSON_CT)).status, 201);
      const strict = await api(base, 'PATCH', `${deployPath(name)}?fieldValidation=Strict`, body, { 'Content-Type': type });
      assert.equal(strict.status, 422, strict.text);
      assert.equal(strict.body.reason, 'Invalid');
      assert.ok(strict.body.message.startsWith(' "" is invalid: patch: Invalid value: "'), strict.body.message);
      assert.ok(strict.body.message.endsWith(`": strict decoding error: ${warnings.join(', ')}`), strict.body.message);
      assert.deepEqual(Object.keys(strict.body.details), ['causes'], 'no kind or name: the request itself is invalid');
      assert.equal(strict.body.details.causes[0].field, 'patch');
      if (type.startsWith('application/strategic')) assert.match(strict.body.message, /Invalid value: "map\[spec:map\[paused:false template:map\[spec:map\[containers:\[map\[image:nginx:latest imagePullPolicy:Never name:nginx unknownNested:val1\]\]\]\] unknown1:val1 unknownDupe:valDupe2\]\]"/);
      else assert.match(strict.body.message, /Invalid value: "\{\\"apiVersion\\":\\"apps\/v1\\",\\"kind\\":\\"Deployment\\",\\"metadata\\":\{/);
      const warn = await api(base, 'PATCH', `${deployPath(name)}?fieldValidation=Warn`, body, { 'Content-Type': type });
      assert.equal(warn.status, 200, warn.text);
      assert.deepEqual(warningsOf(warn.headers), warnings);
      assert.equal(warn.body.spec.template.spec.containers[0].imagePullPolicy, 'Never');
      const ignore = await api(base, 'PATCH', `${deployPath(name)}?fieldValidation=Ignore`, body, { 'Content-Type': type });
      assert.equal(ignore.status, 200, ignore.text);
      assert.deepEqual(warningsOf(ignore.headers), []);
    });
  }

  it('custom resources: every repeat first (maps have no unknown keys), then the pruned fields', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'dupes.dup.example.com' },
      spec: {
        group: 'dup.example.com',
        scope: 'Namespaced',
        names: { plural: 'dupes', singular: 'dupe', kind: 'Dupe' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { knownField1: { type: 'string' }, ports: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, hostPort: { type: 'integer' } } } } } } } } },
          },
        ],
      },
    };
    assert.equal((await api(base, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).status, 201);
    const path = '/apis/dup.example.com/v1/namespaces/default/dupes';
    const deadline = Date.now() + 10_000;
    while ((await api(base, 'GET', path)).status !== 200) {
      assert.ok(Date.now() < deadline, 'the CRD is served');
      await new Promise((r) => setTimeout(r, 50));
    }
    const body = `{"apiVersion":"dup.example.com/v1","kind":"Dupe","metadata":{"name":"dupename","name":"cr1","unknownMeta":"x"},
      "spec":{"unknown1":"val1","unknownDupe":"a","unknownDupe":"b","knownField1":"val1","knownField1":"val2",
      "ports":[{"name":"p","hostPort":8081,"hostPort":8082,"unknownNested":"val"}]}}`;
    const strict = await api(base, 'POST', `${path}?fieldValidation=Strict`, body, JSON_CT);
    assert.equal(strict.status, 400, strict.text);
    assert.equal(
      strict.body.message,
      'Dupe in version "v1" cannot be handled as a Dupe: strict decoding error: duplicate field "metadata.name", duplicate field "spec.unknownDupe", duplicate field "spec.knownField1", duplicate field "spec.ports[0].hostPort", unknown field "metadata.unknownMeta", unknown field "spec.ports[0].unknownNested", unknown field "spec.unknown1", unknown field "spec.unknownDupe"',
    );
    const warn = await api(base, 'POST', `${path}?fieldValidation=Warn`, body, JSON_CT);
    assert.equal(warn.status, 201, warn.text);
    assert.equal(warningsOf(warn.headers).length, 8);
    assert.equal(warn.body.spec.knownField1, 'val2');
    assert.equal(warn.body.spec.ports[0].hostPort, 8082);
  });

  for (const [label, bin] of [
    ['kubectl 1.25.0', kubectl125],
    ['kubectl 1.33', () => kubectlVersion(33)],
  ] as const) {
    it(`${label} create --raw sends the bytes as they are and prints the server's words`, async () => {
      const k = client(bin(), cluster.kubeconfig);
      try {
        const file = join(k.home, 'dup.json');
        const name = `raw-${label.includes('1.25') ? 25 : 33}`;
        writeFileSync(file, invalidBodyJSON(name));
        const strict = await k.run(['create', '--raw', `${deployPath()}?fieldValidation=Strict`, '-f', file]);
        assert.equal(strict.code, 1);
        assert.equal(strict.stderr.trim(), `Error from server (BadRequest): Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ${JSON_STRICT.join(', ')}`);
        const warn = await k.run(['create', '--raw', `${deployPath()}?fieldValidation=Warn`, '-f', file]);
        assert.equal(warn.code, 0, warn.stderr);
        assert.deepEqual(warn.stderr.trim().split('\n'), JSON_STRICT.map((w) => `Warning: ${w}`));
        assert.equal(JSON.parse(warn.stdout).metadata.name, name);
      } finally {
        k.cleanup();
      }
    });
  }
});
