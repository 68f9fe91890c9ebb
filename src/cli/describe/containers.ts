// The Containers / Init Containers sections of Pod and pod-template descriptions (1.25 layout:
// ports without names, no seccomp lines).
import { parseQuantity } from '../../api/core/quantity.js';
import { byString, goSlice, intOrString, printBool, rfc1123z, stringOrNone } from './format.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './writer.js';

/** Resolves a fieldRef env var to its value for a real pod; absent for pod templates. */
export type EnvResolver = ((fieldPath: string) => string) | undefined;

export function describeContainers(label: string, containers: any[], statuses: any[] | undefined, resolve: EnvResolver, w: PrefixWriter, space: string): void {
  const byName = new Map<string, any>((statuses ?? []).map((s) => [s.name, s]));
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const status = byName.get(c.name);
    describeBasicInfo(c, status, space, w);
    describeCommand(c, w);
    if (status) describeState(status, w);
    describeResources(c.resources, w, LEVEL_2);
    describeProbes(c, w);
    if ((c.envFrom ?? []).length > 0) describeEnvFrom(c, w);
    describeEnv(c, resolve, w);
    describeMounts(c, w);
  }
}

function describeBasicInfo(c: any, status: any, space: string, w: PrefixWriter): void {
  w.write(LEVEL_1, `${space ? ' ' : ''}${c.name}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(LEVEL_2, `Image:\t${c.image ?? ''}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
  const ports: any[] = c.ports ?? [];
  const portString = ports.map((p) => `${p.containerPort ?? 0}/${p.protocol ?? ''}`).join(', ');
  if (portString.includes(',')) w.write(LEVEL_2, `Ports:\t${portString}\n`);
  else w.write(LEVEL_2, `Port:\t${stringOrNone(portString)}\n`);
  const hostPortString = ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? ''}`).join(', ');
  if (hostPortString.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPortString}\n`);
  else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPortString)}\n`);
}

function describeCommand(c: any, w: PrefixWriter): void {
  for (const [title, list] of [
    ['Command', c.command],
    ['Args', c.args],
  ] as [string, string[] | undefined][]) {
    if (!list || list.length === 0) continue;
    w.write(LEVEL_2, `${title}:\n`);
    for (const item of list) for (const s of item.split('\n')) w.write(LEVEL_3, `${s}\n`);
  }
}

export function describeResources(res: { limits?: Record<string, string>; requests?: Record<string, string> } | undefined, w: PrefixWriter, level: number): void {
  if (!res) return;
  for (const [title, list] of [
    ['Limits', res.limits],
    ['Requests', res.requests],
  ] as [string, Record<string, string> | undefined][]) {
    const names = Object.keys(list ?? {}).sort(byString);
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const n of names) w.write(level + 1, `${n}:\t${list![n]}\n`);
  }
}

function describeStatus(title: string, state: any, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${title}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${title}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${title}:\tWaiting\n`);
  }
}

function describeState(status: any, w: PrefixWriter): void {
  describeStatus('State', status.state, w);
  if (status.lastState?.terminated) describeStatus('Last State', status.lastState, w);
  w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
  w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
}

/** DescribeProbe: the handler, then delay/timeout/period and thresholds. */
export function describeProbe(p: any): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec ${goSlice(p.exec.command)} ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    const port = intOrString(g.port);
    const host = g.host ?? '';
    const hostPort = port.length > 0 ? (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`) : host;
    let path: string = g.path ?? '';
    if (path && !path.startsWith('/') && hostPort) path = '/' + path;
    return `http-get ${String(g.scheme ?? '').toLowerCase()}://${hostPort}${path} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${intOrString(p.tcpSocket.port)} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port ?? 0} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeProbes(c: any, w: PrefixWriter): void {
  if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
  if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
  if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
}

function describeEnvFrom(c: any, w: PrefixWriter): void {
  w.write(LEVEL_2, 'Environment Variables from:\n');
  for (const e of c.envFrom ?? []) {
    let from = '';
    let name = '';
    let optional = false;
    if (e.configMapRef) {
      from = 'ConfigMap';
      name = e.configMapRef.name ?? '';
      optional = !!e.configMapRef.optional;
    } else if (e.secretRef) {
      from = 'Secret';
      name = e.secretRef.name ?? '';
      optional = !!e.secretRef.optional;
    }
    if (!e.prefix) w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
    else w.write(LEVEL_3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
  }
}

/** ExtractContainerResourceValue: the container's limit or request divided by the divisor, rounded up. */
function containerResourceValue(ref: any, c: any): string {
  const [kind, resource] = String(ref.resource ?? '').split('.', 2) as [string, string];
  const list = kind === 'limits' ? c.resources?.limits : kind === 'requests' ? c.resources?.requests : undefined;
  if (!list || !['cpu', 'memory', 'ephemeral-storage'].includes(resource ?? '')) return kind === 'limits' || kind === 'requests' ? '0' : '';
  const q = parseQuantity(list[resource!] ?? '0')?.nano ?? 0n;
  let divisor = parseQuantity(ref.divisor ?? '0')?.nano ?? 0n;
  if (divisor === 0n) divisor = 1_000_000_000n;
  if (resource === 'cpu') {
    // math.Ceil(milli / divisorMilli)
    const milli = (q + 999_999n) / 1_000_000n;
    const dm = (divisor + 999_999n) / 1_000_000n;
    return String(Math.ceil(Number(milli) / Number(dm)));
  }
  const value = (q + 999_999_999n) / 1_000_000_000n;
  const dv = (divisor + 999_999_999n) / 1_000_000_000n;
  return String(Math.ceil(Number(value) / Number(dv)));
}

function describeEnv(c: any, resolve: EnvResolver, w: PrefixWriter): void {
  const env: any[] = c.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    if (!e.valueFrom) {
      String(e.value ?? '')
        .split('\n')
        .forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    const v = e.valueFrom;
    if (v.fieldRef) {
      const value = resolve ? resolve(v.fieldRef.fieldPath ?? '') : '';
      w.write(LEVEL_3, `${e.name}:\t${value} (${v.fieldRef.apiVersion ?? ''}:${v.fieldRef.fieldPath ?? ''})\n`);
    } else if (v.resourceFieldRef) {
      let value = containerResourceValue(v.resourceFieldRef, c);
      const r = v.resourceFieldRef.resource;
      if (value === '0' && (r === 'limits.cpu' || r === 'limits.memory')) value = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${value} (${r})\n`);
    } else if (v.secretKeyRef) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${v.secretKeyRef.key}' in secret '${v.secretKeyRef.name ?? ''}'>\tOptional: ${!!v.secretKeyRef.optional}\n`);
    } else if (v.configMapKeyRef) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${v.configMapKeyRef.key}' of config map '${v.configMapKeyRef.name ?? ''}'>\tOptional: ${!!v.configMapKeyRef.optional}\n`);
    }
  }
}

function describeMounts(c: any, w: PrefixWriter): void {
  const mounts: any[] = [...(c.volumeMounts ?? [])].sort((a, b) => byString(a.mountPath ?? '', b.mountPath ?? ''));
  const none = mounts.length === 0 ? '\t<none>' : '';
  w.write(LEVEL_2, `Mounts:${none}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  const devices: any[] = [...(c.volumeDevices ?? [])].sort((a, b) => byString(a.devicePath ?? '', b.devicePath ?? ''));
  if (devices.length > 0) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    for (const d of devices) w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
  }
}
