// The PodSecurity admission plugin (GA and on by default in v1.25), as k8s.io/pod-security-admission's
// Admission: pods are enforced, audited and warned on per their namespace's labels; pod controllers
// (Deployments, Jobs, …) are audited and warned on, never enforced; namespace label changes are
// validated and, when enforce tightens, the namespace's pods are checked and named in warnings.
import type { KObject } from '../../api/object.js';
import { Errors } from '../../machinery/errors.js';
import { aggregateString, type FieldError } from '../../machinery/fielderrors.js';
import { deepEqual } from '../../validation/meta.js';
import type { AdmissionAttributes, AdmissionResult, PluginFactory } from '../plugin.js';
import {
  AUDIT_ERROR,
  AUDIT_VIOLATIONS,
  compareLevels,
  ENFORCE_POLICY,
  equivalentPolicies,
  EXEMPT,
  formatLevelVersion,
  fullyPrivileged,
  levelLabel,
  MODES,
  policyFromLabels,
  sameLevelVersion,
  versionLabel,
  type LevelVersion,
  type Policy,
} from './api.js';
import { parsePodSecurityConfiguration, type PodSecurityConfiguration } from './config.js';
import { defaultEvaluator, forbiddenDetail, forbiddenReason, type Evaluation, type Evaluator } from './evaluator.js';
import { carriesPodSpec, podSpecOf, type PodSpecSource } from './podspec.js';

/** Upstream's limits on checking a namespace's pods when its enforce level changes. */
export const NAMESPACE_MAX_PODS_TO_CHECK = 3000;
export const NAMESPACE_POD_CHECK_TIMEOUT_MS = 1000;

/** Pod subresources that cannot change the pod spec; every other (ephemeralcontainers) is evaluated. */
const IGNORED_POD_SUBRESOURCES = new Set(['exec', 'attach', 'binding', 'eviction', 'log', 'portforward', 'proxy', 'status']);

const labelsOf = (o: KObject | undefined) => o?.metadata?.labels as Record<string, string> | undefined;

export const podSecurity: PluginFactory = (ports, configuration) => {
  const config = parsePodSecurityConfiguration(configuration);
  const ps = new PodSecurity(config, defaultEvaluator, (ns) => ports.listPods(ns));
  return { name: 'PodSecurity', validate: (a) => ps.validate(a) };
};

export class PodSecurity {
  private readonly exemptNamespaces: Set<string>;
  private readonly exemptUsers: Set<string>;
  private readonly exemptRuntimeClasses: Set<string>;

  constructor(
    private readonly config: PodSecurityConfiguration,
    private readonly evaluator: Evaluator,
    private readonly listPods: (namespace: string) => Promise<KObject[]>,
    private readonly now: () => number = Date.now,
  ) {
    this.exemptNamespaces = new Set(config.exemptions.namespaces);
    this.exemptUsers = new Set(config.exemptions.usernames);
    this.exemptRuntimeClasses = new Set(config.exemptions.runtimeClasses);
  }

  async validate(a: AdmissionAttributes): Promise<AdmissionResult | void> {
    if (a.operation !== 'CREATE' && a.operation !== 'UPDATE') return;
    if (a.group === '' && a.resource === 'namespaces') return this.validateNamespace(a);
    if (a.group === '' && a.resource === 'pods') return this.validatePod(a);
    if (carriesPodSpec(a.group, a.kind)) return this.validatePodController(a);
  }

  policyFor(labels: Record<string, string> | undefined) {
    return policyFromLabels(labels, this.config.defaults);
  }

  private validateNamespace(a: AdmissionAttributes): AdmissionResult | Promise<AdmissionResult> | void {
    if (a.subresource || !a.object) return;
    const name = a.object.metadata.name ?? a.name;
    const next = this.policyFor(labelsOf(a.object));
    // kube-apiserver's request attributes carry the namespace's name only for requests to
    // /namespaces/{name}: updates. A create has none, so it is never treated as exempt here.
    const requestNamespace = a.operation === 'UPDATE' ? name : '';
    if (a.operation === 'CREATE') {
      if (next.errors.length) throw Errors.invalid({ group: '', kind: 'Namespace' }, name, next.errors);
      return this.exemptNamespaceWarning(requestNamespace, next.policy, labelsOf(a.object));
    }
    const prev = this.policyFor(labelsOf(a.oldObject));
    // Labels that were already invalid (and unchanged) do not block unrelated updates.
    if (next.errors.length && (!prev.errors.length || !deepEqual(next.errors, prev.errors)))
      throw Errors.invalid({ group: '', kind: 'Namespace' }, name, next.errors);
    const enforce = next.policy.enforce;
    const old = prev.policy.enforce;
    // Nothing to check when enforce is unchanged, privileged, or relaxed at the same version.
    if (sameLevelVersion(enforce, old) || enforce.level === 'privileged') return;
    if (enforce.version === old.version && compareLevels(enforce.level, old.level) < 1) return;
    if (this.exemptNamespaces.has(requestNamespace)) return this.exemptNamespaceWarning(requestNamespace, next.policy, labelsOf(a.object));
    return this.evaluatePodsInNamespace(name, enforce).then((warnings) => ({ warnings }));
  }

  private exemptNamespaceWarning(namespace: string, policy: Policy, labels: Record<string, string> | undefined): AdmissionResult | void {
    if (!this.exemptNamespaces.has(namespace)) return;
    if (fullyPrivileged(policy) || equivalentPolicies(policy, this.config.defaults)) return;
    const set = MODES.filter((m) => policy[m].level !== 'privileged' && (labels?.[levelLabel(m)] !== undefined || labels?.[versionLabel(m)] !== undefined));
    const text = set.map((m) => `${m}=${formatLevelVersion(policy[m])}`).join(', ');
    return { warnings: [`namespace ${JSON.stringify(namespace)} is exempt from Pod Security, and the policy (${text}) will be ignored`] };
  }

  private async validatePod(a: AdmissionAttributes): Promise<AdmissionResult | void> {
    if (IGNORED_POD_SUBRESOURCES.has(a.subresource)) return;
    if (this.exempt(a)) return;
    const { policy, errors } = this.policyFor(labelsOf(await a.namespaceObject()));
    if (!errors.length && fullyPrivileged(policy)) return void a.addAuditAnnotation(ENFORCE_POLICY, 'privileged:latest');
    if (!a.object) return;
    if (a.operation === 'UPDATE' && a.oldObject && !isSignificantPodUpdate(a.object, a.oldObject)) return;
    const source = podSpecOf('', 'Pod', a.object);
    if (!source) return;
    return this.evaluatePod(a, policy, errors, source, true);
  }

  private async validatePodController(a: AdmissionAttributes): Promise<AdmissionResult | void> {
    if (a.subresource) return;
    if (this.exempt(a)) return;
    const { policy, errors } = this.policyFor(labelsOf(await a.namespaceObject()));
    if (!errors.length && policy.warn.level === 'privileged' && policy.audit.level === 'privileged') return;
    const source = a.object && podSpecOf(a.group, a.kind, a.object);
    if (!source) return;
    return this.evaluatePod(a, policy, errors, source, false);
  }

  /** Whether the namespace or user is exempt; the audit event says which. */
  private exempt(a: AdmissionAttributes): boolean {
    const why = a.namespace && this.exemptNamespaces.has(a.namespace) ? 'namespace' : a.user.username && this.exemptUsers.has(a.user.username) ? 'user' : '';
    if (why) a.addAuditAnnotation(EXEMPT, why);
    return why !== '';
  }

  /** Enforce (for pods), audit and warn, evaluating each distinct level:version once. */
  private evaluatePod(a: AdmissionAttributes, policy: Policy, policyErrors: FieldError[], source: PodSpecSource, enforce: boolean): AdmissionResult | void {
    const rc = source.spec.runtimeClassName;
    if (rc && this.exemptRuntimeClasses.has(rc)) return void a.addAuditAnnotation(EXEMPT, 'runtimeClass');
    if (policyErrors.length) a.addAuditAnnotation(AUDIT_ERROR, `Failed to parse policy: ${aggregateString(policyErrors)}`);
    const cache = new Map<string, Evaluation>();
    const evaluate = (lv: LevelVersion) => {
      const key = formatLevelVersion(lv);
      let e = cache.get(key);
      if (!e) cache.set(key, (e = this.evaluator.evaluate(lv, source.meta, source.spec)));
      return e;
    };
    let denied: Evaluation | undefined;
    if (enforce) {
      a.addAuditAnnotation(ENFORCE_POLICY, formatLevelVersion(policy.enforce));
      const r = evaluate(policy.enforce);
      if (!r.allowed) denied = r;
    }
    const audit = evaluate(policy.audit);
    if (!audit.allowed) a.addAuditAnnotation(AUDIT_VIOLATIONS, `would violate PodSecurity "${formatLevelVersion(policy.audit)}": ${forbiddenDetail(audit)}`);
    // A request about to be rejected gets the error, not warnings besides.
    if (denied)
      throw Errors.forbidden({ group: a.group, resource: a.resource }, a.name, `violates PodSecurity "${formatLevelVersion(policy.enforce)}": ${forbiddenDetail(denied)}`);
    const warn = evaluate(policy.warn);
    if (!warn.allowed) return { warnings: [`would violate PodSecurity "${formatLevelVersion(policy.warn)}": ${forbiddenDetail(warn)}`] };
  }

  /**
   * The warnings for a tightened enforce level: the namespace's pods that would now be rejected,
   * one line per distinct set of reasons, named by the lexically first pod and a count of the rest.
   * Pods of controllers already represented are checked last; at most 3000 pods, for at most 1 s.
   */
  async evaluatePodsInNamespace(namespace: string, enforce: LevelVersion): Promise<string[]> {
    const deadline = this.now() + NAMESPACE_POD_CHECK_TIMEOUT_MS;
    let pods: KObject[];
    try {
      pods = await this.listPods(namespace);
    } catch {
      return ['failed to list pods while checking new PodSecurity enforce level'];
    }
    const prioritized = this.prioritizePods(pods);
    const total = prioritized.length;
    const limited = prioritized.slice(0, NAMESPACE_MAX_PODS_TO_CHECK);
    let checked = limited.length;
    const byReason = new Map<string, { first: string; count: number }>();
    for (let i = 0; i < limited.length; i++) {
      const pod = limited[i]!;
      const source = podSpecOf('', 'Pod', pod)!;
      const r = this.evaluator.evaluate(enforce, source.meta, source.spec);
      if (!r.allowed) {
        const reason = forbiddenReason(r);
        const name = pod.metadata.name ?? '';
        const seen = byReason.get(reason);
        if (!seen) byReason.set(reason, { first: name, count: 1 });
        else {
          seen.count++;
          if (name < seen.first) seen.first = name;
        }
      }
      if (this.now() > deadline) {
        checked = i + 1;
        break;
      }
    }
    const warnings: string[] = [];
    if (checked < total) warnings.push(`new PodSecurity enforce level only checked against the first ${checked} of ${total} existing pods`);
    if (byReason.size) warnings.push(`existing pods in namespace ${JSON.stringify(namespace)} violate the new PodSecurity enforce level "${formatLevelVersion(enforce)}"`);
    const podWarnings = [...byReason].map(([reason, { first, count }]) =>
      count === 1 ? `${first}: ${reason}` : `${first} (and ${count - 1} other ${count === 2 ? 'pod' : 'pods'}): ${reason}`,
    );
    return [...warnings, ...podWarnings.sort()];
  }

  /** Exempt runtime classes dropped; the first pod of each controller first, its siblings after. */
  private prioritizePods(pods: KObject[]): KObject[] {
    const first: KObject[] = [];
    const rest: KObject[] = [];
    const seen = new Set<string>();
    for (const pod of pods) {
      const rc = (pod['spec'] as { runtimeClassName?: string } | undefined)?.runtimeClassName;
      if (rc && this.exemptRuntimeClasses.has(rc)) continue;
      const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
      if (!owner) first.push(pod);
      else if (seen.has(owner.uid)) rest.push(pod);
      else {
        seen.add(owner.uid);
        first.push(pod);
      }
    }
    return [...first, ...rest];
  }
}


/**
 * Whether a pod update can change what the checks see: container images (and their seccomp
 * annotations), containers added or removed, or an ephemeral container added or changed. Metadata
 * and status changes are not re-evaluated, as upstream.
 */
export function isSignificantPodUpdate(pod: KObject, old: KObject): boolean {
  type C = { name?: string; image?: string };
  const spec = (o: KObject) => (o['spec'] ?? {}) as { containers?: C[]; initContainers?: C[]; ephemeralContainers?: C[] };
  const ann = (o: KObject) => (o.metadata.annotations ?? {}) as Record<string, string>;
  const [s, os, an, oan] = [spec(pod), spec(old), ann(pod), ann(old)];
  const changed = (c: C, oc: C) => {
    const key = `container.seccomp.security.alpha.kubernetes.io/${c.name}`;
    return c.image !== oc.image || an[key] !== oan[key];
  };
  for (const k of ['containers', 'initContainers'] as const) {
    const a = s[k] ?? [];
    const b = os[k] ?? [];
    if (a.length !== b.length) return true;
    if (a.some((c, i) => changed(c, b[i]!))) return true;
  }
  const olds = os.ephemeralContainers ?? [];
  return (s.ephemeralContainers ?? []).some((c) => {
    const oc = olds.find((o) => o.name === c.name);
    return !oc || changed(c, oc);
  });
}
