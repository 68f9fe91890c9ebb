// What the access reviews share (pkg/registry/authorization/util): a review's spec as the
// authorizer's attributes, and the authorizer's answer as the review's status.
import type { NonResourceAttributes, ResourceAttributes, SubjectAccessReviewStatus } from 'kubernetes-types/authorization/v1.js';
import type { UserInfo } from '../../api/user.js';
import type { Attributes, Authorizer } from '../../api/authorization.js';

interface Spec {
  resourceAttributes?: ResourceAttributes | null;
  nonResourceAttributes?: NonResourceAttributes | null;
}

/** ResourceAttributesFrom / NonResourceAttributesFrom; an empty version means every version. */
export function attributesFrom(user: UserInfo, spec: Spec): Attributes {
  const r = spec.resourceAttributes;
  if (r) {
    return {
      user,
      verb: r.verb ?? '',
      resourceRequest: true,
      path: '',
      apiGroup: r.group ?? '',
      apiVersion: r.version || '*',
      resource: r.resource ?? '',
      subresource: r.subresource ?? '',
      namespace: r.namespace ?? '',
      name: r.name ?? '',
    };
  }
  const n = spec.nonResourceAttributes ?? {};
  return { user, verb: n.verb ?? '', resourceRequest: false, path: n.path ?? '', apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '' };
}

/** The authorizer's decision as SubjectAccessReviewStatus: allowed, denied and reason (omitted when empty). */
export async function reviewStatus(authorizer: Authorizer, attrs: Attributes): Promise<SubjectAccessReviewStatus> {
  let decision;
  try {
    decision = await authorizer.authorize(attrs);
  } catch (err) {
    return { allowed: false, evaluationError: err instanceof Error ? err.message : String(err) };
  }
  const status: SubjectAccessReviewStatus = { allowed: decision.decision === 'Allow' };
  if (decision.decision === 'Deny') status.denied = true;
  if (decision.reason) status.reason = decision.reason;
  return status;
}

/** The user a SubjectAccessReview asks about: exactly what its spec says. */
export function specUser(spec: { user?: string; groups?: string[]; uid?: string; extra?: Record<string, string[]> }): UserInfo {
  const user: UserInfo = { username: spec.user ?? '', groups: spec.groups ?? [] };
  if (spec.uid) user.uid = spec.uid;
  if (spec.extra) user.extra = spec.extra;
  return user;
}
