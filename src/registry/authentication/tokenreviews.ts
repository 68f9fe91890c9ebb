// authentication.k8s.io/v1 TokenReview: "who holds this token?" (webhook authenticators, proxies).
// Create-only, never stored; the API server's service account token authenticator gives the verdict.
import type { TokenReview } from 'kubernetes-types/authentication/v1.js';
import { Errors } from '../../machinery/errors.js';
import type { ResourceStrategy } from '../strategy.js';

export const tokenReviews: ResourceStrategy<TokenReview> = {
  group: 'authentication.k8s.io',
  version: 'v1',
  kind: 'TokenReview',
  resource: 'tokenreviews',
  singular: 'tokenreview',
  namespaced: false,
  verbs: ['create'],
  async answerCreate(r, ctx) {
    const token = r.spec?.token;
    if (!token) throw Errors.badRequest('token is required for TokenReview in authentication');
    const verdict = await ctx.authenticateToken(token, [...(r.spec.audiences ?? [])]);
    // As the Go type encodes: user is a struct (always present), the rest omitempty.
    const status: Record<string, unknown> = {};
    if (verdict.authenticated) status['authenticated'] = true;
    status['user'] = verdict.user ?? {};
    if (verdict.audiences?.length) status['audiences'] = verdict.audiences;
    if (verdict.error) status['error'] = verdict.error;
    return { ...r, status };
  },
};
