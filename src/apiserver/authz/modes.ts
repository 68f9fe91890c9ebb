// --authorization-mode: the authorizers by upstream name, asked in the order given (the first with
// an opinion decides), and their rules merged for SelfSubjectRulesReview, as kube-apiserver's
// union authorizer and union rule resolver do. Authorizers that keep caches start before serving.
import type { Logger } from '../../machinery/log.js';
import type { Backend } from '../../storage/backend.js';
import { createNodeAuthorizer } from './node.js';
import { createRBACAuthorizer } from './rbac.js';
import type { Authorizer, RuleResolver, RulesResult } from '../../api/authorization.js';
import { alwaysAllow } from '../../api/authorization.js';
import { unionAuthorizer } from './union.js';

export interface ServingAuthorizer extends Authorizer, RuleResolver {
  start(): Promise<void>;
  stop(): void;
}

interface Deps {
  backend: Backend;
  log: Logger;
}

type Part = Authorizer & RuleResolver & { start?(): Promise<void>; stop?(): void };

const alwaysDeny: Part = {
  authorize: () => ({ decision: 'Deny', reason: 'Everything is forbidden.' }),
  rulesFor: () => ({ resourceRules: [], nonResourceRules: [], incomplete: false }),
};

export const AUTHORIZATION_MODES: Record<string, (deps: Deps) => Part> = {
  AlwaysAllow: () => alwaysAllow,
  AlwaysDeny: () => alwaysDeny,
  Node: (deps) => createNodeAuthorizer(deps),
  RBAC: (deps) => createRBACAuthorizer(deps),
};

/** kubeadm's --authorization-mode=Node,RBAC: secure by default. */
export const DEFAULT_AUTHORIZATION_MODES = ['Node', 'RBAC'];

/** Parse `--authorization-mode` (comma-separated), with kube-apiserver's errors. */
export function parseAuthorizationModes(flag: string): string[] {
  const modes = flag.split(',').map((m) => m.trim()).filter(Boolean);
  if (modes.length === 0) throw new Error('--authorization-mode: at least one authorization-mode must be passed');
  const seen = new Set<string>();
  for (const m of modes) {
    if (!AUTHORIZATION_MODES[m]) throw new Error(`--authorization-mode: authorization-mode ${JSON.stringify(m)} is not a valid mode (known: ${Object.keys(AUTHORIZATION_MODES).join(', ')})`);
    if (seen.has(m)) throw new Error(`--authorization-mode: authorization-mode ${JSON.stringify(m)} has mode specified more than once`);
    seen.add(m);
  }
  return modes;
}

export function buildAuthorizer(modes: string[], deps: Deps): ServingAuthorizer {
  const parts = modes.map((m) => AUTHORIZATION_MODES[m]!(deps));
  const union = unionAuthorizer(parts);
  return {
    authorize: (a) => union.authorize(a),
    async rulesFor(user, namespace) {
      const out: RulesResult = { resourceRules: [], nonResourceRules: [], incomplete: false };
      const errors: string[] = [];
      for (const p of parts) {
        const r = await p.rulesFor(user, namespace);
        out.resourceRules.push(...r.resourceRules);
        out.nonResourceRules.push(...r.nonResourceRules);
        if (r.incomplete) out.incomplete = true;
        if (r.evaluationError) errors.push(r.evaluationError);
      }
      if (errors.length) out.evaluationError = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
      return out;
    },
    async start() {
      await Promise.all(parts.map((p) => p.start?.()));
    },
    stop() {
      for (const p of parts) p.stop?.();
    },
  };
}
