// Continue tokens for paginated lists, in kube-apiserver's format: base64url (no padding) of
// {"v":"meta.k8s.io/v1","rv":<revision>,"start":"<next key relative to the list prefix>"}.
import { Errors } from '../../machinery/errors.js';

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

export function decodeContinue(token: string): { rv: number; start: string } {
  let parsed: { v?: unknown; rv?: unknown; start?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw Errors.badRequest('continue key is not valid: illegal base64 data or JSON');
  }
  if (parsed.v !== 'meta.k8s.io/v1') throw Errors.badRequest('continue key is not valid: server does not recognize this encoded key');
  if (typeof parsed.rv !== 'number' || parsed.rv === 0) throw Errors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof parsed.start !== 'string' || parsed.start === '') throw Errors.badRequest('continue key is not valid: encoded start key empty (version meta.k8s.io/v1)');
  if (parsed.start.split('/').some((seg) => seg === '..' || seg === '.') || parsed.start.startsWith('/'))
    throw Errors.badRequest('continue key is not valid: path traversal is not allowed');
  return { rv: parsed.rv, start: parsed.start };
}
