// Shared informers: every controller in a process that watches pods gets the same pod informer, so
// 30,000 pods are listed, watched and cached once rather than once per controller (client-go's
// SharedInformerFactory). Controllers ask for the indexes they need; handlers are added per caller.
import type { KObject } from '../api/object.js';
import { realClock, type Clock } from './clock.js';
import { Informer, type IndexFunc } from './informer.js';
import type { GroupVersionResource, ResourceClient, RestClient } from './rest.js';
import { silentLogger, type Logger } from '../machinery/log.js';

export interface SharedInformerOptions<T> {
  indexers?: Record<string, IndexFunc<T>>;
  /** A filtered informer (e.g. one namespace or a field selector) is shared only with identical filters. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Ask for PartialObjectMetadata only (as metadata informers do). */
  metadataOnly?: boolean;
}

export class InformerFactory {
  private readonly informers = new Map<string, Informer<KObject>>();
  private started = false;

  constructor(
    private readonly rest: RestClient,
    private readonly opts: { clock?: Clock; log?: Logger; resyncMs?: number } = {},
  ) {}

  /** The process's informer for `gvr` with these filters, created on first use. */
  informer<T extends KObject>(gvr: GroupVersionResource, o: SharedInformerOptions<T> = {}): Informer<T> {
    const key = JSON.stringify([gvr.group, gvr.version, gvr.resource, o.namespace ?? '', o.labelSelector ?? '', o.fieldSelector ?? '', !!o.metadataOnly]);
    let inf = this.informers.get(key) as Informer<T> | undefined;
    if (!inf) {
      inf = new Informer<T>(this.rest.resource<T>(gvr, { metadataOnly: o.metadataOnly }), {
        namespace: o.namespace,
        labelSelector: o.labelSelector,
        fieldSelector: o.fieldSelector,
        clock: this.opts.clock ?? realClock,
        log: this.opts.log ?? silentLogger,
        resyncMs: this.opts.resyncMs,
      });
      this.informers.set(key, inf as unknown as Informer<KObject>);
      if (this.started) inf.start();
    }
    for (const [name, fn] of Object.entries(o.indexers ?? {})) inf.cache.addIndexer(name, fn);
    return inf;
  }

  /** The informer for what `client` reads (its group, version and resource). */
  forClient<T extends KObject>(client: ResourceClient<T>, o: SharedInformerOptions<T> = {}): Informer<T> {
    return this.informer<T>(client.gvr, o);
  }

  /** Start every informer made so far, and any made later at once. */
  start(): void {
    this.started = true;
    for (const inf of this.informers.values()) inf.start();
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}

/** A controller's informers: the manager's shared factory when it runs in one, else its own. */
export function informersOf(o: { rest: RestClient; clock?: Clock; log?: Logger; informers?: InformerFactory }): InformerFactory {
  return o.informers ?? new InformerFactory(o.rest, { clock: o.clock, log: o.log });
}

/**
 * kube-controller-manager's resync period for its shared informers: --min-resync-period (12 h) times
 * a random factor in [1, 2), drawn once, so a fleet of managers does not resync in step.
 */
export const controllerManagerResyncMs = (minResyncMs = 12 * 3600_000) => Math.floor(minResyncMs * (1 + Math.random()));
