// A simulated pod's life as data, kwok-style: each stage names the state it applies to, how long
// after entering that state it fires, and what it produces (a new status, or the final delete).
// The state is read back from the pod's own status, so a restarted process picks up where it left.
// Stages are tried in order; the first that applies to the pod's state (and whose `when` holds) wins.
import type { ContainerStatus, Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import { rfc3339 } from '../controllers/common/pods.js';
import { runningStatus, terminatedStatus, waitingStatus, withContainers } from './podstatus.js';
import type { RunSpec } from './runspec.js';
import type { NodeInfo } from './runtime.js';

/**
 * bound: on the node, nothing started. creating: containers waiting (ContainerCreating or
 * PodInitializing). running: all containers running. exited: some container terminated, the pod
 * not finished (it will restart). backoff: waiting in CrashLoopBackOff. terminating: deleted while
 * containers run. killed: deleted, nothing running. done: Succeeded or Failed.
 */
export type PodSimState = 'bound' | 'creating' | 'running' | 'exited' | 'backoff' | 'terminating' | 'killed' | 'done';

export interface StageEnv {
  now: Date;
  node: NodeInfo;
  /** What the pod declared it runs (runspec.ts); undefined: it runs until deleted. */
  run: RunSpec | undefined;
  /** The pod's IP from its node's CIDR, allocated on first use; throws when the node has none left. */
  podIP(): string;
}

export interface Stage {
  name: string;
  from: PodSimState;
  when?: (pod: Pod, env: StageEnv) => boolean;
  /** Clock milliseconds after the pod entered `from`. */
  delayMs: (pod: Pod, env: StageEnv) => number;
  next: { status: (pod: Pod, env: StageEnv) => PodStatus } | { delete: true };
}

export function podSimState(pod: Pod): PodSimState {
  const cs = (pod.status?.containerStatuses ?? []) as ContainerStatus[];
  if (pod.metadata?.deletionTimestamp) return cs.some((s) => s.state?.running) ? 'terminating' : 'killed';
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return 'done';
  if (cs.length === 0) return 'bound';
  if (cs.some((s) => s.state?.waiting?.reason === 'CrashLoopBackOff')) return 'backoff';
  if (cs.some((s) => s.state?.waiting)) return 'creating';
  if (cs.some((s) => s.state?.terminated)) return 'exited';
  return 'running';
}

const latest = (times: (string | undefined)[]): number | undefined => {
  const ms = times.filter((t): t is string => !!t).map((t) => Date.parse(t));
  return ms.length ? Math.max(...ms) : undefined;
};

/** When the pod entered `state`, as its status records it (whole seconds); undefined where it does not. */
export function stateSince(pod: Pod, state: PodSimState): number | undefined {
  const cs = (pod.status?.containerStatuses ?? []) as ContainerStatus[];
  switch (state) {
    case 'creating':
      return latest([pod.status?.startTime]);
    case 'running':
      return latest(cs.map((s) => s.state?.running?.startedAt));
    case 'exited':
      return latest(cs.map((s) => s.state?.terminated?.finishedAt));
    case 'backoff':
      return latest(cs.map((s) => s.lastState?.terminated?.finishedAt));
    default:
      return undefined;
  }
}

const restarts = (pod: Pod) => Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
const prev = (pod: Pod, name: string) => (pod.status?.containerStatuses ?? []).find((s) => s.name === name);

/**
 * The kubelet's crash-loop back-off before restart number k+1: the first restart is immediate,
 * then 10 s doubling up to 5 min. (The kubelet keeps this per container in memory and resets it
 * after 10 min without a crash; here it follows restartCount, which the pod carries.)
 */
export function crashBackoffMs(restartCount: number): number {
  return restartCount < 1 ? 0 : Math.min(10_000 * 2 ** (restartCount - 1), 300_000);
}

/** Go's Duration.String for whole seconds: 10s, 1m20s, 5m0s, 1h0m0s. */
export function goDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h) return `${h}h${m}m${s % 60}s`;
  if (m) return `${m}m${s % 60}s`;
  return `${s}s`;
}

// What each stage produces.

function creating(pod: Pod, env: StageEnv): PodStatus {
  const inits = pod.spec?.initContainers ?? [];
  // With init containers, everything waits for them (the kubelet's default reason is then PodInitializing).
  const reason = inits.length ? 'PodInitializing' : 'ContainerCreating';
  const statuses = (pod.spec?.containers ?? []).map((c) => waitingStatus(c, reason));
  const initStatuses = inits.map((c) => waitingStatus(c, 'PodInitializing'));
  return withContainers(pod, env.now, statuses, initStatuses, { hostIP: env.node.internalIP, startTime: rfc3339(env.now) });
}

function started(pod: Pod, env: StageEnv): PodStatus {
  const ip = env.podIP();
  const initStatuses = (pod.spec?.initContainers ?? []).map((c) => terminatedStatus(c, 0, env.now, undefined, true));
  const statuses = (pod.spec?.containers ?? []).map((c) => runningStatus(c, env.now, prev(pod, c.name)));
  return withContainers(pod, env.now, statuses, initStatuses, { podIP: ip, podIPs: [{ ip }] });
}

function exited(pod: Pod, env: StageEnv): PodStatus {
  const code = env.run?.exitCode ?? 0;
  return withContainers(pod, env.now, (pod.spec?.containers ?? []).map((c) => terminatedStatus(c, code, env.now, prev(pod, c.name))));
}

function restarted(pod: Pod, env: StageEnv): PodStatus {
  return withContainers(pod, env.now, (pod.spec?.containers ?? []).map((c) => runningStatus(c, env.now, prev(pod, c.name), true)));
}

function backingOff(pod: Pod, env: StageEnv): PodStatus {
  const m = pod.metadata ?? {};
  const statuses = (pod.spec?.containers ?? []).map((c): ContainerStatus => {
    const s = prev(pod, c.name)!;
    const message = `back-off ${goDuration(crashBackoffMs(s.restartCount))} restarting failed container=${c.name} pod=${m.name}_${m.namespace}(${m.uid})`;
    return { ...s, state: { waiting: { reason: 'CrashLoopBackOff', message } }, lastState: { terminated: s.state!.terminated! }, ready: false, started: false };
  });
  return withContainers(pod, env.now, statuses);
}

/** Deleted: running containers stop at once and cleanly (a simulated process honours SIGTERM). */
function killed(pod: Pod, env: StageEnv): PodStatus {
  const statuses = (pod.spec?.containers ?? []).map((c) => {
    const s = prev(pod, c.name);
    return s?.state?.running ? terminatedStatus(c, 0, env.now, s) : (s ?? waitingStatus(c, 'ContainerCreating'));
  });
  return withContainers(pod, env.now, statuses);
}

const now0 = () => 0;

/** The default life of a pod on a simulated node. */
export const defaultStages: Stage[] = [
  { name: 'create', from: 'bound', delayMs: now0, next: { status: creating } },
  // About the time a kubelet takes to set up the sandbox and start the containers.
  { name: 'start', from: 'creating', delayMs: () => 1000, next: { status: started } },
  { name: 'exit', from: 'running', when: (_, env) => env.run !== undefined, delayMs: (_, env) => env.run!.durationMs, next: { status: exited } },
  { name: 'restart', from: 'exited', when: (pod) => crashBackoffMs(restarts(pod)) === 0, delayMs: now0, next: { status: restarted } },
  { name: 'crash-loop-back-off', from: 'exited', delayMs: now0, next: { status: backingOff } },
  { name: 'restart-after-back-off', from: 'backoff', delayMs: (pod) => crashBackoffMs(restarts(pod)), next: { status: restarted } },
  { name: 'kill', from: 'terminating', delayMs: now0, next: { status: killed } },
  { name: 'delete', from: 'killed', delayMs: now0, next: { delete: true } },
];
