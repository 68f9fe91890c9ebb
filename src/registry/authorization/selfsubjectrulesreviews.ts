// authorization.k8s.io/v1 SelfSubjectRulesReview: "what may I do here?" (kubectl auth can-i --list),
// answered from the authorizer's rule resolver for the requesting user. Create-only, never stored;
// as upstream, the answer carries only the status.
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
  async answerCreate(r, ctx) {
    const namespace = r.spec?.namespace;
    if (!namespace) throw Errors.badRequest('no namespace on request');
    const rules = await ctx.authorizer.rulesFor(ctx.user, namespace);
    const status: SelfSubjectRulesReview['status'] = { resourceRules: rules.resourceRules, nonResourceRules: rules.nonResourceRules, incomplete: rules.incomplete };
    if (rules.evaluationError) status.evaluationError = rules.evaluationError;
    return { apiVersion: r.apiVersion, kind: r.kind, metadata: {}, spec: {}, status };
  },
};
