// Where a pod spec lives in each kind that carries one: the pod itself, or a pod template. Shared by
// the admission plugin (which objects to evaluate) and the report (where to point the fixes).
import type { PodSpec } from 'kubernetes-types/core/v1.js';
import { isObject, type KObject } from '../../api/object.js';
import type { PodMeta } from './checks/check.js';

/** Group/kind → the path of the pod template ("" for a Pod itself), as upstream's PodSpecExtractor. */
const TEMPLATE_PATHS: Record<string, string> = {
  '/Pod': '',
  '/PodTemplate': 'template',
  '/ReplicationController': 'spec.template',
  'apps/ReplicaSet': 'spec.template',
  'apps/Deployment': 'spec.template',
  'apps/DaemonSet': 'spec.template',
  'apps/StatefulSet': 'spec.template',
  'batch/Job': 'spec.template',
  'batch/CronJob': 'spec.jobTemplate.spec.template',
};

export const carriesPodSpec = (group: string, kind: string) => `${group}/${kind}` in TEMPLATE_PATHS;

export interface PodSpecSource {
  meta: PodMeta;
  spec: PodSpec;
  /** Path of the template within the object, "" for a Pod; fix paths are relative to it. */
  templatePath: string;
}

/** The pod metadata and spec an object carries, or undefined when it has none (an optional template left out). */
export function podSpecOf(group: string, kind: string, obj: KObject): PodSpecSource | undefined {
  const templatePath = TEMPLATE_PATHS[`${group}/${kind}`];
  if (templatePath === undefined) return undefined;
  let holder: unknown = obj;
  for (const step of templatePath ? templatePath.split('.') : []) holder = isObject(holder) ? holder[step] : undefined;
  if (!isObject(holder)) return undefined;
  const meta = isObject(holder['metadata']) ? (holder['metadata'] as PodMeta) : {};
  const spec = (isObject(holder['spec']) ? holder['spec'] : {}) as unknown as PodSpec;
  return { meta, spec, templatePath };
}
