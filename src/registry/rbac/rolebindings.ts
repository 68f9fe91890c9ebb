// rbac.authorization.k8s.io/v1 RoleBinding: grants a Role or ClusterRole within one namespace.
import type { RoleBinding } from 'kubernetes-types/rbac/v1.js';
import { defaultBinding } from '../../api/rbac/defaults.js';
import { isPathSegmentName } from '../../validation/names.js';
import { validateBinding, validateBindingUpdate } from '../../validation/rbac/bindings.js';
import type { ResourceStrategy } from '../strategy.js';
import { bindingPrinter } from './printer.js';

export const roleBindings: ResourceStrategy<RoleBinding> = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'RoleBinding',
  resource: 'rolebindings',
  singular: 'rolebinding',
  namespaced: true,
  nameValidator: isPathSegmentName,
  defaults: defaultBinding,
  validate: (b) => validateBinding(b, true),
  validateUpdate: (b, old) => validateBindingUpdate(b, old, true),
  printer: bindingPrinter<RoleBinding>(),
};
