// Baseline: no privileged containers.
import { ALLOWED, forbid, joinQuote, pluralize, visitContainers, type Check, type CheckPodFn, type Fix } from './check.js';

const v1_0: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  const fixes: Fix[] = [];
  visitContainers(spec, (c, path) => {
    if (c.securityContext?.privileged !== true) return;
    bad.push(c.name);
    fixes.push({ field: `${path}.securityContext.privileged`, action: 'set to false' });
  });
  if (!bad.length) return ALLOWED;
  return forbid('privileged', `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.privileged=true`, fixes);
};

export const privileged: Check = { id: 'privileged', level: 'baseline', versions: [{ minVersion: 0, check: v1_0 }] };
