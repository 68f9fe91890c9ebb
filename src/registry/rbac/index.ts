// rbac.authorization.k8s.io/v1 resources.
import type { AnyStrategy } from '../strategy.js';
import { clusterRoleBindings } from './clusterrolebindings.js';
import { clusterRoles } from './clusterroles.js';
import { roleBindings } from './rolebindings.js';
import { roles } from './roles.js';

export const rbacStrategies: AnyStrategy[] = [roles, roleBindings, clusterRoles, clusterRoleBindings];
