// Continue tokens for paginated lists, in kube-apiserver's format: base64url (no padding) of
// {"v":"meta.k8s.io/v1","rv":<revision>,"start":"<next key relative to the list prefix>"}.
// rv -1 means "continue at the latest revision" (handed out with a 410 for a compacted token).
import { Errors } from '../../machinery/errors.js';

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

/** The etcd3 store wraps every decoding error as a 400 "invalid continue token: continue key is not valid: ...". */
const invalidToken = (why: string) => Errors.badRequest(`invalid continue token: continue key is not valid: ${why}`);

export function decodeContinue(token: string): { rv: number; start: string } {
  if (!/^[A-Za-z0-9_-]*$/.test(token)) throw invalidToken('illegal base64 data');
  let parsed: { v?: unknown; rv?: unknown; start?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (err) {
    throw invalidToken((err as Error).message);
  }
  if (parsed === null || typeof parsed !== 'object' || parsed.v !== 'meta.k8s.io/v1') throw invalidToken('server does not recognize this encoded key');
  if (typeof parsed.rv !== 'number' || !Number.isInteger(parsed.rv) || parsed.rv === 0)
    throw invalidToken('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof parsed.start !== 'string' || parsed.start === '') throw invalidToken('encoded start key empty (version meta.k8s.io/v1)');
  // Path traversal: the key must be unchanged by path.Clean once rooted, so it cannot climb out of the list prefix.
  const rooted = parsed.start.startsWith('/') ? parsed.start : `/${parsed.start}`;
  if (!isCleanPath(rooted)) throw invalidToken(parsed.start);
  return { rv: parsed.rv, start: rooted.slice(1) };
}

/** Go's path.Clean(p) === p for a rooted path: no empty, "." or ".." segments and no trailing slash. */
function isCleanPath(p: string): boolean {
  if (p === '/') return true;
  return p
    .slice(1)
    .split('/')
    .every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}
