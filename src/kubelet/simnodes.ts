// Simulated nodes in the current process (`kubette up --nodes N`): N nodes registered and kept
// alive through leases, and one shared pod worker that plays each bound pod's stages. Everything
// goes through the API and waits on the injected clock, so a simulated clock speeds up pod lives.
import { realClock, type Clock } from '../client/clock.js';
import type { RestClient } from '../client/rest.js';
import { silentLogger, type Logger } from '../machinery/log.js';
import { NodeHeartbeats } from './heartbeat.js';
import { MAX_NODES, nodeInternalIP, nodePodCIDR } from './network.js';
import { DEFAULT_CAPACITY } from './node.js';
import { PodWorker } from './podworker.js';
import { StageRuntime, type NodeInfo } from './runtime.js';
import { defaultStages, type Stage } from './stages.js';

export { parseNodeCapacity, DEFAULT_CAPACITY } from './node.js';
export { defaultStages, type Stage } from './stages.js';

export interface SimulatedNodesOptions {
  /** For what all nodes share: the version check and the watch of every bound pod. */
  rest: RestClient;
  /** Each node's own client (its identity, for the Node authorizer and NodeRestriction); default `rest`. */
  restFor?: (nodeName: string) => RestClient;
  clock?: Clock;
  log?: Logger;
  count: number;
  /** Node names are `<prefix><i>` (default "kubette-node-"). */
  namePrefix?: string;
  /** Laid over DEFAULT_CAPACITY (cpu 32, memory 256Gi, pods 110, ephemeral-storage 100Gi); allocatable is the same. */
  capacity?: Record<string, string>;
  /** A pod's life on the nodes (default: defaultStages). */
  stages?: Stage[];
  /** Pod syncs, hence writes, in flight at most (default 32). */
  workers?: number;
}

export interface SimulatedNodes {
  names: string[];
  /** Stop heartbeats and pod handling; the Nodes stay registered (their leases will expire). */
  stop(): Promise<void>;
}

/** The names `count` simulated nodes get (`<prefix><i>`), for whoever mints their credentials. */
export function simulatedNodeNames(count: number, prefix = 'kubette-node-'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

/** The server's version, reported as the nodes' kubeletVersion. */
async function serverVersion(rest: RestClient): Promise<string> {
  const v = await rest.request<{ gitVersion?: string }>({ method: 'GET', path: '/version' });
  if (!v?.gitVersion) throw new Error('the server did not report its version');
  return v.gitVersion;
}

export async function startSimulatedNodes(opts: SimulatedNodesOptions): Promise<SimulatedNodes> {
  const { rest, count } = opts;
  if (!Number.isInteger(count) || count < 1 || count > MAX_NODES) throw new Error(`invalid simulated node count ${count}: want 1 to ${MAX_NODES}`);
  const clock = opts.clock ?? realClock;
  const log = opts.log ?? silentLogger;
  const prefix = opts.namePrefix ?? 'kubette-node-';
  const nodes: NodeInfo[] = simulatedNodeNames(count, prefix).map((name, i) => ({ name, internalIP: nodeInternalIP(i), podCIDR: nodePodCIDR(i) }));

  const restFor = opts.restFor ?? (() => rest);
  const heartbeats = new NodeHeartbeats({ restFor, clock, log, nodes, capacity: { ...DEFAULT_CAPACITY, ...opts.capacity }, kubeletVersion: await serverVersion(rest) });
  // Registration first: a restarted node keeps the pod CIDR it already has, and pod IPs come from it.
  await heartbeats.register();
  const pods = new PodWorker({ rest, restFor, clock, log, nodes, runtime: new StageRuntime(opts.stages ?? defaultStages), workers: opts.workers });
  await pods.start();
  heartbeats.start();
  log.info('simulated nodes registered', { count, first: nodes[0]!.name });
  return {
    names: nodes.map((n) => n.name),
    async stop() {
      await heartbeats.stop();
      await pods.stop();
    },
  };
}
