// The ServiceAccounts controller against the real `kubette up` (its own controllers off), running
// in the test process: every active namespace gets a "default" ServiceAccount (the built-in ones
// included), a deleted one comes back, and a terminating namespace gets none.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RestClient } from '../src/client/rest.js';
import { ServiceAccountsController } from '../src/controllers/serviceaccount/controller.js';
import { api, type Cluster } from './helpers/cluster.js';
import { startWithController, stopController } from './helpers/controllers.js';
import { poll } from './helpers/wait.js';

let cluster: Cluster;
let rest: RestClient;
let controller: ServiceAccountsController;

before(async () => {
  ({ cluster, rest, controller } = await startWithController(['--controllers=', '--disable-scheduler'], (rest) => new ServiceAccountsController({ rest })));
});
after(() => stopController({ cluster, rest, controller }));

const until = async (what: string, cond: () => Promise<boolean>, ms = 10_000) => void (await poll(what, cond, { timeoutMs: ms }));

/** Lets watch events already written reach the controller before a later marker event does. */
const settle = () => new Promise((r) => setTimeout(r, 300));
const saPath = (ns: string, name = 'default') => `/api/v1/namespaces/${ns}/serviceaccounts/${name}`;
const exists = async (path: string) => (await api(cluster.url, 'GET', path)).status === 200;

describe('serviceaccount controller', () => {
  it('gives the built-in namespaces and a new one a default ServiceAccount', async () => {
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) await until(`default SA in ${ns}`, () => exists(saPath(ns)));
    assert.equal((await api(cluster.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'team-a' } })).status, 201);
    await until('default SA in team-a', () => exists(saPath('team-a')));
    const sa = (await api(cluster.url, 'GET', saPath('team-a'))).body;
    assert.equal(sa.metadata.namespace, 'team-a');
    // v1.24+: no token Secret is made for it.
    assert.equal(sa.secrets, undefined);
    const secrets = (await api(cluster.url, 'GET', '/api/v1/namespaces/team-a/secrets')).body;
    assert.deepEqual(secrets.items, []);
  });

  it('recreates a deleted default ServiceAccount, and leaves other accounts alone', async () => {
    await until('default SA in team-a', () => exists(saPath('team-a')));
    const before = (await api(cluster.url, 'GET', saPath('team-a'))).body;
    assert.equal((await api(cluster.url, 'POST', '/api/v1/namespaces/team-a/serviceaccounts', { metadata: { name: 'builder' } })).status, 201);
    assert.equal((await api(cluster.url, 'DELETE', saPath('team-a'))).status, 200);
    await until('a new default SA', async () => {
      const r = await api(cluster.url, 'GET', saPath('team-a'));
      return r.status === 200 && r.body.metadata.uid !== before.metadata.uid;
    });
    assert.equal((await api(cluster.url, 'DELETE', saPath('team-a', 'builder'))).status, 200);
    // Only "default" is ensured: "builder" stays deleted (checked after the controller has had a
    // namespace event to react to).
    await settle();
    await api(cluster.url, 'PATCH', '/api/v1/namespaces/team-a', { metadata: { labels: { touched: 'yes' } } }, { 'Content-Type': 'application/merge-patch+json' });
    assert.equal((await api(cluster.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'marker' } })).status, 201);
    await until('default SA in marker', () => exists(saPath('marker')));
    assert.equal(await exists(saPath('team-a', 'builder')), false);
  });

  it('creates nothing in a terminating namespace', async () => {
    // A finalizer of our own keeps the namespace Terminating (no namespace controller runs here).
    const ns = { metadata: { name: 'doomed' }, spec: { finalizers: ['example.com/hold'] } };
    assert.equal((await api(cluster.url, 'POST', '/api/v1/namespaces', ns)).status, 201);
    await until('default SA in doomed', () => exists(saPath('doomed')));
    assert.equal((await api(cluster.url, 'DELETE', '/api/v1/namespaces/doomed')).status, 200);
    const phase = (await api(cluster.url, 'GET', '/api/v1/namespaces/doomed')).body.status.phase;
    assert.equal(phase, 'Terminating');
    assert.equal((await api(cluster.url, 'DELETE', saPath('doomed'))).status, 200);
    // Give the controller something to do afterwards and wait for it, then look again.
    await settle();
    assert.equal((await api(cluster.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'marker-2' } })).status, 201);
    await until('default SA in marker-2', () => exists(saPath('marker-2')));
    assert.equal(await exists(saPath('doomed')), false);
  });
});
