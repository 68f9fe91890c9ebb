// endpoints (core/v1): written by the endpoints controller; printed as ip:port lists capped at three.
import type { Endpoints } from 'kubernetes-types/core/v1.js';
import { defaultEndpoints } from '../../api/core/defaults.js';
import { ageOf, capList } from '../../machinery/format.js';
import { validateEndpoints } from '../../validation/core/endpoints.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

const hostPort = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** formatEndpoints: ports × ready addresses per subset; `<none>` without subsets, "" without ready addresses. */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    if (!ss.ports?.length) for (const a of addrs) list.push(a.ip);
    else for (const p of ss.ports) for (const a of addrs) list.push(hostPort(a.ip, p.port));
  }
  return capList(list);
}

export const endpoints: ResourceStrategy<Endpoints> = {
  group: '',
  version: 'v1',
  kind: 'Endpoints',
  resource: 'endpoints',
  singular: 'endpoints',
  namespaced: true,
  shortNames: ['ep'],
  storagePrefix: 'services/endpoints',
  defaults: defaultEndpoints,
  validate: validateEndpoints,
  validateUpdate: validateEndpoints,
  printer: {
    columns: [nameColumn, col('Endpoints', 'string', 0, 'Endpoints of the Service'), ageColumn],
    cells: (ep, now) => [ep.metadata?.name ?? '', formatEndpoints(ep), ageOf(ep.metadata?.creationTimestamp, now)],
  },
};
