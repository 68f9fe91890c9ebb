// authorization.k8s.io/v1 SubjectAccessReview: "may this user do this?" (webhooks, kubelets), answered
// by the server's authorizer for the user, groups, uid and extra the spec names. Create-only, never stored.
import type { SubjectAccessReview } from 'kubernetes-types/authorization/v1.js';
import { validateSubjectAccessReview } from '../../validation/authorization/review.js';
import type { ResourceStrategy } from '../strategy.js';
import { attributesFrom, reviewStatus, specUser } from './access.js';

export const subjectAccessReviews: ResourceStrategy<SubjectAccessReview> = {
  group: 'authorization.k8s.io',
  version: 'v1',
  kind: 'SubjectAccessReview',
  resource: 'subjectaccessreviews',
  singular: 'subjectaccessreview',
  namespaced: false,
  verbs: ['create'],
  validate: (r) => validateSubjectAccessReview(r as never),
  answerCreate: async (r, ctx) => ({ ...r, status: await reviewStatus(ctx.authorizer, attributesFrom(specUser(r.spec), r.spec)) }),
};
