// An informer from @kubernetes/client-node (list, then watch) sees every one of 1,000 updates, in
// order, with no gap — across a forced reconnect: the server is killed with SIGKILL mid-stream and
// restarted on the same data dir and port, and the informer resumes from its last resourceVersion.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CoreV1Api, KubeConfig, makeInformer, type V1ConfigMap } from '@kubernetes/client-node';
import { api, startCluster, type Cluster } from './helpers/cluster.js';

const UPDATES = 1000;
const RESTART_AT = 400;

describe('client-node informer', () => {
  let cluster: Cluster;
  after(async () => {
    await cluster.stop();
    cluster.cleanup();
  });

  it(`sees all ${UPDATES} updates in order across a forced watch reconnect`, { timeout: 120_000 }, async () => {
    cluster = await startCluster();
    const path = '/api/v1/namespaces/default/configmaps';
    const created = await api(cluster.url, 'POST', path, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'counter' }, data: { n: '0' } });
    assert.equal(created.status, 201);

    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer<V1ConfigMap>(kc, path, () => core.listNamespacedConfigMap({ namespace: 'default' }));
    const seen: number[] = [];
    let errors = 0;
    let synced!: () => void;
    const ready = new Promise<void>((r) => (synced = r));
    informer.on('add', (cm) => {
      if (cm.metadata?.name === 'counter') synced();
    });
    informer.on('update', (cm) => {
      if (cm.metadata?.name === 'counter') seen.push(Number(cm.data?.['n']));
    });
    // client-node's informer stops on a connection error; restarting resumes from its last resourceVersion.
    let done = false;
    informer.on('error', () => {
      errors++;
      if (!done) setTimeout(() => void (done || informer.start().catch(() => undefined)), 100);
    });
    await informer.start();
    await ready;

    let restarted = false;
    for (let n = 1; n <= UPDATES; n++) {
      if (n === RESTART_AT) {
        await cluster.kill();
        cluster = await startCluster({ dataDir: cluster.dataDir, port: cluster.port });
        restarted = true;
      }
      // A merge patch is idempotent, so retrying one whose reply was lost cannot add a second event.
      for (let attempt = 0; ; attempt++) {
        const r = await api(cluster.url, 'PATCH', `${path}/counter`, { data: { n: String(n) } }, { 'Content-Type': 'application/merge-patch+json' }).catch(() => undefined);
        if (r?.status === 200) break;
        if (attempt > 100) throw new Error(`update ${n} kept failing: ${r?.status} ${r?.text}`);
        await new Promise((res) => setTimeout(res, 50));
      }
    }
    const deadline = Date.now() + 20_000;
    while (seen.at(-1) !== UPDATES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    done = true;
    await informer.stop();

    assert.ok(restarted);
    assert.ok(errors >= 1, 'the kill must have broken the watch at least once');
    assert.equal(seen.length, UPDATES, `saw ${seen.length} updates; first gap after ${seen.findIndex((v, i) => v !== i + 1)}`);
    assert.deepEqual(seen, Array.from({ length: UPDATES }, (_, i) => i + 1));
  });
});
