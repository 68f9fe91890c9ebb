// Baseline: no hostPath volumes.
import { ALLOWED, forbid, joinQuote, pluralize, volumesOf, type Check, type CheckPodFn, type Fix } from './check.js';

const v1_0: CheckPodFn = (_meta, spec) => {
  const bad: string[] = [];
  const fixes: Fix[] = [];
  volumesOf(spec).forEach((v, i) => {
    if (v.hostPath == null) return;
    bad.push(v.name);
    fixes.push({ field: `spec.volumes[${i}].hostPath`, action: 'remove (use another volume type)' });
  });
  if (!bad.length) return ALLOWED;
  return forbid('hostPath volumes', `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)}`, fixes);
};

export const hostPathVolumesId = 'hostPathVolumes';
export const hostPathVolumes: Check = { id: hostPathVolumesId, level: 'baseline', versions: [{ minVersion: 0, check: v1_0 }] };
