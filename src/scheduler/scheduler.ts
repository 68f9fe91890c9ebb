// kube-scheduler (v1.25 semantics), reaching the server only through the client. Informers on nodes
// and pods feed the cache (assigned pods) and the queue (pods for this scheduler without a node). The
// loop pops a pod, runs one scheduling cycle, assumes the pod onto the chosen node and hands the
// binding to a bounded pool, so the next pod is scheduled while bindings are in flight. A pod that
// fits nowhere gets FailedScheduling and PodScheduled=False with upstream's message, and waits for a
// cluster event that may help.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../api/object.js';
import { realClock, type Clock } from '../client/clock.js';
import { EventRecorder } from '../client/events.js';
import { Informer } from '../client/informer.js';
import { resourcePath, type RestClient } from '../client/rest.js';
import { silentLogger, type Logger } from '../machinery/log.js';
import { Algorithm } from './algorithm.js';
import { SchedulerCache } from './cache.js';
import { AssignedPodAdd, AssignedPodDelete, AssignedPodUpdate, couldFit, NodeAdd, nodeChange } from './events.js';
import { fitErrorMessage, type Handle } from './framework.js';
import { defaultPlugins } from './plugins/index.js';
import { preemptionMessage } from './plugins/preemption.js';
import { newPodInfo, termMatches, type PodInfo } from './podinfo.js';
import { Pool } from './pool.js';
import { SchedulingQueue, type QueuedPodInfo } from './queue.js';

export interface SchedulerOptions {
  rest: RestClient;
  clock?: Clock;
  log?: Logger;
  /** Pods whose spec.schedulerName is this are ours (default "default-scheduler"). */
  schedulerName?: string;
  /** Bindings in flight at once (default 24). */
  bindConcurrency?: number;
  /** 0 (default) for upstream's adaptive percentage. */
  percentageOfNodesToScore?: number;
}

const PODS = { group: '', version: 'v1', resource: 'pods' };
/** ErrNoNodesAvailable. */
const NO_NODES = 'no nodes available to schedule pods';
/** validation.NoteLengthLimit: events longer than this are cut. */
const NOTE_LENGTH_LIMIT = 1024;
const WRITE_CONCURRENCY = 8;

const truncate = (m: string) => (m.length <= NOTE_LENGTH_LIMIT ? m : `${m.slice(0, NOTE_LENGTH_LIMIT - 4)} ...`);
const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const assigned = (p: Pod) => !!p.spec?.nodeName;
const asPod = (o: KObject) => o as unknown as Pod;
const asNode = (o: KObject) => o as unknown as Node;
const keyOf = (p: Pod) => `${p.metadata?.namespace}/${p.metadata?.name}`;

export class Scheduler {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly name: string;
  private readonly cache = new SchedulerCache();
  private readonly queue: SchedulingQueue;
  private readonly algorithm: Algorithm;
  private readonly nodes: Informer;
  private readonly pods: Informer;
  private readonly namespaces: Informer;
  private readonly recorder: EventRecorder;
  private readonly binds: Pool;
  private readonly writes = new Pool(WRITE_CONCURRENCY);
  private loop?: Promise<void>;

  constructor(private readonly opts: SchedulerOptions) {
    this.clock = opts.clock ?? realClock;
    this.log = opts.log ?? silentLogger;
    this.name = opts.schedulerName ?? 'default-scheduler';
    this.binds = new Pool(opts.bindConcurrency ?? 24);
    const rest = opts.rest;
    const common = { clock: this.clock, log: this.log };
    this.nodes = new Informer(rest.resource({ group: '', version: 'v1', resource: 'nodes' }), common);
    // Finished pods hold nothing: upstream's scheduler does not even watch them.
    this.pods = new Informer(rest.resource(PODS), { ...common, fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' });
    this.namespaces = new Informer(rest.resource({ group: '', version: 'v1', resource: 'namespaces' }), common);
    this.recorder = new EventRecorder(rest, { component: this.name }, this.clock);
    const handle: Handle = { cache: this.cache, namespaceLabels: this.namespaceLabels };
    const plugins = defaultPlugins(handle);
    this.queue = new SchedulingQueue(this.clock, { interest: new Map(plugins.map((p) => [p.plugin.name, p.plugin.events])) });
    this.algorithm = new Algorithm(plugins, this.cache, opts.percentageOfNodesToScore ?? 0);
  }

  private readonly namespaceLabels = (ns: string) => this.namespaces.cache.get(ns)?.metadata.labels as Record<string, string> | undefined;

  async start(): Promise<void> {
    this.nodes.on({
      add: (n) => this.queue.moveAll(NodeAdd, this.couldFitOn(this.cache.setNode(asNode(n)))),
      update: (old, n) => {
        const ni = this.cache.setNode(asNode(n));
        const ev = nodeChange(asNode(old), asNode(n));
        if (ev) this.queue.moveAll(ev, this.couldFitOn(ni));
      },
      delete: (n) => this.cache.removeNode(n.metadata.name!),
    });
    this.pods.on({
      add: (p) => this.podAdded(asPod(p)),
      update: (old, p) => this.podUpdated(asPod(old), asPod(p)),
      delete: (p) => this.podDeleted(asPod(p)),
    });
    for (const i of [this.nodes, this.pods, this.namespaces]) i.start();
    await Promise.all([this.nodes.waitForSync(), this.pods.waitForSync(), this.namespaces.waitForSync()]);
    this.loop = this.run();
    this.log.info('scheduler started', { schedulerName: this.name, nodes: this.cache.list().length });
  }

  async stop(): Promise<void> {
    this.queue.close();
    await this.loop;
    await this.binds.idle();
    await this.writes.idle();
    await Promise.all([this.nodes.stop(), this.pods.stop(), this.namespaces.stop()]);
  }

  private responsible(p: Pod): boolean {
    return (p.spec?.schedulerName || 'default-scheduler') === this.name;
  }

  private couldFitOn(ni: ReturnType<SchedulerCache['setNode']>) {
    return (q: QueuedPodInfo) => couldFit(q.info, ni);
  }

  /** Unschedulable pods whose required affinity the assigned pod may now satisfy. */
  private affinityMatches(p: PodInfo) {
    return (q: QueuedPodInfo) => q.info.requiredAffinity.some((t) => termMatches(t, p, this.namespaceLabels));
  }

  private podAdded(p: Pod): void {
    if (assigned(p)) {
      this.cache.addOrUpdatePod(p);
      this.queue.moveMatching(AssignedPodAdd, this.affinityMatches(newPodInfo(p)));
    } else if (this.responsible(p)) this.queue.add(newPodInfo(p));
  }

  private podUpdated(old: Pod, p: Pod): void {
    if (assigned(p)) {
      // Bound (by us or anyone): it leaves the queue and counts on its node.
      if (!assigned(old)) {
        this.queue.delete(keyOf(p));
        return this.podAdded(p);
      }
      this.cache.addOrUpdatePod(p);
      this.queue.moveMatching(AssignedPodUpdate, this.affinityMatches(newPodInfo(p)));
      return;
    }
    if (!this.responsible(p) || old.metadata?.resourceVersion === p.metadata?.resourceVersion) return;
    if (this.cache.isAssumed(keyOf(p))) return; // being bound; the binding decides
    this.queue.update(old, newPodInfo(p));
  }

  private podDeleted(p: Pod): void {
    const key = keyOf(p);
    if (assigned(p) || this.cache.isAssumed(key)) {
      this.cache.removePod(key);
      this.queue.moveAll(AssignedPodDelete);
    }
    this.queue.delete(key);
  }

  private async run(): Promise<void> {
    for (;;) {
      const q = await this.queue.pop();
      if (!q) return;
      try {
        this.scheduleOne(q);
      } catch (err) {
        this.log.error('scheduling cycle failed', { pod: q.info.key, err: err instanceof Error ? err.stack : String(err) });
      }
      await this.binds.room();
      // Let informer events and responses in between pods: a busy queue must not starve the watch.
      await new Promise((r) => setImmediate(r));
    }
  }

  private scheduleOne(q: QueuedPodInfo): void {
    const pod = q.info.pod;
    const m = pod.metadata!;
    if (m.deletionTimestamp) {
      this.record(pod, 'Warning', 'FailedScheduling', `skip schedule deleting pod: ${m.namespace}/${m.name}`);
      return;
    }
    if (this.cache.isAssumed(q.info.key)) return;
    const cycle = this.queue.cycle;
    const r = this.algorithm.schedule(q.info);
    if (r.kind === 'noNodes') return this.failed(q, NO_NODES, 'Unschedulable', cycle, new Set());
    if (r.kind === 'unfit') {
      const msg = fitErrorMessage(r.numAllNodes, r.statuses.values(), preemptionMessage(pod, r.nodes, r.statuses));
      return this.failed(q, msg, 'Unschedulable', cycle, r.plugins);
    }
    this.cache.assume(q.info, r.node);
    this.binds.submit(() => this.bind(q, r.node, cycle));
  }

  private async bind(q: QueuedPodInfo, node: string, cycle: number): Promise<void> {
    const m = q.info.pod.metadata!;
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: m.name, namespace: m.namespace, uid: m.uid }, target: { kind: 'Node', name: node } };
    try {
      await this.opts.rest.request({ method: 'POST', path: resourcePath(PODS, m.namespace, m.name, 'binding'), body: binding });
    } catch (err) {
      // Give the node back; to the queue that is as good as a pod leaving it.
      this.cache.forget(q.info.key);
      this.queue.moveAll(AssignedPodDelete, (o) => o !== q);
      this.log.info('failed to bind pod', { pod: q.info.key, node, err: err instanceof Error ? err.message : String(err) });
      return this.failed(q, `binding rejected: ${err instanceof Error ? err.message : String(err)}`, 'SchedulerError', cycle, new Set());
    }
    this.log.debug('bound pod', { pod: q.info.key, node });
    this.record(q.info.pod, 'Normal', 'Scheduled', `Successfully assigned ${m.namespace}/${m.name} to ${node}`);
  }

  /** handleSchedulingFailure: back to the queue (if still pending), an event, and the PodScheduled condition. */
  private failed(q: QueuedPodInfo, message: string, reason: string, cycle: number, plugins: Set<string>): void {
    q.unschedulablePlugins = plugins;
    const cached = this.pods.cache.get(q.info.key);
    const current = cached && asPod(cached);
    if (current && !assigned(current)) {
      if (current !== q.info.pod) q.info = newPodInfo(current);
      this.queue.addUnschedulable(q, cycle);
    }
    this.log.debug('unable to schedule pod', { pod: q.info.key, reason: message });
    const pod = current ?? q.info.pod;
    this.record(pod, 'Warning', 'FailedScheduling', truncate(message));
    this.setUnschedulableCondition(pod, reason, message);
  }

  private setUnschedulableCondition(pod: Pod, reason: string, message: string): void {
    const prev = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (prev && prev.status === 'False' && prev.reason === reason && prev.message === message) return;
    const condition = {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: prev?.status === 'False' && prev.lastTransitionTime ? prev.lastTransitionTime : rfc3339(this.clock.now()),
      reason,
      message,
    };
    const m = pod.metadata!;
    const pods = this.opts.rest.resource(PODS);
    this.writes.submit(async () => {
      try {
        await pods.patch(m.name!, { status: { conditions: [condition] } }, { namespace: m.namespace, type: 'strategic', subresource: 'status' });
      } catch (err) {
        this.log.warn('error updating pod condition', { pod: `${m.namespace}/${m.name}`, err: err instanceof Error ? err.message : String(err) });
      }
    });
  }

  /** Events go through the write pool: they are what users see, but must not hold up scheduling. */
  private record(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const obj = { ...pod, apiVersion: 'v1', kind: 'Pod' } as unknown as KObject;
    this.writes.submit(async () => {
      const err = await this.recorder.event(obj, type, reason, message);
      if (err) this.log.warn('failed to record event', { pod: keyOf(pod), reason, err: err.message });
    });
  }
}
