// apps/v1 Deployment.
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { ObjectMeta } from '../../api/object.js';
import { defaultDeployment } from '../../api/apps/defaults.js';
import { ageOf, formatLabelSelector } from '../../machinery/format.js';
import { deepEqual } from '../../validation/meta.js';
import { validateDeployment, validateDeploymentUpdate } from '../../validation/apps/deployment.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';
import { containersColumn, imagesColumn, selectorColumn, templateCells } from './printing.js';

/** labels.Selector's String(): like FormatLabelSelector, but "" when empty and <invalid> when unconvertible. */
function selectorString(d: Deployment): string {
  const s = formatLabelSelector(d.spec?.selector);
  return s === '<none>' ? '' : s === '<error>' ? '<invalid>' : s;
}

export const deployments: ResourceStrategy<Deployment> = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  resource: 'deployments',
  singular: 'deployment',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  generation: true,
  statusMetadata: ['annotations'],
  subresources: {
    status: true,
    scale: { specReplicasPath: ['spec', 'replicas'], statusReplicasPath: ['status', 'replicas'], labelSelectorPath: ['spec', 'selector'] },
  },
  defaults: defaultDeployment,
  prepareForCreate(d) {
    d.status = {};
  },
  prepareForUpdate(d, old) {
    // Annotations are copied onto the ReplicaSets, so changing them is a new generation too.
    const meta = d.metadata as ObjectMeta;
    if (meta.generation === old.metadata?.generation && !deepEqual(meta.annotations, old.metadata?.annotations))
      meta.generation = (old.metadata?.generation ?? 0) + 1;
  },
  validate: validateDeployment,
  validateUpdate: validateDeploymentUpdate,
  printer: {
    columns: [
      nameColumn,
      col('Ready', 'string', 0, 'Number of the pod with ready state'),
      col('Up-to-date', 'string', 0, 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
      col('Available', 'string', 0, 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
      ageColumn,
      containersColumn,
      imagesColumn,
      selectorColumn('Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'),
    ],
    cells(d, now) {
      const st = d.status ?? {};
      const [containers, images] = templateCells(d.spec?.template);
      return [
        d.metadata?.name ?? '',
        `${st.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
        st.updatedReplicas ?? 0,
        st.availableReplicas ?? 0,
        ageOf(d.metadata?.creationTimestamp, now),
        containers,
        images,
        selectorString(d),
      ];
    },
  },
};
