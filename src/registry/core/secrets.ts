// secrets (core/v1): type defaults to Opaque and never changes; stringData is folded into data.
import type { Secret } from 'kubernetes-types/core/v1.js';
import { defaultSecret } from '../../api/core/defaults.js';
import { ageOf } from '../../machinery/format.js';
import { validateSecret, validateSecretUpdate } from '../../validation/core/configdata.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

export const secrets: ResourceStrategy<Secret> = {
  group: '',
  version: 'v1',
  kind: 'Secret',
  resource: 'secrets',
  singular: 'secret',
  namespaced: true,
  defaults: defaultSecret,
  validate: validateSecret,
  validateUpdate: validateSecretUpdate,
  selectableFields: (s) => ({ type: s.type ?? '' }),
  printer: {
    columns: [
      nameColumn,
      col('Type', 'string', 0, 'The type of the secret'),
      col('Data', 'string', 0, 'The number of entries in the secret'),
      ageColumn,
    ],
    cells: (s, now) => [s.metadata?.name ?? '', s.type ?? '', Object.keys(s.data ?? {}).length, ageOf(s.metadata?.creationTimestamp, now)],
  },
};
