// Baseline: containers keep the default /proc masks (securityContext.procMount unset or "Default").
import { ALLOWED, forbid, joinQuote, pluralize, sortedSet, visitContainers, type Check, type CheckPodFn, type Fix } from './check.js';

const v1_0: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  const types: string[] = [];
  const fixes: Fix[] = [];
  visitContainers(spec, (c, path) => {
    const pm = c.securityContext?.procMount;
    if (pm == null || pm === 'Default') return;
    bad.push(c.name);
    types.push(pm);
    fixes.push({ field: `${path}.securityContext.procMount`, action: 'set to "Default" or remove' });
  });
  if (!bad.length) return ALLOWED;
  return forbid(
    'procMount',
    `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`,
    fixes,
  );
};

export const procMount: Check = { id: 'procMount', level: 'baseline', versions: [{ minVersion: 0, check: v1_0 }] };
