// Which Node labels a kubelet may set on its own Node (k8s.io/kubelet/pkg/apis/well_known_labels.go
// and NodeRestriction's getForbiddenLabels, v1.25). Labels that steer workloads — anything under
// node-restriction.kubernetes.io/, and kubernetes.io / k8s.io labels outside the kubelet's own set —
// are the cluster admin's to set, or a node could attract pods meant for others.

const KUBELET_LABELS = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
]);

const KUBELET_LABEL_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];
const NODE_RESTRICTION_NAMESPACE = 'node-restriction.kubernetes.io';

/** The prefix of `prefix/name`, "" for a bare name. */
function labelNamespace(key: string): string {
  const i = key.indexOf('/');
  return i < 0 ? '' : key.slice(0, i);
}

const inNamespace = (ns: string, domain: string) => ns === domain || ns.endsWith(`.${domain}`);

/** IsKubeletLabel: one of the kubelet's labels, or under a namespace kept for kubelets. */
export function isKubeletLabel(key: string): boolean {
  if (KUBELET_LABELS.has(key)) return true;
  const ns = labelNamespace(key);
  return KUBELET_LABEL_NAMESPACES.some((d) => inNamespace(ns, d));
}

const isKubernetesLabel = (key: string) => inNamespace(labelNamespace(key), 'kubernetes.io') || inNamespace(labelNamespace(key), 'k8s.io');

/** Keys added, removed or changed between two label sets. */
export function modifiedLabels(a: Record<string, string> = {}, b: Record<string, string> = {}): string[] {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(a)) if (b[k] !== v) out.add(k);
  for (const [k, v] of Object.entries(b)) if (a[k] !== v) out.add(k);
  return [...out];
}

/** Of the modified keys, those a node may not touch, sorted (sets.String.List()). */
export function forbiddenLabels(modified: string[]): string[] {
  return modified.filter((k) => inNamespace(labelNamespace(k), NODE_RESTRICTION_NAMESPACE) || (isKubernetesLabel(k) && !isKubeletLabel(k))).sort();
}
