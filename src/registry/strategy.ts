// A resource strategy: everything that differs between resources, as data and small pure functions.
// The generic store (./generic/store.ts) does every verb once and consults the strategy; adding a
// resource is writing one of these and listing it in ./index.ts.
//
// What the store does itself, so strategies need not: uid, creationTimestamp, resourceVersion,
// generateName, namespace from the URL and its existence, metadata.generation (when `generation`),
// validateObjectMeta/validateObjectMetaUpdate (with `nameValidator`), keeping status on main-resource
// updates and everything but status on /status updates (when subresources.status), dry-run, conflicts.
// Order on create: defaults → prepareForCreate → validate. On update: defaults → prepareForUpdate → validateUpdate.
import type { KObject } from '../api/object.js';
import type { UserInfo as RequestUser } from '../api/user.js';
import type { Authorizer, RuleResolver } from '../api/authorization.js';
import type { FeatureGates } from '../machinery/featuregates.js';
import type { FieldError } from '../machinery/fielderrors.js';

/** meta.k8s.io/v1 TableColumnDefinition. */
export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0 = always shown, 1 = only with `kubectl get -o wide`. */
  priority: number;
}

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** Server-side printer: column definitions plus one row of cells per object (wide columns included). */
export interface TablePrinter<T = KObject> {
  columns: ColumnDefinition[];
  cells(obj: T, now: Date): unknown[];
  conditions?(obj: T): TableRowCondition[] | undefined;
}

/** The scale subresource's mapping onto the object (deployments, replicasets, statefulsets, CRDs). */
export interface ScaleMapping {
  specReplicasPath: string[];
  statusReplicasPath: string[];
  /** Path of the label selector; for built-ins a LabelSelector object, for CRDs a string. */
  labelSelectorPath?: string[];
}

// T is unconstrained so strategies can use kubernetes-types directly (ResourceStrategy<Pod>); the
// generic store guarantees metadata is present before any hook runs.
export interface ResourceStrategy<T = KObject> {
  group: string;
  version: string;
  kind: string;
  /** Plural, lower case, as in the URL: "pods". */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Verbs served; defaults to all eight. */
  verbs?: string[];
  /** Key prefix under /registry (kube-apiserver's table: nodes → "minions", services → "services/specs"). */
  storagePrefix?: string;
  subresources?: { status?: boolean; scale?: ScaleMapping };
  /**
   * Metadata a status update may change too. Most status strategies keep all stored metadata, but
   * some of v1.25's take labels or annotations from the request: the Deployment controller records
   * its revision annotation through UpdateStatus, and the kubelet's pod status patches may carry
   * labels and annotations.
   */
  statusMetadata?: ('labels' | 'annotations')[];
  /** Rule for metadata.name (default: DNS-1123 subdomain); the store runs it via validateObjectMeta. */
  nameValidator?: (name: string) => string[];
  /** metadata.generation is set to 1 on create and bumped when anything outside metadata/status changes. */
  generation?: boolean;

  /** Fill in defaults (SetDefaults_*), in place, on every create and update body. */
  defaults?(obj: T): void;
  /** Reset what a client may not set on create (status of most kinds), in place. */
  prepareForCreate?(obj: T): void;
  /** Carry over what a client may not change on update, in place. */
  prepareForUpdate?(obj: T, old: T): void;
  validate?(obj: T): FieldError[];
  validateUpdate?(obj: T, old: T): FieldError[];
  /**
   * Deletion must wait for something besides metadata.finalizers (namespaces: spec.finalizers,
   * removed by the namespace controller). While true, DELETE only marks the object.
   */
  finalizersPending?(obj: T): boolean;
  /** Called once when deletion starts on an object that must wait (namespaces → phase Terminating). */
  prepareForDelete?(obj: T): void;
  /**
   * Graceful deletion (CheckGracefulDelete): the grace period in seconds this object gets, given the
   * one the client asked for. Without it the resource is never deleted gracefully (only pods are).
   */
  checkGracefulDelete?(obj: T, requestedSeconds: number | undefined): number;
  /**
   * What a DELETE without a propagation policy does to dependents (DefaultGarbageCollectionPolicy):
   * 'DeleteDependents' (the default: background) or 'OrphanDependents' (batch/v1 Jobs, for compatibility).
   */
  defaultGarbageCollectionPolicy?: 'DeleteDependents' | 'OrphanDependents';
  /** DELETE answers with the deleted object instead of a Success Status (the store's ReturnDeletedObject). */
  returnDeletedObject?: boolean;
  /** Non-fatal advice sent as `Warning:` headers. */
  warnings?(obj: T, old?: T): string[];
  /** Field selector values beyond metadata.name and metadata.namespace (e.g. spec.nodeName, status.phase). */
  selectableFields?(obj: T): Record<string, string>;
  /** Server-side printer; without one the default Name / Created At convertor is used. */
  printer?: TablePrinter<T>;
  /**
   * Set when this resource is stored in another version's shape (events.k8s.io/v1 events live in
   * core/v1 form under the same prefix, so both APIs see every event).
   */
  convert?: { toStored(obj: T): KObject; fromStored(stored: KObject): T };
  /** OpenAPI v3 schema (JSONSchemaProps) of a custom resource's version; built-ins use the generated definitions. */
  openAPISchema?: unknown;
  /**
   * Create-only kinds that are never stored (access reviews, token reviews): a POST runs defaults and
   * validate, then answers 201 with what this returns. Nothing is written.
   */
  answerCreate?(obj: T, ctx: AnswerContext): T | Promise<T>;
  /**
   * For strategies whose rules depend on feature gates (fields dropped while a gate is off): the
   * strategy for the server's gates. The API server serves what this returns.
   */
  withFeatureGates?(gates: FeatureGates): ResourceStrategy<T>;
}

/** authentication.k8s.io/v1 UserInfo. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** A bearer token's verdict, as a TokenReview's status reports it. */
export interface TokenAuthResult {
  authenticated: boolean;
  user?: UserInfo;
  audiences?: string[];
  error?: string;
}

/** What answerCreate may consult; the API server provides it. */
export interface AnswerContext {
  now(): Date;
  /** Verify a bearer token for the given audiences (the API server's own when empty). */
  authenticateToken(token: string, audiences: string[]): Promise<TokenAuthResult>;
  /** Who is asking (the impersonated user, when impersonating): the subject of the self-reviews. */
  user: RequestUser;
  /** The server's authorizer, which the access reviews consult. */
  authorizer: Authorizer & RuleResolver;
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export type AnyStrategy = ResourceStrategy<any>;

/** Columns every printer starts with. */
export const nameColumn: ColumnDefinition = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace. Cannot be updated.',
  priority: 0,
};
export const ageColumn: ColumnDefinition = {
  name: 'Age',
  type: 'string',
  format: '',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
};

/** Shorthand for a column definition: col('Ready'), col('IP', 'string', 1). */
export function col(name: string, type: ColumnDefinition['type'] = 'string', priority = 0, description = ''): ColumnDefinition {
  return { name, type, format: '', description: description || name, priority };
}
