// pods (core/v1): defaults, status on create with the QoS class, the narrow update rules, field
// selectors and the `kubectl get pods` printer of v1.25.
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { defaultPod } from '../../api/core/defaults.js';
import { podQOSClass } from '../../api/core/qos.js';
import type { Mutable } from '../../api/object.js';
import { ageOf, humanDuration } from '../../machinery/format.js';
import { validatePod, validatePodUpdate } from '../../validation/core/pod.js';
import { ageColumn, col, nameColumn, type ResourceStrategy, type TableRowCondition } from '../strategy.js';

type Status = NonNullable<Pod['status']>;

const podIP = (pod: Pod): string => pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '';

interface Printed {
  ready: string;
  reason: string;
  restarts: string;
}

/** The Ready / Status / Restarts cells, decided as printPod does. */
export function podStatusCells(pod: Pod, now: Date): Printed {
  const status: Status = pod.status ?? {};
  let reason = status.reason || status.phase || '';
  let restarts = 0;
  let lastRestart = 0;
  let readyContainers = 0;
  const noteRestart = (cs: ContainerStatus) => {
    restarts += cs.restartCount ?? 0;
    const finished = cs.lastState?.terminated?.finishedAt;
    const t = finished ? Date.parse(finished) : NaN;
    if (!Number.isNaN(t) && t > lastRestart) lastRestart = t;
  };

  let initializing = false;
  const inits = status.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const cs = inits[i]!;
    noteRestart(cs);
    const term = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
      else reason = `Init:${term.reason}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${pod.spec?.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }

  if (!initializing) {
    restarts = 0;
    let hasRunning = false;
    const cstats = status.containerStatuses ?? [];
    // Walked last to first, so the earliest waiting/terminated container decides.
    for (let i = cstats.length - 1; i >= 0; i--) {
      const cs = cstats[i]!;
      noteRestart(cs);
      const waiting = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
      reason = ready ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';

  const restartsText = lastRestart ? `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)` : String(restarts);
  return { ready: `${readyContainers}/${pod.spec?.containers?.length ?? 0}`, reason, restarts: restartsText };
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  let ok = 0;
  for (const g of gates) {
    const c = (pod.status?.conditions ?? []).find((x) => x.type === g.conditionType);
    if (c?.status === 'True') ok++;
  }
  return `${ok}/${gates.length}`;
}

const completed = (reason: string, message: string): TableRowCondition[] => [{ type: 'Completed', status: 'True', reason, message }];

export const pods: ResourceStrategy<Pod> = {
  group: '',
  version: 'v1',
  kind: 'Pod',
  resource: 'pods',
  singular: 'pod',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  subresources: { status: true },
  statusMetadata: ['labels', 'annotations'],
  returnDeletedObject: true,
  // The kubelet ends a pod on a node within its grace period, then deletes it with grace 0; a pod on
  // no node, or already finished, has nothing to stop and goes at once.
  checkGracefulDelete(pod, requested) {
    let period = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 0;
    if (!pod.spec?.nodeName) period = 0;
    if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') period = 0;
    return period < 0 ? 1 : period;
  },

  defaults: defaultPod,
  prepareForCreate(pod) {
    (pod as Mutable<Pod>).status = { phase: 'Pending', qosClass: podQOSClass(pod) };
  },
  validate: validatePod,
  validateUpdate: validatePodUpdate,
  selectableFields(pod) {
    return {
      'spec.nodeName': pod.spec?.nodeName ?? '',
      'spec.restartPolicy': pod.spec?.restartPolicy ?? '',
      'spec.schedulerName': pod.spec?.schedulerName ?? '',
      'spec.serviceAccountName': pod.spec?.serviceAccountName ?? '',
      'status.phase': pod.status?.phase ?? '',
      'status.podIP': podIP(pod),
      'status.nominatedNodeName': pod.status?.nominatedNodeName ?? '',
    };
  },
  printer: {
    columns: [
      nameColumn,
      col('Ready', 'string', 0, 'The aggregate readiness state of this pod for accepting traffic.'),
      col('Status', 'string', 0, 'The aggregate status of the containers in this pod.'),
      col('Restarts', 'string', 0, 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
      ageColumn,
      col('IP', 'string', 1, 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'),
      col('Node', 'string', 1, 'NodeName is a request to schedule this pod onto a specific node.'),
      col('Nominated Node', 'string', 1, 'nominatedNodeName is set only when this pod preempts other pods on the node.'),
      col('Readiness Gates', 'string', 1, 'If specified, all readiness gates will be evaluated for pod readiness.'),
    ],
    cells(pod, now) {
      const s = podStatusCells(pod, now);
      return [
        pod.metadata?.name ?? '',
        s.ready,
        s.reason,
        s.restarts,
        ageOf(pod.metadata?.creationTimestamp, now),
        podIP(pod) || '<none>',
        pod.spec?.nodeName || '<none>',
        pod.status?.nominatedNodeName || '<none>',
        readinessGates(pod),
      ];
    },
    conditions(pod) {
      if (pod.status?.phase === 'Succeeded') return completed('Succeeded', 'The pod has completed successfully.');
      if (pod.status?.phase === 'Failed') return completed('Failed', 'The pod failed.');
      return undefined;
    },
  },
};
