// k8s.io/api rbac/v1 generated.proto field numbers (v1.25): what kubectl 1.32+ sends for
// `create role|clusterrole|rolebinding|clusterrolebinding`. Syntax: see ./types.ts.
import type { FieldTable } from './types.js';

export const rbacV1: FieldTable = {
  package: 'io.k8s.api.rbac.v1',
  messages: {
    AggregationRule: { 1: 'clusterRoleSelectors' },
    ClusterRole: { 1: 'metadata', 2: 'rules', 3: 'aggregationRule' },
    ClusterRoleBinding: { 1: 'metadata', 2: 'subjects', 3: 'roleRef' },
    PolicyRule: { 1: 'verbs', 2: 'apiGroups', 3: 'resources', 4: 'resourceNames', 5: 'nonResourceURLs' },
    Role: { 1: 'metadata', 2: 'rules' },
    RoleBinding: { 1: 'metadata', 2: 'subjects', 3: 'roleRef' },
    RoleRef: { 1: 'apiGroup', 2: 'kind', 3: 'name' },
    Subject: { 1: 'kind', 2: 'apiGroup', 3: 'name', 4: 'namespace' },
  },
};
