// The cluster's components besides the API server — the controllers, the scheduler and the
// simulated nodes — started together against the server's URL. `kubette up` runs them in a worker
// thread: they reach the server only through the API anyway, and a second thread gives them the
// machine's second core instead of sharing the server's.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { clockFromSpec, type ClockSpec } from '../client/clock.js';
import { connect, type ServerConnection } from '../client/rest.js';
import { startControllers } from '../controllers/manager.js';
import { simulatedNodeNames, startSimulatedNodes } from '../kubelet/simnodes.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { featureGatesFromFlag } from '../machinery/featuregates.js';
import { createLogger, type Level, type Logger } from '../machinery/log.js';

export interface ComponentsConfig {
  /** The API server, and the CA to trust it by. */
  server: string;
  ca?: string;
  /** Each component's bearer token (minted by `kubette up`, held only in memory); per node by name. */
  tokens?: { controllerManager: string; scheduler: string; nodes: Record<string, string> };
  controllers: string[];
  clock: ClockSpec;
  logLevel: Level;
  /** --feature-gates as given (FeatureGates.toString()). */
  featureGates: string;
  /** Run the default scheduler. */
  scheduler: boolean;
  /** Simulated nodes to run (0: none), and their capacity over the defaults. */
  nodes: number;
  nodeCapacity?: Record<string, string>;
}

export interface RunningComponents {
  stop(): Promise<void>;
}

export async function startComponents(cfg: ComponentsConfig, log: Logger): Promise<RunningComponents> {
  const clock = clockFromSpec(cfg.clock);
  const as = (token: string | undefined): ServerConnection => ({ server: cfg.server, tls: cfg.ca ? { ca: cfg.ca } : undefined, bearerToken: token });
  // Each controller as its own service account, as kubeadm runs kube-controller-manager.
  const controllers = await startControllers({ connection: as(cfg.tokens?.controllerManager), log, clock, controllers: cfg.controllers, featureGates: featureGatesFromFlag(cfg.featureGates), useServiceAccountCredentials: true });
  const schedulerRest = connect(as(cfg.tokens?.scheduler), { userAgent: 'kubette-scheduler/v1.25' });
  const scheduler = cfg.scheduler ? new Scheduler({ rest: schedulerRest, clock, log }) : undefined;
  await scheduler?.start();
  // What the nodes share (the watch of bound pods) runs as the first node; each node writes as itself.
  const names = simulatedNodeNames(cfg.nodes);
  const nodeToken = (name: string | undefined) => (name === undefined ? undefined : cfg.tokens?.nodes[name]);
  const nodeRest = connect(as(nodeToken(names[0])), { userAgent: 'kubette-node-agent/v1.25' });
  const restFor = (name: string) => (cfg.tokens ? nodeRest.withHeaders({ Authorization: `Bearer ${nodeToken(name)}` }) : nodeRest);
  const nodes = cfg.nodes > 0 ? await startSimulatedNodes({ rest: nodeRest, restFor, clock, log, count: cfg.nodes, capacity: cfg.nodeCapacity }) : undefined;
  return {
    async stop() {
      await nodes?.stop();
      await scheduler?.stop();
      await controllers.stop();
      nodeRest.close();
      schedulerRest.close();
    },
  };
}

/** Messages between `kubette up` and its components thread. */
export type ToComponents = { type: 'stop' };
export type FromComponents = { type: 'started' } | { type: 'stopped' } | { type: 'failed'; error: string };

// The worker thread's entry: start, report, and stop when told to.
if (!isMainThread && (workerData as { kubetteComponents?: ComponentsConfig } | undefined)?.kubetteComponents) {
  const cfg = (workerData as { kubetteComponents: ComponentsConfig }).kubetteComponents;
  const log = createLogger(undefined, cfg.logLevel);
  const post = (m: FromComponents) => parentPort!.postMessage(m);
  try {
    const running = await startComponents(cfg, log);
    parentPort!.on('message', (m: ToComponents) => {
      if (m.type !== 'stop') return;
      void running.stop().then(() => post({ type: 'stopped' }));
    });
    post({ type: 'started' });
  } catch (err) {
    post({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
  }
}
