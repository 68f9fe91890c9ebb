// Resource arithmetic as the scheduler keeps it (framework.Resource): plain numbers, cpu in millicores
// and everything else in units, so filters and scores compare numbers instead of parsing quantities.
// A pod's request is max(sum of containers, each init container) + overhead, as upstream computes it.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { parseQuantity } from '../api/core/quantity.js';

export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Allocatable "pods"; unused in requests. */
  allowedPodNumber: number;
  /** Extended resources, hugepages-*, attachable-volumes-*: whole units. */
  scalar?: Map<string, number>;
}

type ResourceList = Record<string, unknown> | undefined;

// Every Resource has the same shape (scalar included), which keeps the filters' property reads monomorphic.
export const emptyResource = (): Resource => ({ milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: undefined });

// schedutil.DefaultMilliCPURequest / DefaultMemoryRequest: what a container without a request counts
// as when spreading by score, so many request-less pods do not pile onto one node.
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const NANO_PER_MILLI = 1_000_000n;
const NANO_PER_UNIT = 1_000_000_000n;

/** Quantity.MilliValue / Value: rounded up, as resource.Quantity does. */
function scaled(v: unknown, per: bigint): number {
  const q = parseQuantity(v);
  if (!q) return 0;
  const d = q.nano / per;
  return Number(q.nano % per > 0n ? d + 1n : d);
}
export const milliValue = (v: unknown) => scaled(v, NANO_PER_MILLI);
export const unitValue = (v: unknown) => scaled(v, NANO_PER_UNIT);

/** v1helper.IsExtendedResourceName: namespaced by a domain that is not kubernetes.io. */
export function isExtendedResourceName(name: string): boolean {
  return name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.');
}

/** schedutil.IsScalarResourceName. */
export function isScalarResourceName(name: string): boolean {
  return isExtendedResourceName(name) || name.startsWith('hugepages-') || name.startsWith('attachable-volumes-');
}

function valueOf(name: string, q: unknown): number {
  return name === 'cpu' ? milliValue(q) : unitValue(q);
}

/** Resource.Add. */
export function addList(r: Resource, list: ResourceList): void {
  if (!list) return;
  for (const [name, q] of Object.entries(list)) {
    const v = valueOf(name, q);
    switch (name) {
      case 'cpu':
        r.milliCPU += v;
        break;
      case 'memory':
        r.memory += v;
        break;
      case 'ephemeral-storage':
        r.ephemeralStorage += v;
        break;
      case 'pods':
        r.allowedPodNumber += v;
        break;
      default:
        if (isScalarResourceName(name)) (r.scalar ??= new Map()).set(name, (r.scalar.get(name) ?? 0) + v);
    }
  }
}

/** Resource.SetMaxResource: each resource becomes the larger of the two. */
function setMax(r: Resource, list: ResourceList): void {
  if (!list) return;
  for (const [name, q] of Object.entries(list)) {
    const v = valueOf(name, q);
    switch (name) {
      case 'cpu':
        r.milliCPU = Math.max(r.milliCPU, v);
        break;
      case 'memory':
        r.memory = Math.max(r.memory, v);
        break;
      case 'ephemeral-storage':
        r.ephemeralStorage = Math.max(r.ephemeralStorage, v);
        break;
      default:
        if (isScalarResourceName(name)) (r.scalar ??= new Map()).set(name, Math.max(r.scalar.get(name) ?? 0, v));
    }
  }
}

export function resourceFromList(list: ResourceList): Resource {
  const r = emptyResource();
  addList(r, list);
  return r;
}

export interface PodRequests {
  /** What the pod reserves (filters, balanced allocation). */
  res: Resource;
  /** cpu and memory with the defaults for containers that request nothing (least-allocated score). */
  nonZeroCPU: number;
  nonZeroMem: number;
}

const requests = (c: { resources?: { requests?: ResourceList } }) => c.resources?.requests as ResourceList;

/** computePodResourceRequest and NodeInfo's calculateResource. */
export function podRequests(pod: Pod): PodRequests {
  const res = emptyResource();
  let nonZeroCPU = 0;
  let nonZeroMem = 0;
  for (const c of pod.spec?.containers ?? []) {
    const req = requests(c);
    addList(res, req);
    nonZeroCPU += req && 'cpu' in req ? milliValue(req['cpu']) : DEFAULT_MILLI_CPU_REQUEST;
    nonZeroMem += req && 'memory' in req ? unitValue(req['memory']) : DEFAULT_MEMORY_REQUEST;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const req = requests(c);
    setMax(res, req);
    nonZeroCPU = Math.max(nonZeroCPU, req && 'cpu' in req ? milliValue(req['cpu']) : DEFAULT_MILLI_CPU_REQUEST);
    nonZeroMem = Math.max(nonZeroMem, req && 'memory' in req ? unitValue(req['memory']) : DEFAULT_MEMORY_REQUEST);
  }
  const overhead = pod.spec?.overhead as ResourceList;
  if (overhead) {
    addList(res, overhead);
    if ('cpu' in overhead) nonZeroCPU += milliValue(overhead['cpu']);
    if ('memory' in overhead) nonZeroMem += unitValue(overhead['memory']);
  }
  return { res, nonZeroCPU, nonZeroMem };
}

/** Add (sign 1) or subtract (sign -1) a pod's request from a node's running total. */
export function accumulate(total: Resource, r: Resource, sign: 1 | -1): void {
  total.milliCPU += sign * r.milliCPU;
  total.memory += sign * r.memory;
  total.ephemeralStorage += sign * r.ephemeralStorage;
  if (!r.scalar) return;
  total.scalar ??= new Map();
  for (const [k, v] of r.scalar) total.scalar.set(k, (total.scalar.get(k) ?? 0) + sign * v);
}
