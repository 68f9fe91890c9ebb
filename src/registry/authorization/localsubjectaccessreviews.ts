// authorization.k8s.io/v1 LocalSubjectAccessReview: a SubjectAccessReview scoped to one namespace
// (validation makes spec.resourceAttributes.namespace match it). Create-only, never stored.
import type { LocalSubjectAccessReview } from 'kubernetes-types/authorization/v1.js';
import { validateLocalSubjectAccessReview } from '../../validation/authorization/review.js';
import type { ResourceStrategy } from '../strategy.js';
import { attributesFrom, reviewStatus, specUser } from './access.js';

export const localSubjectAccessReviews: ResourceStrategy<LocalSubjectAccessReview> = {
  group: 'authorization.k8s.io',
  version: 'v1',
  kind: 'LocalSubjectAccessReview',
  resource: 'localsubjectaccessreviews',
  singular: 'localsubjectaccessreview',
  namespaced: true,
  verbs: ['create'],
  validate: (r) => validateLocalSubjectAccessReview(r as never),
  answerCreate: async (r, ctx) => ({ ...r, status: await reviewStatus(ctx.authorizer, attributesFrom(specUser(r.spec), r.spec)) }),
};
