// Pod, PodSpec and PodTemplateSpec validation (pkg/apis/core/validation, v1.25). The spec and template
// checks are shared with the workload kinds of apps/v1 and batch/v1.
import type { Pod, PodSpec, PodTemplateSpec, Toleration } from 'kubernetes-types/core/v1.js';
import { MIRROR_POD_ANNOTATION } from '../../api/core/wellknown.js';
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { deepEqual, validateAnnotations, validateLabels } from '../meta.js';
import { isDNS1123Subdomain, isQualifiedName } from '../names.js';
import { dns1123Label, validateContainerImagesForPod, validateContainers, validateInitContainers } from './container.js';
import { validateTolerations } from './scheduling.js';
import { validateVolumes } from './volumes.js';

const restartPolicies = ['Always', 'OnFailure', 'Never'];
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const maxInt32 = 2147483647;

const subdomain = (v: string, path: FieldPath): FieldError[] => isDNS1123Subdomain(v).map((m) => invalid(path, v, m));

function validateEnum(value: string | undefined, valid: string[], path: FieldPath): FieldError[] {
  if (!value) return [required(path, '')];
  return valid.includes(value) ? [] : [notSupported(path, value, valid)];
}

/** ValidatePodSpec: everything a pod and a pod template share. */
export function validatePodSpec(spec: PodSpec | undefined, path: FieldPath): FieldError[] {
  if (!spec) return [required(path, '')];
  const errs: FieldError[] = [];
  const vols = validateVolumes(spec.volumes, path.child('volumes'));
  errs.push(...vols.errs);
  errs.push(...validateContainers(spec.containers, vols.names, path.child('containers')));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, vols.names, path.child('initContainers')));
  errs.push(...validateEnum(spec.restartPolicy, restartPolicies, path.child('restartPolicy')));
  errs.push(...validateEnum(spec.dnsPolicy, dnsPolicies, path.child('dnsPolicy')));
  errs.push(...validateLabels(spec.nodeSelector, path.child('nodeSelector')));
  if (spec.dnsPolicy === 'None' && !spec.dnsConfig) errs.push(required(path.child('dnsConfig'), 'must provide `dnsConfig` when `dnsPolicy` is None'));
  (spec.readinessGates ?? []).forEach((g, i) => {
    errs.push(...isQualifiedName(g.conditionType).map((m) => invalid(path.child('readinessGates').index(i).child('conditionType'), g.conditionType, m)));
  });
  if (spec.serviceAccountName) errs.push(...subdomain(spec.serviceAccountName, path.child('serviceAccountName')));
  if (spec.nodeName) errs.push(...subdomain(spec.nodeName, path.child('nodeName')));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    const v = spec.activeDeadlineSeconds;
    if (v < 1 || v > maxInt32) errs.push(invalid(path.child('activeDeadlineSeconds'), v, `must be between 1 and ${maxInt32}, inclusive`));
  }
  if (spec.hostname) errs.push(...dns1123Label(spec.hostname, path.child('hostname')));
  if (spec.subdomain) errs.push(...dns1123Label(spec.subdomain, path.child('subdomain')));
  errs.push(...validateTolerations(spec.tolerations, path.child('tolerations')));
  if (spec.priorityClassName) errs.push(...subdomain(spec.priorityClassName, path.child('priorityClassName')));
  if (spec.preemptionPolicy && !['Never', 'PreemptLowerPriority'].includes(spec.preemptionPolicy))
    errs.push(notSupported(path.child('preemptionPolicy'), spec.preemptionPolicy, ['Never', 'PreemptLowerPriority']));
  if (spec.os?.name !== undefined && !['linux', 'windows'].includes(spec.os.name))
    errs.push(notSupported(path.child('os', 'name'), spec.os.name, ['linux', 'windows']));
  return errs;
}

/** ValidatePodTemplateSpec: template labels and annotations (upstream's paths omit "metadata") plus the spec. */
export function validatePodTemplateSpec(template: PodTemplateSpec | undefined, path: FieldPath): FieldError[] {
  if (!template) return [required(path, '')];
  const errs: FieldError[] = [];
  errs.push(...validateLabels(template.metadata?.labels, path.child('labels')));
  errs.push(...validateAnnotations(template.metadata?.annotations, path.child('annotations')));
  errs.push(...validatePodSpec(template.spec, path.child('spec')));
  if (template.spec?.ephemeralContainers?.length)
    errs.push(forbidden(path.child('spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  return errs;
}

/** ValidatePod without metadata (the store checks that): spec plus the pod-only rules. */
export function validatePod(pod: Pod): FieldError[] {
  const specPath = FieldPath.root('spec');
  const errs: FieldError[] = [];
  const annotations = pod.metadata?.annotations ?? {};
  const mirror = annotations[MIRROR_POD_ANNOTATION];
  if (mirror !== undefined && !pod.spec?.nodeName)
    errs.push(invalid(FieldPath.root('metadata').child('annotations').key(MIRROR_POD_ANNOTATION), mirror, 'must set spec.nodeName if mirror pod annotation is set'));
  errs.push(...validatePodSpec(pod.spec, specPath));
  if (!pod.spec?.serviceAccountName) {
    (pod.spec?.volumes ?? []).forEach((v, vi) => {
      (v.projected?.sources ?? []).forEach((s, si) => {
        if (s.serviceAccountToken)
          errs.push(
            forbidden(
              specPath.child('volumes').index(vi).child('projected', 'sources').index(si).child('serviceAccountToken'),
              'must not be specified when serviceAccountName is not set',
            ),
          );
      });
    });
  }
  errs.push(...validateContainerImagesForPod(pod.spec?.containers, specPath.child('containers')));
  errs.push(...validateContainerImagesForPod(pod.spec?.initContainers, specPath.child('initContainers')));
  return errs;
}

const updatableFieldsMsg =
  'pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** ValidateContainerUpdates: same number of containers, and every image present and trimmed. */
function validateContainerUpdates(next: PodSpec['containers'] | undefined, prev: PodSpec['containers'] | undefined, path: FieldPath): { errs: FieldError[]; stop: boolean } {
  const n = next ?? [];
  if (n.length !== (prev ?? []).length) return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  n.forEach((c, i) => {
    if (!c.image) errs.push(required(path.index(i).child('image'), ''));
    if (c.image && c.image.trim().length !== c.image.length)
      errs.push(invalid(path.index(i).child('image'), c.image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

/** validateOnlyAddedTolerations: existing tolerations stay, except for their tolerationSeconds. */
function validateOnlyAddedTolerations(next: Toleration[] | undefined, prev: Toleration[] | undefined, path: FieldPath): FieldError[] {
  for (const old of prev ?? []) {
    const found = (next ?? []).some((t) => deepEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t));
    if (!found) return [forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, path);
}

/** A short diff of the top-level spec fields that differ, standing in for upstream's cmp.Diff. */
function specDiff(old: Record<string, unknown>, munged: Record<string, unknown>): string {
  const lines = ['  core.PodSpec{'];
  for (const k of new Set([...Object.keys(old), ...Object.keys(munged)])) {
    if (deepEqual(old[k], munged[k])) continue;
    lines.push(`- \t${k}: ${JSON.stringify(old[k] ?? null)},`, `+ \t${k}: ${JSON.stringify(munged[k] ?? null)},`);
  }
  lines.push('  }');
  return lines.join('\n');
}

/** ValidatePodUpdate: the full pod rules again, then what an update may change. */
export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = validatePod(pod);
  const specPath = FieldPath.root('spec');
  const spec = pod.spec ?? ({ containers: [] } as PodSpec);
  const oldSpec = old.spec ?? ({ containers: [] } as PodSpec);
  for (const key of ['containers', 'initContainers'] as const) {
    const r = validateContainerUpdates(spec[key], oldSpec[key], specPath.child(key));
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  // activeDeadlineSeconds may be set, or lowered, but never raised or removed.
  const ads = spec.activeDeadlineSeconds;
  const oldAds = oldSpec.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null) {
    if (ads < 0 || ads > maxInt32) {
      errs.push(invalid(specPath.child('activeDeadlineSeconds'), ads, `must be between 0 and ${maxInt32}, inclusive`));
      return errs;
    }
    if (oldAds !== undefined && oldAds !== null && oldAds < ads) {
      errs.push(invalid(specPath.child('activeDeadlineSeconds'), ads, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (oldAds !== undefined && oldAds !== null) {
    errs.push(invalid(specPath.child('activeDeadlineSeconds'), null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...validateOnlyAddedTolerations(spec.tolerations, oldSpec.tolerations, specPath.child('tolerations')));
  if (deepEqual(spec, oldSpec)) return errs;

  // Put the old values back into the updatable fields; anything still different is forbidden.
  const munged = structuredClone(spec) as PodSpec & Record<string, unknown>;
  munged.containers = (munged.containers ?? []).map((c, i) => ({ ...c, image: oldSpec.containers?.[i]?.image as string }));
  if (munged.initContainers) munged.initContainers = munged.initContainers.map((c, i) => ({ ...c, image: oldSpec.initContainers?.[i]?.image as string }));
  if (oldAds === undefined || oldAds === null) delete munged.activeDeadlineSeconds;
  else munged.activeDeadlineSeconds = oldAds;
  if (oldSpec.tolerations === undefined) delete munged.tolerations;
  else munged.tolerations = oldSpec.tolerations;
  const oldGrace = oldSpec.terminationGracePeriodSeconds;
  if (oldGrace !== undefined && oldGrace !== null && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = oldGrace;
  if (!deepEqual(munged, oldSpec))
    errs.push(forbidden(specPath, `${updatableFieldsMsg}\n${specDiff(oldSpec as unknown as Record<string, unknown>, munged)}`));
  return errs;
}
