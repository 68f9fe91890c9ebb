// Client certificates: a certificate the cluster CA signed names the user in its CN and the groups
// in its O values, as kube-apiserver's x509 authenticator reads them. The TLS server asks for a
// certificate but does not fail the handshake without one, so bearer tokens and anonymous health
// checks still work; a certificate the CA did not sign is a 401, never a fall-through.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { Errors } from '../../machinery/errors.js';
import type { AuthnResult, RequestAuthenticator } from './types.js';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The verdict on a connection's certificate, made once: a keep-alive connection keeps its certificate. */
const verdicts = new WeakMap<TLSSocket, AuthnResult | null | 'unauthorized'>();

function judge(socket: TLSSocket): AuthnResult | null | 'unauthorized' {
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.subject) return null;
  if (!socket.authorized) return 'unauthorized';
  // A certificate made for serving must not log anyone in (upstream verifies ExtKeyUsageClientAuth).
  if (cert.ext_key_usage && !cert.ext_key_usage.includes(CLIENT_AUTH)) return 'unauthorized';
  const user = list(cert.subject.CN)[0];
  if (!user) return 'unauthorized';
  return { user: { username: user, groups: list(cert.subject.O) } };
}

export const x509Authenticator: RequestAuthenticator = {
  async authenticate(req: IncomingMessage) {
    const socket = req.socket as TLSSocket;
    if (typeof socket.getPeerCertificate !== 'function') return null;
    let verdict = verdicts.get(socket);
    if (verdict === undefined) verdicts.set(socket, (verdict = judge(socket)));
    if (verdict === 'unauthorized') throw Errors.unauthorized();
    return verdict && { user: { ...verdict.user, groups: [...verdict.user.groups] } };
  },
};
