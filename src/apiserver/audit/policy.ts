// The audit Policy (--audit-policy-file): decoded and validated as kube-apiserver's policy reader
// does, and checked per request as policy/checker.go does — rules in order, the first match wins,
// no match means level None.
import { readFileSync } from 'node:fs';
import { isObject, jsonTypeName } from '../../api/object.js';
import type { UserInfo } from '../../api/user.js';
import { aggregateString, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { FieldPath } from '../../machinery/fielderrors.js';
import { yaml } from '../../machinery/yaml.js';
import { isDNS1123Subdomain } from '../../validation/names.js';
import { nonResourceURLMatches, type Attributes } from '../../api/authorization.js';
import { LEVELS, STAGES, type Level, type Policy, type PolicyRule, type Stage } from './types.js';

const GROUP_VERSION = 'audit.k8s.io/v1';
const SCHEME = 'k8s.io/apiserver/pkg/audit/scheme.go:30';

/** What the policy is asked about: a request's authorizer attributes; no user when authentication failed. */
export type PolicyAttributes = Omit<Attributes, 'user'> & { user?: UserInfo };

/** How one request is audited. */
export interface RequestAuditConfig {
  level: Level;
  omitStages: ReadonlySet<Stage>;
  omitManagedFields: boolean;
}

export class PolicyChecker {
  private readonly rules: { rule: PolicyRule; config: RequestAuditConfig }[];
  private readonly fallback: RequestAuditConfig;

  constructor(policy: Policy) {
    const policyStages = policy.omitStages ?? [];
    // The policy's omitStages apply to every rule, in union with the rule's own.
    this.rules = policy.rules.map((rule) => ({
      rule,
      config: {
        level: rule.level,
        omitStages: new Set([...policyStages, ...(rule.omitStages ?? [])]),
        omitManagedFields: rule.omitManagedFields ?? policy.omitManagedFields ?? false,
      },
    }));
    this.fallback = { level: 'None', omitStages: new Set(policyStages), omitManagedFields: policy.omitManagedFields ?? false };
  }

  check(attrs: PolicyAttributes): RequestAuditConfig {
    for (const { rule, config } of this.rules) if (ruleMatches(rule, attrs)) return config;
    return this.fallback;
  }
}

/**
 * Kubette's audit log without --audit-policy-file: every request at Metadata, one event when it
 * completes. A deliberate difference: kube-apiserver records nothing without a policy, but Kubette
 * has long written this log from --audit-log-path alone, and tools built on it read one line a request.
 */
export const METADATA_FOR_ALL: Policy = {
  apiVersion: GROUP_VERSION,
  kind: 'Policy',
  rules: [{ level: 'Metadata' }],
  omitStages: ['RequestReceived'],
};

function ruleMatches(r: PolicyRule, a: PolicyAttributes): boolean {
  if (r.users?.length && (!a.user || !r.users.includes(a.user.username))) return false;
  if (r.userGroups?.length && !a.user?.groups.some((g) => r.userGroups!.includes(g))) return false;
  if (r.verbs?.length && !r.verbs.includes(a.verb)) return false;
  if (r.namespaces?.length || r.resources?.length) return resourceMatches(r, a);
  if (r.nonResourceURLs?.length) return !a.resourceRequest && r.nonResourceURLs.some((spec) => nonResourceURLMatches(spec, a.path));
  return true;
}

function resourceMatches(r: PolicyRule, a: PolicyAttributes): boolean {
  if (!a.resourceRequest) return false;
  // Cluster-scoped resources have the empty namespace, which a rule names as "".
  if (r.namespaces?.length && !r.namespaces.includes(a.namespace)) return false;
  if (!r.resources?.length) return true;
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  for (const gr of r.resources) {
    if ((gr.group ?? '') !== a.apiGroup) continue;
    if (!gr.resources?.length) return true;
    if (gr.resourceNames?.length && !gr.resourceNames.includes(a.name)) continue;
    for (const res of gr.resources) {
      if (res === '*' || res === combined) return true;
      if (a.subresource && res.startsWith('*/') && res.slice(2) === a.subresource) return true;
      if (res.endsWith('/*') && res.slice(0, -2) === a.resource) return true;
    }
  }
  return false;
}

// ---- reading the file ----------------------------------------------------------------------

/** Read, decode and validate --audit-policy-file; errors read as kube-apiserver's. */
export function loadPolicyFile(path: string): PolicyChecker {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`loading audit policy file: failed to read file path ${JSON.stringify(path)}: ${goFileError(path, err)}`);
  }
  try {
    return new PolicyChecker(parsePolicy(text));
  } catch (err) {
    throw new Error(`loading audit policy file: ${(err as Error).message}: from file ${path}`);
  }
}

function goFileError(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `open ${path}: no such file or directory`;
  if (code === 'EACCES') return `open ${path}: permission denied`;
  if (code === 'EISDIR') return `read ${path}: is a directory`;
  return (err as Error).message;
}

/** A Policy from YAML or JSON text: decoded, then validated (LoadPolicyFromBytes). */
export function parsePolicy(text: string): Policy {
  let doc: unknown;
  try {
    doc = yaml().parse(text);
  } catch (err) {
    throw new Error(`failed decoding: ${(err as Error).message}`);
  }
  if (!isObject(doc)) throw new Error(`failed decoding: couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonTypeName(doc)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
  const kind = typeof doc['kind'] === 'string' ? doc['kind'] : '';
  const apiVersion = typeof doc['apiVersion'] === 'string' ? doc['apiVersion'] : '';
  if (!kind) throw new Error(`failed decoding: Object 'Kind' is missing in '${text}'`);
  if (!apiVersion) throw new Error(`failed decoding: Object 'apiVersion' is missing in '${text}'`);
  if (apiVersion !== GROUP_VERSION || kind !== 'Policy')
    throw new Error(`failed decoding: no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} in scheme ${JSON.stringify(SCHEME)}`);
  const policy = decodePolicy(doc);
  const errs = validatePolicy(policy);
  if (errs.length) throw new Error(aggregateString(errs));
  if (policy.rules.length === 0) throw new Error('loaded illegal policy with 0 rules');
  return policy;
}

// Decoding checks JSON types field by field, failing with encoding/json's message for the first
// mismatch: `json: cannot unmarshal string into Go struct field PolicyRule.rules.users of type []string`.

class DecodeError extends Error {}

function typeError(v: unknown, struct: string, path: string, type: string): DecodeError {
  return new DecodeError(`failed decoding: json: cannot unmarshal ${jsonTypeName(v)} into Go struct field ${struct}.${path} of type ${type}`);
}

function str(v: unknown, struct: string, path: string, type = 'string'): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw typeError(v, struct, path, type);
  return v;
}

function bool(v: unknown, struct: string, path: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw typeError(v, struct, path, 'bool');
  return v;
}

function list<T>(v: unknown, struct: string, path: string, type: string, item: (x: unknown) => T): T[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw typeError(v, struct, path, `[]${type}`);
  return v.map(item);
}

const strings = (v: unknown, struct: string, path: string) => list(v, struct, path, 'string', (x) => str(x, struct, path) ?? '');

function decodePolicy(doc: Record<string, unknown>): Policy {
  const rules = list(doc['rules'], 'Policy', 'rules', 'v1.PolicyRule', (r) => decodeRule(r)) ?? [];
  const policy: Policy = { apiVersion: GROUP_VERSION, kind: 'Policy', rules };
  const omitStages = list(doc['omitStages'], 'Policy', 'omitStages', 'v1.Stage', (s) => (str(s, 'Policy', 'omitStages', 'v1.Stage') ?? '') as Stage);
  if (omitStages) policy.omitStages = omitStages;
  const omf = bool(doc['omitManagedFields'], 'Policy', 'omitManagedFields');
  if (omf !== undefined) policy.omitManagedFields = omf;
  return policy;
}

function decodeRule(r: unknown): PolicyRule {
  if (r === null) return { level: '' as Level };
  if (!isObject(r)) throw typeError(r, 'Policy', 'rules', 'v1.PolicyRule');
  const S = 'PolicyRule';
  const rule: PolicyRule = { level: (str(r['level'], S, 'rules.level', 'v1.Level') ?? '') as Level };
  for (const k of ['users', 'userGroups', 'verbs', 'namespaces', 'nonResourceURLs'] as const) {
    const v = strings(r[k], S, `rules.${k}`);
    if (v) rule[k] = v;
  }
  const resources = list(r['resources'], S, 'rules.resources', 'v1.GroupResources', (g) => {
    if (g === null) return {};
    if (!isObject(g)) throw typeError(g, S, 'rules.resources', 'v1.GroupResources');
    const G = 'GroupResources';
    return { group: str(g['group'], G, 'rules.resources.group'), resources: strings(g['resources'], G, 'rules.resources.resources'), resourceNames: strings(g['resourceNames'], G, 'rules.resources.resourceNames') };
  });
  if (resources) rule.resources = resources;
  const omitStages = list(r['omitStages'], S, 'rules.omitStages', 'v1.Stage', (s) => (str(s, S, 'rules.omitStages', 'v1.Stage') ?? '') as Stage);
  if (omitStages) rule.omitStages = omitStages;
  const omf = bool(r['omitManagedFields'], S, 'rules.omitManagedFields');
  if (omf !== undefined) rule.omitManagedFields = omf;
  return rule;
}

/** validation.ValidatePolicy: each rule's level, URLs, resources and stages. */
export function validatePolicy(policy: Policy): FieldError[] {
  const errs: FieldError[] = [];
  policy.rules.forEach((rule, i) => errs.push(...validateRule(rule, FieldPath.root('rules').index(i))));
  return errs;
}

function validateRule(rule: PolicyRule, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!rule.level) errs.push(required(p.child('level')));
  else if (!LEVELS.includes(rule.level)) errs.push(notSupported(p.child('level'), rule.level, LEVELS));
  (rule.nonResourceURLs ?? []).forEach((url, i) => {
    if (url === '*') return;
    if (!url.startsWith('/')) errs.push(invalid(p.child('nonResourceURLs').index(i), url, "non-resource URL rules must begin with a '/' character"));
    if (url !== '' && url.slice(0, -1).includes('*')) errs.push(invalid(p.child('nonResourceURLs').index(i), url, "non-resource URL wildcards '*' must be the final character of the rule"));
  });
  for (const gr of rule.resources ?? []) {
    // Upstream names these paths without the list index (resources.group); kept as it reports them.
    if (gr.group) {
      const msgs = isDNS1123Subdomain(gr.group);
      if (msgs.length) errs.push(invalid(p.child('resources').child('group'), gr.group, msgs.join(',')));
    }
    if (gr.resourceNames?.length && !gr.resources?.length) errs.push(invalid(p.child('resources').child('resourceNames'), gr.resourceNames, 'using resourceNames requires at least one resource'));
  }
  (rule.omitStages ?? []).forEach((s, i) => {
    if (!STAGES.includes(s)) errs.push(invalid(p.child('omitStages').index(i), s, `allowed stages are ${STAGES.join(',')}`));
  });
  if (rule.nonResourceURLs?.length && (rule.resources?.length || rule.namespaces?.length))
    errs.push(invalid(p.child('nonResourceURLs'), rule.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
  return errs;
}
