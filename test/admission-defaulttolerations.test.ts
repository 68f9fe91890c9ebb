// DefaultTolerationSeconds over HTTP against the real `kubette up`: a created pod tolerates the
// not-ready and unreachable NoExecute taints for 300 s; tolerations a pod brings for them (or for
// every key or effect) are kept as they are; the plugin can be turned off.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, startCluster, type Cluster } from './helpers/cluster.js';

let cluster: Cluster;
let off: Cluster;

before(async () => {
  [cluster, off] = await Promise.all([startCluster({ args: ['--controllers=', '--disable-scheduler'] }), startCluster({ args: ['--controllers=', '--disable-scheduler', '--disable-admission-plugins=DefaultTolerationSeconds'] })]);
});
after(async () => {
  for (const c of [cluster, off]) {
    if (!c) continue;
    await c.stop();
    c.cleanup();
  }
});

const notReady = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
const unreachable = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

async function createPod(c: Cluster, name: string, tolerations?: object[]): Promise<any> {
  const r = await api(c.url, 'POST', '/api/v1/namespaces/default/pods', {
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...(tolerations ? { tolerations } : {}) },
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

describe('DefaultTolerationSeconds', () => {
  it('adds 300 s tolerations for not-ready and unreachable nodes to a pod without them', async () => {
    const pod = await createPod(cluster, 'plain');
    assert.deepEqual(pod.spec.tolerations, [notReady, unreachable]);
    const stored = (await api(cluster.url, 'GET', '/api/v1/namespaces/default/pods/plain')).body;
    assert.deepEqual(stored.spec.tolerations, [notReady, unreachable]);
  });

  it('keeps tolerations the pod brings and adds only what is missing', async () => {
    const own = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 6000 };
    const other = { key: 'example.com/gpu', operator: 'Equal', value: 'yes', effect: 'NoSchedule' };
    const pod = await createPod(cluster, 'own', [other, own]);
    assert.deepEqual(pod.spec.tolerations, [other, own, notReady]);

    // No key: tolerates every NoExecute taint, so neither is added.
    const all = await createPod(cluster, 'all-keys', [{ operator: 'Exists', effect: 'NoExecute' }]);
    assert.deepEqual(all.spec.tolerations, [{ operator: 'Exists', effect: 'NoExecute' }]);
    // No effect: the not-ready key is tolerated for every effect.
    const anyEffect = await createPod(cluster, 'any-effect', [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }]);
    assert.deepEqual(anyEffect.spec.tolerations, [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }, unreachable]);
    // A NoSchedule toleration for the key does not cover the NoExecute taint.
    const noSchedule = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' };
    const ns = await createPod(cluster, 'no-schedule', [noSchedule]);
    assert.deepEqual(ns.spec.tolerations, [noSchedule, notReady, unreachable]);
  });

  it('keeps a defaulted pod valid on update, and is off when disabled', async () => {
    // An update of a defaulted pod keeps its tolerations (nothing is added twice).
    const r = await api(cluster.url, 'PATCH', '/api/v1/namespaces/default/pods/plain', { metadata: { labels: { x: 'y' } } }, { 'Content-Type': 'application/merge-patch+json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.spec.tolerations, [notReady, unreachable]);
    const pod = await createPod(off, 'plain');
    assert.equal(pod.spec.tolerations, undefined);
  });
});
