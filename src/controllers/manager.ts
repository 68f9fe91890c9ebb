// The controller manager: every controller, by name, each talking to the API server only through
// the client over the server's URL — in `kubette up`'s process or in one of its own.
import { realClock, type Clock } from '../client/clock.js';
import { defaultIdentity, LeaderElector } from '../client/leaderelection.js';
import { controllerManagerResyncMs, InformerFactory } from '../client/informerfactory.js';
import { connect, type RestClient, type ServerConnection } from '../client/rest.js';
import { defaultFeatureGates, type FeatureGates } from '../machinery/featuregates.js';
import { silentLogger, type Logger } from '../machinery/log.js';
import { ClusterRoleAggregationController } from './clusterroleaggregation/controller.js';
import { ServiceAccountCredentials } from './credentials.js';
import { CronJobController } from './cronjob/controller.js';
import { DaemonSetController } from './daemonset/controller.js';
import { DeploymentController } from './deployment/controller.js';
import { EndpointsController } from './endpoints/controller.js';
import { GarbageCollector } from './garbagecollector/controller.js';
import { JobController } from './job/controller.js';
import { NamespaceController } from './namespace/controller.js';
import { NodeLifecycleController } from './nodelifecycle/controller.js';
import { PodGCController } from './podgc/controller.js';
import { ReplicaSetController } from './replicaset/controller.js';
import { ServiceAccountsController } from './serviceaccount/controller.js';
import { StatefulSetController } from './statefulset/controller.js';
import { TTLAfterFinishedController } from './ttlafterfinished/controller.js';

export interface ControllerContext {
  rest: RestClient;
  clock: Clock;
  log: Logger;
  featureGates: FeatureGates;
  /** One informer per resource for all the controllers (30,000 pods cached once, not per controller). */
  informers: InformerFactory;
}

interface Controller {
  start(): Promise<void> | void;
  stop(): Promise<void>;
}

interface ControllerEntry {
  /** The service account in kube-system it acts as with --use-service-account-credentials (upstream's name). */
  serviceAccount: string;
  create: (ctx: ControllerContext) => Controller;
}

/** The controllers, in start order. */
export const CONTROLLERS: Record<string, ControllerEntry> = {
  garbagecollector: { serviceAccount: 'generic-garbage-collector', create: (ctx) => new GarbageCollector(ctx) },
  namespace: { serviceAccount: 'namespace-controller', create: (ctx) => new NamespaceController(ctx) },
  deployment: { serviceAccount: 'deployment-controller', create: (ctx) => new DeploymentController(ctx) },
  replicaset: { serviceAccount: 'replicaset-controller', create: (ctx) => new ReplicaSetController(ctx) },
  statefulset: { serviceAccount: 'statefulset-controller', create: (ctx) => new StatefulSetController(ctx) },
  daemonset: { serviceAccount: 'daemon-set-controller', create: (ctx) => new DaemonSetController(ctx) },
  job: { serviceAccount: 'job-controller', create: (ctx) => new JobController(ctx) },
  cronjob: { serviceAccount: 'cronjob-controller', create: (ctx) => new CronJobController(ctx) },
  'ttl-after-finished': { serviceAccount: 'ttl-after-finished-controller', create: (ctx) => new TTLAfterFinishedController(ctx) },
  endpoint: { serviceAccount: 'endpoint-controller', create: (ctx) => new EndpointsController(ctx) },
  serviceaccount: { serviceAccount: 'service-account-controller', create: (ctx) => new ServiceAccountsController(ctx) },
  // The node lifecycle controller uses the node-controller role, as upstream.
  nodelifecycle: { serviceAccount: 'node-controller', create: (ctx) => new NodeLifecycleController(ctx) },
  podgc: { serviceAccount: 'pod-garbage-collector', create: (ctx) => new PodGCController(ctx) },
  'clusterrole-aggregation': { serviceAccount: 'clusterrole-aggregation-controller', create: (ctx) => new ClusterRoleAggregationController(ctx) },
};

/**
 * kube-controller-manager's --controllers: a comma-separated list where `*` means every controller,
 * `name` turns one on and `-name` turns one off (so `*,-job` is all but the Job controller, and an
 * empty list runs none).
 */
export function selectControllers(spec: string): string[] {
  const items = spec.split(',').map((s) => s.trim()).filter(Boolean);
  for (const it of items) {
    const name = it.replace(/^-/, '');
    if (name !== '*' && !CONTROLLERS[name]) throw new Error(`unknown controller ${JSON.stringify(name)}: known are ${Object.keys(CONTROLLERS).join(', ')}`);
  }
  const all = items.includes('*');
  return Object.keys(CONTROLLERS).filter((n) => !items.includes(`-${n}`) && (all || items.includes(n)));
}

export interface LeaderElectionOptions {
  /** Lease duration (default 15 s), renew deadline (10 s) and retry period (2 s), as kube-controller-manager. */
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** The Lease (default kube-system/kube-controller-manager). */
  resourceName?: string;
  resourceNamespace?: string;
}

export interface ControllerManagerOptions {
  /** The API server and the manager's credentials for it. */
  connection: ServerConnection;
  clock?: Clock;
  /** The cluster's feature gates (--feature-gates); v1.25's defaults when absent. */
  featureGates?: FeatureGates;
  log?: Logger;
  /** Names from CONTROLLERS to run (default: all). */
  controllers?: string[];
  /**
   * Run the controllers only while holding the leader Lease, so several managers can run against one
   * cluster with one of them active (kube-controller-manager's --leader-elect; off unless asked here,
   * on by default in `kubette controller-manager`).
   */
  leaderElect?: boolean;
  /** This candidate's identity in the Lease (default `<hostname>_<uuid>`). */
  leaderElectionId?: string;
  leaderElection?: LeaderElectionOptions;
  /**
   * Run each controller as its own service account in kube-system (token from the TokenRequest API,
   * refreshed before it expires) instead of with the connection's credentials, which then serve only
   * the shared informers, leader election and provisioning those accounts. Off by default, as
   * kube-controller-manager's --use-service-account-credentials; `kubette up` and
   * `kubette controller-manager` turn it on, as kubeadm does.
   */
  useServiceAccountCredentials?: boolean;
}

export interface RunningControllers {
  names: string[];
  /** The leader-election identity, when electing. */
  identity?: string;
  /** Whether the controllers are running now (always, without leader election). */
  isLeader(): boolean;
  /** Stop the controllers, then give up the Lease so another manager takes over at once. */
  stop(): Promise<void>;
}

/** Make, start and stop one set of controllers. */
class ControllerSet {
  private running: Controller[] = [];
  private readonly resyncMs = controllerManagerResyncMs();

  constructor(
    private readonly ctx: Omit<ControllerContext, 'informers'>,
    private readonly names: string[],
    /** Each controller's client: its service account's, or the manager's own when absent. */
    private readonly credentials?: ServiceAccountCredentials,
  ) {
    for (const name of names) if (!CONTROLLERS[name]) throw new Error(`unknown controller ${JSON.stringify(name)}: known are ${Object.keys(CONTROLLERS).join(', ')}`);
  }

  async start(): Promise<void> {
    // Fresh informers each time (leadership can be lost and won again): the stopped controllers'
    // handlers must not stay registered on the caches the new ones use.
    const ctx: ControllerContext = { ...this.ctx, informers: new InformerFactory(this.ctx.rest, { clock: this.ctx.clock, log: this.ctx.log, resyncMs: this.resyncMs }) };
    // The accounts and their first tokens are set up together, not one controller after another.
    const clients = await Promise.all(this.names.map((name) => this.credentials?.clientFor(CONTROLLERS[name]!.serviceAccount)));
    for (const [i, name] of this.names.entries()) {
      const c = CONTROLLERS[name]!.create({ ...ctx, rest: clients[i] ?? ctx.rest });
      await c.start();
      this.running.push(c);
      this.ctx.log.info('started controller', { controller: name });
    }
  }

  async stop(): Promise<void> {
    const running = this.running.splice(0);
    await Promise.all(running.map((c) => c.stop()));
  }
}

export async function startControllers(opts: ControllerManagerOptions): Promise<RunningControllers> {
  const userAgent = 'kubette-controller-manager/v1.25';
  const rest = connect(opts.connection, { userAgent });
  const clock = opts.clock ?? realClock;
  const log = opts.log ?? silentLogger;
  const ctx: Omit<ControllerContext, 'informers'> = { rest, clock, log, featureGates: opts.featureGates ?? defaultFeatureGates };
  const names = opts.controllers ?? Object.keys(CONTROLLERS);
  const credentials = opts.useServiceAccountCredentials ? new ServiceAccountCredentials({ connection: opts.connection, root: rest, clock, log, userAgent }) : undefined;
  const set = new ControllerSet(ctx, names, credentials);
  const close = () => {
    credentials?.close();
    rest.close();
  };
  if (!opts.leaderElect) {
    try {
      await set.start();
    } catch (err) {
      await set.stop();
      close();
      throw err;
    }
    return {
      names,
      isLeader: () => true,
      async stop() {
        await set.stop();
        close();
      },
    };
  }
  const identity = opts.leaderElectionId ?? defaultIdentity();
  const le = opts.leaderElection ?? {};
  let stopping = false;
  let leading = false;
  // Starting and stopping run one after the other: leadership can be lost while controllers start.
  let transition: Promise<void> = Promise.resolve();
  const serially = (fn: () => Promise<void>) => (transition = transition.then(fn).catch((err: unknown) => ctx.log.error('controller manager', { err: err instanceof Error ? err.message : String(err) })));
  const elector = () =>
    new LeaderElector({
      rest,
      namespace: le.resourceNamespace ?? 'kube-system',
      name: le.resourceName ?? 'kube-controller-manager',
      identity,
      leaseDurationMs: le.leaseDurationMs,
      renewDeadlineMs: le.renewDeadlineMs,
      retryPeriodMs: le.retryPeriodMs,
      releaseOnCancel: true,
      // Always real time, even when the controllers run on a simulated clock: the lease is about
      // whether a process is alive, and a clock running 100x fast would expire a healthy leader's
      // lease between two of its renewals (and a FakeClock would never expire a dead one).
      clock: realClock,
      log: ctx.log,
      eventComponent: 'kube-controller-manager',
      callbacks: {
        onStartedLeading: () =>
          serially(async () => {
            if (stopping) return;
            leading = true;
            await set.start();
          }),
        onStoppedLeading: () =>
          serially(async () => {
            leading = false;
            await set.stop();
          }),
      },
    });
  let current = elector(); // made here so that bad timings fail the call, not a background loop
  const campaign = (async () => {
    // Upstream exits the process when leadership is lost and lets its supervisor restart it; here the
    // manager may share a process with the API server, so it stops its controllers and campaigns again.
    for (;;) {
      await current.run();
      await transition;
      if (stopping) return;
      ctx.log.error('leaderelection lost', { identity });
      current = elector();
    }
  })();
  return {
    names,
    identity,
    isLeader: () => leading,
    async stop() {
      stopping = true;
      // Controllers first: the lease is released only once nothing it guards is still running.
      await serially(async () => {
        leading = false;
        await set.stop();
      });
      await current.stop();
      await campaign;
      close();
    },
  };
}
