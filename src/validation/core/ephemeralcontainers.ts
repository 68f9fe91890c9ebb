// Ephemeral containers (pkg/apis/core/validation, v1.25): what pods/ephemeralcontainers accepts.
// They are added to a running pod for debugging, never changed or removed, and may not carry what a
// pod relies on (ports, probes, lifecycle, resources).
import type { Container, EphemeralContainer, Pod } from 'kubernetes-types/core/v1.js';
import { duplicate, FieldPath, forbidden, notFound, type FieldError } from '../../machinery/fielderrors.js';
import { deepEqual } from '../meta.js';
import { validateContainerImagesForPod, validateContainers } from './container.js';
import { validatePod } from './pod.js';

/** Fields outside upstream's allow-list for ephemeral containers. */
const NOT_ALLOWED = ['ports', 'resources', 'lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** validateEphemeralContainers: each is a valid container, named uniquely across the pod, targeting a real container. */
export function validateEphemeralContainers(pod: Pod, path: FieldPath): FieldError[] {
  const ecs = pod.spec?.ephemeralContainers ?? [];
  if (ecs.length === 0) return [];
  const spec = pod.spec!;
  const others = new Set([...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c) => c.name));
  const volumes = new Set((spec.volumes ?? []).map((v) => v.name));
  const errs = validateContainers(ecs as Container[], volumes, path);
  errs.push(...validateContainerImagesForPod(ecs as Container[], path));
  ecs.forEach((ec: EphemeralContainer, i) => {
    const p = path.index(i);
    if (others.has(ec.name)) errs.push(duplicate(p.child('name'), ec.name));
    if (ec.targetContainerName && !others.has(ec.targetContainerName)) errs.push(notFound(p.child('targetContainerName'), ec.targetContainerName));
    for (const f of NOT_ALLOWED) {
      const v = (ec as unknown as Record<string, unknown>)[f];
      if (v !== undefined && v !== null && !(typeof v === 'object' && Object.keys(v).length === 0))
        errs.push(forbidden(p.child(f), 'cannot be set for an Ephemeral Container'));
    }
    (ec.volumeMounts ?? []).forEach((vm, j) => {
      if (vm.subPath) errs.push(forbidden(p.child('volumeMounts').index(j).child('subPath'), 'cannot be set for an Ephemeral Container'));
      if (vm.subPathExpr) errs.push(forbidden(p.child('volumeMounts').index(j).child('subPathExpr'), 'cannot be set for an Ephemeral Container'));
    });
  });
  return errs;
}

/**
 * ValidatePodEphemeralContainersUpdate (metadata is the store's): the pod stays valid and the
 * ephemeral containers it already had are all still there, unchanged. Upstream's messages end in "\n".
 */
export function validatePodEphemeralContainersUpdate(pod: Pod, old: Pod): FieldError[] {
  const path = FieldPath.root('spec').child('ephemeralContainers');
  const errs = [...validatePod(pod), ...validateEphemeralContainers(pod, path)];
  const byName = new Map((pod.spec?.ephemeralContainers ?? []).map((c) => [c.name, c]));
  for (const prev of old.spec?.ephemeralContainers ?? []) {
    const next = byName.get(prev.name);
    if (!next) errs.push(forbidden(path, `existing ephemeral containers ${JSON.stringify(prev.name)} may not be removed\n`));
    else if (!deepEqual(prev, next)) errs.push(forbidden(path, `existing ephemeral containers ${JSON.stringify(prev.name)} may not be changed\n`));
  }
  return errs;
}
