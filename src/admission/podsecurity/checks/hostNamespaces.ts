// Baseline: the pod must not share the host's network, PID or IPC namespace.
import { ALLOWED, forbid, type Check, type CheckPodFn } from './check.js';

const FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const; // upstream's order in the detail

const v1_0: CheckPodFn = (_meta, spec) => {
  const shared = FIELDS.filter((f) => spec[f] === true);
  if (!shared.length) return ALLOWED;
  return forbid(
    'host namespaces',
    shared.map((f) => `${f}=true`).join(', '),
    shared.map((f) => ({ field: `spec.${f}`, action: 'set to false' })),
  );
};

export const hostNamespaces: Check = { id: 'hostNamespaces', level: 'baseline', versions: [{ minVersion: 0, check: v1_0 }] };
