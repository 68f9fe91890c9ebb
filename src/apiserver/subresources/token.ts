// serviceaccounts/token (authentication.k8s.io/v1 TokenRequest): issue a service account JWT, as
// `kubectl create token` asks, with upstream's TokenREST rules: the service account must exist,
// expirationSeconds defaults to an hour and may not be under ten minutes, audiences default to the
// API server's, and the token may be bound to a Pod or Secret of the same namespace.
import type { TokenRequest } from 'kubernetes-types/authentication/v1.js';
import type { KObject } from '../../api/object.js';
import { Errors } from '../../machinery/errors.js';
import { FieldPath, invalid, tooLong, type FieldError } from '../../machinery/fielderrors.js';
import { rfc3339 } from '../../registry/generic/store.js';
import { API_AUDIENCE } from '../tokens.js';
import { decodeAs, dryRunOf, sendCreated } from './body.js';
import { admitCreate, type Subresource } from './index.js';

const GK = { group: 'authentication.k8s.io', kind: 'TokenRequest' };
const MIN_SECONDS = 10 * 60;
const MAX_SECONDS = 2 ** 32 - 1;

export const token: Subresource = {
  parent: { group: '', version: 'v1', resource: 'serviceaccounts' },
  name: 'token',
  kind: { kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1' },
  verbs: ['create'],
  async handle(c) {
    const { obj, warnings } = await decodeAs(c, { group: GK.group, version: 'v1', kind: GK.kind });
    const req = obj as KObject & TokenRequest;
    const { namespace, name } = c.info;
    const meta = req.metadata as KObject['metadata'];
    if (meta.name && meta.name !== name) throw Errors.invalid(GK, name, [invalid('metadata.name', meta.name, 'must match the service account name if specified')]);
    if (meta.namespace && meta.namespace !== namespace)
      throw Errors.invalid(GK, name, [invalid('metadata.namespace', meta.namespace, 'must match the service account namespace if specified')]);
    const sa = await c.served.store.get(namespace, name);
    warnings.push(...(await admitCreate(c, obj, { group: GK.group, version: 'v1', kind: GK.kind }, dryRunOf(c.query))));

    const spec = ((req as { spec?: TokenRequest['spec'] }).spec ??= {} as TokenRequest['spec']) as { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: TokenRequest['spec']['boundObjectRef'] | null };
    spec.expirationSeconds ??= 3600;
    if (!spec.audiences?.length) spec.audiences = [API_AUDIENCE];
    spec.boundObjectRef ??= null; // not omitempty in the Go type
    const now = c.now();
    meta.name ||= name;
    meta.namespace ||= namespace;
    meta.creationTimestamp = rfc3339(now);
    delete (req as { status?: unknown }).status;

    const errs: FieldError[] = [];
    const exp = spec.expirationSeconds;
    const expPath = FieldPath.root('spec').child('expirationSeconds');
    if (exp < MIN_SECONDS) errs.push(invalid(expPath, exp, 'may not specify a duration less than 10 minutes'));
    if (exp > MAX_SECONDS) errs.push(tooLong(expPath, exp, MAX_SECONDS));
    if (errs.length) throw Errors.invalid(GK, '', errs);

    let pod: KObject | undefined;
    let secret: KObject | undefined;
    const ref = spec.boundObjectRef;
    if (ref) {
      const group = (ref.apiVersion ?? '').includes('/') ? ref.apiVersion!.split('/')[0]! : '';
      const version = (ref.apiVersion ?? '').split('/').pop() ?? '';
      const resource = group === '' && ref.kind === 'Pod' ? 'pods' : group === '' && ref.kind === 'Secret' ? 'secrets' : undefined;
      if (!resource) throw Errors.badRequest(`cannot bind token to object of type ${group}/${version}, Kind=${ref.kind ?? ''}`);
      const bound = await c.registry.lookup('', 'v1', resource)!.store.get(namespace, ref.name ?? '');
      if (resource === 'pods') {
        pod = bound;
        const podSA = (bound as { spec?: { serviceAccountName?: string } }).spec?.serviceAccountName;
        if (podSA !== name) throw Errors.badRequest(`cannot bind token for serviceaccount "${name}" to pod running with different serviceaccount name.`);
      } else secret = bound;
      if (ref.uid && ref.uid !== bound.metadata.uid)
        throw Errors.conflict(
          { group, resource: ref.kind! },
          ref.name ?? '',
          `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
        );
    }

    const jwt = await c.tokens.issue({ serviceAccount: sa, pod, secret }, spec.audiences, exp, now);
    (req as { status?: unknown }).status = { token: jwt, expirationTimestamp: rfc3339(new Date(now.getTime() + exp * 1000)) };
    sendCreated(c, req, warnings);
  },
};
