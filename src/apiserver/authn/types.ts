// Authentication: from a request's credentials to a user. Each way of proving who you are (client
// certificate, bearer token of some kind) is one RequestAuthenticator; union.ts tries them in turn.
import type { IncomingMessage } from 'node:http';
import type { UserInfo } from '../../api/user.js';

export interface AuthnResult {
  user: UserInfo;
}

export interface RequestAuthenticator {
  /**
   * The user the request proves to be; null when it carries no credential of this kind. A
   * credential of this kind that does not check out throws (Errors.unauthorized): kube-apiserver
   * answers 401 rather than fall through to anonymous.
   */
  authenticate(req: IncomingMessage): Promise<AuthnResult | null>;
}
