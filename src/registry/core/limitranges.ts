// limitranges (core/v1): container defaults filled from max/min; no printer (Name / Created At).
import type { LimitRange } from 'kubernetes-types/core/v1.js';
import { defaultLimitRange } from '../../api/core/defaults.js';
import { validateLimitRange } from '../../validation/core/limitrange.js';
import type { ResourceStrategy } from '../strategy.js';

export const limitRanges: ResourceStrategy<LimitRange> = {
  group: '',
  version: 'v1',
  kind: 'LimitRange',
  resource: 'limitranges',
  singular: 'limitrange',
  namespaced: true,
  shortNames: ['limits'],
  defaults: defaultLimitRange,
  validate: validateLimitRange,
  validateUpdate: validateLimitRange,
};
