// Baseline: SELinux type only container_t, container_init_t or container_kvm_t; no custom user or role.
import type { SELinuxOptions } from 'kubernetes-types/core/v1.js';
import { ALLOWED, forbid, joinQuote, pluralize, setters, sortedSet, visitContainers, type Check, type CheckPodFn, type Fix } from './check.js';

const ALLOWED_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);

const v1_0: CheckPodFn = (_meta, spec) => {
  const badTypes: string[] = [];
  let setUser = false;
  let setRole = false;
  const fixes: Fix[] = [];
  const valid = (o: SELinuxOptions, path: string): boolean => {
    let ok = true;
    if (!ALLOWED_TYPES.has(o.type ?? '')) {
      ok = false;
      badTypes.push(o.type ?? '');
      fixes.push({ field: `${path}.type`, action: 'set to "container_t", "container_init_t" or "container_kvm_t", or remove' });
    }
    if (o.user) {
      setUser = true;
      ok = false;
      fixes.push({ field: `${path}.user`, action: 'remove' });
    }
    if (o.role) {
      setRole = true;
      ok = false;
      fixes.push({ field: `${path}.role`, action: 'remove' });
    }
    return ok;
  };
  const podOpts = spec.securityContext?.seLinuxOptions;
  const podBad = podOpts != null && !valid(podOpts, 'spec.securityContext.seLinuxOptions');
  const bad: string[] = [];
  visitContainers(spec, (c, path) => {
    const o = c.securityContext?.seLinuxOptions;
    if (o != null && !valid(o, `${path}.securityContext.seLinuxOptions`)) bad.push(c.name);
  });
  if (!podBad && !bad.length) return ALLOWED;
  // As upstream's v1.0 check, user and role are only spelled out alongside a forbidden type.
  const data: string[] = [];
  if (badTypes.length) {
    const types = sortedSet(badTypes);
    data.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) data.push('user may not be set');
    if (setRole) data.push('role may not be set');
  }
  return forbid('seLinuxOptions', `${setters(podBad, bad)} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`, fixes);
};

export const seLinuxOptions: Check = { id: 'seLinuxOptions', level: 'baseline', versions: [{ minVersion: 0, check: v1_0 }] };
