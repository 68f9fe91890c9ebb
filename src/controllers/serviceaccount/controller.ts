// The ServiceAccounts controller (pkg/controller/serviceaccount/serviceaccounts_controller.go): every
// active namespace has a "default" ServiceAccount, recreated when deleted; a namespace that is not
// Active (being terminated) gets none.
//
// Since v1.24 no token Secret is created for it (pods get projected tokens from the TokenRequest
// API), so there is no tokens controller here. The root CA ConfigMap (kube-root-ca.crt, published by
// its own controller) waits for the TLS work.
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import { realClock, type Clock } from '../../client/clock.js';
import { runWorkers, type SyncResult } from '../../client/controller.js';
import type { Informer } from '../../client/informer.js';
import { informersOf } from '../../client/informerfactory.js';
import type { ControllerOptions } from '../common/options.js';
import { isAlreadyExists, type ResourceClient } from '../../client/rest.js';
import { WorkQueue } from '../../client/workqueue.js';
import { silentLogger, type Logger } from '../../machinery/log.js';
import { isNamespaceTerminating } from '../common/namespaces.js';

type NamespaceObject = Namespace & KObject;
type ServiceAccountObject = ServiceAccount & KObject;

export interface ServiceAccountsControllerOptions extends ControllerOptions {
  /** The accounts to ensure in every namespace (upstream's default: just "default"). */
  serviceAccounts?: string[];
}

export class ServiceAccountsController {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly queue: WorkQueue<string>;
  private readonly namespaces: Informer<NamespaceObject>;
  private readonly accounts: Informer<ServiceAccountObject>;
  private readonly client: ResourceClient<ServiceAccountObject>;
  private readonly ensure: string[];
  private workers?: Promise<void>;

  constructor(opts: ServiceAccountsControllerOptions) {
    const informers = informersOf(opts);
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? silentLogger;
    this.ensure = opts.serviceAccounts ?? ['default'];
    this.queue = new WorkQueue<string>('serviceaccount', this.clock);
    this.namespaces = informers.forClient(opts.rest.resource<NamespaceObject>({ group: '', version: 'v1', resource: 'namespaces' }));
    this.client = opts.rest.resource<ServiceAccountObject>({ group: '', version: 'v1', resource: 'serviceaccounts' });
    this.accounts = informers.forClient(this.client);
    const enqueueNamespace = (ns: NamespaceObject) => this.queue.add(ns.metadata.name!);
    this.namespaces.on({ add: enqueueNamespace, update: (_, ns) => enqueueNamespace(ns) });
    // Only a deleted account of ours brings its namespace back for a look.
    this.accounts.on({
      delete: (sa) => {
        if (this.ensure.includes(sa.metadata.name!)) this.queue.add(sa.metadata.namespace!);
      },
    });
  }

  async start(): Promise<void> {
    this.namespaces.start();
    this.accounts.start();
    // The account cache must be complete before a sync trusts "not found" in it.
    await Promise.all([this.namespaces.waitForSync(), this.accounts.waitForSync()]);
    this.workers = runWorkers({ queue: this.queue, sync: (ns) => this.sync(ns), workers: 1, log: this.log });
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await Promise.all([this.namespaces.stop(), this.accounts.stop()]);
    await this.workers;
  }

  /** syncNamespace: create each missing account in an active namespace. */
  private async sync(name: string): Promise<SyncResult> {
    const ns = this.namespaces.cache.get(name);
    if (!ns) return;
    // An empty phase counts as Active, as the server defaults it.
    if ((ns.status?.phase || 'Active') !== 'Active' || ns.metadata.deletionTimestamp) return;
    const failures: string[] = [];
    for (const sa of this.ensure) {
      if (this.accounts.cache.getByName(name, sa)) continue;
      try {
        await this.client.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: name } });
      } catch (err) {
        if (isAlreadyExists(err)) continue;
        // A namespace that began terminating meanwhile refuses new content: nothing to retry.
        if (isNamespaceTerminating(err)) continue;
        failures.push(err instanceof Error ? err.message : String(err));
      }
    }
    if (failures.length) throw new Error(failures.join('; '));
  }
}
