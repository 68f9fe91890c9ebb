// apps/v1 DaemonSet (no scale subresource).
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Mutable } from '../../api/object.js';
import { defaultDaemonSet } from '../../api/apps/defaults.js';
import { ageOf, formatLabels, formatLabelSelector } from '../../machinery/format.js';
import { validateDaemonSet, validateDaemonSetUpdate } from '../../validation/apps/daemonset.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';
import { containersColumn, imagesColumn, selectorColumn, templateCells } from './printing.js';

export const daemonsets: ResourceStrategy<DaemonSet> = {
  group: 'apps',
  version: 'v1',
  kind: 'DaemonSet',
  resource: 'daemonsets',
  singular: 'daemonset',
  namespaced: true,
  shortNames: ['ds'],
  categories: ['all'],
  generation: true,
  subresources: { status: true },
  defaults: defaultDaemonSet,
  prepareForCreate(ds) {
    (ds as Mutable<DaemonSet>).status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
  },
  validate: validateDaemonSet,
  validateUpdate: validateDaemonSetUpdate,
  printer: {
    columns: [
      nameColumn,
      col('Desired', 'integer', 0, 'The desired number of pods.'),
      col('Current', 'integer', 0, 'The current number of pods.'),
      col('Ready', 'integer', 0, 'The number of pods ready.'),
      col('Up-to-date', 'integer', 0, 'The number of pods updated.'),
      col('Available', 'integer', 0, 'The number of pods available.'),
      col('Node Selector', 'string', 0, 'Which nodes will the pods be scheduled on.'),
      ageColumn,
      containersColumn,
      imagesColumn,
      selectorColumn('Label selector for pods. Existing pods selected by this will be the ones affected by this daemon set.'),
    ],
    cells(ds, now) {
      const st = ds.status;
      const [containers, images] = templateCells(ds.spec?.template);
      return [
        ds.metadata?.name ?? '',
        st?.desiredNumberScheduled ?? 0,
        st?.currentNumberScheduled ?? 0,
        st?.numberReady ?? 0,
        st?.updatedNumberScheduled ?? 0,
        st?.numberAvailable ?? 0,
        formatLabels(ds.spec?.template?.spec?.nodeSelector),
        ageOf(ds.metadata?.creationTimestamp, now),
        containers,
        images,
        formatLabelSelector(ds.spec?.selector),
      ];
    },
  },
};
