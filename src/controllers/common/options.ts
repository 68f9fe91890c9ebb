// What every controller is built from.
import type { Clock } from '../../client/clock.js';
import type { InformerFactory } from '../../client/informerfactory.js';
import type { RestClient } from '../../client/rest.js';
import type { Logger } from '../../machinery/log.js';

export interface ControllerOptions {
  rest: RestClient;
  /** The manager's shared informers (a private set when absent). */
  informers?: InformerFactory;
  clock?: Clock;
  log?: Logger;
  /** Concurrent syncs (each controller's upstream --concurrent-*-syncs default when absent). */
  workers?: number;
}
