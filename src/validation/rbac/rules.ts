// Role and ClusterRole validation (pkg/apis/rbac/validation): policy rules and aggregation rules.
import type { AggregationRule, PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { FieldPath, invalid, required, type FieldError } from '../../machinery/fielderrors.js';
import { goStringSlice, validateLabelSelector } from '../meta.js';

export function validatePolicyRule(rule: PolicyRule, namespaced: boolean, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const len = (v: string[] | undefined) => v?.length ?? 0;
  if (len(rule.verbs) === 0) errs.push(required(path.child('verbs'), 'verbs must contain at least one value'));
  if (len(rule.nonResourceURLs) > 0) {
    const urls = goStringSlice(rule.nonResourceURLs);
    if (namespaced) errs.push(invalid(path.child('nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'));
    if (len(rule.apiGroups) > 0 || len(rule.resources) > 0 || len(rule.resourceNames) > 0)
      errs.push(invalid(path.child('nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    return errs;
  }
  if (len(rule.apiGroups) === 0) errs.push(required(path.child('apiGroups'), 'resource rules must supply at least one api group'));
  if (len(rule.resources) === 0) errs.push(required(path.child('resources'), 'resource rules must supply at least one resource'));
  return errs;
}

export function validateRules(rules: PolicyRule[] | undefined, namespaced: boolean): FieldError[] {
  const base = FieldPath.root('rules');
  return (rules ?? []).flatMap((r, i) => validatePolicyRule(r ?? { verbs: [] }, namespaced, base.index(i)));
}

export function validateAggregationRule(rule: AggregationRule | undefined): FieldError[] {
  if (rule === undefined || rule === null) return [];
  const p = FieldPath.root('aggregationRule').child('clusterRoleSelectors');
  const selectors = rule.clusterRoleSelectors ?? [];
  if (selectors.length === 0) return [required(p, 'at least one clusterRoleSelector required if aggregationRule is non-nil')];
  return selectors.flatMap((s, i) => validateLabelSelector(s, p.index(i)));
}
