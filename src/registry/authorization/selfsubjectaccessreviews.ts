// authorization.k8s.io/v1 SelfSubjectAccessReview: "may I do this?" (kubectl auth can-i). Create-only, never stored.
import type { SelfSubjectAccessReview } from 'kubernetes-types/authorization/v1.js';
import { validateSelfSubjectAccessReview } from '../../validation/authorization/review.js';
import type { ResourceStrategy } from '../strategy.js';
import { ALLOWED } from './allowall.js';

export const selfSubjectAccessReviews: ResourceStrategy<SelfSubjectAccessReview> = {
  group: 'authorization.k8s.io',
  version: 'v1',
  kind: 'SelfSubjectAccessReview',
  resource: 'selfsubjectaccessreviews',
  singular: 'selfsubjectaccessreview',
  namespaced: false,
  verbs: ['create'],
  validate: (r) => validateSelfSubjectAccessReview(r as never),
  answerCreate: (r) => ({ ...r, status: { ...ALLOWED } }),
};
