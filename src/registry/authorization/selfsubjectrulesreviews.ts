// authorization.k8s.io/v1 SelfSubjectRulesReview: "what may I do here?" (kubectl auth can-i --list).
// Create-only, never stored; without RBAC the answer is everything.
import type { SelfSubjectRulesReview } from 'kubernetes-types/authorization/v1.js';
import { Errors } from '../../machinery/errors.js';
import type { ResourceStrategy } from '../strategy.js';

export const selfSubjectRulesReviews: ResourceStrategy<SelfSubjectRulesReview> = {
  group: 'authorization.k8s.io',
  version: 'v1',
  kind: 'SelfSubjectRulesReview',
  resource: 'selfsubjectrulesreviews',
  singular: 'selfsubjectrulesreview',
  namespaced: false,
  verbs: ['create'],
  answerCreate(r) {
    if (!r.spec?.namespace) throw Errors.badRequest('no namespace on request');
    return {
      ...r,
      status: {
        resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
        nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
        incomplete: false,
      },
    };
  },
};
