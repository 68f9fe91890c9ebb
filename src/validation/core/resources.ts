// Resource names and quantities (ResourceList, ResourceRequirements) of core/v1 validation.
import { parseQuantity, compareQuantities, formatQuantity } from '../../api/core/quantity.js';
import { FieldPath, invalid, required, type FieldError } from '../../machinery/fielderrors.js';
import { validateQuantity } from '../meta.js';
import { isQualifiedName } from '../names.js';

const standardContainerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);
const standardResources = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets',
  'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers', 'requests.cpu', 'requests.memory',
  'requests.storage', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
]);
const isHugePages = (name: string) => name.startsWith('hugepages-') || name.startsWith('requests.hugepages-') || name.startsWith('limits.hugepages-');
// Resources counted in whole units: object counts and extended resources.
const integerResources = new Set([
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers',
]);
const overcommitAllowed = (name: string) => !name.includes('/') || name.startsWith('kubernetes.io/') || name.includes('.kubernetes.io/');
const isNativeResource = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');

/** validateResourceName: a qualified name, and a standard one when unprefixed. */
export function validateResourceName(name: string, path: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (errs.length) return errs;
  if (!name.includes('/') && !standardResources.has(name) && !isHugePages(name))
    return [invalid(path, name, 'must be a standard resource type or fully qualified')];
  return [];
}

export function validateContainerResourceName(name: string, path: FieldPath): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes('/')) {
    if (!standardContainerResources.has(name) && !name.startsWith('hugepages-'))
      errs.push(invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNativeResource(name) && name.startsWith('requests.')) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** ValidateResourceQuantityValue: parses, not negative, whole for integer resources. */
export function validateResourceQuantityValue(resource: string, value: unknown, path: FieldPath): FieldError[] {
  const errs = validateQuantity(value, path);
  if (errs.length) return errs;
  const q = parseQuantity(value);
  const integer = integerResources.has(resource) || (resource.includes('/') && !isNativeResource(resource) && !resource.startsWith('count/'));
  if (q && integer && q.nano % 1_000_000_000n !== 0n) errs.push(invalid(path, formatQuantity(q), 'must be an integer'));
  return errs;
}

interface Requirements {
  limits?: Record<string, unknown>;
  requests?: Record<string, unknown>;
}

/** ValidateResourceRequirements of a container: names, values, and requests within limits. */
export function validateResourceRequirements(req: Requirements | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!req) return errs;
  const limPath = path.child('limits');
  const reqPath = path.child('requests');
  for (const [name, q] of Object.entries(req.limits ?? {})) {
    errs.push(...validateContainerResourceName(name, limPath.key(name)));
    errs.push(...validateResourceQuantityValue(name, q, limPath.key(name)));
  }
  for (const [name, q] of Object.entries(req.requests ?? {})) {
    errs.push(...validateContainerResourceName(name, reqPath.key(name)));
    errs.push(...validateResourceQuantityValue(name, q, reqPath.key(name)));
    const request = parseQuantity(q);
    const limitText = req.limits?.[name];
    const limit = limitText === undefined ? undefined : parseQuantity(limitText);
    if (!request) continue;
    if (limit) {
      // Extended resources cannot be overcommitted: request and limit must be equal.
      const cmp = compareQuantities(request, limit);
      if (cmp !== 0 && !overcommitAllowed(name)) errs.push(invalid(reqPath, formatQuantity(request), `must be equal to ${name} limit`));
      else if (cmp > 0) errs.push(invalid(reqPath, formatQuantity(request), `must be less than or equal to ${name} limit`));
    } else if (limitText === undefined && !overcommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}
