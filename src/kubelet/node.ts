// The Node a v1.25 kubelet registers (initialNode + the status setters), for a simulated node:
// default labels, pod CIDR, capacity = allocatable, addresses, the four node conditions with the
// kubelet's reasons and messages, nodeInfo and the kubelet endpoint. Pure functions.
import { createHash } from 'node:crypto';
import type { Node, NodeCondition } from 'kubernetes-types/core/v1.js';
import { parseQuantity } from '../api/core/quantity.js';
import { rfc3339 } from '../controllers/common/pods.js';
import type { NodeInfo } from './runtime.js';

export const DEFAULT_CAPACITY: Readonly<Record<string, string>> = { cpu: '32', memory: '256Gi', pods: '110', 'ephemeral-storage': '100Gi' };

/** The port the kubelet serves on, advertised in status.daemonEndpoints. */
export const KUBELET_PORT = 10250;

/**
 * `--node-capacity cpu=32,memory=256Gi,pods=110`: resource names to quantities. Only what is given;
 * callers lay it over DEFAULT_CAPACITY. Throws on a malformed entry.
 */
export function parseNodeCapacity(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? '' : part.slice(0, eq).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!name || !value) throw new Error(`invalid node capacity entry ${JSON.stringify(part)}: want name=quantity`);
    if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name)) throw new Error(`invalid resource name ${JSON.stringify(name)}`);
    const q = parseQuantity(value);
    if (!q || q.nano < 0n) throw new Error(`invalid quantity ${JSON.stringify(value)} for ${name}`);
    out[name] = value;
  }
  return out;
}

type ConditionSpec = [type: string, status: string, reason: string, message: string];
/** A healthy node, as the kubelet's setters report it; in the order `kubectl describe node` shows. */
const HEALTHY: ConditionSpec[] = [
  ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
];

/** The conditions with a fresh heartbeat; a transition time moves only when the status changes. */
export function nodeConditions(now: Date, old: NodeCondition[] = []): NodeCondition[] {
  const t = rfc3339(now);
  return HEALTHY.map(([type, status, reason, message]) => {
    const prev = old.find((c) => c.type === type);
    const since = prev?.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : t;
    return { type, status, reason, message, lastHeartbeatTime: t, lastTransitionTime: since };
  });
}

const hex = (s: string) => createHash('sha256').update(s).digest('hex');
const uuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;

export function nodeLabels(name: string): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    type: 'kubette-sim',
  };
}

export function nodeStatus(n: NodeInfo, capacity: Record<string, string>, kubeletVersion: string, now: Date, old?: NodeCondition[]): NonNullable<Node['status']> {
  return {
    capacity: { ...capacity },
    allocatable: { ...capacity },
    conditions: nodeConditions(now, old),
    addresses: [
      { type: 'InternalIP', address: n.internalIP },
      { type: 'Hostname', address: n.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
    nodeInfo: {
      machineID: hex(`machine/${n.name}`).slice(0, 32),
      systemUUID: uuid(hex(`system/${n.name}`)),
      bootID: uuid(hex(`boot/${n.name}`)),
      kernelVersion: '5.15.0-kubette',
      osImage: 'Kubette simulated node',
      containerRuntimeVersion: 'containerd://1.6.8',
      kubeletVersion,
      kubeProxyVersion: kubeletVersion,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

/** The Node to create at registration. */
export function initialNode(n: NodeInfo, capacity: Record<string, string>, kubeletVersion: string, now: Date): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: nodeLabels(n.name),
      // The attach/detach controller, not the kubelet, attaches volumes (the kubelet's default).
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: { podCIDR: n.podCIDR, podCIDRs: [n.podCIDR] },
    status: nodeStatus(n, capacity, kubeletVersion, now),
  };
}
