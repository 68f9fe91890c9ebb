// The default RBAC policy and its reconciliation at start-up (kube-apiserver's rbac/bootstrap-roles
// post-start hook with pkg/registry/rbac/reconciliation): missing roles and bindings are created;
// existing ones not marked `rbac.authorization.kubernetes.io/autoupdate: "false"` get the rules,
// aggregation selectors, subjects, labels and annotations they lack — added, never removed. One list
// per kind, and a write only for what is missing, so a restart costs four reads.
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import type { KObject } from '../../api/object.js';
import type { Logger } from '../../machinery/log.js';
import { isDeepStrictEqual } from 'node:util';
import type { ResourceRegistry } from '../resources.js';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrappolicy-clusterroles.js';
import { controllerRoleBindings, controllerRoles } from './bootstrappolicy-controllers.js';
import { namespaceRoleBindings, namespaceRoles } from './bootstrappolicy-namespaces.js';
import { AUTOUPDATE_ANNOTATION } from './bootstrappolicy-rules.js';
import { uncoveredRules } from '../../api/rbac/rules.js';

export interface BootstrapPolicy {
  clusterRoles: ClusterRole[];
  clusterRoleBindings: ClusterRoleBinding[];
  roles: Role[];
  roleBindings: RoleBinding[];
}

/**
 * Everything kube-apiserver v1.25 creates, and nothing more: the controller manager runs each
 * controller as its own service account (--use-service-account-credentials), under the
 * system:controller:* roles.
 */
export function bootstrapPolicy(): BootstrapPolicy {
  return {
    clusterRoles: [...bootstrapClusterRoles(), ...controllerRoles()],
    clusterRoleBindings: [...bootstrapClusterRoleBindings(), ...controllerRoleBindings()],
    roles: namespaceRoles(),
    roleBindings: namespaceRoleBindings(),
  };
}

type Obj = KObject & { rules?: PolicyRule[]; aggregationRule?: ClusterRole['aggregationRule']; subjects?: Subject[]; roleRef?: RoleBinding['roleRef'] };

const keyOf = (o: KObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const isProtected = (o: KObject) => o.metadata.annotations?.[AUTOUPDATE_ANNOTATION] === 'false';

/** Labels and annotations the object lacks (existing values win, as upstream merges them). */
function mergeMetadata(out: Obj, expected: Obj): boolean {
  let changed = false;
  for (const field of ['labels', 'annotations'] as const) {
    for (const [k, v] of Object.entries(expected.metadata[field] ?? {})) {
      if (out.metadata[field]?.[k] !== undefined) continue;
      out.metadata[field] = { ...out.metadata[field], [k]: v };
      changed = true;
    }
  }
  return changed;
}

/** The role with what it lacks of `expected`, or undefined when nothing is missing. */
export function reconcileRole(existing: Obj, expected: Obj): Obj | undefined {
  if (isProtected(existing)) return undefined;
  const out: Obj = { ...existing, metadata: { ...existing.metadata } };
  let changed = mergeMetadata(out, expected);
  const wanted = expected.aggregationRule?.clusterRoleSelectors ?? [];
  const have = existing.aggregationRule?.clusterRoleSelectors ?? [];
  const missingSelectors = wanted.filter((w) => !have.some((h) => isDeepStrictEqual(h, w)));
  if (missingSelectors.length) {
    out.aggregationRule = { clusterRoleSelectors: [...have, ...missingSelectors] };
    changed = true;
  }
  const missing = uncoveredRules(existing.rules ?? [], expected.rules ?? []);
  if (missing.length) {
    out.rules = [...(existing.rules ?? []), ...missing];
    changed = true;
  }
  return changed ? out : undefined;
}

const sameSubject = (a: Subject, b: Subject) => a.kind === b.kind && a.name === b.name && (a.apiGroup ?? '') === (b.apiGroup ?? '') && (a.namespace ?? '') === (b.namespace ?? '');

/** The binding with the subjects it lacks; `recreate` when its roleRef must change (roleRef is immutable). */
export function reconcileBinding(existing: Obj, expected: Obj): { binding: Obj; recreate: boolean } | undefined {
  if (isProtected(existing)) return undefined;
  const out: Obj = { ...existing, metadata: { ...existing.metadata } };
  let changed = mergeMetadata(out, expected);
  const have = existing.subjects ?? [];
  const missing = (expected.subjects ?? []).filter((s) => !have.some((h) => sameSubject(h, s)));
  if (missing.length) {
    out.subjects = [...have, ...missing];
    changed = true;
  }
  const recreate = !isDeepStrictEqual({ ...existing.roleRef }, { ...expected.roleRef });
  if (recreate) out.roleRef = expected.roleRef;
  return changed || recreate ? { binding: out, recreate } : undefined;
}

export async function reconcileBootstrapPolicy(registry: ResourceRegistry, log: Logger): Promise<void> {
  const policy = bootstrapPolicy();
  const kinds: [string, Obj[], 'role' | 'binding'][] = [
    ['clusterroles', policy.clusterRoles as Obj[], 'role'],
    ['clusterrolebindings', policy.clusterRoleBindings as Obj[], 'binding'],
    ['roles', policy.roles as Obj[], 'role'],
    ['rolebindings', policy.roleBindings as Obj[], 'binding'],
  ];
  let created = 0;
  let updated = 0;
  await Promise.all(
    kinds.map(async ([resource, expected, shape]) => {
      const store = registry.lookup('rbac.authorization.k8s.io', 'v1', resource)!.store;
      const existing = new Map((await store.list('', {})).items.map((o) => [keyOf(o), o as Obj]));
      await Promise.all(
        expected.map(async (want) => {
          const ns = want.metadata.namespace ?? '';
          const name = want.metadata.name!;
          const have = existing.get(keyOf(want));
          try {
            if (!have) {
              await store.create(ns, structuredClone(want));
              created++;
            } else if (shape === 'role') {
              const next = reconcileRole(have, want);
              if (next) await store.update(ns, name, next);
              if (next) updated++;
            } else {
              const next = reconcileBinding(have, want);
              if (!next) return;
              if (next.recreate) {
                await store.delete(ns, name, {});
                const { resourceVersion: _rv, uid: _uid, creationTimestamp: _ct, managedFields: _mf, ...meta } = next.binding.metadata;
                await store.create(ns, { ...next.binding, metadata: meta });
              } else await store.update(ns, name, next.binding);
              updated++;
            }
          } catch (err) {
            // Another server may have written it meanwhile; the next start reconciles again.
            log.warn('could not reconcile bootstrap RBAC object', { resource, namespace: ns, name, err: err instanceof Error ? err.message : String(err) });
          }
        }),
      );
    }),
  );
  if (created || updated) log.info('reconciled bootstrap RBAC policy', { created, updated });
}
