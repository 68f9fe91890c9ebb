// A controller under test: `kubette up` with the given flags (usually its own controllers off), and
// the controller running in the test process against it, e.g. on a FakeClock.
import { connect, RestClient } from '../../src/client/rest.js';
import { startCluster, type Cluster } from './cluster.js';

interface Startable {
  start(): unknown;
  stop(): Promise<void>;
}

export interface ControllerHarness<C extends Startable> {
  cluster: Cluster;
  rest: RestClient;
  controller: C;
}

export async function startWithController<C extends Startable>(args: string[], make: (rest: RestClient) => C): Promise<ControllerHarness<C>> {
  const cluster = await startCluster({ args });
  const rest = connect(cluster.connection);
  const controller = make(rest);
  await controller.start();
  return { cluster, rest, controller };
}

/** Stops what started, in reverse order; safe after a failed start. */
export async function stopController(h: Partial<ControllerHarness<Startable>> | undefined): Promise<void> {
  await h?.controller?.stop();
  h?.rest?.close();
  await h?.cluster?.stop();
  h?.cluster?.cleanup();
}
