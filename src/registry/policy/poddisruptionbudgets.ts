// policy/v1 PodDisruptionBudget: the eviction API's guard; the disruption controller fills status.
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { ageOf } from '../../machinery/format.js';
import { validatePodDisruptionBudget, validatePodDisruptionBudgetUpdate } from '../../validation/policy/poddisruptionbudget.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

const intOrStringText = (v: number | string | undefined) => (v === undefined || v === null ? 'N/A' : String(v));

export const podDisruptionBudgets: ResourceStrategy<PodDisruptionBudget> = {
  group: 'policy',
  version: 'v1',
  kind: 'PodDisruptionBudget',
  resource: 'poddisruptionbudgets',
  singular: 'poddisruptionbudget',
  namespaced: true,
  shortNames: ['pdb'],
  subresources: { status: true },
  generation: true,
  // Status is the controller's: a new PDB starts from the zero status (its integers are not omitempty).
  prepareForCreate: (pdb) => {
    pdb.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  },
  validate: validatePodDisruptionBudget,
  validateUpdate: validatePodDisruptionBudgetUpdate,
  printer: {
    columns: [
      nameColumn,
      col('Min Available', 'string', 0, 'The minimum number of pods that must be available simultaneously. This can be either an integer or a string specifying a percentage, e.g. "28%".'),
      col('Max Unavailable', 'string', 0, 'The maximum number of pods that may be unavailable simultaneously. This can be either an integer or a string specifying a percentage, e.g. "28%".'),
      col('Allowed Disruptions', 'integer', 0, 'Calculated number of pods that may be disrupted at this time.'),
      ageColumn,
    ],
    cells: (pdb, now) => [
      pdb.metadata?.name ?? '',
      intOrStringText(pdb.spec?.minAvailable),
      intOrStringText(pdb.spec?.maxUnavailable),
      pdb.status?.disruptionsAllowed ?? 0,
      ageOf(pdb.metadata?.creationTimestamp, now),
    ],
  },
};
