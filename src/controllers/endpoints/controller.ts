// The Endpoints controller (pkg/controller/endpoint, v1.25): for every Service with a selector, an
// Endpoints object of the same name listing the matching pods' addresses — ready ones in
// `addresses`, the rest in `notReadyAddresses` — with the ports each pod offers for the Service's
// ports. Services without a selector (and ExternalName ones) are left alone: their Endpoints are
// written by hand. An Endpoints whose Service is gone is deleted.
import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import { realClock, type Clock } from '../../client/clock.js';
import { runWorkers, type SyncResult } from '../../client/controller.js';
import { EventRecorder } from '../../client/events.js';
import { Informer, objectKey, splitKey } from '../../client/informer.js';
import { byNamespace } from '../common/pods.js';
import { informersOf } from '../../client/informerfactory.js';
import type { ControllerOptions } from '../common/options.js';
import { isNotFound, type ResourceClient } from '../../client/rest.js';
import { WorkQueue } from '../../client/workqueue.js';
import { silentLogger, type Logger } from '../../machinery/log.js';
import { labelSelectorFromObject, matchesLabels } from '../../machinery/selectors.js';
import { deepEqual } from '../../validation/meta.js';
import { isNamespaceTerminating } from '../common/namespaces.js';
import { countAddresses, MAX_CAPACITY, podSubsets, repackSubsets, truncateEndpoints } from './subsets.js';
import { rfc3339Nano, TriggerTimeTracker } from './triggertime.js';

type ServiceObject = Service & KObject;
type PodObject = Pod & KObject;
type EndpointsObject = Endpoints & KObject;

export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
/** Endpoints used as a leader-election lock carry this; they have no Service and must survive. */
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

export type EndpointsControllerOptions = ControllerOptions;


export class EndpointsController {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly queue: WorkQueue<string>;
  private readonly services: Informer<ServiceObject>;
  private readonly pods: Informer<PodObject>;
  private readonly endpoints: Informer<EndpointsObject>;
  private readonly client: ResourceClient<EndpointsObject>;
  private readonly triggers = new TriggerTimeTracker();
  private readonly events: EventRecorder;
  private workers?: Promise<void>;

  constructor(private readonly opts: EndpointsControllerOptions) {
    const informers = informersOf(opts);
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? silentLogger;
    this.queue = new WorkQueue<string>('endpoint', this.clock);
    const informer = <T extends KObject>(resource: string) =>
      informers.forClient(opts.rest.resource<T>({ group: '', version: 'v1', resource }), { indexers: byNamespace });
    this.services = informer<ServiceObject>('services');
    this.pods = informer<PodObject>('pods');
    this.client = opts.rest.resource<EndpointsObject>({ group: '', version: 'v1', resource: 'endpoints' });
    this.endpoints = informers.forClient(this.client);
    this.events = new EventRecorder(opts.rest, { component: 'endpoint-controller' }, this.clock);

    const enqueue = (o: KObject) => this.queue.add(objectKey(o));
    this.services.on({ add: enqueue, update: (_, s) => enqueue(s), delete: enqueue });
    this.pods.on({
      add: (p) => this.enqueueServicesOf(p),
      update: (old, cur) => {
        if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
        // Both: a pod whose labels changed may have left some Services and joined others.
        this.enqueueServicesOf(old);
        this.enqueueServicesOf(cur);
      },
      delete: (p) => this.enqueueServicesOf(p),
    });
    // An Endpoints deleted by someone else is recreated (or, without a Service, stays gone).
    this.endpoints.on({ delete: enqueue });
  }

  async start(): Promise<void> {
    for (const i of [this.services, this.pods, this.endpoints]) i.start();
    await Promise.all([this.services.waitForSync(), this.pods.waitForSync(), this.endpoints.waitForSync()]);
    this.checkLeftoverEndpoints();
    this.workers = runWorkers({ queue: this.queue, sync: (key) => this.sync(key), workers: this.opts.workers ?? 5, log: this.log });
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await Promise.all([this.services.stop(), this.pods.stop(), this.endpoints.stop()]);
    await this.workers;
  }

  /** Every Endpoints is looked at once at start-up: those whose Service went while we were down get deleted. */
  private checkLeftoverEndpoints(): void {
    for (const ep of this.endpoints.cache.list()) {
      if (ep.metadata.annotations?.[LEADER_ANNOTATION] !== undefined) continue;
      this.queue.add(objectKey(ep));
    }
  }

  /** GetPodServiceMemberships: the Services in the pod's namespace whose selector matches it. */
  private enqueueServicesOf(pod: PodObject): void {
    for (const svc of this.services.cache.byIndex('namespace', pod.metadata.namespace ?? '')) {
      const sel = svc.spec?.selector;
      if (!sel) continue;
      if (matchesLabels(labelSelectorFromObject({ matchLabels: sel }), pod.metadata.labels as Record<string, string> | undefined)) this.queue.add(objectKey(svc));
    }
  }

  private async sync(key: string): Promise<SyncResult> {
    const { namespace, name } = splitKey(key);
    const svc = this.services.cache.get(key);
    if (!svc) {
      // The Service is gone: so goes its Endpoints (if we were down at the time, checkLeftoverEndpoints catches it).
      await this.client.delete(name, { namespace }).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
      this.triggers.delete(namespace, name);
      return;
    }
    if (svc.spec?.type === 'ExternalName') return;
    const selector = svc.spec?.selector;
    if (!selector) return;

    const sel = labelSelectorFromObject({ matchLabels: selector });
    const pods = this.pods.cache.byIndex('namespace', namespace).filter((p) => matchesLabels(sel, p.metadata.labels as Record<string, string> | undefined));
    // Computed on every sync, even one that writes nothing, so the tracker's memory stays current.
    const triggerTime = this.triggers.compute(svc, pods);
    const subsets = repackSubsets(podSubsets(svc, pods));

    const current = this.endpoints.cache.get(key);
    const create = !current;
    const labels = { ...(svc.metadata.labels ?? {}) } as Record<string, string>;
    if (current) {
      const have = { ...(current.metadata.labels ?? {}) } as Record<string, string>;
      delete have[HEADLESS_LABEL];
      const capacityOk = countAddresses(current.subsets) <= MAX_CAPACITY && current.metadata.annotations?.[OVER_CAPACITY] === undefined;
      if (deepEqual(current.subsets ?? [], subsets) && deepEqual(have, labels) && capacityOk) return;
    }

    const ep: EndpointsObject = current
      ? structuredClone(current)
      : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace } };
    ep.subsets = subsets;
    const annotations = { ...(ep.metadata.annotations ?? {}) } as Record<string, string>;
    if (triggerTime) annotations[LAST_CHANGE_TRIGGER_TIME] = rfc3339Nano(triggerTime);
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    if (truncateEndpoints(ep)) annotations[OVER_CAPACITY] = 'truncated';
    else delete annotations[OVER_CAPACITY];
    ep.metadata.annotations = annotations;
    // IsServiceIPSet: a Service without a cluster IP is headless, and its Endpoints say so.
    const headless = !svc.spec?.clusterIP || svc.spec.clusterIP === 'None';
    if (headless) labels[HEADLESS_LABEL] = '';
    ep.metadata.labels = labels;

    try {
      if (create) await this.client.create(ep, { namespace });
      else await this.client.update(ep);
    } catch (err) {
      // In a terminating namespace creates keep failing: drop the Service until it changes.
      if (create && isNamespaceTerminating(err)) return;
      const msg = err instanceof Error ? err.message : String(err);
      if (create) void this.events.event(ep, 'Warning', 'FailedToCreateEndpoint', `Failed to create endpoint for service ${namespace}/${name}: ${msg}`);
      else void this.events.event(ep, 'Warning', 'FailedToUpdateEndpoint', `Failed to update endpoint ${namespace}/${name}: ${msg}`);
      throw err;
    }
  }
}
