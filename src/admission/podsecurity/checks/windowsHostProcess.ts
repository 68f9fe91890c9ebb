// Baseline: no Windows HostProcess containers (securityContext.windowsOptions.hostProcess=true).
import { ALLOWED, forbid, setters, visitContainers, type Check, type CheckPodFn, type Fix } from './check.js';

const v1_0: CheckPodFn = (_meta, spec) => {
  const fixes: Fix[] = [];
  const bad: string[] = [];
  visitContainers(spec, (c, path) => {
    if (c.securityContext?.windowsOptions?.hostProcess !== true) return;
    bad.push(c.name);
    fixes.push({ field: `${path}.securityContext.windowsOptions.hostProcess`, action: 'set to false' });
  });
  const podSet = spec.securityContext?.windowsOptions?.hostProcess === true;
  if (podSet) fixes.unshift({ field: 'spec.securityContext.windowsOptions.hostProcess', action: 'set to false' });
  if (!podSet && !bad.length) return ALLOWED;
  return forbid('hostProcess', `${setters(podSet, bad)} must not set securityContext.windowsOptions.hostProcess=true`, fixes);
};

export const windowsHostProcess: Check = { id: 'windowsHostProcess', level: 'baseline', versions: [{ minVersion: 0, check: v1_0 }] };
