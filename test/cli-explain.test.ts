// Differential tests of `kubette kubectl explain`: each command runs through our CLI and the real
// kubectl 1.25.0 against one server (built-in kinds and two CRDs with published schemas), and stdout
// and exit code must be identical; for failures stderr too.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { api, apiOnly, useCluster } from './helpers/cluster.js';
import { type DiffResult, type Pair, pair, same } from './helpers/differential.js';

const widgets = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            description: 'A Widget is a thing.\n\nIt has parts:\n- one\n- two',
            properties: {
              spec: {
                type: 'object',
                description: 'The desired state of the widget, which is quite a long description that should wrap across more than one line in the output.',
                required: ['size'],
                properties: {
                  size: { type: 'integer', description: 'How big.' },
                  color: { type: 'string', enum: ['red', 'blue'] },
                  tags: { type: 'array', items: { type: 'string' } },
                  labels: { type: 'object', additionalProperties: { type: 'string' } },
                  port: { 'x-kubernetes-int-or-string': true },
                  raw: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  parts: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, count: { type: 'number' } } } },
                },
              },
              status: { type: 'object', properties: { ok: { type: 'boolean' } } },
            },
          },
        },
      },
    ],
  },
};

/** A description written to hit every rule of kubectl's re-flow (breaks kept or joined, bytes not characters). */
const QUIRKY =
  'First paragraph without break\n\nSecond paragraph: the blank line before it is dropped because nothing was flushed yet.\n\n' +
  'Third after blank:\nnext line joins? Ends with colon:\nbroken here\n1. bullet one continues onto\nthe next source line\n- dash bullet\n* star bullet\n' +
  '    code block   kept as is  \n\n\nÜnïcödé wörds çount by bytes, so this line wraps a little earlier than plain ASCII text would do it\n' +
  'Averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongwordthatexceedsthewidth and more\ttabs\there';

const gadgets = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.toys.example.com' },
  spec: {
    group: 'toys.example.com',
    names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
    scope: 'Cluster',
    versions: [
      { name: 'v1beta1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', description: 'Old one.' } } } } },
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            description: QUIRKY,
            required: ['spec'],
            properties: {
              spec: {
                type: 'object',
                required: ['mode'],
                properties: {
                  mode: { type: 'string', description: '    starts as code' },
                  empty: { type: 'object', properties: {} },
                  nested: { type: 'array', items: { type: 'array', items: { type: 'object', additionalProperties: { type: 'integer' } } } },
                },
              },
            },
          },
        },
      },
    ],
  },
};

async function waitFor(what: string, fn: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('kubectl explain (differential against kubectl 1.25.0)', () => {
  const cluster = useCluster({ args: apiOnly });
  let p: Pair;
  before(async () => {
    const { url, kubeconfig } = cluster();
    p = pair(kubeconfig);
    for (const crd of [widgets, gadgets]) assert.equal((await api(url, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).status, 201);
    await waitFor('CRD schemas in /openapi/v2', async () => {
      const doc = (await api(url, 'GET', '/openapi/v2')).body as { definitions?: Record<string, unknown> } | undefined;
      const names = Object.keys(doc?.definitions ?? {});
      return names.includes('com.example.v1.Widget') && names.includes('com.example.toys.v1.Gadget') && names.includes('com.example.toys.v1beta1.Gadget');
    });
  });
  after(() => p.cleanup());

  /** Several commands at once (each pair of runs is sequential, so the clients never race on one cache). */
  const all = (cases: string[][]): Promise<DiffResult[]> => Promise.all(cases.map((c) => same(p, ['explain', ...c])));

  it('a kind, its fields, and fields reached through $ref', async () => {
    const rs = await all([['pods'], ['pods.spec'], ['pods.spec.containers'], ['deployment.spec.template'], ['pod.spec'], ['PODS'], ['pods.']]);
    const pods = rs[0]!.ours.stdout;
    assert.match(pods, /^KIND: {5}Pod\nVERSION: {2}v1\n\nDESCRIPTION:\n {5}Pod is a collection/);
    assert.match(pods, /\nFIELDS:\n {3}apiVersion\t<string>\n {5}APIVersion defines/);
    assert.match(rs[2]!.ours.stdout, /RESOURCE: containers <\[\]Object>\n/);
    assert.match(rs[2]!.ours.stdout, /\n {3}name\t<string> -required-\n/);
    assert.match(rs[3]!.ours.stdout, /^KIND: {5}Deployment\nVERSION: {2}apps\/v1\n\nRESOURCE: template <Object>\n/);
  });

  it('primitive, map, array and free-form fields', async () => {
    const rs = await all([
      ['pods.metadata.name'],
      ['pods.metadata.labels'],
      ['pods.spec.containers.command'],
      ['svc.spec.ports.port'],
      ['pods.spec.containers.name.foo'],
      ['pods.metadata.managedFields'],
      ['pods.metadata.managedFields.fieldsV1'],
      ['pods.spec.nodeSelector'],
    ]);
    assert.match(rs[0]!.ours.stdout, /\nFIELD: {4}name <string>\n\nDESCRIPTION:\n/);
    assert.match(rs[1]!.ours.stdout, /FIELD: {4}labels <map\[string\]string>/);
    assert.match(rs[2]!.ours.stdout, /FIELD: {4}command <\[\]string>/);
    assert.match(rs[3]!.ours.stdout, /FIELD: {4}port <integer>/);
    assert.match(rs[5]!.ours.stdout, /\n {3}fieldsV1\t<map\[string\]>\n/);
  });

  it('--api-version and group-qualified types', async () => {
    await all([
      ['deploy', '--api-version=apps/v1'],
      ['deployments.apps'],
      ['deployments.apps.spec'],
      ['rs.spec'],
      ['ev'],
      ['deployments.apps', '--api-version=apps/v1'],
      ['deploy.apps'],
      ['events.events.k8s.io'],
    ]);
  });

  it('--recursive', async () => {
    const rs = await all([['pods', '--recursive'], ['deployment.spec', '--recursive'], ['crd.spec.versions.schema.openAPIV3Schema', '--recursive']]);
    assert.match(rs[0]!.ours.stdout, /\n {3}spec\t<Object>\n {6}activeDeadlineSeconds\t<integer>\n/);
  });

  it('custom resources with published schemas', async () => {
    const rs = await all([
      ['widgets'],
      ['widgets.spec'],
      ['wd.spec.parts'],
      ['widgets.spec.port'],
      ['widgets.spec.raw'],
      ['widgets', '--recursive'],
      ['widgets.example.com.spec'],
      ['gadgets'],
      ['gadgets.spec'],
      ['gadgets.spec', '--recursive'],
      ['gadgets.spec.nested'],
      ['gadgets.spec.mode'],
      ['gadgets', '--api-version=toys.example.com/v1beta1'],
    ]);
    assert.match(rs[1]!.ours.stdout, /\n {3}size\t<integer> -required-\n {5}How big\.\n/);
    assert.match(rs[7]!.ours.stdout, /\n {5}First paragraph without break\n {5}Second paragraph/);
  });

  it('errors: unknown type or field, bad arguments and versions (stderr too)', async () => {
    const rs = await all([
      ['foos'],
      ['Foo.spec'],
      ['pods.nope'],
      ['pods..spec'],
      [],
      ['pods', 'extra'],
      ['deploy', '--api-version=apps/v2'],
      ['pods', '--api-version=a/b/c'],
      ['deploy', '--api-version=apps'],
    ]);
    for (const r of rs) {
      assert.equal(r.ours.code, 1);
      assert.equal(r.ours.stderr, r.kubectl.stderr);
    }
    assert.equal(rs[0]!.ours.stderr, 'the server doesn\'t have a resource type "foos"\n');
    assert.equal(rs[2]!.ours.stderr, 'error: field "nope" does not exist\n');
    assert.match(rs[4]!.ours.stderr, /^error: You must specify the type of resource to explain\. Use "kubectl api-resources"/);
    assert.equal(rs[6]!.ours.stderr, 'error: couldn\'t find resource for "apps/v2, Kind=Deployment"\n');
  });

  it('keeps the OpenAPI document in the HTTP cache and revalidates it', async () => {
    const first = await same(p, ['explain', 'cm']);
    const cached = readdirSync(join(p.ours.home, '.kube', 'cache', 'http'));
    assert.ok(cached.length > 0, 'the spec is cached under ~/.kube/cache/http');
    const again = await p.ours.run(['explain', 'cm']);
    assert.equal(again.stdout, first.kubectl.stdout);
  });
});
