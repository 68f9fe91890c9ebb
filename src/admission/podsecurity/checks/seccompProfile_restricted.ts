// Restricted (1.19+): a seccomp profile of RuntimeDefault or Localhost must be set, on the pod or on
// every container. Replaces the baseline seccomp check. From 1.25 Windows pods are exempt.
import { ALLOWED, forbid, isWindowsPod, joinQuote, pluralize, setters, sortedSet, visitContainers, type Check, type CheckPodFn, type Fix } from './check.js';
import { seccompBaselineId, validSeccompType } from './seccompProfile_baseline.js';

const v1_19: CheckPodFn = (_meta, spec) => {
  const action = 'set to "RuntimeDefault" or "Localhost"';
  const values: string[] = [];
  const fixes: Fix[] = [];
  const podProfile = spec.securityContext?.seccompProfile;
  const podBad = podProfile != null && !validSeccompType(podProfile.type);
  const podSet = podProfile != null && !podBad;
  if (podBad) {
    values.push(String(podProfile.type ?? ''));
    fixes.push({ field: 'spec.securityContext.seccompProfile.type', action });
  }
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  visitContainers(spec, (c, path) => {
    const p = c.securityContext?.seccompProfile;
    if (p != null) {
      if (validSeccompType(p.type)) return;
      explicitlyBad.push(c.name);
      values.push(String(p.type ?? ''));
      fixes.push({ field: `${path}.securityContext.seccompProfile.type`, action });
    } else if (!podSet) implicitlyBad.push(c.name);
  });
  if (podBad || explicitlyBad.length)
    return forbid(
      'seccompProfile',
      `${setters(podBad, explicitlyBad)} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`,
      fixes,
    );
  if (implicitlyBad.length)
    return forbid(
      'seccompProfile',
      `pod or ${pluralize('container', 'containers', implicitlyBad.length)} ${joinQuote(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      [{ field: 'spec.securityContext.seccompProfile.type', action: 'set to "RuntimeDefault"' }],
    );
  return ALLOWED;
};

const v1_25: CheckPodFn = (meta, spec) => (isWindowsPod(spec) ? ALLOWED : v1_19(meta, spec));

export const seccompProfileRestricted: Check = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  versions: [
    { minVersion: 19, check: v1_19, overrides: [seccompBaselineId] },
    { minVersion: 25, check: v1_25, overrides: [seccompBaselineId] },
  ],
};
