// Restricted (1.23+): neither the pod nor a container may set runAsUser=0.
import { ALLOWED, forbid, setters, visitContainers, type Check, type CheckPodFn, type Fix } from './check.js';

const v1_23: CheckPodFn = (_meta, spec) => {
  const podRoot = spec.securityContext?.runAsUser === 0;
  const bad: string[] = [];
  const fixes: Fix[] = podRoot ? [{ field: 'spec.securityContext.runAsUser', action: 'set to a non-zero UID' }] : [];
  visitContainers(spec, (c, path) => {
    if (c.securityContext?.runAsUser !== 0) return;
    bad.push(c.name);
    fixes.push({ field: `${path}.securityContext.runAsUser`, action: 'set to a non-zero UID' });
  });
  if (!podRoot && !bad.length) return ALLOWED;
  return forbid('runAsUser=0', `${setters(podRoot, bad)} must not set runAsUser=0`, fixes);
};

export const runAsUser: Check = { id: 'runAsUser', level: 'restricted', versions: [{ minVersion: 23, check: v1_23 }] };
