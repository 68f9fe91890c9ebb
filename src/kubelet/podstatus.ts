// The pod status a v1.25 kubelet reports, as pure functions of the spec, the container statuses and
// the time: the phase (getPhase), the Initialized / Ready / ContainersReady / PodScheduled conditions
// (status/generate.go), and container statuses in each state with containerd-style image and
// container IDs. Simulated and real runtimes share these, so pods look the same whoever runs them.
import { createHash, randomBytes } from 'node:crypto';
import type { Container, ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import { rfc3339, setCondition } from '../controllers/common/pods.js';

export const terminalPhase = (phase: string | undefined) => phase === 'Succeeded' || phase === 'Failed';

const find = (list: ContainerStatus[], name: string) => list.find((s) => s.name === name);

/** The pod phase from its containers' states (kubelet getPhase of v1.25). */
export function podPhase(pod: Pod, inits: ContainerStatus[], statuses: ContainerStatus[]): string {
  let pendingInit = 0;
  let failedInit = 0;
  for (const c of pod.spec?.initContainers ?? []) {
    const s = find(inits, c.name);
    const st = s?.state;
    if (st?.terminated) {
      if (st.terminated.exitCode !== 0) failedInit++;
    } else if (st?.waiting && s?.lastState?.terminated) {
      if (s.lastState.terminated.exitCode !== 0) failedInit++;
    } else {
      pendingInit++;
    }
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of pod.spec?.containers ?? []) {
    const s = find(statuses, c.name);
    const st = s?.state;
    if (st?.running) running++;
    else if (st?.terminated) {
      stopped++;
      if (st.terminated.exitCode === 0) succeeded++;
    } else if (st?.waiting) {
      // A container waiting to restart has already run: it counts as stopped, not as never started.
      if (s?.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (failedInit > 0 && policy === 'Never') return 'Failed';
  if (pendingInit > 0 || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    return policy === 'Never' ? 'Failed' : 'Running';
  }
  return 'Pending';
}

/** Go's %s of a []string: "[a b]". */
const goList = (names: string[]) => `[${names.join(' ')}]`;

function containersReady(pod: Pod, phase: string, statuses: ContainerStatus[]): PodCondition {
  const unknown: string[] = [];
  const unready: string[] = [];
  for (const c of pod.spec?.containers ?? []) {
    const s = find(statuses, c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' };
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length) msgs.push(`containers with unready status: ${goList(unready)}`);
  if (msgs.length) return { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: msgs.join(', ') };
  return { type: 'ContainersReady', status: 'True' };
}

function podReady(pod: Pod, cr: PodCondition, conditions: PodCondition[]): PodCondition {
  if (cr.status !== 'True') return { ...cr, type: 'Ready' };
  const msgs: string[] = [];
  for (const g of pod.spec?.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === g.conditionType);
    if (!c) msgs.push(`corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`);
    else if (c.status !== 'True') msgs.push(`the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`);
  }
  if (msgs.length) return { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: msgs.join(', ') };
  return { type: 'Ready', status: 'True' };
}

function initialized(pod: Pod, phase: string, inits: ContainerStatus[]): PodCondition {
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    const s = find(inits, c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return { type: 'Initialized', status: 'True', reason: 'PodCompleted' };
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length) msgs.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (msgs.length) return { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: msgs.join(', ') };
  return { type: 'Initialized', status: 'True' };
}

/**
 * The kubelet-owned conditions merged into the existing ones: others (a scheduler's PodScheduled,
 * DisruptionTarget, readiness-gate conditions) are kept; a transition time moves only on a change.
 */
export function podConditions(pod: Pod, phase: string, inits: ContainerStatus[], statuses: ContainerStatus[], now: Date): PodCondition[] {
  const old = (pod.status?.conditions ?? []) as PodCondition[];
  const t = rfc3339(now);
  const cr = containersReady(pod, phase, statuses);
  let list = old;
  for (const c of [initialized(pod, phase, inits), podReady(pod, cr, old), cr]) list = setCondition(list, { ...c, lastTransitionTime: t });
  if (!list.some((c) => c.type === 'PodScheduled')) list = [...list, { type: 'PodScheduled', status: 'True', lastTransitionTime: t }];
  return list;
}

/** A reference as containerd reports it: "nginx" → "docker.io/library/nginx:latest". */
export function normalizeImage(image: string): string {
  let name = image;
  let ref = '';
  const at = name.indexOf('@');
  if (at >= 0) [name, ref] = [name.slice(0, at), name.slice(at)];
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (slash < 0) name = `docker.io/library/${name}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') name = `docker.io/${name}`;
  if (!ref && !/:[^/]+$/.test(name)) name += ':latest';
  return name + ref;
}

/** The image's digest reference, derived from its name so it is stable across pods. */
export function imageID(image: string): string {
  const norm = normalizeImage(image);
  if (norm.includes('@')) return norm;
  const repo = norm.replace(/:[^/:]+$/, '');
  return `${repo}@sha256:${createHash('sha256').update(norm).digest('hex')}`;
}

export const newContainerID = () => `containerd://${randomBytes(32).toString('hex')}`;

/** A container not started yet: image as in the spec, no ID. */
export function waitingStatus(c: Container, reason: string, prev?: ContainerStatus): ContainerStatus {
  return {
    name: c.name,
    state: { waiting: { reason } },
    lastState: prev?.lastState ?? {},
    ready: false,
    restartCount: prev?.restartCount ?? 0,
    image: c.image ?? '',
    imageID: '',
    started: false,
  };
}

/** A container (re)started at `now`; a restart carries the previous run in lastState. */
export function runningStatus(c: Container, now: Date, prev?: ContainerStatus, restart = false): ContainerStatus {
  const last: ContainerState = restart && prev?.state?.terminated ? { terminated: prev.state.terminated } : (prev?.lastState ?? {});
  return {
    name: c.name,
    state: { running: { startedAt: rfc3339(now) } },
    lastState: last,
    ready: true,
    restartCount: (prev?.restartCount ?? 0) + (restart ? 1 : 0),
    image: normalizeImage(c.image ?? ''),
    imageID: imageID(c.image ?? ''),
    containerID: newContainerID(),
    started: true,
  };
}

/**
 * A container that exited with `exitCode` at `now` (Completed for 0, Error otherwise). An init
 * container that succeeded counts as ready, which is what lets the pod become Initialized.
 */
export function terminatedStatus(c: Container, exitCode: number, now: Date, prev?: ContainerStatus, init = false): ContainerStatus {
  const id = prev?.containerID ?? newContainerID();
  return {
    name: c.name,
    state: {
      terminated: {
        exitCode,
        reason: exitCode === 0 ? 'Completed' : 'Error',
        startedAt: prev?.state?.running?.startedAt ?? rfc3339(now),
        finishedAt: rfc3339(now),
        containerID: id,
      },
    },
    lastState: prev?.lastState ?? {},
    ready: init && exitCode === 0,
    restartCount: prev?.restartCount ?? 0,
    image: normalizeImage(c.image ?? ''),
    imageID: imageID(c.image ?? ''),
    containerID: id,
    started: false,
  };
}

/** The status with new container statuses, its phase and conditions recomputed from them. */
export function withContainers(pod: Pod, now: Date, statuses: ContainerStatus[], inits?: ContainerStatus[], extra: Partial<PodStatus> = {}): PodStatus {
  const initStatuses = inits ?? ((pod.status?.initContainerStatuses ?? []) as ContainerStatus[]);
  const phase = podPhase(pod, initStatuses, statuses);
  const status: PodStatus = {
    ...(pod.status ?? {}),
    ...extra,
    phase,
    conditions: podConditions(pod, phase, initStatuses, statuses, now),
    containerStatuses: statuses,
  };
  if (pod.spec?.initContainers?.length) status.initContainerStatuses = initStatuses;
  return status;
}
