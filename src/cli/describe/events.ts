// Events of a described object (core/v1 events, as kubectl 1.25 reads them) and the Events table.
import { humanDuration } from '../../machinery/format.js';
import { CORE, type DescribeContext } from './context.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './writer.js';

export interface EventRef {
  name: string;
  namespace: string;
  /** Left out of the selector when empty (the Pod describer clears it). */
  kind?: string;
  uid?: string;
}

/** searchEvents: a field-selector list of core/v1 events about `ref`, followed through `continue`. */
export async function searchEvents(ctx: DescribeContext, ref: EventRef): Promise<any[] | undefined> {
  const terms = [`involvedObject.name=${ref.name}`, `involvedObject.namespace=${ref.namespace}`];
  if (ref.kind) terms.push(`involvedObject.kind=${ref.kind}`);
  if (ref.uid) terms.push(`involvedObject.uid=${ref.uid}`);
  const items: any[] = [];
  let cont: string | undefined;
  try {
    do {
      const page = await ctx.rest.resource(CORE('events')).list({
        namespace: ref.namespace,
        fieldSelector: terms.join(','),
        limit: ctx.chunkSize > 0 ? ctx.chunkSize : undefined,
        continue: cont,
      });
      items.push(...page.items);
      cont = page.metadata?.continue || undefined;
    } while (cont);
  } catch {
    // Describers ignore a failed event search, as upstream's `events, _ = searchEvents(...)`.
  }
  return items;
}

/** Events of an object whose reference comes from its own metadata. */
export function eventsFor(ctx: DescribeContext, obj: any, kind: string | undefined): Promise<any[] | undefined> {
  if (!ctx.showEvents) return Promise.resolve(undefined);
  return searchEvents(ctx, { name: obj.metadata.name, namespace: obj.metadata.namespace ?? '', kind, uid: obj.metadata.uid });
}

const since = (ts: string | undefined | null, now: Date): string => {
  if (!ts) return '<unknown>';
  const t = Date.parse(ts);
  if (Number.isNaN(t) || t <= -62135596800000) return '<unknown>';
  return humanDuration(now.getTime() - t);
};

/** DescribeEvents: `Events:\t<none>`, or a flushed table sorted by last timestamp. */
export function describeEvents(events: any[], w: PrefixWriter, now: Date): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const ts = (e: any) => (e.lastTimestamp ? Date.parse(e.lastTimestamp) : -Infinity);
  const sorted = [...events].sort((a, b) => ts(a) - ts(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    let first = since(e.eventTime, now);
    if (!e.eventTime) first = since(e.firstTimestamp, now);
    let interval: string;
    if (e.series) interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    else interval = first;
    const source = e.source?.component || e.reportingComponent || '';
    w.write(LEVEL_1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${String(e.message ?? '').trim()}\n`);
  }
}
