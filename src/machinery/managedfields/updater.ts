// Ownership bookkeeping (structured-merge-diff v4.2.3's merge.Updater): who manages which fields
// after an update or an apply, conflicts, and the pruning of fields an applier stopped applying.
// All managers are compared at the object's one served version (no version conversion here).
import { FieldSet, type Path } from './fieldpath.js';
import type { TypeRef } from './schema.js';
import { compare, isSame, merge, removeItems, toFieldSet, type Comparison } from './typed.js';

export interface VersionedSet {
  set: FieldSet;
  apiVersion: string;
  /** Owned through Apply (true) or Update (false). */
  applied: boolean;
}

/** Manager identifier → the fields it owns. */
export type ManagedFields = Map<string, VersionedSet>;

export interface Conflict {
  manager: string;
  path: Path;
}

/** merge.Conflicts: fields another manager owns that this apply would change. */
export class Conflicts extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super(`${conflicts.length} conflict(s)`);
    this.name = 'Conflicts';
  }
}

/**
 * The common step: compare old and new; fields changed (added or modified) that another manager
 * owns are conflicts (unless forced, when they move); fields removed leave every other manager.
 */
function updateManagers(
  oldObj: unknown,
  newObj: unknown,
  tr: TypeRef,
  managers: ManagedFields,
  workflow: string,
  force: boolean,
  ignored: FieldSet | undefined,
): Comparison {
  let cmp = compare(oldObj, newObj, tr);
  if (ignored && !ignored.empty()) {
    cmp = { changed: cmp.changed.recursiveDifference(ignored), removed: cmp.removed.recursiveDifference(ignored) };
  }
  const changed = cmp.changed;
  const conflicts = new Map<string, FieldSet>();
  for (const [manager, vs] of managers) {
    if (manager === workflow) continue;
    const c = vs.set.intersection(changed);
    if (!c.empty()) conflicts.set(manager, c);
  }
  if (!force && conflicts.size > 0) {
    const list: Conflict[] = [];
    for (const [manager, set] of conflicts) for (const path of set.paths()) list.push({ manager, path });
    throw new Conflicts(list);
  }
  const removedAny = !cmp.removed.empty();
  for (const [manager, vs] of [...managers]) {
    if (manager === workflow) continue;
    let set = vs.set;
    const c = conflicts.get(manager);
    if (c) set = set.difference(c);
    if (removedAny) set = set.difference(cmp.removed);
    if (set !== vs.set) managers.set(manager, { ...vs, set });
  }
  for (const [manager, vs] of [...managers]) if (vs.set.empty()) managers.delete(manager);
  return cmp;
}

/** Updater.Update: the manager takes what this write added or changed, and loses what it removed. */
export function update(live: unknown, next: unknown, tr: TypeRef, version: string, managers: ManagedFields, manager: string, ignored?: FieldSet): ManagedFields {
  const out: ManagedFields = new Map(managers);
  const cmp = updateManagers(live, next, tr, out, manager, true, ignored);
  const prev = out.get(manager)?.set ?? new FieldSet();
  let set = prev.union(cmp.changed).difference(cmp.removed);
  if (ignored) set = set.recursiveDifference(ignored);
  if (set.empty()) out.delete(manager);
  else out.set(manager, { set, apiVersion: version, applied: false });
  return out;
}

/**
 * Updater.Apply: merge the configuration into the live object, make the applier own exactly what it
 * applied, prune what it applied last time but no longer does (if nobody else owns it), and check
 * the result against the other managers. `object` is undefined when nothing changed.
 */
export function apply(
  live: unknown,
  config: unknown,
  tr: TypeRef,
  version: string,
  managers: ManagedFields,
  manager: string,
  force: boolean,
  ignored?: FieldSet,
): { object: unknown; managers: ManagedFields } {
  const out: ManagedFields = new Map(managers);
  let newObject = merge(live, config, tr);
  const lastSet = out.get(manager);
  let set = toFieldSet(config, tr);
  if (ignored && !ignored.empty()) set = set.recursiveDifference(ignored);
  out.set(manager, { set, apiVersion: version, applied: true });
  newObject = prune(newObject, tr, out, lastSet);
  const cmp = updateManagers(live, newObject, tr, out, manager, force, ignored);
  return { object: isSame(cmp) ? undefined : newObject, managers: out };
}

/**
 * Removes a field or list/map item iff the applier applied it last time, does not apply it now,
 * and no other manager owns it (prune, addBackOwnedItems, addBackDanglingItems).
 */
function prune(merged: unknown, tr: TypeRef, managers: ManagedFields, lastSet: VersionedSet | undefined): unknown {
  if (!lastSet || lastSet.set.empty()) return merged;
  let pruned = removeItems(merged, lastSet.set, tr);
  // Add back what any manager (the applier's new set included) owns.
  let owned = new FieldSet();
  for (const vs of managers.values()) owned = owned.union(vs.set);
  const mergedSet = toFieldSet(merged, tr);
  pruned = removeItems(merged, mergedSet.difference(toFieldSet(pruned, tr).union(owned)), tr);
  // Only what the applier owned before may go.
  return removeItems(merged, mergedSet.difference(toFieldSet(pruned, tr)).intersection(lastSet.set), tr);
}
