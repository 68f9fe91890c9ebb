// An acknowledged write survives kill -9 of `kubette up`, and revisions never repeat across restarts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, startCluster } from './helpers/cluster.js';

const cm = (name: string, i: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { i: String(i) } });

describe('durability', () => {
  it('every acknowledged write is there after SIGKILL mid-stream, and revisions only increase', async () => {
    const first = await startCluster();
    const acked = new Map<string, { rv: number; i: number }>();
    let stop = false;
    let i = 0;
    // Four writers in flight: creates and updates of a small key space.
    const writer = async () => {
      while (!stop) {
        const n = i++;
        const name = `cm-${n % 300}`;
        let r = await api(first.url, 'POST', '/api/v1/namespaces/default/configmaps', cm(name, n)).catch(() => undefined);
        if (r?.status === 409) r = await api(first.url, 'PUT', `/api/v1/namespaces/default/configmaps/${name}`, cm(name, n)).catch(() => undefined);
        if (r && (r.status === 200 || r.status === 201)) {
          const rv = Number(r.body.metadata.resourceVersion);
          const prev = acked.get(name);
          if (!prev || prev.rv < rv) acked.set(name, { rv, i: n });
        }
      }
    };
    const writers = Array.from({ length: 4 }, writer);
    await new Promise((r) => setTimeout(r, 1500));
    await first.kill();
    stop = true;
    await Promise.all(writers);
    assert.ok(acked.size > 50, `expected a real stream of writes, got ${acked.size} keys`);
    const maxAcked = Math.max(...[...acked.values()].map((a) => a.rv));

    const second = await startCluster({ dataDir: first.dataDir });
    try {
      const list = await api(second.url, 'GET', '/api/v1/namespaces/default/configmaps');
      assert.equal(list.status, 200);
      const byName = new Map<string, any>(list.body.items.map((o: any) => [o.metadata.name, o]));
      for (const [name, a] of acked) {
        const got = byName.get(name);
        assert.ok(got, `acknowledged ${name} is missing after kill -9`);
        // The stored state is the acknowledged one or a later write that was in flight.
        assert.ok(Number(got.metadata.resourceVersion) >= a.rv, `${name} went back in time`);
        if (Number(got.metadata.resourceVersion) === a.rv) assert.equal(got.data.i, String(a.i));
      }
      assert.ok(Number(list.body.metadata.resourceVersion) >= maxAcked);
      const next = await api(second.url, 'POST', '/api/v1/namespaces/default/configmaps', cm('after-restart', 0));
      assert.equal(next.status, 201);
      assert.ok(Number(next.body.metadata.resourceVersion) > Number(list.body.metadata.resourceVersion), 'a revision was reused');
    } finally {
      await second.stop();
      second.cleanup();
    }
  });

  it('a clean restart keeps every object', async () => {
    const first = await startCluster();
    const made: string[] = [];
    for (let n = 0; n < 20; n++) {
      const r = await api(first.url, 'POST', '/api/v1/namespaces/default/configmaps', cm(`keep-${n}`, n));
      assert.equal(r.status, 201);
      made.push(r.body.metadata.uid);
    }
    assert.equal(await first.stop(), 0, 'kubette up exits 0 on SIGTERM');
    const second = await startCluster({ dataDir: first.dataDir });
    try {
      const list = await api(second.url, 'GET', '/api/v1/namespaces/default/configmaps');
      assert.deepEqual(list.body.items.map((o: any) => o.metadata.uid).sort(), made.sort());
    } finally {
      await second.stop();
      second.cleanup();
    }
  });
});
