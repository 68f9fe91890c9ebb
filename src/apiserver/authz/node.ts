// The Node authorizer (--authorization-mode=Node, plugin/pkg/auth/authorizer/node): a kubelet may
// read the secrets, configmaps, PVCs and PVs its own pods use, mint tokens for its pods' service
// accounts, and touch only its own Lease and CSINode; everything else it may do is the static
// system:node rule list. Non-nodes get no opinion, so RBAC (next in the union) decides for them.
// Every answer comes from an in-memory graph kept current from storage, so authorize() never waits.
import type { Logger } from '../../machinery/log.js';
import { NODE_LEASE_NAMESPACE } from '../../api/core/wellknown.js';
import type { Backend } from '../../storage/backend.js';
import { NodeGraph, type VertexType } from './nodegraph.js';
import { nodeIdentity } from '../../api/user.js';
import { NODE_RULES, rulesAllow } from './noderules.js';
import { NodeGraphPopulator } from './nodewatch.js';
import type { Attributes, AuthorizationResult, Authorizer, RuleResolver } from '../../api/authorization.js';

export interface NodeAuthorizerDeps {
  /** The server's storage: pods, PVs and VolumeAttachments are watched there. */
  backend: Backend;
  log?: Logger;
}

export type NodeAuthorizer = Authorizer &
  RuleResolver & {
    /** List and start watching; resolves once the graph reflects storage. Call before serving. */
    start(): Promise<void>;
    stop(): void;
    readonly graph: NodeGraph;
  };

const allow: AuthorizationResult = { decision: 'Allow', reason: '' };
const noOpinion = (reason = ''): AuthorizationResult => ({ decision: 'NoOpinion', reason });

export function createNodeAuthorizer(deps: NodeAuthorizerDeps): NodeAuthorizer {
  const graph = new NodeGraph();
  const populator = new NodeGraphPopulator(graph, deps.backend, deps.log);

  /** authorize(): a named object with a path to the node. */
  const related = (node: string, type: VertexType, a: Attributes): AuthorizationResult => {
    if (!a.name) return noOpinion('No Object name found');
    if (!graph.hasPathFrom(node, type, a.namespace, a.name)) return noOpinion(`no relationship found between node '${node}' and this object`);
    return allow;
  };

  /** get, list and watch of one named object (a watch names it with a metadata.name field selector). */
  const readNamespaced = (node: string, type: VertexType, a: Attributes): AuthorizationResult => {
    if (!['get', 'list', 'watch'].includes(a.verb)) return noOpinion('can only read resources of this type');
    if (a.subresource) return noOpinion('cannot read subresource');
    if (!a.namespace) return noOpinion('can only read namespaced object of this type');
    return related(node, type, a);
  };

  const getOnly = (node: string, type: VertexType, a: Attributes): AuthorizationResult => {
    if (a.verb !== 'get') return noOpinion('can only get individual resources of this type');
    if (a.subresource) return noOpinion('cannot get subresource');
    return related(node, type, a);
  };

  const statusUpdate = (node: string, type: VertexType, a: Attributes): AuthorizationResult => {
    if (a.verb !== 'update' && a.verb !== 'patch') return noOpinion('can only get/update/patch this type');
    if (a.subresource !== 'status') return noOpinion('can only update status subresource');
    return related(node, type, a);
  };

  const createToken = (node: string, a: Attributes): AuthorizationResult => {
    if (a.verb !== 'create' || !a.name) return noOpinion('can only create tokens for individual service accounts');
    if (a.subresource !== 'token') return noOpinion('can only create token subresource of serviceaccount');
    return related(node, 'serviceAccount', a);
  };

  // Leases and CSINodes: the name is unknown to the authorizer on create; NodeRestriction checks it then.
  const ownNamed = (node: string, a: Attributes, kind: string, verbs: string): AuthorizationResult => {
    if (!['get', 'create', 'update', 'patch', 'delete'].includes(a.verb)) return noOpinion(`can only get, create, update, patch, or delete ${verbs}`);
    if (a.verb !== 'create' && a.name !== node) return noOpinion(`can only access ${kind} with the same name as the requesting node`);
    return allow;
  };

  const lease = (node: string, a: Attributes): AuthorizationResult => {
    if (!['get', 'create', 'update', 'patch', 'delete'].includes(a.verb)) return noOpinion('can only get, create, update, patch, or delete a node lease');
    if (a.namespace !== NODE_LEASE_NAMESPACE) return noOpinion(`can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
    return ownNamed(node, a, 'node lease', 'a node lease');
  };

  const csiNode = (node: string, a: Attributes): AuthorizationResult => {
    if (!['get', 'create', 'update', 'patch', 'delete'].includes(a.verb)) return noOpinion('can only get, create, update, patch, or delete a CSINode');
    if (a.subresource) return noOpinion('cannot authorize CSINode subresources');
    return ownNamed(node, a, 'CSINode', 'a CSINode');
  };

  /** The resources a node's access is divided for; anything else is the static rules. */
  const divided = (node: string, a: Attributes): AuthorizationResult | undefined => {
    const gr = `${a.resource}.${a.apiGroup}`;
    switch (gr) {
      case 'secrets.':
        return readNamespaced(node, 'secret', a);
      case 'configmaps.':
        return readNamespaced(node, 'configmap', a);
      case 'persistentvolumeclaims.':
        return a.subresource === 'status' ? statusUpdate(node, 'pvc', a) : getOnly(node, 'pvc', a);
      case 'persistentvolumes.':
        return getOnly(node, 'pv', a);
      case 'volumeattachments.storage.k8s.io':
        return getOnly(node, 'volumeattachment', a);
      case 'serviceaccounts.':
        return createToken(node, a);
      case 'leases.coordination.k8s.io':
        return lease(node, a);
      case 'csinodes.storage.k8s.io':
        return csiNode(node, a);
    }
    return undefined;
  };

  return {
    graph,
    start: () => populator.start(),
    stop: () => populator.stop(),
    authorize(a) {
      const id = nodeIdentity(a.user);
      if (!id.isNode) return noOpinion();
      if (!id.name) return noOpinion(`unknown node for user ${JSON.stringify(a.user.username)}`);
      const answer = a.resourceRequest ? divided(id.name, a) : undefined;
      if (answer) return answer;
      return rulesAllow(a, NODE_RULES) ? allow : noOpinion();
    },
    rulesFor(user) {
      // Nodes' permissions depend on the graph and cannot be listed.
      if (nodeIdentity(user).isNode) return { resourceRules: [], nonResourceRules: [], incomplete: true, evaluationError: 'node authorizer does not support user rule resolution' };
      return { resourceRules: [], nonResourceRules: [], incomplete: false };
    },
  };
}
