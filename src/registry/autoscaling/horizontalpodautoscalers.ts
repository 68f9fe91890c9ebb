// autoscaling HorizontalPodAutoscaler, served as v2 (the storage version) and v1 over the same
// storage: v1 objects convert to v2 on the way in and back on the way out, so both APIs see every
// HPA. Status is the controller's (status subresource); validation and printing work on v2.
import type { HorizontalPodAutoscaler as HPAv1 } from 'kubernetes-types/autoscaling/v1.js';
import type { HorizontalPodAutoscaler as HPAv2 } from 'kubernetes-types/autoscaling/v2.js';
import type { KObject } from '../../api/object.js';
import { hpaV1ToV2, hpaV2ToV1 } from '../../api/autoscaling/convert.js';
import { defaultHPAv1, defaultHPAv2 } from '../../api/autoscaling/defaults.js';
import { validateHPA, validateHPAUpdate } from '../../validation/autoscaling/hpa.js';
import type { ResourceStrategy } from '../strategy.js';
import { hpaPrinter } from './printing.js';

const common = {
  group: 'autoscaling',
  kind: 'HorizontalPodAutoscaler',
  resource: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler',
  namespaced: true,
  shortNames: ['hpa'] as string[],
  categories: ['all'] as string[],
  storagePrefix: 'horizontalpodautoscalers',
  subresources: { status: true },
};

export const horizontalPodAutoscalersV2: ResourceStrategy<HPAv2> = {
  ...common,
  version: 'v2',
  defaults: defaultHPAv2,
  // A new HPA starts from the zero status; currentMetrics is not omitempty in v2.
  prepareForCreate: (hpa) => {
    (hpa as { status?: unknown }).status = { currentMetrics: null, desiredReplicas: 0 };
  },
  validate: validateHPA,
  validateUpdate: validateHPAUpdate,
  printer: hpaPrinter,
};

/** v2 as decoding from storage yields it: with v2's defaults applied. */
function storedToV2(stored: KObject): HPAv2 {
  const hpa = stored as HPAv2;
  defaultHPAv2(hpa);
  return hpa;
}

export const horizontalPodAutoscalersV1: ResourceStrategy<HPAv1> = {
  ...common,
  version: 'v1',
  convert: { toStored: (hpa) => hpaV1ToV2(hpa) as KObject, fromStored: (stored) => hpaV2ToV1(storedToV2(stored)) },
  defaults: defaultHPAv1,
  prepareForCreate: (hpa) => {
    (hpa as { status?: unknown }).status = { currentReplicas: 0, desiredReplicas: 0 };
  },
  validate: (hpa) => validateHPA(hpaV1ToV2(hpa)),
  validateUpdate: (hpa) => validateHPAUpdate(hpaV1ToV2(hpa)),
  printer: { columns: hpaPrinter.columns, cells: (hpa, now) => hpaPrinter.cells(hpaV1ToV2(hpa), now) },
};
