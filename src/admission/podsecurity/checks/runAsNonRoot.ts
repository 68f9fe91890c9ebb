// Restricted: containers must run as non-root: runAsNonRoot=true on the pod (inherited) or on every
// container, and false nowhere.
import { ALLOWED, forbid, joinQuote, pluralize, setters, visitContainers, type Check, type CheckPodFn, type Fix } from './check.js';

const v1_0: CheckPodFn = (_meta, spec) => {
  const podValue = spec.securityContext?.runAsNonRoot;
  const podFalse = podValue === false;
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  const fixes: Fix[] = [];
  if (podFalse) fixes.push({ field: 'spec.securityContext.runAsNonRoot', action: 'set to true' });
  visitContainers(spec, (c, path) => {
    const v = c.securityContext?.runAsNonRoot;
    if (v === false) {
      explicitlyBad.push(c.name);
      fixes.push({ field: `${path}.securityContext.runAsNonRoot`, action: 'set to true (or remove to inherit the pod\'s)' });
    } else if (v == null && podValue !== true) implicitlyBad.push(c.name);
  });
  if (podFalse || explicitlyBad.length)
    return forbid('runAsNonRoot != true', `${setters(podFalse, explicitlyBad)} must not set securityContext.runAsNonRoot=false`, fixes);
  if (implicitlyBad.length)
    return forbid(
      'runAsNonRoot != true',
      `pod or ${pluralize('container', 'containers', implicitlyBad.length)} ${joinQuote(implicitlyBad)} must set securityContext.runAsNonRoot=true`,
      [{ field: 'spec.securityContext.runAsNonRoot', action: 'set to true' }],
    );
  return ALLOWED;
};

export const runAsNonRoot: Check = { id: 'runAsNonRoot', level: 'restricted', versions: [{ minVersion: 0, check: v1_0 }] };
