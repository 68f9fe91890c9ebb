// NetworkPolicy validation (pkg/apis/networking/validation, v1.25).
import type { IPBlock, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec } from 'kubernetes-types/networking/v1.js';
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { goStringSlice, validateLabelSelector } from '../meta.js';
import { isValidPortName, isValidPortNum } from '../names.js';
import { cidrContains, parseCIDR } from './cidr.js';

const protocols = ['TCP', 'UDP', 'SCTP'];
const policyTypes = ['Ingress', 'Egress'];

export function validateNetworkPolicyPort(port: NetworkPolicyPort, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (port.protocol !== undefined && port.protocol !== null && !protocols.includes(port.protocol))
    errs.push(notSupported(path.child('protocol'), port.protocol, protocols));
  const hasEnd = port.endPort !== undefined && port.endPort !== null;
  if (port.port === undefined || port.port === null) {
    if (hasEnd) errs.push(invalid(path.child('endPort'), port.endPort, 'may not be specified when `port` is not specified'));
  } else if (typeof port.port === 'number') {
    for (const m of isValidPortNum(port.port)) errs.push(invalid(path.child('port'), port.port, m));
    if (hasEnd) {
      if (port.endPort! < port.port) errs.push(invalid(path.child('endPort'), port.endPort, 'must be greater than or equal to `port`'));
      for (const m of isValidPortNum(port.endPort!)) errs.push(invalid(path.child('endPort'), port.endPort, m));
    }
  } else {
    if (hasEnd) errs.push(invalid(path.child('endPort'), port.endPort, 'may not be specified when `port` is non-numeric'));
    for (const m of isValidPortName(port.port)) errs.push(invalid(path.child('port'), port.port, m));
  }
  return errs;
}

function validateIPBlock(ipb: IPBlock, path: FieldPath): FieldError[] {
  if (!ipb.cidr) return [required(path.child('cidr'))];
  const cidr = parseCIDR(ipb.cidr);
  if (!cidr) return [invalid(path.child('cidr'), ipb.cidr, 'not a valid CIDR')];
  const errs: FieldError[] = [];
  for (const [i, text] of (ipb.except ?? []).entries()) {
    const p = path.child('except').index(i);
    const except = parseCIDR(text);
    if (!except) return [...errs, invalid(p, text, 'not a valid CIDR')];
    if (!cidrContains(cidr, except) || cidr.prefix >= except.prefix) errs.push(invalid(p, text, 'must be a strict subset of `cidr`'));
  }
  return errs;
}

function validatePeer(peer: NetworkPolicyPeer, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let peers = 0;
  if (peer.podSelector) {
    peers++;
    errs.push(...validateLabelSelector(peer.podSelector, path.child('podSelector')));
  }
  if (peer.namespaceSelector) {
    peers++;
    errs.push(...validateLabelSelector(peer.namespaceSelector, path.child('namespaceSelector')));
  }
  if (peer.ipBlock) {
    peers++;
    errs.push(...validateIPBlock(peer.ipBlock, path.child('ipBlock')));
  }
  if (peers === 0) errs.push(required(path, 'must specify a peer'));
  else if (peers > 1 && peer.ipBlock) errs.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return errs;
}

export function validateNetworkPolicy(np: NetworkPolicy): FieldError[] {
  const spec: Partial<NetworkPolicySpec> = np.spec ?? {};
  const p = FieldPath.root('spec');
  const errs = validateLabelSelector(spec.podSelector, p.child('podSelector'));
  (spec.ingress ?? []).forEach((rule, i) => {
    const rp = p.child('ingress').index(i);
    (rule.ports ?? []).forEach((port, j) => errs.push(...validateNetworkPolicyPort(port, rp.child('ports').index(j))));
    (rule.from ?? []).forEach((peer, j) => errs.push(...validatePeer(peer, rp.child('from').index(j))));
  });
  (spec.egress ?? []).forEach((rule, i) => {
    const rp = p.child('egress').index(i);
    (rule.ports ?? []).forEach((port, j) => errs.push(...validateNetworkPolicyPort(port, rp.child('ports').index(j))));
    (rule.to ?? []).forEach((peer, j) => errs.push(...validatePeer(peer, rp.child('to').index(j))));
  });
  const types = spec.policyTypes ?? [];
  if (types.length > policyTypes.length) {
    // Upstream passes a pointer to the slice, which prints as its address; show the Go slice instead.
    errs.push(invalid(p.child('policyTypes'), goStringSlice(types, '[]networking.PolicyType'), 'may not specify more than two policyTypes'));
    return errs;
  }
  types.forEach((t, i) => {
    if (!policyTypes.includes(t)) errs.push(notSupported(p.child('policyTypes').index(i), t, policyTypes));
  });
  return errs;
}
