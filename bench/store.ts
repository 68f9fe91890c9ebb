// Raw storage benchmark: create, get and paged list of Pod-sized values straight against a Backend.
// benchPod() is shared with the HTTP benchmark so both layers store the very same objects.
import { prefixEnd, type Backend } from '../src/storage/backend.js';

export interface Stats {
  ops: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

const PREFIX = '/registry/pods/bench/';
const PAGE = 500;

function hex(i: number, width: number): string {
  return (i >>> 0).toString(16).padStart(width, '0').slice(-width);
}

/** A realistic v1 Pod as a controller-created, scheduled, running pod looks (~1.6 KB of JSON). */
export function benchPod(i: number): object {
  const name = `bench-${i}`;
  const uid = `${hex(i, 8)}-5e1b-4c2a-9d3f-${hex(i * 2654435761, 12)}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'bench',
      uid,
      creationTimestamp: '2024-01-01T00:00:00Z',
      labels: { app: 'bench', 'pod-template-hash': '7d4b9c8f6d', shard: String(i % 16) },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'bench-7d4b9c8f6d',
          uid: '0b4f7f6e-2f0c-4c1e-8a52-3f1f1d9e7a10',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.k8s.io/pause:3.8',
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          resources: { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '50m', memory: '32Mi' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      nodeName: `node-${i % 8}`,
      securityContext: {},
      schedulerName: 'default-scheduler',
    },
    status: {
      phase: 'Running',
      conditions: ['Ready', 'PodScheduled'].map((type) => ({
        type,
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: '2024-01-01T00:00:02Z',
      })),
      hostIP: `10.0.0.${i % 8}`,
      podIP: `10.244.${(i >> 8) & 255}.${i & 255}`,
      podIPs: [{ ip: `10.244.${(i >> 8) & 255}.${i & 255}` }],
      startTime: '2024-01-01T00:00:01Z',
      containerStatuses: [
        {
          name: 'app',
          state: { running: { startedAt: '2024-01-01T00:00:02Z' } },
          lastState: {},
          ready: true,
          restartCount: 0,
          image: 'registry.k8s.io/pause:3.8',
          containerID: `containerd://${hex(i, 8)}${'0'.repeat(56)}`,
          started: true,
        },
      ],
      qosClass: 'Burstable',
    },
  };
}

function stats(latencies: number[], wallMs: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    ops: sorted.length,
    opsPerSec: wallMs > 0 ? (sorted.length * 1000) / wallMs : 0,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

/** Runs `ops` operations with `concurrency` in flight; op(i, w) is the i-th operation, run by worker w. */
async function phase(ops: number, concurrency: number, op: (i: number, w: number) => Promise<void>): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async (w: number): Promise<void> => {
    while (next < ops) {
      const i = next++;
      const t = performance.now();
      await op(i, w);
      latencies.push(performance.now() - t);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, (_, w) => worker(w)));
  return stats(latencies, performance.now() - t0);
}

export async function benchStore(
  backend: Backend,
  opts: { n: number; concurrency: number },
): Promise<{ create: Stats; get: Stats; list: Stats }> {
  const { n, concurrency } = opts;
  const key = (i: number): string => `${PREFIX}bench-${i}`;
  const values = Array.from({ length: n }, (_, i) => Buffer.from(JSON.stringify(benchPod(i))));

  const create = await phase(n, concurrency, async (i) => {
    const r = await backend.create(key(i), values[i]!);
    if (!r.succeeded) throw new Error(`bench: ${key(i)} already exists; use an empty store`);
  });
  const get = await phase(n, concurrency, async (i) => {
    // A fixed stride visits every key in a scattered order, so reads do not just follow insertion.
    const r = await backend.get(key((i * 7919) % n));
    if (!r.kv) throw new Error('bench: missing key');
  });

  // Each list op is one page, as kube-apiserver pages: limit 500, the next page from last key + "\0",
  // pinned to the first page's revision. Every worker pages through the prefix five times over.
  const end = prefixEnd(PREFIX);
  const pagesPerPass = Math.max(1, Math.ceil(n / PAGE));
  const cursors = new Map<number, { start: string; revision: number }>();
  const list = await phase(pagesPerPass * 5 * Math.max(1, concurrency), concurrency, async (_i, w) => {
    const c = cursors.get(w);
    const r = await backend.range(c?.start ?? PREFIX, end, { limit: PAGE, revision: c?.revision });
    const last = r.kvs[r.kvs.length - 1];
    if (r.more && last) cursors.set(w, { start: `${last.key}\0`, revision: c?.revision ?? r.revision });
    else cursors.delete(w);
  });
  return { create, get, list };
}
