// Authorization: may this user do this? The request attributes an authorizer is asked about and its
// answer; one Authorizer per mode (RBAC, Node, always-allow), and apiserver/authz/union.ts asks them in
// order, the first with an opinion deciding, as kube-apiserver's --authorization-mode list does.
import type { UserInfo } from './user.js';

/** authorizer.Attributes: what a request (or an access review) asks to do. */
export interface Attributes {
  user: UserInfo;
  /** get list watch create update patch delete deletecollection, or impersonate, bind, escalate, …;
   *  for non-resource requests the lower-cased HTTP method (get, post, put, …). */
  verb: string;
  resourceRequest: boolean;
  /** The URL path, for non-resource requests. */
  path: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

/**
 * Does a non-resource URL pattern (an RBAC rule's, an audit policy's) match a request path: "*",
 * the exact path, or a prefix written with a trailing "*" ("/logs/*", "/healthz*").
 */
export function nonResourceURLMatches(pattern: string, path: string): boolean {
  return pattern === '*' || pattern === path || (pattern.endsWith('*') && path.startsWith(pattern.replace(/\*+$/, '')));
}

export type Decision = 'Allow' | 'Deny' | 'NoOpinion';

export interface AuthorizationResult {
  decision: Decision;
  /** Why, for the 403 message and SubjectAccessReview.status.reason (may be empty). */
  reason: string;
}

export interface Authorizer {
  authorize(a: Attributes): AuthorizationResult | Promise<AuthorizationResult>;
}

export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

/** What SelfSubjectRulesReview reports: the rules that apply to a user in a namespace. */
export interface RulesResult {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}

export interface RuleResolver {
  rulesFor(user: UserInfo, namespace: string): RulesResult | Promise<RulesResult>;
}

/** Every request allowed: for in-process servers in tests that are not about authorization. */
export const alwaysAllow: Authorizer & RuleResolver = {
  authorize: () => ({ decision: 'Allow', reason: '' }),
  rulesFor: () => ({
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
    incomplete: false,
  }),
};
