// Job validation (pkg/apis/batch/validation at v1.25). Field errors read as kube-apiserver's.
import type { Job, JobSpec, JobTemplateSpec } from 'kubernetes-types/batch/v1.js';
import type { ObjectMeta as K8sObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { FieldPath, duplicate, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { isDNS1123Label } from '../names.js';
import { goLabelSelector, goStringMap, validateImmutableField, validateLabelSelector, validateNonnegativeField } from '../meta.js';
import { validatePodTemplateSpec } from '../core/pod.js';
import { selectorMatches, validateSelectorMatchesTemplate } from '../apps/common.js';

// Caps the length of status.completedIndexes.
const maxParallelismForIndexedJob = 100000;

const spec = FieldPath.root('spec');

/** ValidateHasLabel: the generated label must be present with the expected value. */
function hasLabel(meta: K8sObjectMeta | undefined, path: FieldPath, key: string, expected: string): FieldError[] {
  const labels = meta?.labels;
  const p = path.child('labels').key(key);
  if (!labels || !(key in labels)) return [required(p, expected)];
  return labels[key] === expected ? [] : [invalid(p, goStringMap(labels), expected)];
}

/** Unless the selector is manual, it and the template labels must be the generated ones. */
function validateGeneratedSelector(job: Job): FieldError[] {
  const s = job.spec;
  if (s?.manualSelector || !s?.selector) return [];
  const meta = job.metadata;
  const errs: FieldError[] = [];
  if (!meta?.uid) errs.push(required(FieldPath.root('metadata').child('uid'), ''));
  const tplMeta = spec.child('template').child('metadata');
  errs.push(...hasLabel(s.template?.metadata, tplMeta, 'controller-uid', meta?.uid ?? ''));
  errs.push(...hasLabel(s.template?.metadata, tplMeta, 'job-name', meta?.name ?? ''));
  const expected = { 'controller-uid': meta?.uid ?? '', 'job-name': meta?.name ?? '' };
  if (selectorMatches(s.selector, expected) === false) errs.push(invalid(spec.child('selector'), goLabelSelector(s.selector), '`selector` not auto-generated'));
  return errs;
}

/** The rules a Job spec and a CronJob's job template share. */
export function validateJobSpecCommon(s: JobSpec | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateNonnegativeField(s?.parallelism, path.child('parallelism')));
  errs.push(...validateNonnegativeField(s?.completions, path.child('completions')));
  errs.push(...validateNonnegativeField(s?.activeDeadlineSeconds, path.child('activeDeadlineSeconds')));
  errs.push(...validateNonnegativeField(s?.backoffLimit, path.child('backoffLimit')));
  errs.push(...validateNonnegativeField(s?.ttlSecondsAfterFinished, path.child('ttlSecondsAfterFinished')));
  const mode = s?.completionMode;
  if (mode !== undefined && mode !== null) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(path.child('completionMode'), mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (s?.completions === undefined || s.completions === null) errs.push(required(path.child('completions'), 'when completion mode is Indexed'));
      if ((s?.parallelism ?? 0) > maxParallelismForIndexedJob)
        errs.push(invalid(path.child('parallelism'), s?.parallelism, `must be less than or equal to ${maxParallelismForIndexedJob} when completion mode is Indexed`));
    }
  }
  const tpl: PodTemplateSpec = s?.template ?? {};
  errs.push(...validatePodTemplateSpec(tpl, path.child('template')));
  // Pod defaulting turns an unset restartPolicy into Always, so both mean "not chosen".
  const rp = tpl.spec?.restartPolicy ?? '';
  const rpPath = path.child('template', 'spec', 'restartPolicy');
  if (rp === 'Always' || rp === '') errs.push(required(rpPath, 'valid values: "OnFailure", "Never"'));
  else if (rp !== 'OnFailure' && rp !== 'Never') errs.push(notSupported(rpPath, rp, ['OnFailure', 'Never']));
  return errs;
}

export function validateJob(job: Job): FieldError[] {
  const s = job.spec;
  const errs = validateGeneratedSelector(job);
  errs.push(...validateJobSpecCommon(s, spec));
  if (!s?.selector) errs.push(required(spec.child('selector'), ''));
  else errs.push(...validateLabelSelector(s.selector, spec.child('selector')));
  // Manual or generated, the selector must match the pods the Job makes (an empty one matches all).
  if (s?.selector) errs.push(...validateSelectorMatchesTemplate(s.selector, s.template, spec.child('template')));
  if (s?.completionMode === 'Indexed' && (s.completions ?? 0) > 0) {
    // Pods get the hostname "<job>-<index>", which must be a DNS label.
    const host = `${job.metadata?.name ?? ''}-${(s.completions ?? 0) - 1}`;
    if (isDNS1123Label(host).length)
      errs.push(invalid(FieldPath.root('metadata').child('name'), job.metadata?.name ?? '', `will not able to create pod with invalid DNS label: ${host}`));
  }
  return errs;
}

export function validateJobStatus(job: Job): FieldError[] {
  const st = job.status;
  const path = FieldPath.root('status');
  const errs: FieldError[] = [];
  for (const k of ['active', 'succeeded', 'failed', 'ready'] as const) errs.push(...validateNonnegativeField(st?.[k], path.child(k)));
  const u = st?.uncountedTerminatedPods;
  if (u) {
    const seen = new Set<string>();
    for (const k of ['succeeded', 'failed'] as const) {
      (u[k] ?? []).forEach((uid, i) => {
        const p = path.child('uncountedTerminatedPods', k).index(i);
        if (uid === '') errs.push(invalid(p, uid, 'must not be empty'));
        else if (seen.has(uid)) errs.push(duplicate(p, uid));
        else seen.add(uid);
      });
    }
  }
  return errs;
}

/**
 * The template may not change, except that a Job still suspended and never started may change its
 * scheduling directives (node affinity, node selector, tolerations, labels, annotations), as
 * JobMutableNodeSchedulingDirectives (beta, on in v1.25) allows.
 */
function validateTemplateUpdate(job: Job, old: Job): FieldError[] {
  const cur = job.spec?.template;
  let prev = old.spec?.template;
  if (old.spec?.suspend === true && !old.status?.startTime && prev) {
    prev = structuredClone(prev);
    const prevSpec = (prev.spec ??= { containers: [] });
    const curAff = cur?.spec?.affinity;
    const prevAff = prevSpec.affinity;
    if (!curAff && prevAff) {
      // Clearing affinity is allowed when node affinity was all it held.
      const rest = { ...prevAff };
      delete rest.nodeAffinity;
      if (Object.keys(rest).length === 0) delete prevSpec.affinity;
      else prevSpec.affinity = rest;
    } else if (curAff) {
      prevSpec.affinity = { ...(prevAff ?? {}), nodeAffinity: curAff.nodeAffinity };
      if (!curAff.nodeAffinity) delete prevSpec.affinity.nodeAffinity;
    }
    prevSpec.nodeSelector = cur?.spec?.nodeSelector;
    prevSpec.tolerations = cur?.spec?.tolerations;
    const prevMeta = (prev.metadata ??= {});
    prevMeta.labels = cur?.metadata?.labels;
    prevMeta.annotations = cur?.metadata?.annotations;
  }
  return validateImmutableField(cur, prev, spec.child('template'));
}

export function validateJobUpdate(job: Job, old: Job): FieldError[] {
  return [
    ...validateJob(job),
    ...validateImmutableField(job.spec?.completions, old.spec?.completions, spec.child('completions')),
    ...validateImmutableField(job.spec?.selector, old.spec?.selector, spec.child('selector'), goLabelSelector(job.spec?.selector)),
    ...validateTemplateUpdate(job, old),
    ...validateImmutableField(job.spec?.completionMode, old.spec?.completionMode, spec.child('completionMode')),
    ...validateJobStatus(job),
  ];
}

/** A CronJob's jobTemplate: the shared Job rules; the selector is always generated. */
export function validateJobTemplateSpec(t: JobTemplateSpec | undefined, path: FieldPath): FieldError[] {
  const sp = path.child('spec');
  const errs = validateJobSpecCommon(t?.spec, sp);
  if (t?.spec?.selector) errs.push(invalid(sp.child('selector'), goLabelSelector(t.spec.selector), '`selector` will be auto-generated'));
  if (t?.spec?.manualSelector === true) errs.push(notSupported(sp.child('manualSelector'), true, ['nil', 'false']));
  return errs;
}
