// The Namespace describer: status, conditions, then its ResourceQuotas and LimitRanges.
import { isNotFound } from '../../client/rest.js';
import { CORE, getObject, listAll, type DescribeContext } from './context.js';
import { byString, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './format.js';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './writer.js';

const SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating: 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

/** A list, or undefined when the server does not serve the resource (NotFound). */
async function listOrMissing(ctx: DescribeContext, resource: string, namespace: string): Promise<any[] | undefined> {
  try {
    return await listAll(ctx, CORE(resource), { namespace });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

function describeResourceQuotas(quotas: any[], w: PrefixWriter): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const q of [...quotas].sort((a, b) => byString(a.metadata.name, b.metadata.name))) {
    w.write(LEVEL_1, `Name:\t${q.metadata.name}\n`);
    const scopes: string[] = [...(q.spec?.scopes ?? [])].sort(byString);
    if (scopes.length > 0) {
      w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) if (SCOPE_HELP[s]) w.write(LEVEL_1, `* ${SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard: Record<string, string> = q.status?.hard ?? {};
    for (const r of Object.keys(hard).sort(byString)) w.write(LEVEL_1, `${r}\t${q.status?.used?.[r] ?? '0'}\t${hard[r]}\n`);
  }
}

function describeLimitRanges(ranges: any[], w: PrefixWriter): void {
  if (ranges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of ranges) {
    for (const item of lr.spec?.limits ?? []) {
      const names = new Set<string>();
      for (const m of [item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio]) for (const k of Object.keys(m ?? {})) names.add(k);
      for (const k of names) {
        const v = (m: any) => m?.[k] ?? '-';
        w.write(LEVEL_0, ` ${item.type}\t${k}\t${v(item.min)}\t${v(item.max)}\t${v(item.defaultRequest)}\t${v(item.default)}\t${v(item.maxLimitRequestRatio)}\n`);
      }
    }
  }
}

export async function describeNamespace(ctx: DescribeContext): Promise<string> {
  const ns = await getObject(ctx, CORE('namespaces'));
  const quotas = await listOrMissing(ctx, 'resourcequotas', ns.metadata.name);
  const limits = await listOrMissing(ctx, 'limitranges', ns.metadata.name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', ns.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
    const conditions: any[] = ns.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    if (quotas) {
      w.write(LEVEL_0, '\n');
      describeResourceQuotas(quotas, w);
    }
    if (limits) {
      w.write(LEVEL_0, '\n');
      describeLimitRanges(limits, w);
    }
  });
}
