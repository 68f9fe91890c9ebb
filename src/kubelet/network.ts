// Addresses for simulated nodes: each node's InternalIP, its pod CIDR (a /24 out of 10.64.0.0/10,
// room for 16,384 nodes), and pod IPs handed out from that CIDR the way a host-local IPAM plugin
// does: unique while the pod's sandbox lives, free again once the pod has finished or gone.

export const MAX_NODES = 1 << 14;

const ipToInt = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const intToIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** The pod CIDR of node number `index`: 10.64.0.0/24, 10.64.1.0/24, … 10.127.255.0/24. */
export function nodePodCIDR(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_NODES) throw new Error(`node index ${index} out of range (at most ${MAX_NODES} simulated nodes)`);
  return `${intToIp(ipToInt('10.64.0.0') + index * 256)}/24`;
}

/** The InternalIP of node number `index`, from 172.16.0.0/12 (skipping .0 and .1). */
export function nodeInternalIP(index: number): string {
  return intToIp(ipToInt('172.16.0.0') + index + 2);
}

/** Whether `ip` lies inside the IPv4 `cidr`. */
export function inCIDR(ip: string, cidr: string): boolean {
  const [net, bits] = cidr.split('/');
  if (!net || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return false;
  const size = 2 ** (32 - Number(bits));
  const start = ipToInt(net);
  const n = ipToInt(ip);
  return n >= start && n < start + size;
}

/**
 * Pod IPs of one node: the network address and the gateway (.1) are never handed out, nor the
 * broadcast address. Allocation is by pod uid, so asking twice for the same pod gives the same IP.
 * The scan from a moving cursor is bounded by the CIDR size (254 for a /24), so O(1) per pod.
 */
export class PodIPPool {
  private readonly start: number;
  private readonly size: number;
  private readonly used = new Set<number>();
  private readonly byUid = new Map<string, number>();
  private cursor = 0;

  constructor(readonly cidr: string) {
    const [net, bits] = cidr.split('/');
    const prefix = Number(bits);
    if (!net || !/^\d+\.\d+\.\d+\.\d+$/.test(net) || !(prefix >= 8 && prefix <= 30)) throw new Error(`unsupported pod CIDR ${cidr}`);
    this.start = ipToInt(net);
    // Offsets 2 … size-2: .0 is the network, .1 the bridge, the last the broadcast address.
    this.size = Math.min(2 ** (32 - prefix), 65_536);
  }

  /** The pod's IP, allocating one if it has none; undefined when the pool is exhausted. */
  allocate(uid: string): string | undefined {
    const have = this.byUid.get(uid);
    if (have !== undefined) return intToIp(this.start + have);
    const slots = this.size - 3;
    for (let i = 0; i < slots; i++) {
      const off = 2 + ((this.cursor + i) % slots);
      if (this.used.has(off)) continue;
      this.cursor = (off - 2 + 1) % slots;
      this.used.add(off);
      this.byUid.set(uid, off);
      return intToIp(this.start + off);
    }
    return undefined;
  }

  /** Record an IP the pod already has (after a restart); false if it is outside the pool or taken by another pod. */
  reserve(uid: string, ip: string): boolean {
    if (!inCIDR(ip, this.cidr)) return false;
    const off = ipToInt(ip) - this.start;
    if (off < 2 || off > this.size - 2) return false;
    if (this.byUid.get(uid) === off) return true;
    if (this.used.has(off) || this.byUid.has(uid)) return false;
    this.used.add(off);
    this.byUid.set(uid, off);
    return true;
  }

  release(uid: string): void {
    const off = this.byUid.get(uid);
    if (off === undefined) return;
    this.byUid.delete(uid);
    this.used.delete(off);
  }

  get inUse(): number {
    return this.used.size;
  }
}
