// Keeps the Node authorizer's graph current from storage (graph_populator.go, which upstream feeds
// from the apiserver's own informers): pods, PersistentVolumes and VolumeAttachments are listed,
// then watched from the listed revision. A watch that ends (compaction) lists again and drops what
// disappeared meanwhile. Storage is read directly, not through the registry or informers: the
// authorizer must answer synchronously from memory, and feeding the graph must not itself pass
// through authorization.
import type { PersistentVolume, Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from '../../machinery/log.js';
import { prefixEnd, type Backend, type KeyValue, type Watcher } from '../../storage/backend.js';
import type { NodeGraph } from './nodegraph.js';

type Obj = { metadata?: { name?: string; namespace?: string; uid?: string }; spec?: Record<string, unknown> };

/** How one resource's objects enter and leave the graph. */
interface Feed {
  prefix: string;
  /** `old` is the stored state before this change, when there was one. */
  put(obj: Obj, old: Obj | undefined): void;
  remove(obj: Obj): void;
}

function feeds(graph: NodeGraph): Feed[] {
  return [
    {
      prefix: '/registry/pods/',
      put(obj, old) {
        const pod = obj as Pod;
        if (!pod.spec?.nodeName) return;
        // Bound pods never change node or references; only a new binding (or a new pod under the name) matters.
        const prev = old as Pod | undefined;
        if (prev && prev.spec?.nodeName === pod.spec.nodeName && prev.metadata?.uid === pod.metadata?.uid) return;
        graph.addPod(pod);
      },
      remove(obj) {
        if ((obj as Pod).spec?.nodeName) graph.deletePod(obj.metadata?.namespace ?? '', obj.metadata?.name ?? '');
      },
    },
    {
      prefix: '/registry/persistentvolumes/',
      put: (obj) => graph.addPV(obj as PersistentVolume),
      remove: (obj) => graph.deletePV(obj.metadata?.name ?? ''),
    },
    {
      prefix: '/registry/volumeattachments/',
      put(obj, old) {
        const nodeName = obj.spec?.['nodeName'] as string | undefined;
        if (old && old.spec?.['nodeName'] === nodeName) return;
        graph.addVolumeAttachment(obj.metadata?.name ?? '', nodeName);
      },
      remove: (obj) => graph.deleteVolumeAttachment(obj.metadata?.name ?? ''),
    },
  ];
}

const decode = (kv: KeyValue): Obj => JSON.parse(kv.value.toString('utf8')) as Obj;
/** What the feeds need of an object once it is in the graph: identity and binding, not the whole pod. */
const summary = (o: Obj): Obj => ({ metadata: { name: o.metadata?.name, namespace: o.metadata?.namespace, uid: o.metadata?.uid }, spec: { nodeName: o.spec?.['nodeName'] } });

export class NodeGraphPopulator {
  private readonly watchers = new Map<Feed, Watcher>();
  private stopped = false;

  constructor(
    private readonly graph: NodeGraph,
    private readonly backend: Backend,
    private readonly log?: Logger,
  ) {}

  /** Resolves once every resource has been listed into the graph. */
  async start(): Promise<void> {
    this.stopped = false;
    await Promise.all(feeds(this.graph).map((f) => this.sync(f, new Map())));
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.watchers.values()) w.cancel();
    this.watchers.clear();
  }

  /** List again until it works (backing off to 5 s): a stale graph would keep granting what was deleted. */
  private resync(feed: Feed, known: Map<string, Obj>, delayMs: number): void {
    this.sync(feed, known).catch((e: Error) => {
      if (this.stopped) return;
      this.log?.error('node authorizer graph list failed; retrying', { prefix: feed.prefix, err: e.message, retryMs: delayMs });
      setTimeout(() => this.resync(feed, known, Math.min(delayMs * 2, 5000)), delayMs).unref();
    });
  }

  /** List (dropping what `known` had that is gone), then watch; `known` summarises the objects in the graph by key. */
  private async sync(feed: Feed, known: Map<string, Obj>): Promise<void> {
    const listed = await this.backend.range(feed.prefix, prefixEnd(feed.prefix));
    if (this.stopped) return;
    const now = new Map(listed.kvs.map((kv) => [kv.key, decode(kv)] as const));
    for (const [key, obj] of known) if (!now.has(key)) feed.remove(obj);
    for (const [key, obj] of now) feed.put(obj, known.get(key));
    known.clear();
    for (const [key, obj] of now) known.set(key, summary(obj));
    const watcher = this.backend.watch(feed.prefix, prefixEnd(feed.prefix), listed.revision + 1, {
      onEvents: (events) => {
        for (const ev of events) {
          const old = known.get(ev.kv.key);
          if (ev.type === 'DELETE') {
            if (old) feed.remove(old);
            known.delete(ev.kv.key);
          } else {
            const obj = decode(ev.kv);
            feed.put(obj, old);
            known.set(ev.kv.key, summary(obj));
          }
        }
      },
      onError: (err) => {
        if (this.stopped) return;
        this.log?.warn('node authorizer graph watch ended; listing again', { prefix: feed.prefix, err: err.message });
        this.resync(feed, known, 100);
      },
    });
    this.watchers.set(feed, watcher);
  }
}
