// Server-side apply and managedFields: field sets, the type-aware merge, ownership and conflicts.
export { FieldSet, pathString, type Path, type PathElement } from './fieldpath.js';
export { SchemaConverter, DEDUCED_REF, UNTYPED_ATOMIC_REF, type TypeRef } from './schema.js';
export { compare, merge, removeItems, toFieldSet, validate, type Comparison } from './typed.js';
export { apply, update, Conflicts, type ManagedFields, type VersionedSet } from './updater.js';
export {
  FieldManager,
  LAST_APPLIED,
  conflictError,
  decodeManagedFields,
  encodeManagedFields,
  managerIdentifier,
  managerOrUserAgent,
  validateFieldManager,
  dropNulls,
  type ApplyOptions,
  type ObjectType,
  type UpdateOptions,
} from './manager.js';
export { objectTypeFor, type ResourceTypeInfo } from './types.js';
