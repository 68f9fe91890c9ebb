// rbac.authorization.k8s.io/v1 Role: namespaced rules; printed by the default convertor.
import type { Role } from 'kubernetes-types/rbac/v1.js';
import { isPathSegmentName } from '../../validation/names.js';
import { validateRules } from '../../validation/rbac/rules.js';
import type { ResourceStrategy } from '../strategy.js';

export const roles: ResourceStrategy<Role> = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'Role',
  resource: 'roles',
  singular: 'role',
  namespaced: true,
  nameValidator: isPathSegmentName,
  validate: (r) => validateRules(r.rules, true),
  validateUpdate: (r) => validateRules(r.rules, true),
};
