// The `kubectl get hpa` printer of v1.25 (printHorizontalPodAutoscaler), on the v2 shape; v1 objects
// are converted before printing, as upstream prints the internal type.
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2.js';
import { quantityString } from '../../api/core/quantity.js';
import { ageOf, capList } from '../../machinery/format.js';
import { ageColumn, col, nameColumn, type TablePrinter } from '../strategy.js';

const UNKNOWN = '<unknown>';
const q = (v: unknown) => quantityString(v);

/** One Targets entry: current/target, paired with the status metric of the same index. */
function target(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'External':
    case 'Object': {
      const key = spec.type === 'External' ? 'external' : 'object';
      const src = spec[key];
      const cur = status?.[key]?.current;
      if (src?.target?.averageValue !== undefined) return `${cur?.averageValue !== undefined ? q(cur.averageValue) : UNKNOWN}/${q(src.target.averageValue)} (avg)`;
      return `${status?.[key] ? q(cur?.value) : UNKNOWN}/${q(src?.target?.value)}`;
    }
    case 'Pods':
      return `${status?.pods ? q(status.pods.current?.averageValue) : UNKNOWN}/${q(spec.pods?.target?.averageValue)}`;
    case 'Resource':
    case 'ContainerResource': {
      const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
      const t = spec[key]?.target;
      const cur = status?.[key];
      if (t?.averageValue !== undefined) return `${cur ? q(cur.current?.averageValue) : UNKNOWN}/${q(t.averageValue)}`;
      const current = cur?.current?.averageUtilization !== undefined ? `${cur.current.averageUtilization}%` : UNKNOWN;
      return `${current}/${t?.averageUtilization !== undefined ? `${t.averageUtilization}%` : '<auto>'}`;
    }
    default:
      return '<unknown type>';
  }
}

export function formatTargets(hpa: HorizontalPodAutoscaler): string {
  const specs = hpa.spec?.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const statuses = hpa.status?.currentMetrics ?? [];
  return capList(specs.map((m, i) => target(m, statuses[i])), 2, ', ');
}

export const hpaPrinter: TablePrinter<HorizontalPodAutoscaler> = {
  columns: [
    nameColumn,
    col('Reference', 'string', 0, 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.'),
    col('Targets', 'string', 0, 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).'),
    col('MinPods', 'string', 0, 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.'),
    col('MaxPods', 'string', 0, 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.'),
    col('Replicas', 'string', 0, 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'),
    ageColumn,
  ],
  cells: (hpa, now) => [
    hpa.metadata?.name ?? '',
    `${hpa.spec?.scaleTargetRef?.kind ?? ''}/${hpa.spec?.scaleTargetRef?.name ?? ''}`,
    formatTargets(hpa),
    hpa.spec?.minReplicas !== undefined ? String(hpa.spec.minReplicas) : '<unset>',
    hpa.spec?.maxReplicas ?? 0,
    hpa.status?.currentReplicas ?? 0,
    ageOf(hpa.metadata?.creationTimestamp, now),
  ],
};
