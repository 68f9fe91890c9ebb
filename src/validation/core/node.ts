// Node validation (ValidateNode / ValidateNodeUpdate of v1.25): taints, resources, pod CIDRs and the
// fields that may only be set once.
import type { Node } from 'kubernetes-types/core/v1.js';
import { duplicate, FieldPath, forbidden, invalid, type FieldError } from '../../machinery/fielderrors.js';
import { goStringSlice, goLiteral, goQuote } from '../meta.js';
import { validateResourceName, validateResourceQuantityValue } from './resources.js';
import { validateTaints } from './scheduling.js';

function isCIDR(v: string): boolean {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(v);
  if (m) return m[1]!.split('.').every((x) => Number(x) <= 255) && Number(m[2]) <= 32;
  const m6 = /^([0-9a-fA-F:]+)\/(\d{1,3})$/.exec(v);
  return !!m6 && m6[1]!.includes(':') && Number(m6[2]) <= 128;
}

function validateNodeResources(node: Node): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ['capacity', 'allocatable'] as const) {
    for (const [k, v] of Object.entries(node.status?.[field] ?? {})) {
      const path = FieldPath.root('status').child(field).key(k);
      errs.push(...validateResourceName(k, path), ...validateResourceQuantityValue(k, v, path));
    }
  }
  return errs;
}

export function validateNode(node: Node): FieldError[] {
  // Upstream reports taint errors under metadata.taints (its path starts from metadata); kept as is.
  const errs = validateTaints(node.spec?.taints, FieldPath.root('metadata').child('taints'));
  errs.push(...validateNodeResources(node));
  const cidrs = node.spec?.podCIDRs ?? [];
  cidrs.forEach((c, i) => {
    if (!isCIDR(c)) errs.push(invalid(FieldPath.root('spec').child('podCIDRs').index(i), goStringSlice(cidrs), 'must be valid CIDR'));
  });
  return errs;
}

const cidrMsg = 'node updates may not change podCIDR except from "" to valid';

export function validateNodeUpdate(node: Node, old: Node): FieldError[] {
  const errs = validateNode(node);
  const seen = new Set<string>();
  (node.status?.addresses ?? []).forEach((a, i) => {
    const key = `${a.type}/${a.address}`;
    if (seen.has(key))
      errs.push(duplicate(FieldPath.root('status').child('addresses').index(i), goLiteral(`core.NodeAddress{Type:${goQuote(a.type)}, Address:${goQuote(a.address)}}`)));
    seen.add(key);
  });
  const oldCidrs = old.spec?.podCIDRs ?? [];
  const cidrs = node.spec?.podCIDRs ?? [];
  if (oldCidrs.length) {
    if (oldCidrs.length !== cidrs.length) errs.push(forbidden(FieldPath.root('spec').child('podCIDRs'), cidrMsg));
    else oldCidrs.forEach((c, i) => c !== cidrs[i] && errs.push(forbidden(FieldPath.root('spec').child('podCIDRs'), cidrMsg)));
  }
  if (old.spec?.providerID && old.spec.providerID !== node.spec?.providerID)
    errs.push(forbidden(FieldPath.root('spec').child('providerID'), 'node updates may not change providerID except from "" to valid'));
  return errs;
}
