// networking.k8s.io/v1 Ingress: HTTP routing rules; the ingress controller reports addresses via /status.
import type { Ingress } from 'kubernetes-types/networking/v1.js';
import { ageOf } from '../../machinery/format.js';
import { validateIngress, validateIngressUpdate } from '../../validation/networking/ingress.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

/** Hosts cell: up to 3 hosts, then " + N more..." counting every further rule, "*" when none. */
export function ingressHosts(ing: Ingress): string {
  const rules = ing.spec?.rules ?? [];
  const hosts: string[] = [];
  for (let i = 0; i < rules.length; i++) {
    if (hosts.length === 3) return `${hosts.join(',')} + ${rules.length - 3} more...`;
    const host = rules[i]!.host;
    if (host) hosts.push(host);
  }
  return hosts.length ? hosts.join(',') : '*';
}

/** Address cell: load-balancer IPs (hostname when no IP), de-duplicated and sorted. */
export function ingressAddress(ing: Ingress): string {
  const addrs = new Set<string>();
  for (const lb of ing.status?.loadBalancer?.ingress ?? []) {
    if (lb.ip) addrs.add(lb.ip);
    else if (lb.hostname) addrs.add(lb.hostname);
  }
  return [...addrs].sort().join(',');
}

export const ingresses: ResourceStrategy<Ingress> = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'Ingress',
  resource: 'ingresses',
  singular: 'ingress',
  namespaced: true,
  shortNames: ['ing'],
  storagePrefix: 'ingress',
  subresources: { status: true },
  generation: true,
  // Status belongs to the ingress controller; IngressStatus.loadBalancer is a struct, so it serialises as {}.
  prepareForCreate: (ing) => {
    ing.status = { loadBalancer: {} };
  },
  validate: validateIngress,
  validateUpdate: validateIngressUpdate,
  printer: {
    columns: [
      nameColumn,
      col('Class', 'string', 0, 'The name of the IngressClass resource that should be used for this Ingress.'),
      col('Hosts', 'string', 0, 'Hosts that incoming requests are matched against before the ingress rule'),
      col('Address', 'string', 0, 'Address is a list containing ingress points for the load-balancer'),
      col('Ports', 'string', 0, 'Ports of TLS configurations that open'),
      ageColumn,
    ],
    cells: (ing, now) => [
      ing.metadata?.name ?? '',
      ing.spec?.ingressClassName || '<none>',
      ingressHosts(ing),
      ingressAddress(ing),
      ing.spec?.tls?.length ? '80, 443' : '80',
      ageOf(ing.metadata?.creationTimestamp, now),
    ],
  },
};
