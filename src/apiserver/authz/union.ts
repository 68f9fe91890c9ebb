// --authorization-mode as a list: the first authorizer with an opinion decides; none means denied.
// Also the 403 every denied request gets, worded as kube-apiserver's responsewriters.Forbidden.
import { Errors, type StatusError } from '../../machinery/errors.js';
import type { Attributes, AuthorizationResult, Authorizer } from '../../api/authorization.js';

export function unionAuthorizer(authorizers: Authorizer[]): Authorizer {
  return {
    async authorize(a) {
      const reasons: string[] = [];
      for (const z of authorizers) {
        const r = await z.authorize(a);
        if (r.decision !== 'NoOpinion') return r;
        if (r.reason) reasons.push(r.reason);
      }
      return { decision: 'NoOpinion', reason: reasons.join('\n') } satisfies AuthorizationResult;
    },
  };
}

/** `User "alice" cannot create resource "pods" in API group "" in the namespace "default"`. */
export function forbiddenMessage(a: Attributes): string {
  const who = `User ${JSON.stringify(a.user.username)}`;
  if (!a.resourceRequest) return `${who} cannot ${a.verb} path ${JSON.stringify(a.path)}`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const where = a.namespace ? `in the namespace ${JSON.stringify(a.namespace)}` : 'at the cluster scope';
  return `${who} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.apiGroup)} ${where}`;
}

/** The 403 for a denied request: `pods "x" is forbidden: User … cannot …[: reason]`. */
export function forbidden(a: Attributes, reason: string): StatusError {
  const msg = forbiddenMessage(a) + (reason ? `: ${reason}` : '');
  return Errors.forbidden({ group: a.apiGroup, resource: a.resourceRequest ? a.resource : '' }, a.resourceRequest ? a.name : '', msg);
}
