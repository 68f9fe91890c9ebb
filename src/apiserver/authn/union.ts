// The authenticators in turn: the first that recognises a credential decides. A request with no
// credential at all is anonymous only where anonymous access is allowed (the health and version
// endpoints, as v1.32's anonymous-auth conditions scope it); anywhere else it is a 401.
import type { IncomingMessage } from 'node:http';
import { Groups, Users, type UserInfo } from '../../api/user.js';
import { Errors } from '../../machinery/errors.js';
import type { AuthnResult, RequestAuthenticator } from './types.js';

/** Paths an unauthenticated client may reach (and RBAC's system:public-info-viewer allows). */
export const ANONYMOUS_PATHS = ['/healthz', '/livez', '/readyz', '/version'];

export const ANONYMOUS: UserInfo = Object.freeze({ username: Users.anonymous, groups: [Groups.unauthenticated] }) as UserInfo;

export function isAnonymousPath(path: string): boolean {
  const p = path.replace(/\/+$/, '') || '/';
  return ANONYMOUS_PATHS.some((a) => p === a || p.startsWith(`${a}/`));
}

export function unionAuthenticator(authenticators: RequestAuthenticator[], opts: { anonymous: boolean }): (req: IncomingMessage, path: string) => Promise<AuthnResult> {
  return async (req, path) => {
    for (const a of authenticators) {
      const r = await a.authenticate(req);
      if (r) return withAuthenticatedGroup(r);
    }
    if (opts.anonymous && isAnonymousPath(path)) return { user: ANONYMOUS };
    throw Errors.unauthorized();
  };
}

/** Every authenticated user is in system:authenticated, as kube-apiserver's group adder ensures. */
function withAuthenticatedGroup(r: AuthnResult): AuthnResult {
  if (r.user.groups.includes(Groups.authenticated)) return r;
  return { ...r, user: { ...r.user, groups: [...r.user.groups, Groups.authenticated] } };
}
