// The scheduler cache: NodeInfos for every node, fed by the node and pod informers, plus the pods the
// scheduler has assumed onto a node before its binding is seen. Assuming updates the node at once,
// so the next pod is scheduled against it without waiting for the watch; the informer's add of the
// bound pod confirms the assumption, and a failed binding forgets it.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { NodeInfo, zoneKey } from './nodeinfo.js';
import { newPodInfo, type PodInfo } from './podinfo.js';

interface PodState {
  info: PodInfo;
  node: string;
  assumed: boolean;
}

export class SchedulerCache {
  private readonly infos = new Map<string, NodeInfo>();
  private readonly podStates = new Map<string, PodState>();
  private ordered?: NodeInfo[];
  /** Nodes with at least one pod carrying (anti-)affinity terms, for InterPodAffinity. */
  readonly nodesWithAffinity = new Set<NodeInfo>();

  /**
   * The nodes to schedule onto, visiting zones in turn (upstream's nodeTree), so that a search that
   * stops early still sees every zone.
   */
  list(): NodeInfo[] {
    if (this.ordered) return this.ordered;
    const zones = new Map<string, NodeInfo[]>();
    for (const ni of this.infos.values()) {
      if (!ni.node) continue;
      const z = zoneKey(ni.labels);
      let l = zones.get(z);
      if (!l) zones.set(z, (l = []));
      l.push(ni);
    }
    const lists = [...zones.values()];
    const longest = Math.max(0, ...lists.map((l) => l.length));
    const out: NodeInfo[] = [];
    for (let i = 0; i < longest; i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
    return (this.ordered = out);
  }

  get(name: string): NodeInfo | undefined {
    const ni = this.infos.get(name);
    return ni?.node ? ni : undefined;
  }

  private info(name: string): NodeInfo {
    let ni = this.infos.get(name);
    if (!ni) this.infos.set(name, (ni = new NodeInfo(name)));
    return ni;
  }

  setNode(node: Node): NodeInfo {
    const ni = this.info(node.metadata!.name!);
    const had = !!ni.node;
    const zoneBefore = zoneKey(ni.labels);
    ni.setNode(node);
    if (!had || zoneKey(ni.labels) !== zoneBefore) this.ordered = undefined;
    return ni;
  }

  removeNode(name: string): void {
    const ni = this.infos.get(name);
    if (!ni) return;
    ni.node = undefined;
    // Pods still on it keep the NodeInfo until they go, as upstream keeps a node-less NodeInfo.
    if (ni.pods.size === 0) this.infos.delete(name);
    this.ordered = undefined;
  }

  isAssumed(key: string): boolean {
    return !!this.podStates.get(key)?.assumed;
  }

  /** Count the pod on `node` until its binding is confirmed or forgotten. */
  assume(info: PodInfo, node: string): void {
    this.place(info, node, true);
  }

  /** The binding failed: give the node its resources back. */
  forget(key: string): void {
    const st = this.podStates.get(key);
    if (!st?.assumed) return;
    this.unplace(key);
  }

  /** An assigned pod from the informer (add or update); confirms an assumed one. */
  addOrUpdatePod(pod: Pod): void {
    const info = newPodInfo(pod);
    if (this.podStates.has(info.key)) this.unplace(info.key);
    this.place(info, pod.spec!.nodeName!, false);
  }

  removePod(key: string): void {
    if (this.podStates.has(key)) this.unplace(key);
  }

  private place(info: PodInfo, node: string, assumed: boolean): void {
    const ni = this.info(node);
    ni.addPod(info);
    if (ni.podsWithAffinity.size) this.nodesWithAffinity.add(ni);
    this.podStates.set(info.key, { info, node, assumed });
  }

  private unplace(key: string): void {
    const st = this.podStates.get(key)!;
    this.podStates.delete(key);
    const ni = this.infos.get(st.node);
    if (!ni) return;
    ni.removePod(key);
    if (!ni.podsWithAffinity.size) this.nodesWithAffinity.delete(ni);
    if (!ni.node && ni.pods.size === 0) this.infos.delete(st.node);
  }
}
