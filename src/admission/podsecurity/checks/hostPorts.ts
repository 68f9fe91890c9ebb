// Baseline: containers must not bind host ports.
import { ALLOWED, forbid, joinQuote, pluralize, sortedSet, visitContainers, type Check, type CheckPodFn, type Fix } from './check.js';

const v1_0: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  const ports: string[] = [];
  const fixes: Fix[] = [];
  visitContainers(spec, (c, path) => {
    let uses = false;
    (Array.isArray(c.ports) ? c.ports : []).forEach((p, i) => {
      if (!p.hostPort) return;
      uses = true;
      ports.push(String(p.hostPort));
      fixes.push({ field: `${path}.ports[${i}].hostPort`, action: 'remove (or set to 0)' });
    });
    if (uses) bad.push(c.name);
  });
  if (!bad.length) return ALLOWED;
  // Ports are a sorted set of strings, so "8080" sorts before "90", exactly as upstream prints them.
  const unique = sortedSet(ports);
  return forbid(
    'hostPort',
    `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', unique.length)} ${unique.join(', ')}`,
    fixes,
  );
};

export const hostPorts: Check = { id: 'hostPorts', level: 'baseline', versions: [{ minVersion: 0, check: v1_0 }] };
