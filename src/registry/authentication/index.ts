// authentication.k8s.io/v1 resources (serviceaccounts/token is a subresource in src/apiserver/subresources).
import type { AnyStrategy } from '../strategy.js';
import { tokenReviews } from './tokenreviews.js';

export const authenticationStrategies: AnyStrategy[] = [tokenReviews];
