// Indexed Jobs (upstream's indexed_job_utils.go): every pod carries its completion index in an
// annotation, the containers read it from JOB_COMPLETION_INDEX, and the succeeded indexes are kept
// in status.completedIndexes as ordered intervals ("1,3-5,7").
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Container, Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';

export const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** names.MaxGeneratedNameLength: 63 less the 5 random characters. */
const MAX_GENERATED_NAME_LENGTH = 58;

export function isIndexedJob(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed';
}

/** The pod's completion index, or -1 when it has none or an invalid one. */
export function completionIndex(pod: Pod): number {
  const v = pod.metadata?.annotations?.[COMPLETION_INDEX_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return -1;
  const n = Number(v);
  return n < 0 ? -1 : n;
}

/** A completion index that counts for this Job: known and below spec.completions. */
export function validIndex(job: Job, pod: Pod): boolean {
  const ix = completionIndex(pod);
  return ix >= 0 && ix < (job.spec?.completions ?? 0);
}

export interface Interval {
  first: number;
  last: number;
}

/** Ordered, non-adjacent intervals of indexes. */
export class Intervals {
  constructor(readonly list: Interval[] = []) {}

  /** status.completedIndexes, ignoring corrupt parts and indexes at or past `completions`. */
  static parse(text: string | undefined, completions: number): Intervals {
    const out: Interval[] = [];
    if (!text) return new Intervals(out);
    for (const part of text.split(',')) {
      const [a, b] = part.split('-');
      const first = Number(a);
      if (!/^\d+$/.test(a ?? '')) continue;
      if (first >= completions) break;
      let last = first;
      if (b !== undefined) {
        if (!/^\d+$/.test(b)) continue;
        last = Math.min(Number(b), completions - 1);
      }
      const prev = out[out.length - 1];
      if (prev && prev.last === first - 1) prev.last = last;
      else out.push({ first, last });
    }
    return new Intervals(out);
  }

  /** A new list with `indexes` (ascending) merged in. */
  with(indexes: number[]): Intervals {
    const all = [...this.list.map((i) => ({ ...i })), ...indexes.map((i) => ({ first: i, last: i }))].sort((x, y) => x.first - y.first);
    const out: Interval[] = [];
    for (const iv of all) {
      const prev = out[out.length - 1];
      if (!prev || iv.first > prev.last + 1) out.push(iv);
      else if (iv.last > prev.last) prev.last = iv.last;
    }
    return new Intervals(out);
  }

  has(ix: number): boolean {
    return this.list.some((iv) => iv.first <= ix && ix <= iv.last);
  }

  total(): number {
    return this.list.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
  }

  /** Upstream's format: a pair of neighbours is written "a,b", a longer run "a-b". */
  toString(): string {
    return this.list.map((iv) => (iv.last === iv.first ? `${iv.first}` : `${iv.first}${iv.last === iv.first + 1 ? ',' : '-'}${iv.last}`)).join(',');
  }
}

/** Up to `count` indexes below `completions` that neither succeeded nor have an active pod. */
export function firstPendingIndexes(activePods: Pod[], succeeded: Intervals, count: number, completions: number): number[] {
  const taken = succeeded.with([...new Set(activePods.map(completionIndex).filter((i) => i >= 0))].sort((a, b) => a - b));
  const out: number[] = [];
  for (let ix = 0; ix < completions && out.length < count; ix++) if (!taken.has(ix)) out.push(ix);
  return out;
}

/** The template for index `ix`: annotation, JOB_COMPLETION_INDEX in every container, hostname `<job>-<ix>`. */
export function templateForIndex(template: PodTemplateSpec, jobName: string, ix: number): PodTemplateSpec {
  const t = structuredClone(template);
  t.metadata = { ...t.metadata, annotations: { ...t.metadata?.annotations, [COMPLETION_INDEX_ANNOTATION]: String(ix) } };
  const spec = t.spec!;
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) addIndexEnv(c);
  spec.hostname = `${jobName}-${ix}`;
  return t;
}

function addIndexEnv(c: Container): void {
  if (c.env?.some((e) => e.name === COMPLETION_INDEX_ENV)) return;
  c.env = [...(c.env ?? []), { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_ANNOTATION}']` } } }];
}

/** `<job>-<ix>-`, with the job name cut so the generated name stays within limits. */
export function generateNameWithIndex(jobName: string, ix: number): string {
  const suffix = `-${ix}-`;
  const prefix = jobName + suffix;
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix : prefix;
}

/**
 * Active pods to remove in an Indexed Job: those without a valid index, and all but one pod of each
 * repeated index (keeping the one furthest along, as `order` sorts removal candidates first).
 */
export function duplicatedIndexPods(pods: Pod[], completions: number, order: (a: Pod, b: Pod) => number): { rm: Pod[]; left: Pod[] } {
  const rm: Pod[] = [];
  const left: Pod[] = [];
  const byIndex = new Map<number, Pod[]>();
  for (const p of pods) {
    const ix = completionIndex(p);
    if (ix < 0 || ix >= completions) rm.push(p);
    else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
  }
  for (const group of byIndex.values()) {
    group.sort(order);
    rm.push(...group.slice(0, -1));
    left.push(group[group.length - 1]!);
  }
  return { rm, left };
}
