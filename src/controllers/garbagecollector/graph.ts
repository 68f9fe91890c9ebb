// The garbage collector's dependency graph (upstream's GraphBuilder, without the I/O): one node per
// uid, with its ownerReferences and the nodes that name it as owner. Informer events go in; what
// must be looked at comes out through two callbacks. Owners named by a dependent but not (yet)
// observed are "virtual" nodes, handed to attemptToDelete so their existence gets checked.

export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  /** The dependent's namespace for virtual owners; ignored when the owner's kind is cluster-scoped. */
  namespace: string;
  name: string;
  uid: string;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** The metadata the graph needs from an object. */
export interface ObservedMeta {
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  deletionTimestamp?: string;
}

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

export class GraphNode {
  readonly dependents = new Set<GraphNode>();
  /** Has a deletionTimestamp. */
  beingDeleted = false;
  /** Being deleted in the foreground: waits for its blocking dependents. */
  deletingDependents = false;

  constructor(
    public identity: ObjectIdentity,
    public owners: OwnerReference[],
    /** Referenced as an owner but not observed by any informer (yet). */
    public virtual: boolean,
  ) {}

  /** Dependents that hold this node's foreground deletion: their reference to it has blockOwnerDeletion. */
  blockingDependents(): GraphNode[] {
    return [...this.dependents].filter((d) => d.owners.some((o) => o.uid === this.identity.uid && o.blockOwnerDeletion));
  }
}

export interface GraphEffects {
  attemptToDelete(node: GraphNode): void;
  attemptToOrphan(node: GraphNode): void;
}

export class DependencyGraph {
  private readonly nodes = new Map<string, GraphNode>();

  constructor(private readonly effects: GraphEffects) {}

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  get size(): number {
    return this.nodes.size;
  }

  /** An object was added or updated. */
  observe(identity: ObjectIdentity, meta: ObservedMeta): GraphNode {
    const owners = meta.ownerReferences ?? [];
    let node = this.nodes.get(identity.uid);
    if (!node) {
      node = new GraphNode(identity, owners, false);
      this.nodes.set(identity.uid, node);
      this.addToOwners(node, owners);
    } else {
      node.virtual = false;
      node.identity = identity;
      const { added, removed, unblocked } = diffOwners(node.owners, owners);
      node.owners = owners;
      this.addToOwners(node, added);
      this.removeFromOwners(node, removed);
      // An owner waiting for this dependent may be able to finish now.
      for (const ref of [...removed.filter((r) => r.blockOwnerDeletion), ...unblocked]) {
        const owner = this.nodes.get(ref.uid);
        if (owner?.deletingDependents) this.effects.attemptToDelete(owner);
      }
    }
    const finalizers = meta.finalizers ?? [];
    node.beingDeleted = !!meta.deletionTimestamp;
    node.deletingDependents = node.beingDeleted && finalizers.includes(FINALIZER_FOREGROUND);
    // Enqueued on every event while the state holds (not only on the transition): harmless, as
    // processing is idempotent, and it survives a missed event.
    if (node.beingDeleted && finalizers.includes(FINALIZER_ORPHAN)) this.effects.attemptToOrphan(node);
    if (node.deletingDependents) {
      for (const dep of node.dependents) this.effects.attemptToDelete(dep);
      this.effects.attemptToDelete(node);
    }
    return node;
  }

  /** An object is gone (a delete event, or a virtual owner found absent). Returns the node removed. */
  remove(uid: string): GraphNode | undefined {
    const node = this.nodes.get(uid);
    if (!node) return undefined;
    this.nodes.delete(uid);
    this.removeFromOwners(node, node.owners);
    for (const dep of node.dependents) this.effects.attemptToDelete(dep);
    for (const ref of node.owners) {
      const owner = this.nodes.get(ref.uid);
      if (owner?.deletingDependents) this.effects.attemptToDelete(owner);
    }
    return node;
  }

  private addToOwners(node: GraphNode, refs: OwnerReference[]): void {
    for (const ref of refs) {
      let owner = this.nodes.get(ref.uid);
      if (!owner) {
        owner = new GraphNode({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace: node.identity.namespace, uid: ref.uid }, [], true);
        this.nodes.set(ref.uid, owner);
        this.effects.attemptToDelete(owner);
      }
      owner.dependents.add(node);
    }
  }

  private removeFromOwners(node: GraphNode, refs: OwnerReference[]): void {
    for (const ref of refs) {
      const owner = this.nodes.get(ref.uid);
      if (!owner) continue;
      owner.dependents.delete(node);
      // A virtual owner nobody points at any more is forgotten.
      if (owner.virtual && owner.dependents.size === 0) this.nodes.delete(ref.uid);
    }
  }
}

function diffOwners(old: OwnerReference[], now: OwnerReference[]) {
  const oldByUid = new Map(old.map((r) => [r.uid, r]));
  const nowByUid = new Map(now.map((r) => [r.uid, r]));
  const added = now.filter((r) => !oldByUid.has(r.uid));
  const removed = old.filter((r) => !nowByUid.has(r.uid));
  const unblocked = now.filter((r) => oldByUid.get(r.uid)?.blockOwnerDeletion && !r.blockOwnerDeletion);
  return { added, removed, unblocked };
}
