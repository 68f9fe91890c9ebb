// authorization.k8s.io/v1 SelfSubjectAccessReview: "may I do this?" (kubectl auth can-i), answered by
// the server's authorizer for the requesting user. Create-only, never stored.
import type { SelfSubjectAccessReview } from 'kubernetes-types/authorization/v1.js';
import { validateSelfSubjectAccessReview } from '../../validation/authorization/review.js';
import type { ResourceStrategy } from '../strategy.js';
import { attributesFrom, reviewStatus } from './access.js';

export const selfSubjectAccessReviews: ResourceStrategy<SelfSubjectAccessReview> = {
  group: 'authorization.k8s.io',
  version: 'v1',
  kind: 'SelfSubjectAccessReview',
  resource: 'selfsubjectaccessreviews',
  singular: 'selfsubjectaccessreview',
  namespaced: false,
  verbs: ['create'],
  validate: (r) => validateSelfSubjectAccessReview(r as never),
  answerCreate: async (r, ctx) => ({ ...r, status: await reviewStatus(ctx.authorizer, attributesFrom(ctx.user, r.spec)) }),
};
