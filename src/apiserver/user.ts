// Who a request is from. Until authentication lands (the security issue), every request is the
// cluster admin, as with an admin kubeconfig; the impersonation headers that `kubectl --as` and
// `--as-group` send are honoured so identity-dependent behaviour (PodSecurity's exempt usernames)
// can be exercised. That grants nothing new while every caller is admin; with authentication,
// impersonation must require the impersonate verb.
import type { IncomingMessage } from 'node:http';
import type { UserInfo } from '../admission/plugin.js';

export const ADMIN_USER: UserInfo = Object.freeze({ username: 'system:admin', groups: ['system:masters', 'system:authenticated'] });

export function requestUser(req: IncomingMessage): UserInfo {
  const as = req.headers['impersonate-user'];
  const username = Array.isArray(as) ? as[0] : as;
  if (!username) return ADMIN_USER;
  const raw = req.headers['impersonate-group'];
  const groups = (Array.isArray(raw) ? raw : raw ? raw.split(',') : []).map((g) => g.trim()).filter(Boolean);
  // kube-apiserver adds system:authenticated to an impersonated user that is not anonymous.
  if (username !== 'system:anonymous' && !groups.includes('system:authenticated')) groups.push('system:authenticated');
  return { username, groups };
}
