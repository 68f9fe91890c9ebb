// Bearer tokens: `Authorization: Bearer <token>`, tried against each token authenticator (static
// token file, bootstrap tokens, service account JWTs). A token nobody recognises is a 401, as
// kube-apiserver answers; a request without one is left to the other authenticators.
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { UserInfo } from '../../api/user.js';
import { Errors } from '../../machinery/errors.js';
import type { AuthnResult, RequestAuthenticator } from './types.js';

export interface TokenAuthenticator {
  /** The token's user, or null when this authenticator does not know the token. */
  authenticateToken(token: string): Promise<AuthnResult | null> | AuthnResult | null;
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : undefined;
}

export function bearerAuthenticator(authenticators: TokenAuthenticator[]): RequestAuthenticator {
  return {
    async authenticate(req) {
      const h = req.headers.authorization;
      if (h === undefined) return null;
      const token = bearerToken(req);
      if (!token) throw Errors.unauthorized();
      for (const a of authenticators) {
        const r = await a.authenticateToken(token);
        if (r) return r;
      }
      throw Errors.unauthorized();
    },
  };
}

/** Static tokens (--token-auth-file, and the tokens `kubette up` gives its own components). */
export function staticTokens(entries: Iterable<[string, UserInfo]>): TokenAuthenticator {
  const byToken = new Map(entries);
  return { authenticateToken: (t) => (byToken.has(t) ? { user: byToken.get(t)! } : null) };
}

/**
 * --token-auth-file: CSV lines `token,user,uid[,"group1,group2"]`, as kube-apiserver reads it
 * (blank lines skipped; fewer than three columns is an error naming the line).
 */
export function readTokenFile(path: string): [string, UserInfo][] {
  const out: [string, UserInfo][] = [];
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const cols = csvFields(line);
    if (cols.length < 3) throw new Error(`token file ${path}, line ${i + 1}: wrong number of fields: want token,user,uid[,groups], got ${cols.length}`);
    const [token, username, uid] = cols as [string, string, string];
    if (!token) throw new Error(`token file ${path}, line ${i + 1}: empty token`);
    const groups = cols[3] ? cols[3].split(',').map((g) => g.trim()).filter(Boolean) : [];
    out.push([token, { username, uid, groups }]);
  });
  return out;
}

/** One CSV record's fields (RFC 4180 quoting, as Go's encoding/csv). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur === '') quoted = true;
    else if (c === ',') fields.push(cur), (cur = '');
    else cur += c;
  }
  fields.push(cur);
  return fields;
}
