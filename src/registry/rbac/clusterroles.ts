// rbac.authorization.k8s.io/v1 ClusterRole: cluster-wide rules, non-resource URLs and aggregation;
// printed by the default convertor.
import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import { isPathSegmentName } from '../../validation/names.js';
import { validateAggregationRule, validateRules } from '../../validation/rbac/rules.js';
import type { ResourceStrategy } from '../strategy.js';

const validateClusterRole = (r: ClusterRole) => [...validateRules(r.rules, false), ...validateAggregationRule(r.aggregationRule)];

export const clusterRoles: ResourceStrategy<ClusterRole> = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'ClusterRole',
  resource: 'clusterroles',
  singular: 'clusterrole',
  namespaced: false,
  nameValidator: isPathSegmentName,
  validate: validateClusterRole,
  validateUpdate: validateClusterRole,
};
