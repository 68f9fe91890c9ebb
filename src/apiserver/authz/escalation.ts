// RBAC's guard against privilege escalation, as kube-apiserver's rbac "policybased" storage does
// it: a Role or ClusterRole may only grant what its writer already holds (or the writer may
// `escalate` it), and a binding may only bind a role whose rules its writer holds (or may `bind`
// it). system:masters may do both. It runs as a validating step of every write to those four
// kinds, after the object is decoded and validated; RBAC's own rule cache answers what a user holds.
import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../../admission/plugin.js';
import type { KObject } from '../../api/object.js';
import { Groups } from '../../api/user.js';
import { Errors } from '../../machinery/errors.js';
import { goQuoteList } from '../../machinery/format.js';
import { uncoveredRules } from '../../api/rbac/rules.js';
import type { Authorizer, RuleResolver } from '../../api/authorization.js';

const GROUP = 'rbac.authorization.k8s.io';
type Rules = { rules?: PolicyRule[]; aggregationRule?: unknown };
type Binding = { roleRef?: { kind?: string; name?: string } };

export interface EscalationDeps {
  authorizer: Authorizer & RuleResolver;
  /** The rules of a Role (namespace given) or ClusterRole, for a binding's roleRef; undefined when it does not exist. */
  roleRules(kind: 'Role' | 'ClusterRole', namespace: string, name: string): Promise<PolicyRule[] | undefined>;
}

const q = goQuoteList;

/** PolicyRule.CompactString. */
function compact(r: PolicyRule): string {
  const parts: string[] = [];
  if (r.apiGroups?.length) parts.push(`APIGroups:${q(r.apiGroups)}`);
  if (r.resources?.length) parts.push(`Resources:${q(r.resources)}`);
  if (r.nonResourceURLs?.length) parts.push(`NonResourceURLs:${q(r.nonResourceURLs)}`);
  if (r.resourceNames?.length) parts.push(`ResourceNames:${q(r.resourceNames)}`);
  if (r.verbs?.length) parts.push(`Verbs:${q(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

export function rbacEscalationCheck(deps: EscalationDeps): AdmissionPlugin {
  const may = async (a: AdmissionAttributes, verb: string, resource: string, namespace: string, name: string) =>
    (await deps.authorizer.authorize({ user: a.user, verb, resourceRequest: true, path: '', apiGroup: GROUP, apiVersion: '', resource, subresource: '', namespace, name })).decision === 'Allow';

  /** ConfirmNoEscalation: every requested rule must be covered by what the user holds in `namespace`. */
  const confirm = async (a: AdmissionAttributes, namespace: string, requested: PolicyRule[]) => {
    const held = await deps.authorizer.rulesFor(a.user, namespace);
    const owner: PolicyRule[] = [
      ...held.resourceRules.map((r) => ({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, resourceNames: r.resourceNames })),
      ...held.nonResourceRules.map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
    ];
    const missing = uncoveredRules(owner, requested);
    if (missing.length === 0) return;
    let msg = `user ${JSON.stringify(a.user.username)} (groups=${q(a.user.groups)}) is attempting to grant RBAC permissions not currently held:\n${missing.map(compact).join('\n')}`;
    if (held.evaluationError) msg += `; resolution errors: [${held.evaluationError}]`;
    throw Errors.forbidden({ group: GROUP, resource: a.resource }, a.name, msg);
  };

  return {
    name: 'RBACEscalation',
    async validate(a) {
      if (a.group !== GROUP || a.subresource || (a.operation !== 'CREATE' && a.operation !== 'UPDATE') || !a.object) return;
      if (a.user.groups.includes(Groups.masters)) return;
      const obj = a.object as KObject & Rules & Binding;
      const old = a.oldObject as (KObject & Rules & Binding) | undefined;
      if (a.resource === 'roles' || a.resource === 'clusterroles') {
        if (old && sameJson(old.rules, obj.rules) && sameJson(old.aggregationRule, obj.aggregationRule)) return;
        if (await may(a, 'escalate', a.resource, a.namespace, a.name)) return;
        if (a.resource === 'clusterroles' && obj.aggregationRule)
          throw Errors.forbidden({ group: GROUP, resource: a.resource }, a.name, 'must have cluster-admin privileges to use the aggregationRule');
        return confirm(a, a.namespace, obj.rules ?? []);
      }
      if (a.resource === 'rolebindings' || a.resource === 'clusterrolebindings') {
        // Only a change of what is granted to whom is checked (metadata-only updates pass, as upstream).
        if (old && sameJson(old.roleRef, obj.roleRef) && sameJson((old as { subjects?: unknown }).subjects, (obj as { subjects?: unknown }).subjects)) return;
        const kind = obj.roleRef?.kind === 'Role' ? 'Role' : 'ClusterRole';
        const roleName = obj.roleRef?.name ?? '';
        if (await may(a, 'bind', kind === 'Role' ? 'roles' : 'clusterroles', a.namespace, roleName)) return;
        const rules = await deps.roleRules(kind, kind === 'Role' ? a.namespace : '', roleName);
        if (!rules) throw Errors.forbidden({ group: GROUP, resource: a.resource }, a.name, `${kind === 'Role' ? 'roles' : 'clusterroles'}.rbac.authorization.k8s.io "${roleName}" not found`);
        return confirm(a, a.namespace, rules);
      }
    },
  };
}
