// apps/v1 ControllerRevision: immutable snapshots of a workload's template.
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import { parseApiVersion } from '../../api/object.js';
import { ageOf } from '../../machinery/format.js';
import { validateControllerRevision, validateControllerRevisionUpdate } from '../../validation/apps/controllerrevision.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

/** "daemonset.apps/fluentd" from the controller owner reference; "<none>" without one. */
function controllerOf(cr: ControllerRevision): string {
  const ref = cr.metadata?.ownerReferences?.find((r) => r.controller);
  if (!ref) return '<none>';
  const { group } = parseApiVersion(ref.apiVersion ?? '');
  const kind = ref.kind ?? '';
  if (!kind && !group) return ref.name;
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${ref.name}`;
}

export const controllerrevisions: ResourceStrategy<ControllerRevision> = {
  group: 'apps',
  version: 'v1',
  kind: 'ControllerRevision',
  resource: 'controllerrevisions',
  singular: 'controllerrevision',
  namespaced: true,
  validate: validateControllerRevision,
  validateUpdate: validateControllerRevisionUpdate,
  printer: {
    columns: [
      nameColumn,
      col('Controller', 'string', 0, 'Controller of the object'),
      col('Revision', 'string', 0, 'Revision of the ControllerRevision'),
      ageColumn,
    ],
    cells: (cr, now) => [cr.metadata?.name ?? '', controllerOf(cr), cr.revision ?? 0, ageOf(cr.metadata?.creationTimestamp, now)],
  },
};
