// authorization.k8s.io/v1 LocalSubjectAccessReview: a SubjectAccessReview scoped to one namespace. Create-only, never stored.
import type { LocalSubjectAccessReview } from 'kubernetes-types/authorization/v1.js';
import { validateLocalSubjectAccessReview } from '../../validation/authorization/review.js';
import type { ResourceStrategy } from '../strategy.js';
import { ALLOWED } from './allowall.js';

export const localSubjectAccessReviews: ResourceStrategy<LocalSubjectAccessReview> = {
  group: 'authorization.k8s.io',
  version: 'v1',
  kind: 'LocalSubjectAccessReview',
  resource: 'localsubjectaccessreviews',
  singular: 'localsubjectaccessreview',
  namespaced: true,
  verbs: ['create'],
  validate: (r) => validateLocalSubjectAccessReview(r as never),
  answerCreate: (r) => ({ ...r, status: { ...ALLOWED } }),
};
