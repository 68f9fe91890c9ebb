// namespaces/finalize (core/v1 Namespace): PUT only, the one way to change a namespace's
// spec.finalizers — the namespace controller removes "kubernetes" here once the namespace is empty,
// under its system:controller:namespace-controller role (update on namespaces/finalize, not on
// namespaces). Upstream's FinalizeREST with namespaceFinalizeStrategy: the stored status is kept.
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { namespaces } from '../../registry/core/namespaces.js';
import type { ResourceStrategy } from '../../registry/strategy.js';
import { handleUpdate } from '../handlers.js';
import type { Subresource } from './index.js';

const finalizeStrategy: ResourceStrategy<Namespace> = {
  ...namespaces,
  // No status subresource here: the whole object is written, with the status put back from storage.
  subresources: {},
  prepareForUpdate(ns, old) {
    (ns as { status?: Namespace['status'] }).status = old.status;
  },
  validateUpdate: namespaces.validate,
};

export const finalize: Subresource = {
  parent: { group: '', version: 'v1', resource: 'namespaces' },
  name: 'finalize',
  kind: { kind: 'Namespace' },
  verbs: ['update'],
  handle(c) {
    return handleUpdate({ ...c, info: { ...c.info, subresource: '' }, served: { ...c.served, strategy: finalizeStrategy, store: c.storeWith(finalizeStrategy) } });
  },
};
