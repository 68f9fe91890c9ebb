// serviceaccounts (core/v1): no rules beyond metadata; Secrets counts the .secrets list.
import type { ServiceAccount } from 'kubernetes-types/core/v1.js';
import { ageOf } from '../../machinery/format.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

export const serviceAccounts: ResourceStrategy<ServiceAccount> = {
  group: '',
  version: 'v1',
  kind: 'ServiceAccount',
  resource: 'serviceaccounts',
  singular: 'serviceaccount',
  namespaced: true,
  shortNames: ['sa'],
  printer: {
    columns: [nameColumn, col('Secrets', 'string', 0, 'Secrets is the list of secrets allowed to be used by pods running using this ServiceAccount.'), ageColumn],
    cells: (sa, now) => [sa.metadata?.name ?? '', sa.secrets?.length ?? 0, ageOf(sa.metadata?.creationTimestamp, now)],
  },
};
