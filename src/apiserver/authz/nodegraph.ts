// The Node authorizer's graph (plugin/pkg/auth/authorizer/node/graph.go): vertices are API objects,
// every edge points toward the Node vertices. What a node may read is what has a path to it:
//   pod -> node; secret, configmap, pvc, serviceaccount -> pod; pv -> pvc; secret -> pv;
//   volumeattachment -> node.
// An edge added for a pod carries the node that pod is bound to (upstream's destinationEdge), and
// each vertex counts its edges per destination, so "is this secret used by a pod on n1" is one map
// lookup however many pods share it; only PV edges (which carry none) are walked.
import type { PersistentVolume, Pod } from 'kubernetes-types/core/v1.js';
import { podClaimNames, podConfigMapNames, podSecretNames, pvKubeletSecrets } from '../../api/core/podrefs.js';
import { MIRROR_POD_ANNOTATION } from '../../api/core/wellknown.js';

export type VertexType = 'configmap' | 'node' | 'pod' | 'pvc' | 'pv' | 'secret' | 'volumeattachment' | 'serviceAccount';

interface Vertex {
  readonly type: VertexType;
  readonly namespace: string;
  readonly name: string;
  /** Outgoing edges, each with the node it leads to when that is known (pod-derived edges). */
  readonly out: Map<Vertex, string | undefined>;
  readonly in: Set<Vertex>;
  /** Destination node name → how many outgoing edges lead there. */
  readonly dest: Map<string, number>;
}

const keyOf = (type: VertexType, namespace: string, name: string) => `${type}\0${namespace}\0${name}`;

export class NodeGraph {
  private readonly vertices = new Map<string, Vertex>();

  /** Vertices held (for tests and metrics). */
  get size(): number {
    return this.vertices.size;
  }

  private get(type: VertexType, namespace: string, name: string): Vertex | undefined {
    return this.vertices.get(keyOf(type, namespace, name));
  }

  private getOrCreate(type: VertexType, namespace: string, name: string): Vertex {
    const k = keyOf(type, namespace, name);
    let v = this.vertices.get(k);
    if (!v) this.vertices.set(k, (v = { type, namespace, name, out: new Map(), in: new Set(), dest: new Map() }));
    return v;
  }

  private addEdge(from: Vertex, to: Vertex, destination?: Vertex): void {
    if (from.out.has(to)) return;
    from.out.set(to, destination?.name);
    to.in.add(from);
    if (destination) from.dest.set(destination.name, (from.dest.get(destination.name) ?? 0) + 1);
  }

  private removeEdge(from: Vertex, to: Vertex): void {
    if (!from.out.has(to)) return;
    const d = from.out.get(to);
    from.out.delete(to);
    to.in.delete(from);
    if (d === undefined) return;
    const n = (from.dest.get(d) ?? 0) - 1;
    if (n > 0) from.dest.set(d, n);
    else from.dest.delete(d);
  }

  private remove(v: Vertex): void {
    for (const to of [...v.out.keys()]) this.removeEdge(v, to);
    for (const from of [...v.in]) this.removeEdge(from, v);
    this.vertices.delete(keyOf(v.type, v.namespace, v.name));
  }

  private degree(v: Vertex): number {
    return v.out.size + v.in.size;
  }

  /** Remove a vertex and every neighbour left without edges (a secret only that pod used, its node if it was the last pod). */
  private deleteVertex(type: VertexType, namespace: string, name: string): void {
    const v = this.get(type, namespace, name);
    if (!v) return;
    const orphans = [...v.out.keys(), ...v.in].filter((n) => this.degree(n) === 1);
    this.remove(v);
    for (const n of orphans) this.remove(n);
  }

  /** A bound pod and what it references; the references are immutable once bound, so a re-add replaces all. */
  addPod(pod: Pod): void {
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    this.deleteVertex('pod', ns, name);
    const podV = this.getOrCreate('pod', ns, name);
    const nodeV = this.getOrCreate('node', '', nodeName);
    this.addEdge(podV, nodeV, nodeV);
    // A node creates mirror pods itself: they must never grant it anything (NodeRestriction also refuses such references).
    if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return;
    const sa = pod.spec?.serviceAccountName;
    if (sa) this.addEdge(this.getOrCreate('serviceAccount', ns, sa), podV, nodeV);
    for (const s of podSecretNames(pod)) this.addEdge(this.getOrCreate('secret', ns, s), podV, nodeV);
    for (const c of podConfigMapNames(pod)) this.addEdge(this.getOrCreate('configmap', ns, c), podV, nodeV);
    for (const c of podClaimNames(pod)) this.addEdge(this.getOrCreate('pvc', ns, c), podV, nodeV);
  }

  deletePod(namespace: string, name: string): void {
    this.deleteVertex('pod', namespace, name);
  }

  /** A PV leads to its claim (whose pods lead to nodes), and the secrets the kubelet reads for it lead to the PV. */
  addPV(pv: PersistentVolume): void {
    const name = pv.metadata?.name ?? '';
    this.deleteVertex('pv', '', name);
    const claim = pv.spec?.claimRef;
    if (!claim?.name) return;
    const pvV = this.getOrCreate('pv', '', name);
    this.addEdge(pvV, this.getOrCreate('pvc', claim.namespace ?? '', claim.name));
    for (const s of pvKubeletSecrets(pv)) this.addEdge(this.getOrCreate('secret', s.namespace, s.name), pvV);
  }

  deletePV(name: string): void {
    this.deleteVertex('pv', '', name);
  }

  addVolumeAttachment(name: string, nodeName: string | undefined): void {
    this.deleteVertex('volumeattachment', '', name);
    if (!nodeName) return;
    const nodeV = this.getOrCreate('node', '', nodeName);
    this.addEdge(this.getOrCreate('volumeattachment', '', name), nodeV, nodeV);
  }

  deleteVolumeAttachment(name: string): void {
    this.deleteVertex('volumeattachment', '', name);
  }

  /** Is there a path from the object to the node? Destination counts answer pod-derived edges; the rest are walked. */
  hasPathFrom(nodeName: string, type: VertexType, namespace: string, name: string): boolean {
    if (!this.get('node', '', nodeName)) return false;
    const start = this.get(type, namespace, name);
    if (!start) return false;
    const seen = new Set<Vertex>([start]);
    const stack = [start];
    while (stack.length) {
      const v = stack.pop()!;
      if (v.dest.has(nodeName) || (v.type === 'node' && v.name === nodeName)) return true;
      for (const [to, d] of v.out) {
        // An edge with a destination reaches only that node, which v.dest already accounts for.
        if (d !== undefined || seen.has(to)) continue;
        seen.add(to);
        stack.push(to);
      }
    }
    return false;
  }
}
