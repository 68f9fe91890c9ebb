// The StatefulSet and DaemonSet describers.
import { formatLabels } from '../../machinery/format.js';
import { APPS, getObject, type DescribeContext } from './context.js';
import { describeEvents, eventsFor } from './events.js';
import { intOrString, printAnnotationsMultiline, printLabelsMultiline, rfc1123z, selectorString } from './format.js';
import { describePodTemplate } from './podtemplate.js';
import { podStatusForController, podsStatusText } from './workloads.js';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './writer.js';

function describeVolumeClaimTemplates(templates: any[] | undefined, w: PrefixWriter): void {
  const list = templates ?? [];
  if (list.length === 0) {
    w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Volume Claims:\n');
  for (const pvc of list) {
    w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
    const sc = pvc.spec?.storageClassName ?? pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '';
    w.write(LEVEL_1, `StorageClass:\t${sc}\n`);
    printLabelsMultiline(w, 'Labels', pvc.metadata?.labels, '  ');
    printLabelsMultiline(w, 'Annotations', pvc.metadata?.annotations, '  ');
    const cap = pvc.spec?.resources?.requests?.storage;
    w.write(LEVEL_1, `Capacity:\t${cap ?? '<default>'}\n`);
    w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
  }
}

export async function describeStatefulSet(ctx: DescribeContext): Promise<string> {
  const ss = await getObject(ctx, APPS('statefulsets'));
  const counts = await podStatusForController(ctx, ss.metadata.namespace, ss.spec?.selector, ss.metadata.uid);
  const events = await eventsFor(ctx, ss, 'StatefulSet');
  return tabbedString((w) => {
    const spec = ss.spec ?? {};
    w.write(LEVEL_0, `Name:\t${ss.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${ss.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(ss.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', ss.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ss.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 0} desired | ${ss.status?.replicas ?? 0} total\n`);
    w.write(LEVEL_0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
    const ru = spec.updateStrategy?.rollingUpdate;
    if (ru && ru.partition !== undefined && ru.partition !== null) {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(LEVEL_1, `MaxUnavailable:\t${intOrString(ru.maxUnavailable)}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${podsStatusText(counts)}\n`);
    describePodTemplate(spec.template, w);
    describeVolumeClaimTemplates(spec.volumeClaimTemplates, w);
    if (events) describeEvents(events, w, ctx.now);
  });
}

export async function describeDaemonSet(ctx: DescribeContext): Promise<string> {
  const ds = await getObject(ctx, APPS('daemonsets'));
  const counts = await podStatusForController(ctx, ds.metadata.namespace, ds.spec?.selector, ds.metadata.uid);
  const events = await eventsFor(ctx, ds, 'DaemonSet');
  return tabbedString((w) => {
    const st = ds.status ?? {};
    w.write(LEVEL_0, `Name:\t${ds.metadata.name}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(ds.spec?.selector)}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, 'Labels', ds.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}\n`);
    w.write(LEVEL_0, `Pods Status:\t${podsStatusText(counts)}\n`);
    describePodTemplate(ds.spec?.template, w);
    if (events) describeEvents(events, w, ctx.now);
  });
}
