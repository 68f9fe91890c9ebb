// The shape of a Pod Security check: a pure function from pod metadata and spec to a result, in one
// or more versions. Results carry upstream's reason and detail text (users read them verbatim in
// errors and warnings) and, for the migration report, the fields to change.
import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from '../../../api/object.js';

/** A field to change so the pod passes, relative to the pod ("spec.containers[0].…"). */
export interface Fix {
  field: string;
  /** What to do, imperatively: "set to false", "remove", "add \"ALL\"". */
  action: string;
}

export interface CheckResult {
  allowed: boolean;
  /** Short and always shown, e.g. "host namespaces". */
  reason?: string;
  /** The specifics, shown for single objects, e.g. "hostNetwork=true". */
  detail?: string;
  fixes?: Fix[];
}

export type PodMeta = Pick<ObjectMeta, 'annotations'>;
export type CheckPodFn = (meta: PodMeta, spec: PodSpec) => CheckResult;

export interface VersionedCheck {
  /** The first policy version (minor of v1.x) this revision applies to. */
  minVersion: number;
  check: CheckPodFn;
  /** Baseline checks this restricted check replaces at this version (their findings would repeat). */
  overrides?: string[];
}

export interface Check {
  id: string;
  level: 'baseline' | 'restricted';
  /** Strictly increasing by minVersion. */
  versions: VersionedCheck[];
}

export const ALLOWED: CheckResult = Object.freeze({ allowed: true });

export const forbid = (reason: string, detail: string, fixes: Fix[]): CheckResult => ({ allowed: false, reason, detail, fixes });

export const pluralize = (singular: string, plural: string, n: number) => (n === 1 ? singular : plural);

/** "a", "b" — Go's joinQuote. */
export const joinQuote = (items: readonly string[]) => (items.length ? `"${items.join('", "')}"` : '');

/** Sorted unique strings, as Go's sets.String List(). */
export const sortedSet = (items: Iterable<string>) => [...new Set(items)].sort();

const list = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);

/**
 * Every container with its field path, in upstream's order: init containers, containers, then
 * ephemeral containers (whose common fields are a Container's).
 */
export function visitContainers(spec: PodSpec, visit: (c: Container, path: string) => void): void {
  list(spec.initContainers).forEach((c, i) => visit(c, `spec.initContainers[${i}]`));
  list(spec.containers).forEach((c, i) => visit(c, `spec.containers[${i}]`));
  list(spec.ephemeralContainers).forEach((c, i) => visit(c as Container, `spec.ephemeralContainers[${i}]`));
}

export const volumesOf = (spec: PodSpec) => list(spec.volumes);

/** Windows pods as 1.25 knows them: spec.os.name=windows. */
export const isWindowsPod = (spec: PodSpec) => spec.os?.name === 'windows';

/** "pod and containers "a", "b"": the setters upstream names in one detail. */
export function setters(pod: boolean, containers: string[]): string {
  const parts: string[] = [];
  if (pod) parts.push('pod');
  if (containers.length) parts.push(`${pluralize('container', 'containers', containers.length)} ${joinQuote(containers)}`);
  return parts.join(' and ');
}
