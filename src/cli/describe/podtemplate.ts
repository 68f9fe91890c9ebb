// DescribePodTemplate as kubectl 1.25 prints it under Deployments, ReplicaSets, Jobs, CronJobs,
// StatefulSets and DaemonSets.
import { describeContainers } from './containers.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './format.js';
import { describeVolumes } from './volumes.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './writer.js';

export function describePodTemplate(template: any, w: PrefixWriter): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) printAnnotationsMultiline(w, '  Annotations', template.metadata.annotations);
  const spec = template.spec ?? {};
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if ((spec.initContainers ?? []).length > 0) describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ');
  describeContainers('Containers', spec.containers ?? [], undefined, undefined, w, '  ');
  describeVolumes(spec.volumes, w, '  ');
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
}
