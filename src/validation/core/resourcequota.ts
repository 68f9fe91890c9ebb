// ResourceQuota validation (ValidateResourceQuota of v1.25): quota resource names, non-negative
// (whole where counted) quantities, known scopes.
import type { ResourceQuota } from 'kubernetes-types/core/v1.js';
import { FieldPath, invalid, type FieldError } from '../../machinery/fielderrors.js';
import { goStringSlice } from '../meta.js';
import { validateResourceName, validateResourceQuantityValue } from './resources.js';

const quotaResources = new Set([
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers', 'requests.cpu', 'requests.memory', 'requests.storage',
  'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'cpu', 'memory', 'ephemeral-storage',
]);
const scopes = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'];

function validateQuotaResourceName(name: string, path: FieldPath): FieldError[] {
  const errs = validateResourceName(name, path);
  const hugepages = name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
  if (!errs.length && !name.includes('/') && !quotaResources.has(name) && !hugepages)
    errs.push(invalid(path, name, 'must be a standard resource for quota'));
  return errs;
}

function validateResourceList(list: Record<string, unknown> | undefined, path: FieldPath): FieldError[] {
  return Object.entries(list ?? {}).flatMap(([k, v]) => [...validateQuotaResourceName(k, path.key(k)), ...validateResourceQuantityValue(k, v, path.key(k))]);
}

export function validateResourceQuota(q: ResourceQuota): FieldError[] {
  const spec = FieldPath.root('spec');
  const errs = validateResourceList(q.spec?.hard, spec.child('hard'));
  for (const s of q.spec?.scopes ?? []) if (!scopes.includes(s)) errs.push(invalid(spec.child('scopes'), goStringSlice(q.spec!.scopes, '[]core.ResourceQuotaScope'), 'unsupported scope'));
  errs.push(...validateResourceList(q.status?.hard, FieldPath.root('status').child('hard')));
  errs.push(...validateResourceList(q.status?.used, FieldPath.root('status').child('used')));
  return errs;
}
