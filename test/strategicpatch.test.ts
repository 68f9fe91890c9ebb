// Strategic merge patch against the real generated v1.25 definitions: every directive and patch
// strategy kubectl's patches rely on, the ordering rules, and upstream's error texts and kinds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definition, definitionNameFor } from '../src/api/openapi/definitions.js';
import { patchMetaFor, strategicMergePatch, StrategicMergePatchError, type SmpErrorKind } from '../src/machinery/strategicpatch.js';

type Obj = Record<string, any>;

const meta = (group: string, version: string, kind: string) => {
  const name = definitionNameFor(group, version, kind);
  assert.ok(name, `no definition for ${group}/${version}/${kind}`);
  return patchMetaFor(name, definition);
};
const deployMeta = meta('apps', 'v1', 'Deployment');
const podMeta = meta('', 'v1', 'Pod');

const smpDeploy = (orig: Obj, patch: Obj) => strategicMergePatch(orig, patch, deployMeta) as Obj;
const smpPod = (orig: Obj, patch: Obj) => strategicMergePatch(orig, patch, podMeta) as Obj;

function deployment(containers: Obj[], extra: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers, ...extra } },
    },
  };
}
const tmplSpec = (patch: Obj) => ({ spec: { template: { spec: patch } } });
const names = (list: Obj[]) => list.map((x) => x.name);

function throwsSmp(fn: () => unknown, kind: SmpErrorKind, message: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof StrategicMergePatchError, `not a StrategicMergePatchError: ${String(err)}`);
    assert.equal(err.kind, kind);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

describe('maps and structs', () => {
  it('merges key by key and null deletes a label', () => {
    const out = smpDeploy(deployment([{ name: 'a', image: 'i' }]), { metadata: { labels: { tier: null, env: 'prod' } }, spec: { replicas: 3 } });
    assert.deepEqual(out.metadata.labels, { app: 'web', env: 'prod' });
    assert.equal(out.spec.replicas, 3);
    assert.equal(out.spec.template.spec.containers[0].image, 'i', 'untouched fields stay');
  });

  it('a null for an absent key is ignored, and nulls inside a new value are dropped', () => {
    const orig = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'i' }] } };
    const out = smpPod(orig, { metadata: { missing: null, annotations: { a: '1', b: null } } });
    assert.deepEqual(out.metadata, { name: 'p', annotations: { a: '1' } });
  });

  it('$patch: replace on a map replaces it; $patch: delete empties it', () => {
    const orig = deployment([{ name: 'a', image: 'i' }]);
    assert.deepEqual(smpDeploy(orig, { metadata: { labels: { $patch: 'replace', only: 'me' } } }).metadata.labels, { only: 'me' });
    assert.deepEqual(smpDeploy(orig, { metadata: { labels: { $patch: 'delete' } } }).metadata.labels, {});
  });

  it('$patch: replace at the top replaces the whole object', () => {
    const out = smpDeploy(deployment([{ name: 'a', image: 'i' }]), { $patch: 'replace', kind: 'Deployment', metadata: { name: 'web' } });
    assert.deepEqual(out, { kind: 'Deployment', metadata: { name: 'web' } });
  });

  it('patchStrategy replace: a PodDisruptionBudget selector is replaced whole', () => {
    const pdb = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'b' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'a', tier: 't' }, matchExpressions: [{ key: 'k', operator: 'Exists' }] } },
    };
    const out = strategicMergePatch(pdb, { spec: { selector: { matchLabels: { app: 'b' } } } }, meta('policy', 'v1', 'PodDisruptionBudget')) as Obj;
    assert.deepEqual(out.spec.selector, { matchLabels: { app: 'b' } });
    assert.equal(out.spec.minAvailable, 1);
    // Without the strategy (a Deployment's selector) the same patch merges.
    const d = smpDeploy(deployment([{ name: 'a', image: 'i' }]), { spec: { selector: { matchLabels: { extra: 'x' } } } });
    assert.deepEqual(d.spec.selector.matchLabels, { app: 'web', extra: 'x' });
  });

  it('$retainKeys on a struct (deployment strategy) clears the keys it does not list', () => {
    const orig = deployment([{ name: 'a', image: 'i' }]);
    const out = smpDeploy(orig, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } });
    assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
    // Without the directive the server-defaulted rollingUpdate would survive.
    const plain = smpDeploy(orig, { spec: { strategy: { type: 'Recreate' } } });
    assert.deepEqual(plain.spec.strategy.rollingUpdate, { maxSurge: '25%', maxUnavailable: '25%' });
  });

  it('does not modify its inputs', () => {
    const orig = deployment([{ name: 'a', image: 'i', env: [{ name: 'X', value: '1' }] }]);
    const patch = tmplSpec({ containers: [{ name: 'a', image: 'j', env: [{ name: 'X', $patch: 'delete' }] }] });
    const before = [JSON.stringify(orig), JSON.stringify(patch)];
    smpDeploy(orig, patch);
    assert.deepEqual([JSON.stringify(orig), JSON.stringify(patch)], before);
  });
});

describe('lists with a merge key', () => {
  const orig = () =>
    deployment([
      { name: 'a', image: 'a:1', args: ['--x'], ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }], env: [{ name: 'E1', value: '1' }, { name: 'E2', value: '2' }] },
      { name: 'b', image: 'b:1' },
    ]);

  it('containers merge by name: the patched one changes, its other fields and the other container stay', () => {
    const out = smpDeploy(orig(), tmplSpec({ containers: [{ name: 'a', image: 'a:2' }] }));
    const cs = out.spec.template.spec.containers;
    assert.deepEqual(names(cs), ['a', 'b']);
    assert.equal(cs[0].image, 'a:2');
    assert.deepEqual(cs[0].args, ['--x'], 'a plain merge patch would have dropped args');
    assert.equal(cs[1].image, 'b:1');
  });

  it('ports merge by containerPort, env by name', () => {
    const out = smpDeploy(orig(), tmplSpec({ containers: [{ name: 'a', ports: [{ containerPort: 80, name: 'web' }], env: [{ name: 'E2', value: 'two' }] }] }));
    const a = out.spec.template.spec.containers[0];
    assert.deepEqual(a.ports, [{ containerPort: 80, name: 'web' }, { containerPort: 443 }]);
    assert.deepEqual(a.env, [
      { name: 'E1', value: '1' },
      { name: 'E2', value: 'two' },
    ]);
  });

  it('{"<key>": v, "$patch": "delete"} removes the element', () => {
    const out = smpDeploy(orig(), tmplSpec({ containers: [{ name: 'a', env: [{ name: 'E1', $patch: 'delete' }] }, { name: 'b', $patch: 'delete' }] }));
    const cs = out.spec.template.spec.containers;
    assert.deepEqual(names(cs), ['a']);
    assert.deepEqual(cs[0].env, [{ name: 'E2', value: '2' }]);
  });

  it('a {"$patch": "replace"} element makes the patch list the whole list', () => {
    const out = smpDeploy(orig(), tmplSpec({ containers: [{ $patch: 'replace' }, { name: 'c', image: 'c:1' }] }));
    assert.deepEqual(out.spec.template.spec.containers, [{ name: 'c', image: 'c:1' }]);
  });

  it('new elements without $setElementOrder go before the server-only ones, as upstream orders them', () => {
    const out = smpDeploy(orig(), tmplSpec({ containers: [{ name: 'c', image: 'c:1' }] }));
    assert.deepEqual(names(out.spec.template.spec.containers), ['c', 'a', 'b']);
    // A new element after a patched one follows it; server-only elements keep their relative place.
    const out2 = smpDeploy(orig(), tmplSpec({ containers: [{ name: 'a', image: 'a:2' }, { name: 'c', image: 'c:1' }] }));
    assert.deepEqual(names(out2.spec.template.spec.containers), ['a', 'c', 'b']);
  });

  it('patch order wins over live order (upstream "preserve the order from the patch" cases)', () => {
    const three = deployment([{ name: '1' }, { name: '2', image: 'b' }, { name: '3' }]);
    const out = smpDeploy(three, tmplSpec({ containers: [{ name: '3', image: 'c' }, { name: '1', image: 'a' }] }));
    assert.deepEqual(out.spec.template.spec.containers, [{ name: '2', image: 'b' }, { name: '3', image: 'c' }, { name: '1', image: 'a' }]);
  });

  it('$setElementOrder orders the merged list, with or without a patch list', () => {
    const reordered = smpDeploy(orig(), tmplSpec({ '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] }));
    assert.deepEqual(names(reordered.spec.template.spec.containers), ['b', 'a']);
    // What kubectl apply sends when it adds a container in the middle.
    const added = smpDeploy(
      orig(),
      tmplSpec({ '$setElementOrder/containers': [{ name: 'a' }, { name: 'n' }, { name: 'b' }], containers: [{ name: 'n', image: 'n:1' }] }),
    );
    assert.deepEqual(names(added.spec.template.spec.containers), ['a', 'n', 'b']);
    // Nested: env order inside a container element, as kubectl edit sends it.
    const env = smpDeploy(orig(), tmplSpec({ containers: [{ name: 'a', '$setElementOrder/env': [{ name: 'E2' }, { name: 'E1' }], env: [{ name: 'E1', value: 'one' }] }] }));
    assert.deepEqual(env.spec.template.spec.containers[0].env, [
      { name: 'E2', value: '2' },
      { name: 'E1', value: 'one' },
    ]);
  });

  it('volumes: $retainKeys per element switches the volume source', () => {
    const d = deployment([{ name: 'a', image: 'i' }], {
      volumes: [
        { name: 'data', emptyDir: { medium: 'Memory' } },
        { name: 'conf', configMap: { name: 'cm1', defaultMode: 420 } },
      ],
    });
    const out = smpDeploy(d, tmplSpec({ volumes: [{ name: 'data', $retainKeys: ['name', 'secret'], secret: { secretName: 's' } }] }));
    assert.deepEqual(out.spec.template.spec.volumes, [
      { name: 'data', secret: { secretName: 's' } },
      { name: 'conf', configMap: { name: 'cm1', defaultMode: 420 } },
    ]);
    // Without $retainKeys both sources would remain (which validation then rejects).
    const plain = smpDeploy(d, tmplSpec({ volumes: [{ name: 'data', secret: { secretName: 's' } }] }));
    assert.deepEqual(Object.keys(plain.spec.template.spec.volumes[0]).sort(), ['emptyDir', 'name', 'secret']);
  });

  it('Service ports merge by port', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }], selector: { a: 'b' } } };
    const out = strategicMergePatch(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }, meta('', 'v1', 'Service')) as Obj;
    assert.deepEqual(out.spec.ports, [{ port: 80, targetPort: 9090 }, { port: 443 }]);
  });
});

describe('lists without a merge key', () => {
  it('tolerations (no strategy) are replaced whole', () => {
    const d = deployment([{ name: 'a', image: 'i' }], { tolerations: [{ key: 'k1', operator: 'Exists' }, { key: 'k2', operator: 'Exists' }] });
    const out = smpDeploy(d, tmplSpec({ tolerations: [{ key: 'k3', operator: 'Exists' }] }));
    assert.deepEqual(out.spec.template.spec.tolerations, [{ key: 'k3', operator: 'Exists' }]);
  });

  it('container args (no strategy) are replaced whole', () => {
    const out = smpDeploy(deployment([{ name: 'a', args: ['1', '2'] }]), tmplSpec({ containers: [{ name: 'a', args: ['3'] }] }));
    assert.deepEqual(out.spec.template.spec.containers[0].args, ['3']);
  });

  it('finalizers (merge, primitives) union; $deleteFromPrimitiveList removes', () => {
    const orig = deployment([{ name: 'a' }]);
    orig.metadata.finalizers = ['x/a', 'x/b'];
    const union = smpDeploy(orig, { metadata: { finalizers: ['x/b', 'x/c'] } });
    assert.deepEqual(union.metadata.finalizers, ['x/a', 'x/b', 'x/c']);
    const del = smpDeploy(orig, { metadata: { '$deleteFromPrimitiveList/finalizers': ['x/a', 'x/zzz'] } });
    assert.deepEqual(del.metadata.finalizers, ['x/b']);
    // What kubectl apply sends when one finalizer is removed from the manifest and one added.
    const both = smpDeploy(orig, {
      metadata: { '$setElementOrder/finalizers': ['x/c', 'x/b'], '$deleteFromPrimitiveList/finalizers': ['x/a'], finalizers: ['x/c'] },
    });
    assert.deepEqual(both.metadata.finalizers, ['x/c', 'x/b']);
    // Deleting from a list the object does not have adds nothing.
    const none = smpDeploy(deployment([{ name: 'a' }]), { metadata: { '$deleteFromPrimitiveList/finalizers': ['x/a'] } });
    assert.equal(none.metadata.finalizers, undefined);
  });
});

describe('errors, as upstream words and classifies them', () => {
  const d = () => deployment([{ name: 'a', image: 'i' }]);

  it('an element of a merge list without its merge key', () => {
    throwsSmp(() => smpDeploy(d(), tmplSpec({ containers: [{ image: 'new' }] })), 'Internal', 'map: map[image:new] does not contain declared merge key: name');
    throwsSmp(() => smpDeploy(d(), tmplSpec({ containers: [{ image: 'x', $patch: 'delete' }] })), 'Internal', 'map: map[$patch:delete image:x] does not contain declared merge key: name');
  });

  it('an unknown $patch directive, in a list element and in a map', () => {
    throwsSmp(() => smpDeploy(d(), tmplSpec({ containers: [{ name: 'a', $patch: 'frobnicate' }] })), 'Internal', 'unknown patch type: frobnicate in map: map[$patch:frobnicate name:a]');
    throwsSmp(() => smpDeploy(d(), { metadata: { labels: { $patch: 'nope' } } }), 'Internal', 'unknown patch type: nope in map: map[$patch:nope]');
    throwsSmp(() => smpDeploy(d(), tmplSpec({ containers: [{ $patch: 'merge' }] })), 'Internal', 'merging lists cannot yet be specified in the patch');
  });

  it('malformed directives are bad requests', () => {
    throwsSmp(() => smpDeploy(d(), { spec: { strategy: { $retainKeys: 'type', type: 'Recreate' } } }), 'BadRequest', 'invalid patch format of retainKeys');
    throwsSmp(() => smpDeploy(d(), { spec: { strategy: { $retainKeys: ['rollingUpdate'], type: 'Recreate' } } }), 'BadRequest', 'invalid patch format of retainKeys');
    throwsSmp(() => smpDeploy(d(), { metadata: { $deleteFromPrimitiveListfinalizers: ['a'] } }), 'BadRequest', 'invalid patch format of primitive list');
    throwsSmp(() => smpDeploy(d(), tmplSpec({ $setElementOrdercontainers: [] })), 'BadRequest', 'invalid patch format of setElementOrder list');
  });

  it('a patch list out of the $setElementOrder order', () => {
    const two = deployment([{ name: 'a' }, { name: 'b' }]);
    throwsSmp(
      () => smpDeploy(two, tmplSpec({ '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b', image: 'x' }, { name: 'a', image: 'y' }] })),
      'Internal',
      "The order in patch list:\n[map[image:x name:b] map[image:y name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]\n",
    );
  });

  it('lists of lists, mixed element types, and unknown fields named by a directive', () => {
    const orig = deployment([{ name: 'a' }]);
    orig.metadata.finalizers = ['x'];
    throwsSmp(() => smpDeploy({ ...orig, metadata: { name: 'web', finalizers: [] } }, { metadata: { finalizers: [['y']] } }), 'Invalid', 'lists of lists are not supported');
    throwsSmp(() => smpDeploy(orig, { metadata: { finalizers: [1] } }), 'Internal', 'list element types are not identical: [[x] [1]]');
    throwsSmp(() => smpDeploy(orig, tmplSpec({ '$setElementOrder/bogus': [] })), 'Internal', 'unable to find api field in struct PodSpec for the json field "bogus"');
  });
});
