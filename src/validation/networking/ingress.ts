// Ingress validation (pkg/apis/networking/validation, v1.25), including the relaxations upstream
// grants on update to objects that were stored before a rule tightened.
import type { HTTPIngressPath, Ingress, IngressBackend, IngressRule } from 'kubernetes-types/networking/v1.js';
import { FieldPath, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { goLiteral } from '../meta.js';
import { isDNS1035Label, isDNS1123Subdomain, isPathSegmentName, isValidIP, isValidPortName, isValidPortNum, isWildcardDNS1123Subdomain } from '../names.js';

const pathTypes = ['Exact', 'ImplementationSpecific', 'Prefix'];
const invalidPathSequences = ['//', '/./', '/../', '%2f', '%2F'];
const invalidPathSuffixes = ['/..', '/.'];
const classAnnotation = 'kubernetes.io/ingress.class';

interface Options {
  allowInvalidSecretName: boolean;
  allowInvalidWildcardHostRule: boolean;
}

function validateBackend(b: IngressBackend, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const hasResource = b.resource !== undefined && b.resource !== null;
  const hasService = b.service !== undefined && b.service !== null;
  if (hasResource && hasService) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (hasResource) {
    const r = b.resource!;
    const rp = path.child('resource');
    if (r.apiGroup !== undefined && r.apiGroup !== null)
      for (const m of isDNS1123Subdomain(r.apiGroup)) errs.push(invalid(rp.child('apiGroup'), r.apiGroup, m));
    if (!r.kind) errs.push(required(rp.child('kind'), 'kind is required'));
    else for (const m of isPathSegmentName(r.kind)) errs.push(invalid(rp.child('kind'), r.kind, m));
    if (!r.name) errs.push(required(rp.child('name'), 'name is required'));
    else for (const m of isPathSegmentName(r.name)) errs.push(invalid(rp.child('name'), r.name, m));
    return errs;
  }
  if (!hasService) return [invalid(path, '', 'resource or service backend is required')];
  const svc = b.service!;
  if (!svc.name) errs.push(required(path.child('service', 'name')));
  else for (const m of isDNS1035Label(svc.name)) errs.push(invalid(path.child('service', 'name'), svc.name, m));
  const portName = svc.port?.name ?? '';
  const portNumber = svc.port?.number ?? 0;
  if (portName && portNumber) errs.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName) for (const m of isValidPortName(portName)) errs.push(invalid(path.child('service', 'port', 'name'), portName, m));
  else if (portNumber) for (const m of isValidPortNum(portNumber)) errs.push(invalid(path.child('service', 'port', 'number'), portNumber, m));
  else errs.push(required(path, 'port name or number is required'));
  return errs;
}

function validatePath(p: HTTPIngressPath, path: FieldPath): FieldError[] {
  if (p.pathType === undefined || p.pathType === null) return [required(path.child('pathType'), 'pathType must be specified')];
  const errs: FieldError[] = [];
  const text = p.path ?? '';
  switch (p.pathType) {
    case 'Exact':
    case 'Prefix':
      if (!text.startsWith('/')) errs.push(invalid(path.child('path'), text, 'must be an absolute path'));
      if (text.length > 0) {
        for (const seq of invalidPathSequences) if (text.includes(seq)) errs.push(invalid(path.child('path'), text, `must not contain '${seq}'`));
        for (const suf of invalidPathSuffixes) if (text.endsWith(suf)) errs.push(invalid(path.child('path'), text, `cannot end with '${suf}'`));
      }
      break;
    case 'ImplementationSpecific':
      if (text.length > 0 && !text.startsWith('/')) errs.push(invalid(path.child('path'), text, 'must be an absolute path'));
      break;
    default:
      errs.push(notSupported(path.child('pathType'), p.pathType, pathTypes));
  }
  errs.push(...validateBackend(p.backend ?? {}, path.child('backend')));
  return errs;
}

function validateRuleValue(rule: IngressRule, path: FieldPath): FieldError[] {
  if (!rule.http) return [];
  const hp = path.child('http');
  const paths = rule.http.paths ?? [];
  const errs = paths.length === 0 ? [required(hp.child('paths'))] : [];
  paths.forEach((p, i) => errs.push(...validatePath(p, hp.child('paths').index(i))));
  return errs;
}

function validateRules(rules: IngressRule[], path: FieldPath, opts: Options): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((rule, i) => {
    const host = rule.host ?? '';
    const hostPath = path.index(i).child('host');
    let wildcard = false;
    if (host.length > 0) {
      if (isValidIP(host).length === 0) errs.push(invalid(hostPath, host, 'must be a DNS name, not an IP address'));
      if (host.includes('*')) {
        for (const m of isWildcardDNS1123Subdomain(host)) errs.push(invalid(hostPath, host, m));
        wildcard = true;
      } else {
        for (const m of isDNS1123Subdomain(host)) errs.push(invalid(hostPath, host, m));
      }
    }
    if (!wildcard || !opts.allowInvalidWildcardHostRule) errs.push(...validateRuleValue(rule, path.index(i)));
  });
  return errs;
}

function validateSpec(ing: Ingress, opts: Options): FieldError[] {
  const spec = ing.spec ?? {};
  const p = FieldPath.root('spec');
  const errs: FieldError[] = [];
  const rules = spec.rules ?? [];
  if (rules.length === 0 && !spec.defaultBackend)
    errs.push(invalid(p, goLiteral(spec.rules ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)'), 'either `defaultBackend` or `rules` must be specified'));
  if (spec.defaultBackend) errs.push(...validateBackend(spec.defaultBackend, p.child('defaultBackend')));
  if (rules.length > 0) errs.push(...validateRules(rules, p.child('rules'), opts));
  (spec.tls ?? []).forEach((tls, i) => {
    const tp = p.child('tls').index(i);
    (tls.hosts ?? []).forEach((host, j) => {
      const check = host.includes('*') ? isWildcardDNS1123Subdomain : isDNS1123Subdomain;
      for (const m of check(host)) errs.push(invalid(tp.child('hosts').index(j), host, m));
    });
    if (!opts.allowInvalidSecretName && tls.secretName)
      for (const m of isDNS1123Subdomain(tls.secretName)) errs.push(invalid(tp.child('secretName'), tls.secretName, m));
  });
  if (spec.ingressClassName !== undefined && spec.ingressClassName !== null)
    for (const m of isDNS1123Subdomain(spec.ingressClassName)) errs.push(invalid(p.child('ingressClassName'), spec.ingressClassName, m));
  return errs;
}

/** status.loadBalancer: addresses reported by the ingress controller. */
function validateStatus(ing: Ingress): FieldError[] {
  const errs: FieldError[] = [];
  const base = FieldPath.root('status').child('loadBalancer', 'ingress');
  (ing.status?.loadBalancer?.ingress ?? []).forEach((lb, i) => {
    const p = base.index(i);
    if (lb.ip) for (const m of isValidIP(lb.ip)) errs.push(invalid(p.child('ip'), lb.ip, m));
    if (lb.hostname) {
      for (const m of isDNS1123Subdomain(lb.hostname)) errs.push(invalid(p.child('hostname'), lb.hostname, m));
      if (isValidIP(lb.hostname).length === 0) errs.push(invalid(p.child('hostname'), lb.hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}

export function validateIngress(ing: Ingress): FieldError[] {
  const errs = validateSpec(ing, { allowInvalidSecretName: false, allowInvalidWildcardHostRule: false });
  const annotation = ing.metadata?.annotations?.[classAnnotation];
  const className = ing.spec?.ingressClassName;
  if (annotation !== undefined && className !== undefined && className !== null && annotation !== className)
    errs.push(invalid(FieldPath.root('annotations').child(classAnnotation), annotation, 'must match `ingressClassName` when both are specified'));
  return [...errs, ...validateStatus(ing)];
}

export function validateIngressUpdate(ing: Ingress, old: Ingress): FieldError[] {
  const oldSpec = old.spec ?? {};
  const opts: Options = {
    // Objects stored before these rules existed stay updatable.
    allowInvalidSecretName: (oldSpec.tls ?? []).some((t) => !!t.secretName && isDNS1123Subdomain(t.secretName).length > 0),
    allowInvalidWildcardHostRule: (oldSpec.rules ?? []).some((r) => (r.host ?? '').includes('*') && validateRuleValue(r, FieldPath.root('')).length > 0),
  };
  return [...validateSpec(ing, opts), ...validateStatus(ing)];
}
