// The Endpoints controller against the real `kubette up` (its own controllers off), running in the
// test process; pods are made by hand (bound to a node, with status written as a kubelet would).
// Checked: ready and not-ready addresses, ports from numeric and named targetPorts per pod packed
// into subsets, pods without IP or being deleted, publishNotReadyAddresses, headless services,
// services without selectors, deletion with the Service, the 1000-address cap, and what the real
// kubectl 1.25 shows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, RestClient } from '../src/client/rest.js';
import { EndpointsController } from '../src/controllers/endpoints/controller.js';
import { repackSubsets, truncateEndpoints } from '../src/controllers/endpoints/subsets.js';
import { api, startCluster, type Cluster } from './helpers/cluster.js';
import { client, kubectl125 } from './helpers/tools.js';
import { expectOk, poll } from './helpers/wait.js';

let cluster: Cluster;
let rest: RestClient;
let controller: EndpointsController;
let kubectl: ReturnType<typeof client>;

before(async () => {
  cluster = await startCluster({ args: ['--controllers=', '--disable-scheduler'] });
  rest = connect(cluster.connection);
  controller = new EndpointsController({ rest });
  await controller.start();
  kubectl = client(kubectl125(), cluster.kubeconfig);
});
after(async () => {
  kubectl?.cleanup();
  await controller?.stop();
  rest?.close();
  if (!cluster) return;
  await cluster.stop();
  cluster.cleanup();
});

const until = <T>(what: string, get: () => Promise<T | undefined>, ms = 10_000) => poll(what, get, { timeoutMs: ms });

const ok = (method: string, path: string, body?: unknown, type?: string) => expectOk(cluster.url, method, path, body, type ? { 'Content-Type': type } : {});

const ns = 'ep';
const epPath = (name: string) => `/api/v1/namespaces/${ns}/endpoints/${name}`;

/** A pod on node-1 with a named container port; `ip` and `ready` written to its status. */
async function pod(name: string, o: { labels?: Record<string, string>; ip?: string; ready?: boolean; httpPort?: number; restartPolicy?: string; phase?: string }): Promise<any> {
  const p = await ok('POST', `/api/v1/namespaces/${ns}/pods`, {
    metadata: { name, labels: o.labels ?? { app: 'web' } },
    spec: {
      nodeName: 'node-1',
      restartPolicy: o.restartPolicy ?? 'Always',
      containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: o.httpPort ?? 8080 }] }],
    },
  });
  if (o.ip === undefined && o.ready === undefined) return p;
  const status: any = { phase: o.phase ?? 'Running', conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }] };
  if (o.ip) Object.assign(status, { podIP: o.ip, podIPs: [{ ip: o.ip }] });
  return ok('PATCH', `/api/v1/namespaces/${ns}/pods/${name}/status`, { status }, 'application/merge-patch+json');
}

async function endpoints(name: string, cond: (ep: any) => boolean = () => true, ms?: number): Promise<any> {
  return until(
    `endpoints ${name}`,
    async () => {
      const r = await api(cluster.url, 'GET', epPath(name));
      return r.status === 200 && cond(r.body) ? r.body : undefined;
    },
    ms,
  );
}

const ips = (list: any[] | undefined) => (list ?? []).map((a) => a.ip).sort();
const subsetFor = (ep: any, portName: string, port: number) => ep.subsets.find((s: any) => s.ports?.some((p: any) => p.name === portName && p.port === port));

describe('endpoints controller', () => {
  before(async () => {
    await ok('POST', '/api/v1/namespaces', { metadata: { name: ns } });
  });

  it('lists ready and not-ready pods per port, resolving named ports per pod', async () => {
    const p1 = await pod('web-1', { ip: '10.0.0.1', ready: true });
    await pod('web-2', { ip: '10.0.0.2', ready: true, httpPort: 8081 });
    await pod('web-3', { ip: '10.0.0.3', ready: false });
    await pod('web-4', {}); // no IP yet: left out
    await pod('other', { labels: { app: 'other' }, ip: '10.0.0.9', ready: true });
    await pod('done', { ip: '10.0.0.8', ready: false, restartPolicy: 'Never', phase: 'Succeeded' }); // finished for good
    await ok('POST', `/api/v1/namespaces/${ns}/services`, {
      metadata: { name: 'web', labels: { tier: 'front' } },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 9090 }] },
    });

    const ep = await endpoints('web', (e) => e.subsets?.length === 3);
    assert.deepEqual(ep.metadata.labels, { tier: 'front' });
    assert.match(ep.metadata.annotations['endpoints.kubernetes.io/last-change-trigger-time'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    // One subset per distinct set of addresses: web-1 and web-3 serve http on 8080, web-2 on 8081; all serve metrics.
    const http8080 = subsetFor(ep, 'http', 8080);
    assert.deepEqual(ips(http8080.addresses), ['10.0.0.1']);
    assert.deepEqual(ips(http8080.notReadyAddresses), ['10.0.0.3']);
    assert.deepEqual(http8080.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const http8081 = subsetFor(ep, 'http', 8081);
    assert.deepEqual(ips(http8081.addresses), ['10.0.0.2']);
    assert.equal(http8081.notReadyAddresses, undefined);
    const metrics = subsetFor(ep, 'metrics', 9090);
    assert.deepEqual(ips(metrics.addresses), ['10.0.0.1', '10.0.0.2']);
    assert.deepEqual(ips(metrics.notReadyAddresses), ['10.0.0.3']);
    assert.deepEqual(http8080.addresses[0], { ip: '10.0.0.1', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: ns, name: 'web-1', uid: p1.metadata.uid } });

    // web-3 becomes ready: it moves to the ready addresses, and the two http-8080 pods stay together.
    await ok('PATCH', `/api/v1/namespaces/${ns}/pods/web-3/status`, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, 'application/merge-patch+json');
    const ready = await endpoints('web', (e) => ips(subsetFor(e, 'http', 8080)?.addresses).length === 2);
    assert.equal(subsetFor(ready, 'metrics', 9090).notReadyAddresses, undefined);
    assert.deepEqual(ips(subsetFor(ready, 'metrics', 9090).addresses), ['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    assert.equal(ready.metadata.labels['service.kubernetes.io/headless'], undefined);
  });

  it('real kubectl 1.25 shows the endpoints', async () => {
    await endpoints('web', (e) => ips(subsetFor(e, 'http', 8080)?.addresses).length === 2);
    const get = await kubectl.run(['get', 'endpoints', 'web', '-n', ns]);
    assert.equal(get.code, 0, get.stderr);
    assert.match(get.stdout, /^NAME\s+ENDPOINTS\s+AGE\nweb\s+10\.0\.0\.1:8080,10\.0\.0\.3:8080,10\.0\.0\.1:9090 \+ 3 more\.\.\.\s+\S+\n$/);
    const describe = await kubectl.run(['describe', 'service', 'web', '-n', ns]);
    assert.equal(describe.code, 0, describe.stderr);
    assert.match(describe.stdout, /Port:\s+http\s+80\/TCP\nTargetPort:\s+http\/TCP\nEndpoints:\s+10\.0\.0\.1:8080,10\.0\.0\.3:8080,10\.0\.0\.2:8081\n/);
    assert.match(describe.stdout, /Port:\s+metrics\s+9090\/TCP\nTargetPort:\s+9090\/TCP\nEndpoints:\s+10\.0\.0\.1:9090,10\.0\.0\.2:9090,10\.0\.0\.3:9090\n/);
  });

  it('drops a pod being deleted, unless the Service publishes not-ready addresses', async () => {
    await ok('POST', `/api/v1/namespaces/${ns}/services`, {
      metadata: { name: 'all' },
      spec: { selector: { app: 'web' }, publishNotReadyAddresses: true, ports: [{ name: 'metrics', port: 9090 }] },
    });
    await pod('web-6', { ip: '10.0.0.6', ready: false });
    const all = await endpoints('all', (e) => ips(e.subsets?.[0]?.addresses).includes('10.0.0.6'));
    assert.equal(all.subsets[0].notReadyAddresses, undefined, 'not-ready pods are published as ready');
    // Pods on a node are deleted gracefully: deletionTimestamp set, the pod kept for its kubelet.
    await ok('DELETE', `/api/v1/namespaces/${ns}/pods/web-1`);
    const web = await endpoints('web', (e) => !ips(subsetFor(e, 'metrics', 9090)?.addresses).includes('10.0.0.1'));
    assert.equal(ips(subsetFor(web, 'metrics', 9090).notReadyAddresses).includes('10.0.0.1'), false);
    const kept = await endpoints('all');
    assert.ok(ips(kept.subsets[0].addresses).includes('10.0.0.1'), 'a terminating pod stays when publishing not-ready addresses');
  });

  it('labels a headless Service\'s Endpoints, which may have no ports', async () => {
    await ok('POST', `/api/v1/namespaces/${ns}/services`, { metadata: { name: 'db' }, spec: { clusterIP: 'None', selector: { app: 'db' } } });
    await pod('db-0', { labels: { app: 'db' }, ip: '10.0.1.1', ready: true });
    const ep = await endpoints('db', (e) => e.subsets?.length === 1);
    assert.equal(ep.metadata.labels['service.kubernetes.io/headless'], '');
    assert.deepEqual(ips(ep.subsets[0].addresses), ['10.0.1.1']);
    assert.equal(ep.subsets[0].ports, undefined);
  });

  it('leaves a Service without selector alone, and deletes Endpoints with their Service', async () => {
    await ok('POST', `/api/v1/namespaces/${ns}/services`, { metadata: { name: 'external' }, spec: { ports: [{ port: 5432 }] } });
    const manual = { metadata: { name: 'external' }, subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 5432 }] }] };
    await ok('POST', `/api/v1/namespaces/${ns}/endpoints`, manual);
    await ok('PATCH', `/api/v1/namespaces/${ns}/services/external`, { metadata: { labels: { touched: 'yes' } } }, 'application/merge-patch+json');
    // A later Service's Endpoints showing up means the controller has been through the earlier events.
    await ok('POST', `/api/v1/namespaces/${ns}/services`, { metadata: { name: 'marker' }, spec: { selector: { app: 'none' }, ports: [{ port: 1 }] } });
    await endpoints('marker');
    const still = await ok('GET', epPath('external'));
    assert.deepEqual(still.subsets, [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 5432, protocol: 'TCP' }] }]);
    assert.equal(still.metadata.labels, undefined);

    await ok('DELETE', `/api/v1/namespaces/${ns}/services/db`);
    await until('db endpoints to go', async () => ((await api(cluster.url, 'GET', epPath('db'))).status === 404 ? true : undefined));
  });

  it('recreates Endpoints deleted by hand', async () => {
    const before = await endpoints('web');
    await ok('DELETE', epPath('web'));
    const again = await endpoints('web', (e) => e.metadata.uid !== before.metadata.uid);
    assert.deepEqual(again.subsets, before.subsets);
  });

  it('caps an Endpoints at 1000 addresses, ready ones first, with the over-capacity annotation', async () => {
    const n = 1003;
    const created: Promise<unknown>[] = [];
    const make = async (i: number) => pod(`big-${i}`, { labels: { app: 'big' }, ip: `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`, ready: i >= 10 });
    for (let i = 0; i < n; i += 50) {
      created.length = 0;
      for (let j = i; j < Math.min(n, i + 50); j++) created.push(make(j));
      await Promise.all(created);
    }
    await ok('POST', `/api/v1/namespaces/${ns}/services`, { metadata: { name: 'big' }, spec: { selector: { app: 'big' }, ports: [{ port: 80 }] } });
    const ep = await endpoints('big', (e) => e.metadata.annotations?.['endpoints.kubernetes.io/over-capacity'] === 'truncated', 30_000);
    const ready = ep.subsets.reduce((s: number, ss: any) => s + (ss.addresses?.length ?? 0), 0);
    const notReady = ep.subsets.reduce((s: number, ss: any) => s + (ss.notReadyAddresses?.length ?? 0), 0);
    assert.equal(ready, 993, 'every ready address is kept');
    assert.equal(notReady, 7, 'not-ready addresses fill what is left of the 1000');
  });
});

describe('endpoints subsets (pure)', () => {
  it('repacks per-pod subsets: not ready on one port means not ready on that port only', () => {
    const a = { ip: '10.0.0.1', targetRef: { kind: 'Pod', name: 'a', uid: 'ua' } };
    const b = { ip: '10.0.0.2', targetRef: { kind: 'Pod', name: 'b', uid: 'ub' } };
    const p80 = { name: 'http', port: 80, protocol: 'TCP' as const };
    const p81 = { name: 'x', port: 81, protocol: 'TCP' as const };
    const packed = repackSubsets([
      { addresses: [b], ports: [p80] },
      { addresses: [a], ports: [p80] },
      { notReadyAddresses: [a], ports: [p81] },
      { addresses: [b], ports: [p81] },
    ]);
    assert.deepEqual(packed, [
      { addresses: [a, b], ports: [p80] },
      { addresses: [b], notReadyAddresses: [a], ports: [p81] },
    ]);
  });

  it('truncates ready addresses in proportion when even they exceed the cap', () => {
    const addr = (i: number) => ({ ip: `10.0.${Math.floor(i / 256)}.${i % 256}` });
    const ep = {
      subsets: [
        { addresses: Array.from({ length: 900 }, (_, i) => addr(i)), notReadyAddresses: [addr(5000)] },
        { addresses: Array.from({ length: 300 }, (_, i) => addr(1000 + i)) },
      ],
    };
    assert.equal(truncateEndpoints(ep), true);
    assert.equal(ep.subsets[0]!.addresses.length, 750);
    assert.equal(ep.subsets[1]!.addresses.length, 250);
    assert.equal(ep.subsets[0]!.notReadyAddresses, undefined);
    assert.equal(truncateEndpoints({ subsets: [{ addresses: [addr(1)] }] }), false);
  });
});
