// resourcequotas (core/v1): the quota controller owns status; Request/Limit print used/hard pairs.
import type { ResourceQuota } from 'kubernetes-types/core/v1.js';
import { defaultResourceQuota } from '../../api/core/defaults.js';
import { quantityString } from '../../api/core/quantity.js';
import type { Mutable } from '../../api/object.js';
import { ageOf } from '../../machinery/format.js';
import { validateResourceQuota } from '../../validation/core/resourcequota.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

/** The Request and Limit cells: `name: used/hard` for every status.hard entry, limits.* in Limit. */
export function quotaColumns(q: ResourceQuota): [string, string] {
  const request: string[] = [];
  const limit: string[] = [];
  const hard = q.status?.hard ?? {};
  for (const name of Object.keys(hard).sort()) {
    const parts = name.split('.');
    const into = parts.length > 1 && parts[0] === 'limits' ? limit : request;
    into.push(`${name}: ${quantityString(q.status?.used?.[name])}/${quantityString(hard[name])}`);
  }
  return [request.join(', '), limit.join(', ')];
}

export const resourceQuotas: ResourceStrategy<ResourceQuota> = {
  group: '',
  version: 'v1',
  kind: 'ResourceQuota',
  resource: 'resourcequotas',
  singular: 'resourcequota',
  namespaced: true,
  shortNames: ['quota'],
  subresources: { status: true },
  defaults: defaultResourceQuota,
  prepareForCreate(q) {
    (q as Mutable<ResourceQuota>).status = {};
  },
  validate: validateResourceQuota,
  validateUpdate: validateResourceQuota,
  printer: {
    columns: [nameColumn, ageColumn, col('Request', 'string', 0, 'Request represents a minimum amount of cpu/memory that a container may consume.'), col('Limit', 'string', 0, 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.')],
    cells(q, now) {
      const [request, limit] = quotaColumns(q);
      return [q.metadata?.name ?? '', ageOf(q.metadata?.creationTimestamp, now), request, limit];
    },
  },
};
