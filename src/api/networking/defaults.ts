// SetDefaults_* of pkg/apis/networking/v1, in place.
import type { NetworkPolicy } from 'kubernetes-types/networking/v1.js';

export function defaultNetworkPolicy(np: NetworkPolicy): void {
  const spec = (np.spec ??= { podSelector: {} });
  spec.podSelector ??= {};
  // A policy without policyTypes always isolates ingress, and egress only when it has egress rules.
  if (!spec.policyTypes?.length) spec.policyTypes = spec.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])])
    for (const port of rule.ports ?? []) port.protocol ??= 'TCP';
}
