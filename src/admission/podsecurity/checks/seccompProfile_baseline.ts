// Baseline: a seccomp profile, where one is set, must not be Unconfined. Up to policy v1.18 the
// profile lives in the seccomp.security.alpha.kubernetes.io annotations; from v1.19 in the
// securityContext.seccompProfile fields.
import { ALLOWED, forbid, joinQuote, pluralize, setters, sortedSet, visitContainers, type Check, type CheckPodFn, type Fix } from './check.js';
import { goQuote } from '../../../machinery/format.js';

export const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

const validAnnotation = (v: string) => v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
export const validSeccompType = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';

const v1_0: CheckPodFn = (meta, spec) => {
  const annotations = meta.annotations ?? {};
  const bad: string[] = [];
  const fixes: Fix[] = [];
  const inspect = (key: string) => {
    const v = annotations[key];
    if (v === undefined || validAnnotation(String(v))) return;
    bad.push(`${key}=${goQuote(String(v))}`);
    fixes.push({ field: `metadata.annotations[${key}]`, action: 'set to "runtime/default" or "localhost/<profile>", or remove' });
  };
  inspect(POD_ANNOTATION);
  visitContainers(spec, (c) => inspect(CONTAINER_ANNOTATION_PREFIX + c.name));
  if (!bad.length) return ALLOWED;
  const unique = sortedSet(bad);
  return forbid('seccompProfile', `forbidden ${pluralize('annotation', 'annotations', unique.length)} ${unique.join(', ')}`, fixes);
};

const v1_19: CheckPodFn = (_meta, spec) => {
  const values: string[] = [];
  const fixes: Fix[] = [];
  const action = 'set to "RuntimeDefault" or "Localhost"';
  const podType = spec.securityContext?.seccompProfile ? spec.securityContext.seccompProfile.type : undefined;
  const podBad = spec.securityContext?.seccompProfile != null && !validSeccompType(podType);
  if (podBad) {
    values.push(String(podType ?? ''));
    fixes.push({ field: 'spec.securityContext.seccompProfile.type', action });
  }
  const bad: string[] = [];
  visitContainers(spec, (c, path) => {
    const p = c.securityContext?.seccompProfile;
    if (p == null || validSeccompType(p.type)) return;
    bad.push(c.name);
    values.push(String(p.type ?? ''));
    fixes.push({ field: `${path}.securityContext.seccompProfile.type`, action });
  });
  if (!podBad && !bad.length) return ALLOWED;
  return forbid('seccompProfile', `${setters(podBad, bad)} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`, fixes);
};

export const seccompBaselineId = 'seccompProfile_baseline';
export const seccompProfileBaseline: Check = {
  id: seccompBaselineId,
  level: 'baseline',
  versions: [
    { minVersion: 0, check: v1_0 },
    { minVersion: 19, check: v1_19 },
  ],
};
