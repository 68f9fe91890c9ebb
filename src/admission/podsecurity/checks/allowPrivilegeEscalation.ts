// Restricted: containers must set securityContext.allowPrivilegeEscalation=false (field since 1.8).
// From 1.25, pods with spec.os.name=windows are exempt: the field is Linux-only.
import { ALLOWED, forbid, isWindowsPod, joinQuote, pluralize, visitContainers, type Check, type CheckPodFn, type Fix } from './check.js';

const v1_8: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  const fixes: Fix[] = [];
  visitContainers(spec, (c, path) => {
    if (c.securityContext?.allowPrivilegeEscalation !== false) {
      bad.push(c.name);
      fixes.push({ field: `${path}.securityContext.allowPrivilegeEscalation`, action: 'set to false' });
    }
  });
  if (!bad.length) return ALLOWED;
  return forbid(
    'allowPrivilegeEscalation != false',
    `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must set securityContext.allowPrivilegeEscalation=false`,
    fixes,
  );
};

const v1_25: CheckPodFn = (meta, spec) => (isWindowsPod(spec) ? ALLOWED : v1_8(meta, spec));

export const allowPrivilegeEscalation: Check = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  versions: [
    { minVersion: 8, check: v1_8 },
    { minVersion: 25, check: v1_25 },
  ],
};
