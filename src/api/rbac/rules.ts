// RBAC's pure pieces: does a rule allow a request (pkg/apis/rbac/v1/evaluation_helpers.go and
// rbac.go's RuleAllows), does a binding subject name a user (pkg/registry/rbac/validation/rule.go's
// appliesTo), how an allowing binding is described, and whether some rules cover others
// (k8s.io/component-helpers/auth/rbac/validation's Covers, used by bootstrap reconciliation).
import type { PolicyRule, Subject } from 'kubernetes-types/rbac/v1.js';
import type { UserInfo } from '../user.js';
import { nonResourceURLMatches, type Attributes } from '../authorization.js';

const ALL = '*';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  for (const v of rule.verbs ?? []) if (v === ALL || v === verb) return true;
  return false;
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  for (const g of rule.apiGroups ?? []) if (g === ALL || g === group) return true;
  return false;
}

/** "*", the exact "resource" or "resource/subresource", or "*∕subresource" for any resource's subresource. */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === ALL || r === combined) return true;
    if (subresource && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

/** No resourceNames means every name. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames;
  if (!names?.length) return true;
  return names.includes(name);
}

/** Any of the rule's URLs matches the path. */
export function ruleNonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((u) => nonResourceURLMatches(u, path));
}

export function ruleAllows(a: Attributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, a.verb)) return false;
  if (!a.resourceRequest) return ruleNonResourceURLMatches(rule, a.path);
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  return apiGroupMatches(rule, a.apiGroup) && resourceMatches(rule, combined, a.subresource) && resourceNameMatches(rule, a.name);
}

/** The username a ServiceAccount authenticates as. */
export const serviceAccountUsername = (namespace: string, name: string) => `system:serviceaccount:${namespace}:${name}`;

/**
 * The username a User or ServiceAccount subject stands for, or the group a Group subject names; a
 * ServiceAccount without a namespace takes the binding's (none for a ClusterRoleBinding: it matches nobody).
 */
export function subjectKey(s: Subject, bindingNamespace: string): string | undefined {
  switch (s.kind) {
    case 'User':
      return `u:${s.name}`;
    case 'Group':
      return `g:${s.name}`;
    case 'ServiceAccount': {
      const ns = s.namespace || bindingNamespace;
      return ns ? `u:${serviceAccountUsername(ns, s.name)}` : undefined;
    }
    default:
      return undefined;
  }
}

/** The index keys a user is found under: its name and each of its groups. */
export function userKeys(user: UserInfo): string[] {
  const keys = [`u:${user.username}`];
  for (const g of user.groups ?? []) keys.push(`g:${g}`);
  return keys;
}

export function appliesToUser(user: UserInfo, s: Subject, bindingNamespace: string): boolean {
  switch (s.kind) {
    case 'User':
      return user.username === s.name;
    case 'Group':
      return (user.groups ?? []).includes(s.name);
    case 'ServiceAccount': {
      const ns = s.namespace || bindingNamespace;
      return !!ns && user.username === serviceAccountUsername(ns, s.name);
    }
    default:
      return false;
  }
}

/** `User "alice"`, `Group "g"`, `ServiceAccount "name/namespace"` (name first, as upstream prints it). */
export function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several deduplicated inside brackets. */
export function aggregateErrors(errs: string[]): string {
  if (errs.length === 0) return '';
  if (errs.length === 1) return errs[0]!;
  const seen = [...new Set(errs)];
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}

// ---- Covers: do `owner` rules grant everything `requested` rules do? -------------------------

/** One verb on one group/resource/name, or one verb on one URL (validation.BreakdownRule). */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? [])
    for (const resource of rule.resources ?? [])
      for (const verb of rule.verbs) {
        if (rule.resourceNames?.length) for (const name of rule.resourceNames) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
        else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
      }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

const hasAll = (items: string[] | undefined, wanted: string[] | undefined) => (wanted ?? []).every((w) => (items ?? []).includes(w));

function resourceCoversAll(owner: string[] | undefined, wanted: string[] | undefined): boolean {
  const have = owner ?? [];
  if (have.includes(ALL)) return true;
  return (wanted ?? []).every((w) => {
    if (have.includes(w)) return true;
    const slash = w.indexOf('/');
    return slash >= 0 && have.includes(`*/${w.slice(slash + 1)}`);
  });
}

function urlCoversAll(owner: string[] | undefined, wanted: string[] | undefined): boolean {
  const have = owner ?? [];
  return (wanted ?? []).every((w) => have.some((o) => nonResourceURLMatches(o, w)));
}

/** ruleCovers: an owner rule grants every part of a (broken-down) requested rule. */
export function ruleCovers(owner: PolicyRule, req: PolicyRule): boolean {
  const verbs = owner.verbs.includes(ALL) || hasAll(owner.verbs, req.verbs);
  const groups = (owner.apiGroups ?? []).includes(ALL) || hasAll(owner.apiGroups, req.apiGroups);
  const resources = resourceCoversAll(owner.resources, req.resources);
  const urls = urlCoversAll(owner.nonResourceURLs, req.nonResourceURLs);
  // No resourceNames on the owner means every name; otherwise it must list each requested one (and
  // a request for every name is only covered by an owner with none).
  const names = !owner.resourceNames?.length || (!!req.resourceNames?.length && hasAll(owner.resourceNames, req.resourceNames));
  return verbs && groups && resources && urls && names;
}

/** The broken-down parts of `requested` that no `owner` rule covers (empty: covered). */
export function uncoveredRules(owner: PolicyRule[], requested: PolicyRule[]): PolicyRule[] {
  const missing: PolicyRule[] = [];
  for (const r of requested) for (const part of breakdownRule(r)) if (!owner.some((o) => ruleCovers(o, part))) missing.push(part);
  return missing;
}

/** Semantic equality of two rules (nil and empty lists alike), as the aggregation controller compares them. */
export function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  const eq = (x: string[] | undefined, y: string[] | undefined) => (x ?? []).length === (y ?? []).length && (x ?? []).every((v, i) => v === y![i]);
  return eq(a.verbs, b.verbs) && eq(a.apiGroups, b.apiGroups) && eq(a.resources, b.resources) && eq(a.resourceNames, b.resourceNames) && eq(a.nonResourceURLs, b.nonResourceURLs);
}
