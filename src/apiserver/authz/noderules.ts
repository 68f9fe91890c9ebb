// What every node may do regardless of the graph: the system:node role's rules
// (bootstrappolicy.NodeRules() in v1.25), matched as RBAC matches a PolicyRule.
import { ruleAllows } from '../../api/rbac/rules.js';
import type { Attributes, ResourceRule } from '../../api/authorization.js';

const READ = ['get', 'list', 'watch'];
const rule = (verbs: string[], apiGroup: string, resources: string[]): ResourceRule => ({ verbs, apiGroups: [apiGroup], resources });

/**
 * What a kubelet needs, object by object narrowed further by the Node authorizer's graph (secrets,
 * configmaps, PVs, PVCs, tokens, leases, CSINodes) and by NodeRestriction (pods, nodes).
 * v1.25 has the DRA and ClusterTrustBundle rules behind gates that are off; they are left out.
 */
export const NODE_RULES: readonly ResourceRule[] = Object.freeze([
  // Delegated authentication and authorization checks; these creates change nothing.
  rule(['create'], 'authentication.k8s.io', ['tokenreviews']),
  rule(['create'], 'authorization.k8s.io', ['subjectaccessreviews', 'localsubjectaccessreviews']),
  // Service environment variables.
  rule(READ, '', ['services']),
  // Registering and reporting the node; NodeRestriction keeps a node to its own Node.
  rule(['create', 'get', 'list', 'watch'], '', ['nodes']),
  rule(['update', 'patch'], '', ['nodes/status']),
  rule(['update', 'patch'], '', ['nodes']),
  rule(['create', 'update', 'patch'], '', ['events']),
  // Pods: read all (list/watch cannot be scoped in v1.25); writes kept to bound pods by NodeRestriction.
  rule(READ, '', ['pods']),
  rule(['create', 'delete'], '', ['pods']),
  rule(['update', 'patch'], '', ['pods/status']),
  rule(['create'], '', ['pods/eviction']),
  // Narrowed by the graph to what pods bound to the node reference.
  rule(READ, '', ['secrets', 'configmaps']),
  rule(['get'], '', ['persistentvolumeclaims', 'persistentvolumes']),
  rule(['get'], '', ['endpoints']),
  rule(['create', 'get', 'list', 'watch'], 'certificates.k8s.io', ['certificatesigningrequests']),
  rule(['get', 'create', 'update', 'patch', 'delete'], 'coordination.k8s.io', ['leases']),
  rule(['get'], 'storage.k8s.io', ['volumeattachments']),
  rule(['create'], '', ['serviceaccounts/token']),
  rule(['get', 'update', 'patch'], '', ['persistentvolumeclaims/status']),
  rule(['get', 'watch', 'list'], 'storage.k8s.io', ['csidrivers']),
  rule(['get', 'create', 'update', 'patch', 'delete'], 'storage.k8s.io', ['csinodes']),
  rule(READ, 'node.k8s.io', ['runtimeclasses']),
]);

/** rbac.RuleAllows for the node's static resource rules (RBAC's matcher; non-resource requests match none). */
export function resourceRuleAllows(a: Attributes, r: ResourceRule): boolean {
  return a.resourceRequest && ruleAllows(a, r);
}

export const rulesAllow = (a: Attributes, rules: readonly ResourceRule[]): boolean => rules.some((r) => resourceRuleAllows(a, r));
