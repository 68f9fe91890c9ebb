// Authorization: may this user do this? One Authorizer per mode (RBAC, Node, always-allow);
// union.ts asks them in order and the first with an opinion decides, as kube-apiserver's
// --authorization-mode list does.
import type { UserInfo } from '../../api/user.js';

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
