// authorization.k8s.io/v1 resources: the access reviews, answered and never stored.
import type { AnyStrategy } from '../strategy.js';
import { localSubjectAccessReviews } from './localsubjectaccessreviews.js';
import { selfSubjectAccessReviews } from './selfsubjectaccessreviews.js';
import { selfSubjectRulesReviews } from './selfsubjectrulesreviews.js';
import { subjectAccessReviews } from './subjectaccessreviews.js';

export const authorizationStrategies: AnyStrategy[] = [localSubjectAccessReviews, selfSubjectAccessReviews, selfSubjectRulesReviews, subjectAccessReviews];
