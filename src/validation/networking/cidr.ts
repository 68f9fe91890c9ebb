// CIDR parsing for NetworkPolicy ipBlocks: Go's net.ParseCIDR semantics, as big integers.
import { isValidIP } from '../names.js';

export interface Cidr {
  v6: boolean;
  /** Network address (host bits cleared). */
  network: bigint;
  /** The address as written, before masking. */
  ip: bigint;
  prefix: number;
}

function ipToBigInt(ip: string): bigint {
  if (!ip.includes(':')) return ip.split('.').reduce((n, p) => (n << 8n) | BigInt(Number.parseInt(p, 10)), 0n);
  let text = ip;
  const tail = text.slice(text.lastIndexOf(':') + 1);
  if (tail.includes('.')) {
    const v4 = ipToBigInt(tail);
    text = `${text.slice(0, text.lastIndexOf(':') + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const r = rest ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...Array<string>(8 - h.length - r.length).fill('0'), ...r];
  return groups.reduce((n, g) => (n << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}

/** Parses "a.b.c.d/n" or "x::y/n"; undefined when Go's ParseCIDR would fail. */
export function parseCIDR(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ipText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText) || isValidIP(ipText).length) return undefined;
  const v6 = ipText.includes(':');
  const bits = v6 ? 128 : 32;
  const prefix = Number(prefixText);
  if (prefix > bits) return undefined;
  const ip = ipToBigInt(ipText.includes(':') ? ipText : ipText.replace(/(^|\.)0+(\d)/g, '$1$2'));
  const mask = ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { v6, network: ip & mask, ip, prefix };
}

/** Whether `outer` contains the address of `inner` (net.IPNet.Contains). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.v6 !== inner.v6) return false;
  const bits = outer.v6 ? 128 : 32;
  const mask = ((1n << BigInt(outer.prefix)) - 1n) << BigInt(bits - outer.prefix);
  return (inner.network & mask) === outer.network;
}
