// Bootstrap tokens (`abcdef.0123456789abcdef`) for joining nodes: the token's id names a Secret
// `bootstrap-token-<id>` in kube-system of type bootstrap.kubernetes.io/token, as kubeadm creates
// them. Valid while the secret exists, allows authentication, matches, and has not expired; the
// user is system:bootstrap:<id> in system:bootstrappers plus the secret's auth-extra-groups.
import { timingSafeEqual } from 'node:crypto';
import type { KObject } from '../../api/object.js';
import { Groups } from '../../api/user.js';
import { Errors } from '../../machinery/errors.js';
import type { TokenAuthenticator } from './tokens.js';

const TOKEN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;

/** Compared in constant time, as upstream does, so timing tells nothing of the secret. */
function sameSecret(stored: string | undefined, given: string): boolean {
  const a = Buffer.from(stored ?? '');
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bootstrapTokens(deps: { getSecret(namespace: string, name: string): Promise<KObject | undefined>; now(): Date }): TokenAuthenticator {
  return {
    async authenticateToken(token) {
      const m = TOKEN.exec(token);
      if (!m) return null;
      const [, id, secret] = m as unknown as [string, string, string];
      const s = (await deps.getSecret('kube-system', `bootstrap-token-${id}`)) as (KObject & { type?: string; data?: Record<string, string> }) | undefined;
      // Upstream logs why and answers 401 the same way for every reason.
      if (!s || s.metadata.deletionTimestamp || s.type !== 'bootstrap.kubernetes.io/token') throw Errors.unauthorized();
      const data = (k: string) => (s.data?.[k] === undefined ? undefined : Buffer.from(s.data[k]!, 'base64').toString('utf8'));
      if (!sameSecret(data('token-secret'), secret) || data('usage-bootstrap-authentication') !== 'true') throw Errors.unauthorized();
      const exp = data('expiration');
      if (exp && !(Date.parse(exp) > deps.now().getTime())) throw Errors.unauthorized();
      const extra = (data('auth-extra-groups') ?? '').split(',').map((g) => g.trim()).filter((g) => g.startsWith(`${Groups.bootstrappers}:`));
      return { user: { username: `system:bootstrap:${id}`, groups: [Groups.bootstrappers, ...extra] } };
    },
  };
}
