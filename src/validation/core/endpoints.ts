// Endpoints validation (ValidateEndpoints of v1.25): every subset has addresses; addresses are IPs
// (not unspecified or link-local) and ports are named when there are several.
import type { EndpointAddress, Endpoints } from 'kubernetes-types/core/v1.js';
import { FieldPath, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { isDNS1123Subdomain, isValidIP, isValidPortNum } from '../names.js';
import { dns1123Label, SUPPORTED_PORT_PROTOCOLS } from './container.js';
import { ipv4ToNumber } from './service.js';

/**
 * ValidateNonSpecialIP without its loopback rule: Kubette's process runtime may give pods loopback
 * addresses, and endpoints must be able to point at them.
 */
function validateNonSpecialIP(ip: string, path: FieldPath): FieldError[] {
  const n = ipv4ToNumber(ip);
  if (ip === '0.0.0.0' || ip === '::') return [invalid(path, ip, 'may not be unspecified (0.0.0.0)')];
  if (n !== undefined && n >>> 16 === (169 << 8) + 254) return [invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16)')];
  if (/^fe[89ab]/i.test(ip)) return [invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16)')];
  if (n !== undefined && n >>> 8 === (224 << 16)) return [invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24)')];
  return [];
}

function validateAddress(a: EndpointAddress, path: FieldPath): FieldError[] {
  const errs = isValidIP(a.ip ?? '').map((m) => invalid(path.child('ip'), a.ip ?? '', m));
  if (a.hostname) errs.push(...dns1123Label(a.hostname, path.child('hostname')));
  if (a.nodeName) errs.push(...isDNS1123Subdomain(a.nodeName).map((m) => invalid(path.child('nodeName'), a.nodeName, m)));
  if (errs.length === 0) errs.push(...validateNonSpecialIP(a.ip, path.child('ip')));
  return errs;
}

export function validateEndpoints(ep: Endpoints): FieldError[] {
  const errs: FieldError[] = [];
  (ep.subsets ?? []).forEach((ss, i) => {
    const ip = FieldPath.root('subsets').index(i);
    if (!ss.addresses?.length && !ss.notReadyAddresses?.length) errs.push(required(ip, 'must specify `addresses` or `notReadyAddresses`'));
    (ss.addresses ?? []).forEach((a, j) => errs.push(...validateAddress(a, ip.child('addresses').index(j))));
    (ss.notReadyAddresses ?? []).forEach((a, j) => errs.push(...validateAddress(a, ip.child('notReadyAddresses').index(j))));
    const ports = ss.ports ?? [];
    ports.forEach((p, j) => {
      const pp = ip.child('ports').index(j);
      if (ports.length > 1 && !p.name) errs.push(required(pp.child('name'), ''));
      else if (p.name) errs.push(...dns1123Label(p.name, pp.child('name')));
      errs.push(...isValidPortNum(p.port).map((m) => invalid(pp.child('port'), p.port, m)));
      if (!p.protocol) errs.push(required(pp.child('protocol'), ''));
      else if (!SUPPORTED_PORT_PROTOCOLS.includes(p.protocol)) errs.push(notSupported(pp.child('protocol'), p.protocol, SUPPORTED_PORT_PROTOCOLS));
    });
  });
  return errs;
}
