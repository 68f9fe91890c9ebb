// The RBAC authorizer (plugin/pkg/auth/authorizer/rbac): a request is allowed when some rule of a
// role bound to the user — through a ClusterRoleBinding, or a RoleBinding in the request's
// namespace — allows it; otherwise RBAC has no opinion (and a later authorizer, or the final
// "forbidden", decides). Bindings to roles that do not exist are reported in the reason.
//
// Decisions come from an in-memory cache kept current by a storage watch (rbaccache.ts), so they
// are synchronous once the cache has loaded: no request waits on storage.
import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import type { UserInfo } from '../../api/user.js';
import type { Logger } from '../../machinery/log.js';
import type { Backend } from '../../storage/backend.js';
import { RBACCache, type CachedBinding } from './rbaccache.js';
import { aggregateErrors, appliesToUser, describeSubject, ruleAllows, userKeys } from '../../api/rbac/rules.js';
import type { Attributes, AuthorizationResult, Authorizer, NonResourceRule, ResourceRule, RuleResolver, RulesResult } from '../../api/authorization.js';

export interface RBACAuthorizerOptions {
  backend: Backend;
  log: Logger;
}

export type RBACAuthorizer = Authorizer &
  RuleResolver & {
    /** Load the roles and bindings and start watching them; decisions wait for this. */
    start(): Promise<void>;
    stop(): void;
  };

/**
 * Visits each rule that applies to the user in the namespace (cluster bindings first, then the
 * namespace's), with a description of where it came from; `visit` returns false to stop.
 * Resolution errors (a binding to a missing role) go to `onError`.
 */
function visitRules(
  cache: RBACCache,
  user: UserInfo,
  namespace: string,
  visit: (rule: PolicyRule, source: () => string) => boolean,
  onError: (err: string) => void,
): void {
  const keys = userKeys(user);
  const walk = (bindings: Iterable<CachedBinding>, ns: string): boolean => {
    for (const b of bindings) {
      const rules = resolveRoleRef(cache, b, ns);
      if (typeof rules === 'string') {
        onError(rules);
        continue;
      }
      const source = () => describeBinding(b, user);
      for (const r of rules) if (!visit(r, source)) return false;
    }
    return true;
  };
  if (!walk(candidates(keys, (k) => cache.clusterBindingsFor(k)), '')) return;
  if (namespace) walk(candidates(keys, (k) => cache.namespaceBindingsFor(namespace, k)), namespace);
}

/** The bindings found under any of the keys, each once (a user and its group may share one). */
function candidates(keys: string[], lookup: (key: string) => Set<CachedBinding> | undefined): Iterable<CachedBinding> {
  const sets: Set<CachedBinding>[] = [];
  for (const k of keys) {
    const s = lookup(k);
    if (s?.size) sets.push(s);
  }
  if (sets.length <= 1) return sets[0] ?? [];
  const all = new Set<CachedBinding>();
  for (const s of sets) for (const b of s) all.add(b);
  return all;
}

/** The referenced role's rules, or the error upstream's listers give for a missing one. */
function resolveRoleRef(cache: RBACCache, b: CachedBinding, namespace: string): PolicyRule[] | string {
  switch (b.roleRef?.kind) {
    case 'Role':
      return cache.role(namespace, b.roleRef.name) ?? `role.rbac.authorization.k8s.io ${JSON.stringify(b.roleRef.name)} not found`;
    case 'ClusterRole':
      return cache.clusterRole(b.roleRef.name) ?? `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(b.roleRef.name)} not found`;
    default:
      return `unsupported role reference kind: ${JSON.stringify(b.roleRef?.kind ?? '')}`;
  }
}

/** `ClusterRoleBinding "x" of ClusterRole "y" to User "z"` / `RoleBinding "x/ns" of Role "y" to …`. */
function describeBinding(b: CachedBinding, user: UserInfo): string {
  const subject = b.subjects.find((s) => appliesToUser(user, s, b.namespace))!;
  const name = b.namespace ? `RoleBinding ${JSON.stringify(`${b.name}/${b.namespace}`)}` : `ClusterRoleBinding ${JSON.stringify(b.name)}`;
  return `${name} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(subject, b.namespace)}`;
}

function decide(cache: RBACCache, a: Attributes): AuthorizationResult {
  let allowedBy: string | undefined;
  const errors: string[] = [];
  visitRules(
    cache,
    a.user,
    a.namespace,
    (rule, source) => {
      if (!ruleAllows(a, rule)) return true;
      allowedBy = source();
      return false;
    },
    (err) => errors.push(err),
  );
  if (allowedBy !== undefined) return { decision: 'Allow', reason: `RBAC: allowed by ${allowedBy}` };
  return { decision: 'NoOpinion', reason: errors.length ? `RBAC: ${aggregateErrors(errors)}` : '' };
}

/** RulesFor: every rule that applies, split into resource and non-resource rules as SelfSubjectRulesReview reports them. */
function rulesFor(cache: RBACCache, user: UserInfo, namespace: string): RulesResult {
  const resourceRules: ResourceRule[] = [];
  const nonResourceRules: NonResourceRule[] = [];
  const errors: string[] = [];
  visitRules(
    cache,
    user,
    namespace,
    (r) => {
      if (r.resources?.length) {
        const rule: ResourceRule = { verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources };
        if (r.resourceNames?.length) rule.resourceNames = r.resourceNames;
        resourceRules.push(rule);
      }
      if (r.nonResourceURLs?.length) nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
      return true;
    },
    (err) => errors.push(err),
  );
  const result: RulesResult = { resourceRules, nonResourceRules, incomplete: false };
  if (errors.length) result.evaluationError = aggregateErrors(errors);
  return result;
}

export function createRBACAuthorizer(opts: RBACAuthorizerOptions): RBACAuthorizer {
  const cache = new RBACCache(opts.backend, opts.log);
  return {
    start: () => cache.start(),
    stop: () => cache.stop(),
    authorize(a) {
      if (cache.ready) return decide(cache, a);
      return cache.whenReady().then(() => decide(cache, a));
    },
    rulesFor(user, namespace) {
      if (cache.ready) return rulesFor(cache, user, namespace);
      return cache.whenReady().then(() => rulesFor(cache, user, namespace));
    },
  };
}
