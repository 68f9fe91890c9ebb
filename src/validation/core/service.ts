// Service validation (ValidateService / ValidateServiceUpdate of v1.25) for a single-stack IPv4
// cluster, including the range checks kube's IP and node-port allocators make.
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { duplicate, FieldPath, forbidden, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { goLiteral, goQuote, goStringSlice, validateLabels } from '../meta.js';
import { isDNS1123Subdomain, isQualifiedName, isValidIP, isValidPortNum } from '../names.js';
import { dns1123Label, SUPPORTED_PORT_PROTOCOLS, validatePortNumOrName } from './container.js';

export const SERVICE_CIDR = '10.96.0.0/12';
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const ipFamilyPolicies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const spec = FieldPath.root('spec');

export const isHeadless = (svc: Service) => svc.spec?.clusterIP === 'None';

/** The dotted-quad as a 32-bit number, or undefined for anything that is not plain IPv4. */
export function ipv4ToNumber(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

const cidrBase = ipv4ToNumber('10.96.0.0')!;
const cidrSize = 1 << 20;

/** Inside 10.96.0.0/12, excluding its network and broadcast addresses (what the allocator can hand out). */
export function inServiceCIDR(ip: string): boolean {
  const n = ipv4ToNumber(ip);
  return n !== undefined && n > cidrBase && n < cidrBase + cidrSize - 1;
}

/** Go's %#v of a core.ServicePort, as the duplicate (protocol, port) error prints its key. */
function servicePortKey(p: ServicePort): unknown {
  return goLiteral(
    `core.ServicePort{Name:"", Protocol:${goQuote(p.protocol)}, AppProtocol:(*string)(nil), Port:${p.port ?? 0}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  );
}

function validateServicePort(p: ServicePort, requireName: boolean, names: Set<string>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(required(path.child('name'), ''));
  else if (p.name) {
    errs.push(...dns1123Label(p.name, path.child('name')));
    if (names.has(p.name)) errs.push(duplicate(path.child('name'), p.name));
    else names.add(p.name);
  }
  errs.push(...isValidPortNum(p.port ?? 0).map((m) => invalid(path.child('port'), p.port ?? 0, m)));
  if (!p.protocol) errs.push(required(path.child('protocol'), ''));
  else if (!SUPPORTED_PORT_PROTOCOLS.includes(p.protocol)) errs.push(notSupported(path.child('protocol'), p.protocol, SUPPORTED_PORT_PROTOCOLS));
  errs.push(...validatePortNumOrName(p.targetPort, path.child('targetPort')));
  if (p.appProtocol !== undefined) errs.push(...isQualifiedName(p.appProtocol).map((m) => invalid(path.child('appProtocol'), p.appProtocol, m)));
  return errs;
}

/** ValidateServiceClusterIPsRelatedFields, for a cluster that serves IPv4 only. */
function validateClusterIPFields(svc: Service): FieldError[] {
  const s = svc.spec ?? {};
  if (s.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ipsPath = spec.child('clusterIPs');
  const ips = s.clusterIPs ?? [];
  if (s.clusterIP) {
    if (ips.length === 0) errs.push(required(ipsPath, ''));
    else if (ips[0] !== s.clusterIP) errs.push(invalid(ipsPath, goStringSlice(ips), 'first value must match `clusterIP`'));
  } else if (ips.length) {
    errs.push(invalid(ipsPath, goStringSlice(ips), 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  (s.ipFamilies ?? []).forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') errs.push(notSupported(spec.child('ipFamilies').index(i), f, ['IPv4', 'IPv6']));
    else if (f !== 'IPv4') errs.push(invalid(spec.child('ipFamilies').index(i), f, 'not configured on this cluster'));
    if (seen.has(f)) errs.push(duplicate(spec.child('ipFamilies').index(i), f));
    seen.add(f);
  });
  const policy = s.ipFamilyPolicy;
  if (policy !== undefined && policy !== null) {
    if (!ipFamilyPolicies.includes(policy)) errs.push(notSupported(spec.child('ipFamilyPolicy'), policy, ipFamilyPolicies));
    else if (policy === 'RequireDualStack') errs.push(invalid(spec.child('ipFamilyPolicy'), policy, 'this cluster is not configured for dual-stack services'));
  }
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) errs.push(invalid(ipsPath, goStringSlice(ips), "'None' must be the first and only value"));
      return;
    }
    errs.push(...isValidIP(ip).map((m) => invalid(ipsPath.index(i), ip, m)));
  });
  return errs;
}

export function validateService(svc: Service): FieldError[] {
  const s = svc.spec ?? {};
  const errs: FieldError[] = [];
  const ports = s.ports ?? [];
  const headless = isHeadless(svc);
  if (ports.length === 0 && !headless && s.type !== 'ExternalName') errs.push(required(spec.child('ports'), ''));
  if (s.type === 'LoadBalancer' && headless)
    errs.push(invalid(spec.child('clusterIPs').index(0), s.clusterIPs?.[0] ?? 'None', "may not be set to 'None' for LoadBalancer services"));
  if (s.type === 'NodePort' && headless)
    errs.push(invalid(spec.child('clusterIPs').index(0), s.clusterIPs?.[0] ?? 'None', "may not be set to 'None' for NodePort services"));
  if (s.type === 'ExternalName') {
    if (s.clusterIPs?.length) errs.push(forbidden(spec.child('clusterIPs'), 'may not be set for ExternalName services'));
    if (s.ipFamilies?.length) errs.push(forbidden(spec.child('ipFamilies'), 'may not be set for ExternalName services'));
    if (s.ipFamilyPolicy) errs.push(forbidden(spec.child('ipFamilyPolicy'), 'may not be set for ExternalName services'));
    // A trailing dot marks the CNAME as fully qualified.
    const cname = (s.externalName ?? '').replace(/\.$/, '');
    if (cname) errs.push(...isDNS1123Subdomain(cname).map((m) => invalid(spec.child('externalName'), cname, m)));
    else errs.push(required(spec.child('externalName'), ''));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, spec.child('ports').index(i))));
  if (s.selector) errs.push(...validateLabels(s.selector, spec.child('selector')));

  if (!s.sessionAffinity) errs.push(required(spec.child('sessionAffinity'), ''));
  else if (!['ClientIP', 'None'].includes(s.sessionAffinity)) errs.push(notSupported(spec.child('sessionAffinity'), s.sessionAffinity, ['ClientIP', 'None']));
  if (s.sessionAffinity === 'ClientIP') {
    const t = s.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    const tp = spec.child('sessionAffinityConfig', 'clientIP', 'timeoutSeconds');
    if (t === undefined || t === null) errs.push(required(tp, 'when session affinity type is ClientIP'));
    else if (t <= 0 || t > 86400) errs.push(invalid(tp, t, 'must be greater than 0 and less than 86400'));
  } else if (s.sessionAffinity === 'None' && s.sessionAffinityConfig) {
    errs.push(forbidden(spec.child('sessionAffinityConfig'), 'must not be set when session affinity is None'));
  }

  errs.push(...validateClusterIPFields(svc));
  (s.externalIPs ?? []).forEach((ip, i) => errs.push(...isValidIP(ip).map((m) => invalid(spec.child('externalIPs').index(i), ip, m))));

  if (!s.type) errs.push(required(spec.child('type'), ''));
  else if (!serviceTypes.includes(s.type)) errs.push(notSupported(spec.child('type'), s.type, serviceTypes));
  if (s.type === 'ClusterIP')
    ports.forEach((p, i) => {
      if (p.nodePort) errs.push(forbidden(spec.child('ports').index(i).child('nodePort'), "may not be used when `type` is 'ClusterIP'"));
    });

  const nodePorts = new Set<string>();
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const pp = spec.child('ports').index(i);
    if (p.nodePort) {
      const key = `${p.protocol}/${p.nodePort}`;
      if (nodePorts.has(key)) errs.push(duplicate(pp.child('nodePort'), p.nodePort));
      nodePorts.add(key);
    }
    const key = `${p.protocol}/${p.port}`;
    if (portKeys.has(key)) errs.push(duplicate(pp, servicePortKey(p)));
    portKeys.add(key);
  });

  const etp = s.externalTrafficPolicy;
  if (etp && etp !== 'Cluster' && etp !== 'Local')
    errs.push(invalid(spec.child('externalTrafficPolicy'), etp, 'ExternalTrafficPolicy must be empty, Cluster or Local'));
  if (s.type !== 'LoadBalancer' && s.type !== 'NodePort' && etp)
    errs.push(invalid(spec.child('externalTrafficPolicy'), etp, 'ExternalTrafficPolicy can only be set on NodePort and LoadBalancer service'));
  if (s.healthCheckNodePort && !(s.type === 'LoadBalancer' && etp === 'Local'))
    errs.push(invalid(spec.child('healthCheckNodePort'), s.healthCheckNodePort, 'HealthCheckNodePort can only be set on LoadBalancer service with ExternalTrafficPolicy=Local'));
  // Required for the IP-based types only; a value is checked on every type (ExternalName tolerates one).
  const itp = s.internalTrafficPolicy;
  if (!itp && (s.type === 'ClusterIP' || s.type === 'NodePort' || s.type === 'LoadBalancer')) errs.push(required(spec.child('internalTrafficPolicy'), ''));
  else if (itp && itp !== 'Cluster' && itp !== 'Local') errs.push(notSupported(spec.child('internalTrafficPolicy'), itp, ['Cluster', 'Local']));

  // What kube's allocators reject after validation passed.
  const first = s.clusterIPs?.[0];
  if (errs.length === 0 && first && first !== 'None' && !inServiceCIDR(first))
    errs.push(
      invalid(
        spec.child('clusterIPs'),
        goStringSlice(s.clusterIPs),
        `failed to allocate IP ${first}: the provided IP (${first}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`,
      ),
    );
  const outOfRange = (p: number) => p < NODE_PORT_MIN || p > NODE_PORT_MAX;
  const rangeMsg = `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`;
  if (s.type === 'NodePort' || s.type === 'LoadBalancer') {
    ports.forEach((p, i) => {
      if (p.nodePort && outOfRange(p.nodePort)) errs.push(invalid(spec.child('ports').index(i).child('nodePort'), p.nodePort, rangeMsg));
    });
    if (s.healthCheckNodePort && outOfRange(s.healthCheckNodePort)) errs.push(invalid(spec.child('healthCheckNodePort'), s.healthCheckNodePort, rangeMsg));
  }
  return errs;
}

/** validateUpgradeDowngradeClusterIPs: the primary cluster IP never changes once allocated. */
function validateClusterIPsUpdate(svc: Service, old: Service): FieldError[] {
  if (svc.spec?.type === 'ExternalName' || old.spec?.type === 'ExternalName') return [];
  if (isHeadless(svc) && isHeadless(old)) return [];
  const ips = svc.spec?.clusterIPs ?? [];
  const oldIps = old.spec?.clusterIPs ?? [];
  const p0 = spec.child('clusterIPs').index(0);
  const errs: FieldError[] = [];
  if (oldIps.length === ips.length) {
    oldIps.forEach((ip, i) => {
      if (ip !== ips[i]) errs.push(invalid(spec.child('clusterIPs').index(i), goStringSlice(ips), 'may not change once set'));
    });
  } else if (oldIps.length > ips.length) {
    if (ips.length === 0) errs.push(invalid(p0, goStringSlice(ips), 'primary clusterIP can not be unset'));
    if (oldIps.length && ips.length && ips[0] !== oldIps[0]) errs.push(invalid(p0, goStringSlice(ips), 'may not change once set'));
    if (ips.length === 1 && svc.spec?.ipFamilyPolicy !== 'SingleStack')
      errs.push(invalid(p0, goStringSlice(ips), "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP"));
  } else if (oldIps.length && ips[0] !== oldIps[0]) {
    errs.push(invalid(p0, goStringSlice(ips), 'may not change once set'));
  }
  return errs;
}

export function validateServiceUpdate(svc: Service, old: Service): FieldError[] {
  return [...validateClusterIPsUpdate(svc, old), ...validateService(svc)];
}
