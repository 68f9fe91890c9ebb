// Matching shared by several plugins: tolerations against taints (v1helper) and a pod's required node
// affinity — nodeSelector plus required node-affinity terms — against a node (component-helpers).
import type { NodeSelectorRequirement, NodeSelectorTerm, Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { matchesLabels, type LabelOp, type LabelSelector } from '../../machinery/selectors.js';
import type { NodeInfo } from '../nodeinfo.js';

/** Toleration.ToleratesTaint: an empty effect or key matches any; operator Exists ignores the value. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator || 'Equal';
  if (op === 'Exists') return true;
  return op === 'Equal' && (t.value ?? '') === (taint.value ?? '');
}

export const tolerated = (tolerations: Toleration[] | undefined, taint: Taint) => (tolerations ?? []).some((t) => toleratesTaint(t, taint));

/** FindMatchingUntoleratedTaint: the first taint passing `which` that no toleration tolerates. */
export function untoleratedTaint(taints: Taint[], tolerations: Toleration[] | undefined, which: (t: Taint) => boolean): Taint | undefined {
  for (const taint of taints) if (which(taint) && !tolerated(tolerations, taint)) return taint;
  return undefined;
}

const OPS: Record<string, LabelOp> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!', Gt: 'gt', Lt: 'lt' };

/** One node selector term; undefined when it cannot match (empty, or an invalid requirement). */
interface Term {
  labels: LabelSelector;
  fields: NodeSelectorRequirement[];
}

function compileTerm(t: NodeSelectorTerm): Term | undefined {
  const exprs = t.matchExpressions ?? [];
  const fields = t.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return undefined;
  const labels: LabelSelector = [];
  for (const e of exprs) {
    const op = OPS[e.operator];
    if (!op) return undefined;
    if ((op === 'gt' || op === 'lt') && (e.values?.length !== 1 || !/^-?\d+$/.test(e.values[0]!))) return undefined;
    labels.push({ key: e.key, op, values: e.values ?? [] });
  }
  // Only metadata.name may be matched as a field, with In or NotIn and one value.
  for (const f of fields) if (f.key !== 'metadata.name' || (f.operator !== 'In' && f.operator !== 'NotIn') || f.values?.length !== 1) return undefined;
  return { labels, fields };
}

function termMatches(t: Term, node: NodeInfo): boolean {
  if (!matchesLabels(t.labels, node.labels)) return false;
  for (const f of t.fields) if ((f.values![0] === node.name) !== (f.operator === 'In')) return false;
  return true;
}

export type NodeMatcher = (node: NodeInfo) => boolean;

/** A list of terms ORed; a term that cannot match is skipped. */
export function nodeSelectorTerms(terms: NodeSelectorTerm[]): Term[] {
  return terms.map(compileTerm).filter((t): t is Term => !!t);
}

export const anyTermMatches = (terms: Term[], node: NodeInfo) => terms.some((t) => termMatches(t, node));

/** GetRequiredNodeAffinity(pod).Match: spec.nodeSelector and the required node-affinity terms. */
export function requiredNodeAffinity(pod: Pod): NodeMatcher | undefined {
  const sel = Object.entries(pod.spec?.nodeSelector ?? {});
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (sel.length === 0 && !required) return undefined;
  const terms = required ? nodeSelectorTerms(required.nodeSelectorTerms ?? []) : undefined;
  return (node) => {
    for (const [k, v] of sel) if (node.labels[k] !== v) return false;
    return !terms || anyTermMatches(terms, node);
  };
}
