// The Pod describer (kubectl 1.25 describePod).
import { podQOSClass } from '../../api/core/qos.js';
import { MIRROR_POD_ANNOTATION } from '../../api/core/wellknown.js';
import { humanDuration } from '../../machinery/format.js';
import { CORE, getObject, type DescribeContext } from './context.js';
import { describeContainers, type EnvResolver } from './containers.js';
import { describeEvents, searchEvents } from './events.js';
import { printAnnotationsMultiline, printController, printLabelsMultiline, printTolerationsMultiline, rfc1123z } from './format.js';
import { describeVolumes } from './volumes.js';
import { LEVEL_0, LEVEL_1, tabbedString } from './writer.js';

/**
 * EnvValueRetriever: kubectl converts the field path with its own scheme, which knows only the
 * metadata.name and metadata.namespace field labels for pods, so every other path resolves to ''.
 */
function envResolver(pod: any): EnvResolver {
  return (path) => (path === 'metadata.name' ? pod.metadata.name : path === 'metadata.namespace' ? (pod.metadata.namespace ?? '') : '');
}

export async function describePod(ctx: DescribeContext): Promise<string> {
  let pod: any;
  try {
    pod = await getObject(ctx, CORE('pods'));
  } catch (err) {
    // A pod that is gone may still have events worth showing.
    if (ctx.showEvents) {
      const events = await searchEvents(ctx, { name: ctx.name, namespace: ctx.namespace });
      if (events && events.length > 0) {
        return tabbedString((w) => {
          w.write(LEVEL_0, `Pod '${ctx.name}': error '${(err as Error).message}', but found events.\n`);
          describeEvents(events, w, ctx.now);
        });
      }
    }
    throw err;
  }
  let events: any[] | undefined;
  if (ctx.showEvents) {
    const mirrorUID = pod.metadata.annotations?.[MIRROR_POD_ANNOTATION];
    events = await searchEvents(ctx, { name: pod.metadata.name, namespace: pod.metadata.namespace ?? '', uid: mirrorUID ?? pod.metadata.uid });
  }
  return tabbedString((w) => {
    const spec = pod.spec ?? {};
    const status = pod.status ?? {};
    w.write(LEVEL_0, `Name:\t${pod.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
    if (spec.priority !== undefined && spec.priority !== null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    w.write(LEVEL_0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', pod.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
    if (pod.metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${humanDuration(ctx.now.getTime() - Date.parse(pod.metadata.deletionTimestamp))})\n`);
      w.write(LEVEL_0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
    }
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
    const ips: any[] = status.podIPs ?? [];
    if (ips.length === 0) w.write(LEVEL_0, 'IPs:\t<none>\n');
    else {
      w.write(LEVEL_0, 'IPs:\n');
      for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip ?? ''}\n`);
    }
    const controlledBy = printController(pod);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    const resolve = envResolver(pod);
    if ((spec.initContainers ?? []).length > 0) describeContainers('Init Containers', spec.initContainers, status.initContainerStatuses, resolve, w, '');
    describeContainers('Containers', spec.containers ?? [], status.containerStatuses, resolve, w, '');
    if ((spec.ephemeralContainers ?? []).length > 0) describeContainers('Ephemeral Containers', spec.ephemeralContainers, status.ephemeralContainerStatuses, resolve, w, '');
    const conditions: any[] = status.conditions ?? [];
    if ((spec.readinessGates ?? []).length > 0) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of spec.readinessGates) {
        const c = conditions.find((c) => c.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
      }
    }
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(spec.volumes, w, '');
    w.write(LEVEL_0, `QoS Class:\t${podQOSClass(pod)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
    if (events) describeEvents(events, w, ctx.now);
  });
}
