// Baseline: containers may add only capabilities from the container runtime's default set.
import { ALLOWED, forbid, joinQuote, pluralize, sortedSet, visitContainers, type Check, type CheckPodFn, type Fix } from './check.js';

const DEFAULT_SET = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

const v1_0: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  const caps: string[] = [];
  const fixes: Fix[] = [];
  visitContainers(spec, (c, path) => {
    const added = c.securityContext?.capabilities?.add;
    const extra = (Array.isArray(added) ? added : []).filter((cap) => !DEFAULT_SET.has(cap));
    if (!extra.length) return;
    bad.push(c.name);
    caps.push(...extra);
    fixes.push({ field: `${path}.securityContext.capabilities.add`, action: `remove ${joinQuote(sortedSet(extra))}` });
  });
  if (!bad.length) return ALLOWED;
  return forbid(
    'non-default capabilities',
    `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add`,
    fixes,
  );
};

export const capabilitiesBaselineId = 'capabilities_baseline';
export const capabilitiesBaseline: Check = { id: capabilitiesBaselineId, level: 'baseline', versions: [{ minVersion: 0, check: v1_0 }] };
