// The controller manager: every controller, by name, each talking to the API server only through
// the client over the server's URL — in `kubette up`'s process or in one of its own.
import { realClock, type Clock } from '../client/clock.js';
import { RestClient } from '../client/rest.js';
import { silentLogger, type Logger } from '../machinery/log.js';
import { CronJobController } from './cronjob/controller.js';
import { DaemonSetController } from './daemonset/controller.js';
import { DeploymentController } from './deployment/controller.js';
import { GarbageCollector } from './garbagecollector/controller.js';
import { JobController } from './job/controller.js';
import { NamespaceController } from './namespace/controller.js';
import { ReplicaSetController } from './replicaset/controller.js';
import { StatefulSetController } from './statefulset/controller.js';
import { TTLAfterFinishedController } from './ttlafterfinished/controller.js';

export interface ControllerContext {
  rest: RestClient;
  clock: Clock;
  log: Logger;
}

interface Controller {
  start(): Promise<void> | void;
  stop(): Promise<void>;
}

/** The controllers, in start order. */
export const CONTROLLERS: Record<string, (ctx: ControllerContext) => Controller> = {
  garbagecollector: (ctx) => new GarbageCollector(ctx),
  namespace: (ctx) => new NamespaceController(ctx),
  deployment: (ctx) => new DeploymentController(ctx),
  replicaset: (ctx) => new ReplicaSetController(ctx),
  statefulset: (ctx) => new StatefulSetController(ctx),
  daemonset: (ctx) => new DaemonSetController(ctx),
  job: (ctx) => new JobController(ctx),
  cronjob: (ctx) => new CronJobController(ctx),
  'ttl-after-finished': (ctx) => new TTLAfterFinishedController(ctx),
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

export interface ControllerManagerOptions {
  /** The API server's URL, e.g. http://127.0.0.1:6443. */
  server: string;
  clock?: Clock;
  log?: Logger;
  /** Names from CONTROLLERS to run (default: all). */
  controllers?: string[];
}

export interface RunningControllers {
  names: string[];
  stop(): Promise<void>;
}

export async function startControllers(opts: ControllerManagerOptions): Promise<RunningControllers> {
  const rest = new RestClient(opts.server, { userAgent: 'kubette-controller-manager/v1.25' });
  const ctx: ControllerContext = { rest, clock: opts.clock ?? realClock, log: opts.log ?? silentLogger };
  const names = opts.controllers ?? Object.keys(CONTROLLERS);
  const running: Controller[] = [];
  for (const name of names) {
    const make = CONTROLLERS[name];
    if (!make) throw new Error(`unknown controller ${JSON.stringify(name)}: known are ${Object.keys(CONTROLLERS).join(', ')}`);
    const c = make(ctx);
    await c.start();
    running.push(c);
    ctx.log.info('started controller', { controller: name });
  }
  return {
    names,
    async stop() {
      await Promise.all(running.map((c) => c.stop()));
      rest.close();
    },
  };
}
