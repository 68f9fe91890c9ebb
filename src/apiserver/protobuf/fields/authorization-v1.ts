// k8s.io/api authorization/v1 generated.proto field numbers (fields present in v1.25). Syntax: see
// ./types.ts. map<string, ExtraValue> values are handled by the decoder (see ./runtime.ts).
import type { FieldTable } from './types.js';

export const authorizationV1: FieldTable = {
  package: 'io.k8s.api.authorization.v1',
  messages: {
    LocalSubjectAccessReview: { 1: 'metadata', 2: 'spec', 3: 'status' },
    NonResourceAttributes: { 1: 'path', 2: 'verb' },
    NonResourceRule: { 1: 'verbs', 2: 'nonResourceURLs' },
    ResourceAttributes: { 1: 'namespace', 2: 'verb', 3: 'group', 4: 'version', 5: 'resource', 6: 'subresource', 7: 'name' },
    // kubernetes-types 1.25.0 (and so the generated definitions) lacks verbs and resources here; the
    // decoder skips fields its definition lacks, so these two are dropped until that is fixed.
    ResourceRule: { 1: 'verbs', 2: 'apiGroups', 3: 'resources', 4: 'resourceNames' },
    SelfSubjectAccessReview: { 1: 'metadata', 2: 'spec', 3: 'status' },
    SelfSubjectAccessReviewSpec: { 1: 'resourceAttributes', 2: 'nonResourceAttributes' },
    SelfSubjectRulesReview: { 1: 'metadata', 2: 'spec', 3: 'status' },
    SelfSubjectRulesReviewSpec: { 1: 'namespace' },
    SubjectAccessReview: { 1: 'metadata', 2: 'spec', 3: 'status' },
    SubjectAccessReviewSpec: { 1: 'resourceAttributes', 2: 'nonResourceAttributes', 3: 'user', 4: 'groups', 5: 'extra', 6: 'uid' },
    SubjectAccessReviewStatus: { 1: 'allowed', 2: 'reason', 3: 'evaluationError', 4: 'denied' },
    SubjectRulesReviewStatus: { 1: 'resourceRules', 2: 'nonResourceRules', 3: 'incomplete', 4: 'evaluationError' },
  },
};
