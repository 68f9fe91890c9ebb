// namespaces (core/v1, cluster-scoped): Active on create with the "kubernetes" finalizer, which the
// namespace controller removes once the namespace is empty; deletion waits for it (phase Terminating).
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { defaultNamespace } from '../../api/core/defaults.js';
import type { Mutable } from '../../api/object.js';
import { FieldPath, invalid, type FieldError } from '../../machinery/fielderrors.js';
import { ageOf } from '../../machinery/format.js';
import { isDNS1123Label, isQualifiedName } from '../../validation/names.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

const standardFinalizers = ['kubernetes', 'orphan', 'foregroundDeletion'];
const metadataNameLabel = 'kubernetes.io/metadata.name';

function validateNamespace(ns: Namespace): FieldError[] {
  const errs: FieldError[] = [];
  const path = FieldPath.root('spec').child('finalizers');
  for (const f of ns.spec?.finalizers ?? []) {
    for (const m of isQualifiedName(f)) errs.push(invalid(path, f, m));
    if (!f.includes('/') && !standardFinalizers.includes(f))
      errs.push(invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}

/** ValidateNamespaceStatusUpdate: the phase follows deletionTimestamp (an empty phase defaults to Active). */
function validatePhase(ns: Namespace): FieldError[] {
  const phase = ns.status?.phase || 'Active';
  const path = FieldPath.root('status').child('Phase');
  if (!ns.metadata?.deletionTimestamp) {
    return phase === 'Active' ? [] : [invalid(path, phase, "may only be 'Active' if `deletionTimestamp` is empty")];
  }
  return phase === 'Terminating' ? [] : [invalid(path, phase, "may only be 'Terminating' if `deletionTimestamp` is not empty")];
}

const syncNameLabel = (ns: Namespace) => {
  if (ns.metadata?.name) (ns.metadata.labels ??= {})[metadataNameLabel] = ns.metadata.name;
};

export const namespaces: ResourceStrategy<Namespace> = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  resource: 'namespaces',
  singular: 'namespace',
  namespaced: false,
  shortNames: ['ns'],
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: { status: true },
  nameValidator: isDNS1123Label,

  defaults: defaultNamespace,
  prepareForCreate(ns) {
    (ns as Mutable<Namespace>).status = { phase: 'Active' };
    const spec = (ns.spec ??= {});
    if (!spec.finalizers?.includes('kubernetes')) spec.finalizers = [...(spec.finalizers ?? []), 'kubernetes'];
    syncNameLabel(ns);
  },
  // spec.finalizers change only through /finalize (src/apiserver/subresources/finalize.ts).
  prepareForUpdate(ns, old) {
    const spec = ((ns as Mutable<Namespace>).spec ??= {});
    if (old.spec?.finalizers) spec.finalizers = old.spec.finalizers;
    else delete spec.finalizers;
    syncNameLabel(ns);
  },
  validate: validateNamespace,
  validateUpdate: (ns) => [...validateNamespace(ns), ...validatePhase(ns)],
  finalizersPending: (ns) => !!ns.spec?.finalizers?.length,
  prepareForDelete(ns) {
    const mutable = ns as Mutable<Namespace>;
    mutable.status = { ...(mutable.status ?? {}), phase: 'Terminating' };
  },
  selectableFields: (ns) => ({ 'status.phase': ns.status?.phase ?? '' }),
  printer: {
    columns: [nameColumn, col('Status', 'string', 0, 'The status of the namespace'), ageColumn],
    cells: (ns, now) => [ns.metadata?.name ?? '', ns.status?.phase ?? '', ageOf(ns.metadata?.creationTimestamp, now)],
  },
};
