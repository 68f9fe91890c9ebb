// Impersonation (`kubectl --as`, `--as-group`, `--as-uid`): the Impersonate-* headers swap the
// request's user for another, but only when the real user is authorized to `impersonate` each
// part — the user (or service account), every group, every extra value and the uid — as
// k8s.io/apiserver's WithImpersonation checks them.
import type { IncomingMessage } from 'node:http';
import { Groups, Users, type UserInfo } from '../../api/user.js';
import { Errors } from '../../machinery/errors.js';
import type { Attributes, Authorizer } from '../../api/authorization.js';
import { forbidden } from '../authz/union.js';

const EXTRA_PREFIX = 'impersonate-extra-';

function headerValues(req: IncomingMessage, name: string): string[] {
  const raw = req.headersDistinct[name];
  return (raw ?? []).flatMap((v) => (name === 'impersonate-group' ? v.split(',') : [v])).map((v) => v.trim()).filter(Boolean);
}

/** An extra key is percent-encoded; a malformed one is kept as sent (upstream's unescapeExtraKey). */
function unescapeExtraKey(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}

/** The impersonated user, or undefined when the request asks for none. Throws 403 (or 500 for a malformed ask, as upstream). */
export async function impersonate(req: IncomingMessage, actual: UserInfo, authorizer: Authorizer): Promise<UserInfo | undefined> {
  const username = headerValues(req, 'impersonate-user')[0];
  const groups = headerValues(req, 'impersonate-group');
  const uid = headerValues(req, 'impersonate-uid')[0];
  const extra: Record<string, string[]> = {};
  for (const h of Object.keys(req.headersDistinct))
    if (h.startsWith(EXTRA_PREFIX)) extra[unescapeExtraKey(h.slice(EXTRA_PREFIX.length))] = req.headersDistinct[h]!;
  if (!username) {
    if (groups.length || uid || Object.keys(extra).length)
      throw Errors.internal(`requested [${[...groups.map((g) => `group ${g}`), ...(uid ? [`uid ${uid}`] : [])].join(' ')}] without impersonating a user`);
    return undefined;
  }
  const ask = async (a: Omit<Attributes, 'user' | 'verb' | 'resourceRequest' | 'path' | 'apiVersion' | 'subresource'> & { subresource?: string; apiGroup: string }) => {
    const attrs: Attributes = { user: actual, verb: 'impersonate', resourceRequest: true, path: '', apiVersion: '', subresource: '', ...a };
    const r = await authorizer.authorize(attrs);
    if (r.decision !== 'Allow') throw forbidden(attrs, r.reason);
  };
  let newGroups = [...groups];
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(username);
  if (sa) {
    await ask({ apiGroup: '', resource: 'serviceaccounts', namespace: sa[1]!, name: sa[2]! });
    if (!groups.length) newGroups = [Groups.serviceAccounts, `${Groups.serviceAccounts}:${sa[1]}`];
  } else await ask({ apiGroup: '', resource: 'users', namespace: '', name: username });
  for (const g of groups) await ask({ apiGroup: '', resource: 'groups', namespace: '', name: g });
  for (const [k, vs] of Object.entries(extra)) for (const v of vs) await ask({ apiGroup: 'authentication.k8s.io', resource: 'userextras', subresource: k, namespace: '', name: v });
  if (uid) await ask({ apiGroup: 'authentication.k8s.io', resource: 'uids', namespace: '', name: uid });
  if (username === Users.anonymous) {
    if (!newGroups.includes(Groups.unauthenticated)) newGroups.push(Groups.unauthenticated);
  } else if (!newGroups.includes(Groups.authenticated)) newGroups.push(Groups.authenticated);
  const user: UserInfo = { username, groups: newGroups };
  if (uid) user.uid = uid;
  if (Object.keys(extra).length) user.extra = extra;
  return user;
}
