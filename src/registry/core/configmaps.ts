// configmaps (core/v1): keys, the 1 MiB limit, `immutable`; Data counts data plus binaryData keys.
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import { ageOf } from '../../machinery/format.js';
import { validateConfigMap, validateConfigMapUpdate } from '../../validation/core/configdata.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

export const configMaps: ResourceStrategy<ConfigMap> = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  resource: 'configmaps',
  singular: 'configmap',
  namespaced: true,
  shortNames: ['cm'],
  validate: validateConfigMap,
  validateUpdate: validateConfigMapUpdate,
  printer: {
    columns: [nameColumn, col('Data', 'string', 0, 'Data contains the configuration data.'), ageColumn],
    cells: (cm, now) => [
      cm.metadata?.name ?? '',
      Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
      ageOf(cm.metadata?.creationTimestamp, now),
    ],
  },
};
