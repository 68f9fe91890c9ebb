// Restricted (1.22+): containers must drop ALL capabilities and may add back only NET_BIND_SERVICE.
// Replaces the baseline capabilities check, whose findings it includes. From 1.25 Windows pods are
// exempt (capabilities are Linux-only and API validation rejects them there).
import { capabilitiesBaselineId } from './capabilities_baseline.js';
import { ALLOWED, forbid, isWindowsPod, joinQuote, pluralize, sortedSet, visitContainers, type Check, type CheckPodFn, type Fix } from './check.js';

const v1_22: CheckPodFn = (_meta, spec) => {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbiddenCaps: string[] = [];
  const fixes: Fix[] = [];
  visitContainers(spec, (c, path) => {
    const caps = c.securityContext?.capabilities;
    const field = `${path}.securityContext.capabilities`;
    if (!caps) {
      missingDropAll.push(c.name);
      fixes.push({ field: `${field}.drop`, action: 'set to ["ALL"]' });
      return;
    }
    const drop = Array.isArray(caps.drop) ? caps.drop : [];
    if (!drop.includes('ALL')) {
      missingDropAll.push(c.name);
      fixes.push({ field: `${field}.drop`, action: 'add "ALL"' });
    }
    const extra = (Array.isArray(caps.add) ? caps.add : []).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (extra.length) {
      addingForbidden.push(c.name);
      forbiddenCaps.push(...extra);
      fixes.push({ field: `${field}.add`, action: `remove ${joinQuote(sortedSet(extra))} (only "NET_BIND_SERVICE" may be added)` });
    }
  });
  const details: string[] = [];
  if (missingDropAll.length)
    details.push(`${pluralize('container', 'containers', missingDropAll.length)} ${joinQuote(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  if (addingForbidden.length)
    details.push(
      `${pluralize('container', 'containers', addingForbidden.length)} ${joinQuote(addingForbidden)} must not include ${joinQuote(sortedSet(forbiddenCaps))} in securityContext.capabilities.add`,
    );
  return details.length ? forbid('unrestricted capabilities', details.join('; '), fixes) : ALLOWED;
};

const v1_25: CheckPodFn = (meta, spec) => (isWindowsPod(spec) ? ALLOWED : v1_22(meta, spec));

export const capabilitiesRestricted: Check = {
  id: 'capabilities_restricted',
  level: 'restricted',
  versions: [
    { minVersion: 22, check: v1_22, overrides: [capabilitiesBaselineId] },
    { minVersion: 25, check: v1_25, overrides: [capabilitiesBaselineId] },
  ],
};
