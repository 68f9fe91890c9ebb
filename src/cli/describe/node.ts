// The Node describer: lease, conditions, capacity, system info, the non-terminated pods on the node
// with their requests and limits as shares of the allocatable, and the node's events.
import { addQuantities, formatQuantity, parseQuantity, type Quantity } from '../../api/core/quantity.js';
import { NODE_LEASE_NAMESPACE } from '../../api/core/wellknown.js';
import { ageOf } from '../../machinery/format.js';
import { CORE, getObject, listAll, type DescribeContext } from './context.js';
import { describeEvents, searchEvents } from './events.js';
import { byString, printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline, rfc1123z } from './format.js';
import { LEVEL_0, LEVEL_1, tabbedString } from './writer.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const r = k.slice(ROLE_PREFIX.length);
      if (r) roles.add(r);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].sort(byString);
}

type ResourceList = Map<string, Quantity>;

function add(into: ResourceList, list: Record<string, string> | undefined): void {
  for (const [k, v] of Object.entries(list ?? {})) {
    const q = parseQuantity(v);
    if (!q) continue;
    const prev = into.get(k);
    into.set(k, prev ? addQuantities(prev, q) : q);
  }
}

function max(into: ResourceList, list: Record<string, string> | undefined): void {
  for (const [k, v] of Object.entries(list ?? {})) {
    const q = parseQuantity(v);
    if (!q) continue;
    const prev = into.get(k);
    if (!prev || q.nano > prev.nano) into.set(k, q);
  }
}

/** PodRequestsAndLimits (1.25): containers summed, init containers as a floor, plus the overhead. */
function podRequestsAndLimits(pod: any): { reqs: ResourceList; limits: ResourceList } {
  const reqs: ResourceList = new Map();
  const limits: ResourceList = new Map();
  for (const c of pod.spec?.containers ?? []) {
    add(reqs, c.resources?.requests);
    add(limits, c.resources?.limits);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    max(reqs, c.resources?.requests);
    max(limits, c.resources?.limits);
  }
  if (pod.spec?.overhead) {
    add(reqs, pod.spec.overhead);
    for (const [k, v] of Object.entries(pod.spec.overhead as Record<string, string>)) {
      const q = parseQuantity(v);
      const prev = limits.get(k);
      if (q && prev) limits.set(k, addQuantities(prev, q));
    }
  }
  return { reqs, limits };
}

const ZERO: Quantity = { nano: 0n, format: 'DecimalSI' };
const str = (q: Quantity | undefined) => formatQuantity(q ?? ZERO);
const milli = (q: Quantity | undefined) => Number(((q ?? ZERO).nano + 999_999n) / 1_000_000n);
const value = (q: Quantity | undefined) => Number(((q ?? ZERO).nano + 999_999_999n) / 1_000_000_000n);
/** int64(float64(a)/float64(b)*100), 0 when b is 0 (the totals guard against it). */
const pct = (a: number, b: number) => (b === 0 ? 0 : Math.trunc((a / b) * 100));

export async function describeNode(ctx: DescribeContext): Promise<string> {
  const node = await getObject(ctx, CORE('nodes'));
  const name = node.metadata.name;
  let pods: any[] | undefined;
  try {
    pods = await listAll(ctx, CORE('pods'), { fieldSelector: `spec.nodeName=${name},status.phase!=Failed,status.phase!=Succeeded` });
  } catch (err) {
    if ((err as { code?: number }).code !== 403) throw err;
  }
  let events: any[] | undefined;
  if (ctx.showEvents) {
    // Controllers file node events under the node's uid, kubelets under its name.
    events = [...((await searchEvents(ctx, { name, namespace: '', kind: 'Node', uid: node.metadata.uid })) ?? []), ...((await searchEvents(ctx, { name, namespace: '', kind: 'Node', uid: name })) ?? [])];
  }
  let lease: any;
  let leaseErr: Error | undefined;
  try {
    lease = await ctx.rest.resource({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases' }).get(name, NODE_LEASE_NAMESPACE);
  } catch (err) {
    leaseErr = err as Error;
  }
  return tabbedString((w) => {
    const st = node.status ?? {};
    const spec = node.spec ?? {};
    w.write(LEVEL_0, `Name:\t${name}\n`);
    const roles = nodeRoles(node.metadata.labels);
    w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', node.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
    printTaintsMultiline(w, 'Taints', spec.taints);
    w.write(LEVEL_0, `Unschedulable:\t${!!spec.unschedulable}\n`);
    if (lease) {
      w.write(LEVEL_0, 'Lease:\n');
      w.write(LEVEL_1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
      w.write(LEVEL_1, `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`);
      w.write(LEVEL_1, `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`);
    } else {
      w.write(LEVEL_0, `Lease:\tFailed to get lease: ${leaseErr?.message ?? ''}\n`);
    }
    const conditions: any[] = st.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(LEVEL_1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
      }
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of st.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    const printList = (list: Record<string, string>) => {
      for (const k of Object.keys(list).sort(byString)) w.write(LEVEL_0, `  ${k}:\t${list[k]}\n`);
    };
    if (Object.keys(st.capacity ?? {}).length > 0) {
      w.write(LEVEL_0, 'Capacity:\n');
      printList(st.capacity);
    }
    if (Object.keys(st.allocatable ?? {}).length > 0) {
      w.write(LEVEL_0, 'Allocatable:\n');
      printList(st.allocatable);
    }
    const info = st.nodeInfo ?? {};
    w.write(LEVEL_0, 'System Info:\n');
    w.write(LEVEL_0, `  Machine ID:\t${info.machineID ?? ''}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info.systemUUID ?? ''}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info.bootID ?? ''}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info.kernelVersion ?? ''}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info.osImage ?? ''}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info.operatingSystem ?? ''}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info.architecture ?? ''}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info.kubeletVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ''}\n`);
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if ((spec.podCIDRs ?? []).length > 0) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    if (!pods) {
      w.write(LEVEL_0, 'Pods:\tnot authorized\n');
    } else {
      const allocRaw: Record<string, string> = Object.keys(st.allocatable ?? {}).length > 0 ? st.allocatable : (st.capacity ?? {});
      const alloc: ResourceList = new Map();
      add(alloc, allocRaw);
      w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
      w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
      w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
      const totalReqs: ResourceList = new Map();
      const totalLimits: ResourceList = new Map();
      for (const pod of pods) {
        const { reqs, limits } = podRequestsAndLimits(pod);
        const cr = reqs.get('cpu');
        const cl = limits.get('cpu');
        const mr = reqs.get('memory');
        const ml = limits.get('memory');
        const ac = milli(alloc.get('cpu'));
        const am = value(alloc.get('memory'));
        w.write(
          LEVEL_1,
          `${pod.metadata.namespace}\t${pod.metadata.name}\t\t${str(cr)} (${pct(milli(cr), ac)}%)\t${str(cl)} (${pct(milli(cl), ac)}%)\t${str(mr)} (${pct(value(mr), am)}%)\t${str(ml)} (${pct(value(ml), am)}%)\t${ageOf(pod.metadata.creationTimestamp, ctx.now)}\n`,
        );
        for (const [k, q] of reqs) totalReqs.set(k, totalReqs.has(k) ? addQuantities(totalReqs.get(k)!, q) : q);
        for (const [k, q] of limits) totalLimits.set(k, totalLimits.has(k) ? addQuantities(totalLimits.get(k)!, q) : q);
      }
      w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
      w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
      w.write(LEVEL_1, '--------\t--------\t------\n');
      const row = (res: string, conv: (q: Quantity | undefined) => number) => {
        const r = totalReqs.get(res);
        const l = totalLimits.get(res);
        const a = conv(alloc.get(res));
        w.write(LEVEL_1, `${res}\t${str(r)} (${pct(conv(r), a)}%)\t${str(l)} (${pct(conv(l), a)}%)\n`);
      };
      row('cpu', milli);
      row('memory', value);
      row('ephemeral-storage', value);
      const names = [...alloc.keys()];
      for (const res of names.filter((n) => n.startsWith('hugepages-')).sort(byString)) row(res, value);
      const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);
      for (const res of names.filter((n) => !n.startsWith('hugepages-') && !standard.has(n)).sort(byString)) {
        w.write(LEVEL_1, `${res}\t${str(totalReqs.get(res))}\t${str(totalLimits.get(res))}\n`);
      }
    }
    if (events) describeEvents(events, w, ctx.now);
  });
}
