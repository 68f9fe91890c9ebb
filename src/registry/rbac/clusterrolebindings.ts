// rbac.authorization.k8s.io/v1 ClusterRoleBinding: grants a ClusterRole cluster-wide.
import type { ClusterRoleBinding } from 'kubernetes-types/rbac/v1.js';
import { defaultBinding } from '../../api/rbac/defaults.js';
import { isPathSegmentName } from '../../validation/names.js';
import { validateBinding, validateBindingUpdate } from '../../validation/rbac/bindings.js';
import type { ResourceStrategy } from '../strategy.js';
import { bindingPrinter } from './printer.js';

export const clusterRoleBindings: ResourceStrategy<ClusterRoleBinding> = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'ClusterRoleBinding',
  resource: 'clusterrolebindings',
  singular: 'clusterrolebinding',
  namespaced: false,
  nameValidator: isPathSegmentName,
  defaults: defaultBinding,
  validate: (b) => validateBinding(b, false),
  validateUpdate: (b, old) => validateBindingUpdate(b, old, false),
  printer: bindingPrinter<ClusterRoleBinding>(),
};
