// HorizontalPodAutoscaler autoscaling/v1 <-> autoscaling/v2 (the storage version), as
// pkg/apis/autoscaling/v1/conversion.go does at v1.25: v1 carries one CPU target in its spec and
// keeps everything else v2 can say in annotations, in v1's own (v2beta1-shaped) metric form, so that
// a v1 client's read-modify-write loses nothing.
import type { HorizontalPodAutoscaler as HPAv1 } from 'kubernetes-types/autoscaling/v1.js';
import type { HorizontalPodAutoscaler as HPAv2, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2.js';

/** The CPU target the HPA controller has always assumed when none is given. */
export const DEFAULT_CPU_UTILIZATION = 80;

export const METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
const CURRENT_METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
const ROUND_TRIP = [METRICS_ANNOTATION, CURRENT_METRICS_ANNOTATION, CONDITIONS_ANNOTATION, BEHAVIOR_ANNOTATION];

type J = Record<string, any>;

/** Drop undefined members, as omitempty does. */
function clean<T extends J>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

function parseList(text: string | undefined): J[] | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

// ---- metric specs --------------------------------------------------------------------------

/**
 * v2 → v1 for a metric spec (`side` "target") or a metric status (`side` "current"): the shapes are
 * the same, and v1 prefixes its field names with the side (targetAverageValue / currentAverageValue).
 */
function metricToV1(m: MetricSpec | MetricStatus, side: 'target' | 'current'): J {
  const v = (x: J | undefined): J => x?.[side] ?? {};
  const p = (name: string) => `${side}${name}`;
  const any = m as J;
  switch (m.type) {
    case 'Resource':
      return { type: m.type, resource: clean({ name: any.resource?.name, [p('AverageUtilization')]: v(any.resource).averageUtilization, [p('AverageValue')]: v(any.resource).averageValue }) };
    case 'ContainerResource': {
      const r = any.containerResource;
      return { type: m.type, containerResource: clean({ name: r?.name, container: r?.container, [p('AverageUtilization')]: v(r).averageUtilization, [p('AverageValue')]: v(r).averageValue }) };
    }
    case 'Pods':
      return { type: m.type, pods: clean({ metricName: any.pods?.metric?.name, selector: any.pods?.metric?.selector, [p('AverageValue')]: v(any.pods).averageValue }) };
    case 'Object': {
      const o = any.object;
      return { type: m.type, object: clean({ target: o?.describedObject, metricName: o?.metric?.name, selector: o?.metric?.selector, [p('Value')]: v(o).value, averageValue: v(o).averageValue }) };
    }
    case 'External': {
      const e = any.external;
      return { type: m.type, external: clean({ metricName: e?.metric?.name, metricSelector: e?.metric?.selector, [p('Value')]: v(e).value, [p('AverageValue')]: v(e).averageValue }) };
    }
    default:
      return { type: m.type };
  }
}

function specFromV1(m: J): MetricSpec {
  const metric = (name: unknown, selector: unknown) => clean({ name, selector });
  switch (m['type']) {
    case 'Resource':
    case 'ContainerResource': {
      const key = m['type'] === 'Resource' ? 'resource' : 'containerResource';
      const r = m[key] ?? {};
      const util = r.targetAverageUtilization;
      const target = util === undefined ? clean({ type: 'AverageValue', averageValue: r.targetAverageValue }) : clean({ type: 'Utilization', averageUtilization: util, averageValue: r.targetAverageValue });
      return { type: m['type'], [key]: clean({ name: r.name, container: r.container, target }) } as MetricSpec;
    }
    case 'Pods': {
      const p = m['pods'] ?? {};
      return { type: 'Pods', pods: { metric: metric(p.metricName, p.selector), target: clean({ type: 'AverageValue', averageValue: p.targetAverageValue }) } } as MetricSpec;
    }
    case 'Object': {
      const o = m['object'] ?? {};
      const target = clean({ type: o.averageValue === undefined ? 'Value' : 'AverageValue', value: o.targetValue, averageValue: o.averageValue });
      return { type: 'Object', object: { describedObject: o.target, metric: metric(o.metricName, o.selector), target } } as MetricSpec;
    }
    case 'External': {
      const e = m['external'] ?? {};
      const target = clean({ type: e.targetValue !== undefined ? 'Value' : 'AverageValue', value: e.targetValue, averageValue: e.targetAverageValue });
      return { type: 'External', external: { metric: metric(e.metricName, e.metricSelector), target } } as MetricSpec;
    }
    default:
      return { type: m['type'] } as MetricSpec;
  }
}

// ---- metric statuses -----------------------------------------------------------------------

function statusFromV1(m: J): MetricStatus {
  const metric = (name: unknown, selector: unknown) => clean({ name, selector });
  switch (m['type']) {
    case 'Resource':
    case 'ContainerResource': {
      const key = m['type'] === 'Resource' ? 'resource' : 'containerResource';
      const r = m[key] ?? {};
      return { type: m['type'], [key]: clean({ name: r.name, container: r.container, current: clean({ averageUtilization: r.currentAverageUtilization, averageValue: r.currentAverageValue }) }) } as MetricStatus;
    }
    case 'Pods': {
      const p = m['pods'] ?? {};
      return { type: 'Pods', pods: { metric: metric(p.metricName, p.selector), current: clean({ averageValue: p.currentAverageValue }) } } as MetricStatus;
    }
    case 'Object': {
      const o = m['object'] ?? {};
      return { type: 'Object', object: { describedObject: o.target, metric: metric(o.metricName, o.selector), current: clean({ value: o.currentValue, averageValue: o.averageValue }) } } as MetricStatus;
    }
    case 'External': {
      const e = m['external'] ?? {};
      return { type: 'External', external: { metric: metric(e.metricName, e.metricSelector), current: clean({ value: e.currentValue, averageValue: e.currentAverageValue }) } } as MetricStatus;
    }
    default:
      return { type: m['type'] } as MetricStatus;
  }
}

// ---- objects -------------------------------------------------------------------------------

const isCPU = (m: { type: string; resource?: { name?: string } }) => m.type === 'Resource' && m.resource?.name === 'cpu';

export function hpaV2ToV1(h: HPAv2): HPAv1 {
  const spec = h.spec ?? ({} as NonNullable<HPAv2['spec']>);
  const status = (h.status ?? {}) as NonNullable<HPAv2['status']>;
  const metrics = spec.metrics ?? [];
  const cpu = metrics.find(isCPU);
  const other = metrics.filter((m) => !(isCPU(m) && m.resource?.target?.averageUtilization !== undefined)).map((m) => metricToV1(m, 'target'));
  const annotations: Record<string, string> = { ...h.metadata?.annotations };
  if (other.length) annotations[METRICS_ANNOTATION] = JSON.stringify(other);
  if (status.currentMetrics?.length) annotations[CURRENT_METRICS_ANNOTATION] = JSON.stringify(status.currentMetrics.map((m) => metricToV1(m, 'current')));
  if (spec.behavior) annotations[BEHAVIOR_ANNOTATION] = JSON.stringify(spec.behavior);
  if (status.conditions?.length) annotations[CONDITIONS_ANNOTATION] = JSON.stringify(status.conditions);
  const metadata = { ...h.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  const currentCPU = (status.currentMetrics ?? []).filter(isCPU).map((m) => m.resource?.current?.averageUtilization).find((v) => v !== undefined);
  const out: J = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: clean({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      targetCPUUtilizationPercentage: cpu?.resource?.target?.averageUtilization,
    }),
  };
  if (h.status)
    out['status'] = clean({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      currentCPUUtilizationPercentage: currentCPU,
    });
  return out as HPAv1;
}

export function hpaV1ToV2(h: HPAv1): HPAv2 {
  const spec = h.spec ?? ({} as NonNullable<HPAv1['spec']>);
  const status = h.status;
  const annotations: Record<string, string> = { ...h.metadata?.annotations };
  const metrics: MetricSpec[] = [];
  if (spec.targetCPUUtilizationPercentage !== undefined)
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } });
  metrics.push(...(parseList(annotations[METRICS_ANNOTATION]) ?? []).map(specFromV1));
  // v1 always had an implicit CPU target; v2 states it.
  if (metrics.length === 0) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } });
  let behavior: unknown;
  try {
    behavior = annotations[BEHAVIOR_ANNOTATION] === undefined ? undefined : JSON.parse(annotations[BEHAVIOR_ANNOTATION]!);
  } catch {
    behavior = undefined;
  }
  for (const k of ROUND_TRIP) delete annotations[k];
  const metadata = { ...h.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  const out: J = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: clean({ scaleTargetRef: spec.scaleTargetRef, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas, metrics, behavior }),
  };
  if (status) {
    const current =
      parseList(h.metadata?.annotations?.[CURRENT_METRICS_ANNOTATION])?.map(statusFromV1) ??
      (status.currentCPUUtilizationPercentage !== undefined ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } }] : undefined);
    out['status'] = clean({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas || undefined,
      desiredReplicas: status.desiredReplicas ?? 0,
      // Not omitempty in the v2 type: a fresh HPA shows `currentMetrics: null`.
      currentMetrics: current ?? null,
      conditions: parseList(h.metadata?.annotations?.[CONDITIONS_ANNOTATION]),
    });
  }
  return out as HPAv2;
}
