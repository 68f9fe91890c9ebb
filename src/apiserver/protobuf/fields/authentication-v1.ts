// k8s.io/api authentication/v1 generated.proto field numbers (fields present in v1.25). Syntax: see
// ./types.ts. map<string, ExtraValue> values are handled by the decoder (see ./runtime.ts).
import type { FieldTable } from './types.js';

export const authenticationV1: FieldTable = {
  package: 'io.k8s.api.authentication.v1',
  messages: {
    // The proto name of field 4 is "uID"; the JSON name is "uid".
    BoundObjectReference: { 1: 'kind', 2: 'apiVersion', 3: 'name', 4: 'uid' },
    TokenRequest: { 1: 'metadata', 2: 'spec', 3: 'status' },
    TokenRequestSpec: { 1: 'audiences', 3: 'boundObjectRef', 4: '*expirationSeconds' },
    TokenRequestStatus: { 1: 'token', 2: 'expirationTimestamp' },
    TokenReview: { 1: 'metadata', 2: 'spec', 3: 'status' },
    TokenReviewSpec: { 1: 'token', 2: 'audiences' },
    TokenReviewStatus: { 1: 'authenticated', 2: 'user', 3: 'error', 4: 'audiences' },
    UserInfo: { 1: 'username', 2: 'uid', 3: 'groups', 4: 'extra' },
  },
};
