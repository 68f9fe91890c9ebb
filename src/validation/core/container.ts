// Container validation of pkg/apis/core/validation (v1.25): names, images, ports, env, mounts,
// probes and resources, with kube's exact paths and messages.
import type { Container, ContainerPort, EnvFromSource, EnvVar, Probe, VolumeMount } from 'kubernetes-types/core/v1.js';
import { duplicate, FieldPath, forbidden, invalid, notFound, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isQualifiedName, isValidPortName, isValidPortNum } from '../names.js';
import { validateResourceRequirements } from './resources.js';

export const SUPPORTED_PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

export const dns1123Label = (v: string, path: FieldPath): FieldError[] => isDNS1123Label(v).map((m) => invalid(path, v, m));

/** ValidatePortNumOrName: an int-or-string port (probes, service targetPort). */
export function validatePortNumOrName(port: unknown, path: FieldPath): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => invalid(path, port, m));
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(path, port, m));
  return [{ type: 'InternalError', field: path.toString(), detail: `unknown type: ${typeof port}` }];
}

function validateContainerPorts(ports: ContainerPort[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const ip = path.index(i);
    if (p.name) {
      const msgs = isValidPortName(p.name);
      if (msgs.length) errs.push(...msgs.map((m) => invalid(ip.child('name'), p.name, m)));
      else if (names.has(p.name)) errs.push(duplicate(ip.child('name'), p.name));
      else names.add(p.name);
    }
    if (!p.containerPort) errs.push(required(ip.child('containerPort'), ''));
    else errs.push(...isValidPortNum(p.containerPort).map((m) => invalid(ip.child('containerPort'), p.containerPort, m)));
    if (p.hostPort) errs.push(...isValidPortNum(p.hostPort).map((m) => invalid(ip.child('hostPort'), p.hostPort, m)));
    if (!p.protocol) errs.push(required(ip.child('protocol'), ''));
    else if (!SUPPORTED_PORT_PROTOCOLS.includes(p.protocol)) errs.push(notSupported(ip.child('protocol'), p.protocol, SUPPORTED_PORT_PROTOCOLS));
  });
  return errs;
}

const envFieldPaths = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.podIP', 'status.podIPs'];

function validateKeySelector(sel: { name?: string; key: string } , path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (sel.name) errs.push(...isDNS1123Subdomain(sel.name).map((m) => invalid(path.child('name'), sel.name, m)));
  if (!sel.key) errs.push(required(path.child('key'), ''));
  else errs.push(...isConfigMapKey(sel.key).map((m) => invalid(path.child('key'), sel.key, m)));
  return errs;
}

function validateEnvVarValueFrom(ev: EnvVar, path: FieldPath): FieldError[] {
  const from = ev.valueFrom;
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef) {
    sources++;
    const fp = path.child('fieldRef');
    const ref = from.fieldRef;
    if (!ref.apiVersion) errs.push(required(fp.child('apiVersion'), ''));
    else if (!ref.fieldPath) errs.push(required(fp.child('fieldPath'), ''));
    else {
      const m = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(ref.fieldPath);
      if (m) errs.push(...isQualifiedName(m[1] === 'metadata.annotations' ? m[2]!.toLowerCase() : m[2]!).map((x) => invalid(fp, m[2], x)));
      else if (!envFieldPaths.includes(ref.fieldPath)) errs.push(notSupported(fp.child('fieldPath'), ref.fieldPath, envFieldPaths));
    }
  }
  if (from.resourceFieldRef) {
    sources++;
    if (!from.resourceFieldRef.resource) errs.push(required(path.child('resourceFieldRef', 'resource'), ''));
  }
  if (from.configMapKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.configMapKeyRef, path.child('configMapKeyRef')));
  }
  if (from.secretKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.secretKeyRef, path.child('secretKeyRef')));
  }
  if (sources === 0) errs.push(invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if (ev.value) errs.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  else if (sources > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  return errs;
}

export function validateEnv(env: EnvVar[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  env.forEach((ev, i) => {
    const ip = path.index(i);
    if (!ev.name) errs.push(required(ip.child('name'), ''));
    else errs.push(...isEnvVarName(ev.name).map((m) => invalid(ip.child('name'), ev.name, m)));
    errs.push(...validateEnvVarValueFrom(ev, ip.child('valueFrom')));
  });
  return errs;
}

function validateEnvFrom(envFrom: EnvFromSource[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  envFrom.forEach((ef, i) => {
    const ip = path.index(i);
    if (ef.prefix) errs.push(...isEnvVarName(ef.prefix).map((m) => invalid(ip.child('prefix'), ef.prefix, m)));
    let sources = 0;
    for (const key of ['configMapRef', 'secretRef'] as const) {
      const ref = ef[key];
      if (!ref) continue;
      sources++;
      if (!ref.name) errs.push(required(ip.child(key, 'name'), ''));
      else errs.push(...isDNS1123Subdomain(ref.name).map((m) => invalid(ip.child(key, 'name'), ref.name, m)));
    }
    if (sources === 0) errs.push(invalid(ip, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(invalid(ip, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateVolumeMounts(mounts: VolumeMount[], volumes: Set<string>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  mounts.forEach((m, i) => {
    const ip = path.index(i);
    if (!m.name) errs.push(required(ip.child('name'), ''));
    if (!volumes.has(m.name)) errs.push(notFound(ip.child('name'), m.name));
    if (!m.mountPath) errs.push(required(ip.child('mountPath'), ''));
    if (seen.has(m.mountPath)) errs.push(invalid(ip.child('mountPath'), m.mountPath, 'must be unique'));
    seen.add(m.mountPath);
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, ip.child('subPath')));
    if (m.mountPropagation && !['None', 'HostToContainer', 'Bidirectional'].includes(m.mountPropagation))
      errs.push(notSupported(ip.child('mountPropagation'), m.mountPropagation, ['Bidirectional', 'HostToContainer', 'None']));
  });
  return errs;
}

/** validateLocalDescendingPath: relative, no '..' element (subPath, volume item paths). */
export function validateLocalDescendingPath(p: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (p.startsWith('/')) errs.push(invalid(path, p, 'must be a relative path'));
  if (p.split(/[\\/]/).includes('..')) errs.push(invalid(path, p, "must not contain '..'"));
  return errs;
}

const handlerKeys = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

function validateProbe(probe: Probe | undefined, path: FieldPath): FieldError[] {
  if (!probe) return [];
  const errs: FieldError[] = [];
  let handlers = 0;
  for (const k of handlerKeys) {
    const h = probe[k];
    if (!h) continue;
    if (handlers > 0) {
      errs.push(forbidden(path.child(k), 'may not specify more than 1 handler type'));
      continue;
    }
    handlers++;
    if (k === 'exec' && !probe.exec?.command?.length) errs.push(required(path.child('exec', 'command'), ''));
    if (k === 'httpGet') errs.push(...validatePortNumOrName(probe.httpGet!.port, path.child('httpGet', 'port')));
    if (k === 'tcpSocket') errs.push(...validatePortNumOrName(probe.tcpSocket!.port, path.child('tcpSocket', 'port')));
    if (k === 'grpc') errs.push(...isValidPortNum(probe.grpc!.port).map((m) => invalid(path.child('grpc', 'port'), probe.grpc!.port, m)));
  }
  if (handlers === 0) errs.push(required(path, 'must specify a handler type'));
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds'] as const) {
    const v = probe[f];
    if (typeof v === 'number' && v < 0) errs.push(invalid(path.child(f), v, 'must be greater than or equal to 0'));
  }
  return errs;
}

const pullPolicies = ['Always', 'IfNotPresent', 'Never'];
const messagePolicies = ['File', 'FallbackToLogsOnError'];

/** Checks common to regular and init containers (validateContainerCommon). */
function validateContainer(c: Container, volumes: Set<string>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const namePath = path.child('name');
  if (!c.name) errs.push(required(namePath, ''));
  else errs.push(...dns1123Label(c.name, namePath));
  if (!c.image) errs.push(required(path.child('image'), ''));
  if (!c.terminationMessagePolicy) errs.push(required(path.child('terminationMessagePolicy'), ''));
  else if (!messagePolicies.includes(c.terminationMessagePolicy))
    errs.push(notSupported(path.child('terminationMessagePolicy'), c.terminationMessagePolicy, messagePolicies));
  errs.push(...validateProbe(c.livenessProbe, path.child('livenessProbe')));
  errs.push(...validateProbe(c.readinessProbe, path.child('readinessProbe')));
  errs.push(...validateProbe(c.startupProbe, path.child('startupProbe')));
  if (c.livenessProbe && c.livenessProbe.successThreshold !== undefined && c.livenessProbe.successThreshold !== 1)
    errs.push(invalid(path.child('livenessProbe', 'successThreshold'), c.livenessProbe.successThreshold, 'must be 1'));
  if (c.startupProbe && c.startupProbe.successThreshold !== undefined && c.startupProbe.successThreshold !== 1)
    errs.push(invalid(path.child('startupProbe', 'successThreshold'), c.startupProbe.successThreshold, 'must be 1'));
  errs.push(...validateContainerPorts(c.ports ?? [], path.child('ports')));
  errs.push(...validateEnv(c.env ?? [], path.child('env')));
  errs.push(...validateEnvFrom(c.envFrom ?? [], path.child('envFrom')));
  errs.push(...validateVolumeMounts(c.volumeMounts ?? [], volumes, path.child('volumeMounts')));
  if (!c.imagePullPolicy) errs.push(required(path.child('imagePullPolicy'), ''));
  else if (!pullPolicies.includes(c.imagePullPolicy)) errs.push(notSupported(path.child('imagePullPolicy'), c.imagePullPolicy, pullPolicies));
  errs.push(...validateResourceRequirements(c.resources, path.child('resources')));
  return errs;
}

/** Host ports must be unique across the pod per hostIP/protocol (AccumulateUniqueHostPorts). */
function checkHostPortConflicts(containers: Container[], path: FieldPath, seen: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((p, pi) => {
      if (!p.hostPort) return;
      const key = `${p.hostIP ?? ''}/${p.protocol ?? ''}/${p.hostPort}`;
      if (seen.has(key)) errs.push(duplicate(path.index(ci).child('ports').index(pi).child('hostPort'), key));
      else seen.add(key);
    });
  });
  return errs;
}

export function validateContainers(containers: Container[] | undefined, volumes: Set<string>, path: FieldPath): FieldError[] {
  if (!containers?.length) return [required(path, '')];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const ip = path.index(i);
    errs.push(...validateContainer(c, volumes, ip));
    if (names.has(c.name)) errs.push(duplicate(ip.child('name'), c.name));
    else names.add(c.name);
  });
  errs.push(...checkHostPortConflicts(containers, path, new Set()));
  return errs;
}

/** Init containers: the same checks, names unique against app containers too, no lifecycle or probes. */
export function validateInitContainers(inits: Container[] | undefined, apps: Container[] | undefined, volumes: Set<string>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!inits?.length) return errs;
  const names = new Set((apps ?? []).map((c) => c.name));
  inits.forEach((c, i) => {
    const ip = path.index(i);
    errs.push(...validateContainer(c, volumes, ip));
    if (names.has(c.name)) errs.push(duplicate(ip.child('name'), c.name));
    if (c.name) names.add(c.name);
    for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const)
      if (c[f]) errs.push(invalid(ip.child(f), '', 'must not be set for init containers'));
  });
  errs.push(...checkHostPortConflicts(inits, path, new Set()));
  return errs;
}

/** validateContainersOnlyForPod: images of real pods may not carry surrounding whitespace. */
export function validateContainerImagesForPod(containers: Container[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (containers ?? []).forEach((c, i) => {
    if (c.image && c.image.trim().length !== c.image.length)
      errs.push(invalid(path.index(i).child('image'), c.image, 'must not have leading or trailing whitespace'));
  });
  return errs;
}
