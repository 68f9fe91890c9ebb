// StatefulSet validation as of v1.25. Upstream does not run the full pod spec validation on a
// StatefulSet template (only labels and annotations), so neither do we; serviceName is optional.
import type { StatefulSet, StatefulSetSpec } from 'kubernetes-types/apps/v1.js';
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { deepEqual, goLabelSelector, validateAnnotations, validateLabels, validateNonnegativeField } from '../meta.js';
import { collisionCountNotDecremented, nonNegativeCounters, notGreaterThan, restartAlwaysOnly, selectorMatches, validateSelectorMatchesTemplate, validateWorkloadSelector } from './common.js';

const spec = FieldPath.root('spec');
const status = FieldPath.root('status');

function validatePVCRetention(policy: StatefulSetSpec['persistentVolumeClaimRetentionPolicy'], path: FieldPath): FieldError[] {
  if (!policy) return [];
  const ok = ['Retain', 'Delete'];
  const errs: FieldError[] = [];
  for (const k of ['whenDeleted', 'whenScaled'] as const) {
    const v = policy[k] ?? '';
    if (!ok.includes(v)) errs.push(notSupported(path.child(k), v, ok));
  }
  return errs;
}

export function validateStatefulSet(ss: StatefulSet): FieldError[] {
  const s = ss.spec;
  const errs: FieldError[] = [];
  const pmp = s?.podManagementPolicy ?? '';
  if (pmp === '') errs.push(required(spec.child('podManagementPolicy'), ''));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel')
    errs.push(invalid(spec.child('podManagementPolicy'), pmp, "must be 'OrderedReady' or 'Parallel'"));

  const us = s?.updateStrategy;
  const usPath = spec.child('updateStrategy');
  switch (us?.type ?? '') {
    case '':
      errs.push(required(usPath, ''));
      break;
    case 'OnDelete':
      if (us?.rollingUpdate) errs.push(invalid(usPath.child('rollingUpdate'), us.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"));
      break;
    case 'RollingUpdate':
      errs.push(...validateNonnegativeField(us?.rollingUpdate?.partition, usPath.child('rollingUpdate', 'partition')));
      break;
    default:
      errs.push(invalid(usPath, us, "must be 'RollingUpdate' or 'OnDelete'"));
  }

  errs.push(...validatePVCRetention(s?.persistentVolumeClaimRetentionPolicy, spec.child('persistentVolumeClaimRetentionPolicy')));
  errs.push(...validateNonnegativeField(s?.replicas, spec.child('replicas')));
  errs.push(...validateNonnegativeField(s?.minReadySeconds, spec.child('minReadySeconds')));
  errs.push(...validateWorkloadSelector(s?.selector, spec.child('selector'), 'statefulset'));

  const tpl = s?.template ?? {};
  const tplPath = spec.child('template');
  if (s?.selector && selectorMatches(s.selector, {}) === undefined) errs.push(invalid(spec.child('selector'), goLabelSelector(s.selector), ''));
  else {
    errs.push(...validateSelectorMatchesTemplate(s?.selector, tpl, tplPath));
    // Upstream's paths here lack "metadata" (template.labels, template.annotations).
    errs.push(...validateLabels(tpl.metadata?.labels, tplPath.child('labels')));
    errs.push(...validateAnnotations(tpl.metadata?.annotations, tplPath.child('annotations')));
  }
  errs.push(...restartAlwaysOnly(tpl, tplPath, 'StatefulSet'));
  return errs;
}

export function validateStatefulSetStatus(ss: StatefulSet): FieldError[] {
  const st = ss.status as Record<string, unknown> | undefined;
  const errs = nonNegativeCounters(st, ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'observedGeneration', 'collisionCount'], status);
  const msg = 'cannot be greater than status.replicas';
  for (const c of ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas']) errs.push(...notGreaterThan(st, c, 'replicas', status, msg));
  errs.push(...notGreaterThan(st, 'availableReplicas', 'readyReplicas', status, 'cannot be greater than status.readyReplicas'));
  return errs;
}

const mutable = ['replicas', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'] as const;

export function validateStatefulSetUpdate(ss: StatefulSet, old: StatefulSet): FieldError[] {
  const errs = validateStatefulSet(ss);
  const strip = (s: StatefulSetSpec | undefined) => {
    const copy: Record<string, unknown> = { ...(s ?? {}) };
    for (const k of mutable) delete copy[k];
    return copy;
  };
  if (!deepEqual(strip(ss.spec), strip(old.spec)))
    errs.push(
      forbidden(
        spec,
        "updates to statefulset spec for fields other than 'replicas', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  errs.push(...validateStatefulSetStatus(ss));
  errs.push(...collisionCountNotDecremented(ss.status?.collisionCount, old.status?.collisionCount));
  return errs;
}
