// Baseline: only the sysctls namespaced to the pod and isolated from other pods ("safe" in 1.25).
import { ALLOWED, forbid, type Check, type CheckPodFn, type Fix } from './check.js';

const SAFE = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start']);

const v1_0: CheckPodFn = (_meta, spec) => {
  const sysctls = spec.securityContext?.sysctls;
  const bad: string[] = [];
  const fixes: Fix[] = [];
  (Array.isArray(sysctls) ? sysctls : []).forEach((s, i) => {
    if (SAFE.has(s.name)) return;
    bad.push(s.name);
    fixes.push({ field: `spec.securityContext.sysctls[${i}]`, action: `remove (allowed: ${[...SAFE].join(', ')})` });
  });
  return bad.length ? forbid('forbidden sysctls', bad.join(', '), fixes) : ALLOWED;
};

export const sysctls: Check = { id: 'sysctls', level: 'baseline', versions: [{ minVersion: 0, check: v1_0 }] };
