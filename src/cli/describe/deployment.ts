// The Deployment and ReplicaSet describers.
import { APPS, getObject, listAll, type DescribeContext } from './context.js';
import { describeEvents, eventsFor } from './events.js';
import { controllerOf, intOrString, printAnnotationsMultiline, printController, printLabelsMultiline, rfc1123z, selectorString } from './format.js';
import { describePodTemplate } from './podtemplate.js';
import { podStatusForController, podsStatusText } from './workloads.js';
import { LEVEL_0, LEVEL_1, tabbedString } from './writer.js';
import { formatLabelSelector } from '../../machinery/format.js';

const HASH = 'pod-template-hash';

/** A deep-equality key for a pod template with the pod-template-hash label left out (EqualIgnoreHash). */
function templateKey(t: any): string {
  const copy = JSON.parse(JSON.stringify(t ?? {}));
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[HASH];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  const canon = (v: any): any =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canon(v[k])]),
          )
        : v;
  return JSON.stringify(canon(copy));
}

/** GetAllReplicaSets: the Deployment's own ReplicaSets split into every old one and the new one. */
async function replicaSetsOf(ctx: DescribeContext, d: any): Promise<{ old: any[]; newRS?: any }> {
  const all = (await listAll(ctx, APPS('replicasets'), { namespace: d.metadata.namespace, labelSelector: selectorString(d.spec?.selector) })).filter(
    (rs) => controllerOf(rs)?.uid === d.metadata.uid,
  );
  const want = templateKey(d.spec?.template);
  const byAge = [...all].sort((a, b) => {
    const ta = Date.parse(a.metadata.creationTimestamp ?? '');
    const tb = Date.parse(b.metadata.creationTimestamp ?? '');
    return ta !== tb ? ta - tb : a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  });
  const newRS = byAge.find((rs) => templateKey(rs.spec?.template) === want);
  return { old: all.filter((rs) => rs !== newRS), newRS };
}

const rsList = (list: any[]) => list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ') || '<none>';

export async function describeDeployment(ctx: DescribeContext): Promise<string> {
  const d = await getObject(ctx, APPS('deployments'));
  const events = await eventsFor(ctx, d, 'Deployment');
  let rss: { old: any[]; newRS?: any } = { old: [] };
  try {
    rss = await replicaSetsOf(ctx, d);
  } catch {
    // Upstream describes the Deployment without its ReplicaSets when listing them fails.
  }
  return tabbedString((w) => {
    const s = d.status ?? {};
    w.write(LEVEL_0, `Name:\t${d.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', d.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorString(d.spec?.selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${d.spec?.replicas ?? 0} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${d.spec?.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${d.spec?.minReadySeconds ?? 0}\n`);
    const ru = d.spec?.strategy?.rollingUpdate;
    if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`);
    describePodTemplate(d.spec?.template, w);
    const conditions: any[] = s.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
    }
    if (rss.old.length > 0 || rss.newRS) {
      w.write(LEVEL_0, `OldReplicaSets:\t${rsList(rss.old)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${rsList(rss.newRS ? [rss.newRS] : [])}\n`);
    }
    if (events) describeEvents(events, w, ctx.now);
  });
}

export async function describeReplicaSet(ctx: DescribeContext): Promise<string> {
  const rs = await getObject(ctx, APPS('replicasets'));
  let counts: Awaited<ReturnType<typeof podStatusForController>> | undefined;
  let podErr: Error | undefined;
  try {
    counts = await podStatusForController(ctx, rs.metadata.namespace, rs.spec?.selector, rs.metadata.uid);
  } catch (err) {
    podErr = err as Error;
  }
  const events = await eventsFor(ctx, rs, 'ReplicaSet');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rs.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
    const controlledBy = printController(rs);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, 'Pods Status:\t');
    w.write(LEVEL_0, podErr ? `error in fetching pods: ${podErr.message}\n` : `${podsStatusText(counts!)}\n`);
    describePodTemplate(rs.spec?.template, w);
    const conditions: any[] = rs.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(LEVEL_1, '----\t------\t------\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
    }
    if (events) describeEvents(events, w, ctx.now);
  });
}
