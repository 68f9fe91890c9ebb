// The field manager: metadata.managedFields on every write, and server-side apply, composed as
// kube-apiserver v1.25 composes its managers (fieldmanager.NewDefaultFieldManager):
//   last-applied updater → last-applied manager → skip-non-applied → cap managers →
//   build manager info → managed-fields updater → strip meta → structured merge.
// Pure: the caller passes the object's type, the clock's time and the request's manager.
import type { KObject } from '../../api/object.js';
import { StatusError } from '../errors.js';
import { invalid, tooLong, type FieldError } from '../fielderrors.js';
import { FieldSet, fieldPE, pathString, type Path } from './fieldpath.js';
import type { TypeRef } from './schema.js';
import { createdFieldsV1 } from './created.js';
import { compare as compareOf, toFieldSet as toFieldSetOf, TypedError, validate, validationErrorsText } from './typed.js';
import { apply as updaterApply, Conflicts, update as updaterUpdate, type Conflict, type ManagedFields } from './updater.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** The Update entries kept before the oldest are merged into one "ancient-changes" entry. */
export const MAX_UPDATE_MANAGERS = 10;
const FIELD_MANAGER_MAX_LENGTH = 128;
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** What the field manager needs to know about a resource. */
export interface ObjectType {
  /** The object's type. */
  root: TypeRef;
  /** group/version the object is served at ("v1", "apps/v1"). */
  apiVersion: string;
  /** The object a create starts from (Creater.New): what Go's zero value of the kind serializes to. */
  zero(): Record<string, unknown>;
  /** "namespace/name; group/version, Kind=X" context for error messages. */
  kind: string;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
  subresource?: string;
}

interface Managed {
  fields: ManagedFields;
  times: Map<string, string | undefined>;
}

// Paths never tracked: identity and server-set metadata (stripMetaManager).
const STRIP = FieldSet.of(
  [fieldPE('apiVersion')],
  [fieldPE('kind')],
  [fieldPE('metadata')],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => [fieldPE('metadata'), fieldPE(f)]),
);

/** BuildManagerIdentifier: the entry without fields and time (and, for appliers, apiVersion) as JSON. */
export function managerIdentifier(e: { manager?: string; operation?: string; apiVersion?: string; subresource?: string }): string {
  const id: Record<string, string> = {};
  if (e.manager) id['manager'] = e.manager;
  if (e.operation) id['operation'] = e.operation;
  if (e.apiVersion && e.operation !== 'Apply') id['apiVersion'] = e.apiVersion;
  if (e.subresource) id['subresource'] = e.subresource;
  return JSON.stringify(id);
}

type Identity = { manager?: string; operation?: string; apiVersion?: string; subresource?: string };
const identities = new Map<string, Identity>();

function parseIdentifier(id: string): Identity {
  let e = identities.get(id);
  if (e) return e;
  try {
    e = JSON.parse(id) as Identity;
  } catch {
    e = { manager: id };
  }
  // Managers are few; the cache only spares the JSON parse on every write.
  if (identities.size > 10_000) identities.clear();
  identities.set(id, e);
  return e;
}

/** DecodeManagedFields: throws on entries upstream rejects. */
export function decodeManagedFields(entries: unknown): Managed {
  const m: Managed = { fields: new Map(), times: new Map() };
  if (entries === undefined || entries === null) return m;
  if (!Array.isArray(entries)) throw new Error('managedFields must be a list');
  entries.forEach((raw, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`managed fields entry ${i} must be an object`);
    const e = raw as ManagedFieldsEntry;
    if (e.operation !== 'Apply' && e.operation !== 'Update') throw new Error('operation must be `Apply` or `Update`');
    if (typeof e.apiVersion !== 'string' || e.apiVersion.length < 1) throw new Error('apiVersion must not be empty');
    if (e.fieldsType === undefined || e.fieldsType === '') throw new Error(`missing fieldsType in managed fields entry ${i}`);
    if (e.fieldsType !== 'FieldsV1') throw new Error(`invalid fieldsType ${JSON.stringify(e.fieldsType)} in managed fields entry ${i}`);
    const id = managerIdentifier(e);
    const set = e.fieldsV1 === undefined || e.fieldsV1 === null ? new FieldSet() : FieldSet.fromJSON(e.fieldsV1);
    m.fields.set(id, { set, apiVersion: e.apiVersion, applied: e.operation === 'Apply' });
    m.times.set(id, typeof e.time === 'string' ? e.time : undefined);
  });
  return m;
}

/** encodeManagedFields: entries sorted by operation (Apply first), time, manager, apiVersion, subresource. */
export function encodeManagedFields(m: Managed): ManagedFieldsEntry[] | undefined {
  if (m.fields.size === 0) return undefined;
  const out: ManagedFieldsEntry[] = [];
  for (const [id, vs] of m.fields) {
    const info = parseIdentifier(id);
    const e: ManagedFieldsEntry = {};
    if (info.manager) e.manager = info.manager;
    e.operation = vs.applied ? 'Apply' : (info.operation ?? 'Update');
    e.apiVersion = vs.apiVersion;
    const t = m.times.get(id);
    if (t) e.time = t;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = vs.set.toJSON();
    if (info.subresource) e.subresource = info.subresource;
    out.push(e);
  }
  const secs = (t: string | undefined) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  const cmp = (a: string | undefined, b: string | undefined) => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);
  return out.sort(
    (p, q) =>
      cmp(p.operation, q.operation) ||
      secs(p.time) - secs(q.time) ||
      cmp(p.manager, q.manager) ||
      cmp(p.apiVersion, q.apiVersion) ||
      cmp(p.subresource, q.subresource),
  );
}

/** A request's managedFields of exactly one empty entry asks for them to be cleared. */
function isReset(entries: unknown): boolean {
  if (!Array.isArray(entries) || entries.length !== 1) return false;
  const e = entries[0];
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return false;
  return Object.values(e).every((v) => v === undefined || v === null || v === '' || (typeof v === 'object' && Object.keys(v as object).length === 0));
}

/** metav1.Time: RFC 3339 in UTC, whole seconds. */
function rfc3339(d: Date): string {
  return d.toISOString().slice(0, 19) + 'Z';
}

/**
 * The manager name a request writes as: the fieldManager parameter, or what precedes the first "/"
 * of the User-Agent, printable characters only, at most 128 bytes (prefixFromUserAgent).
 */
export function managerOrUserAgent(fieldManager: string | null | undefined, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  const prefix = (userAgent ?? '').split('/')[0]!;
  let out = '';
  let bytes = 0;
  for (const ch of prefix) {
    if (!isPrintable(ch)) continue;
    const n = Buffer.byteLength(ch);
    if (bytes + n > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrintable(ch: string): boolean {
  return ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

/** ValidateFieldManager: at most 128 bytes, printable characters only. */
export function validateFieldManager(fieldManager: string): FieldError[] {
  const errs: FieldError[] = [];
  if (Buffer.byteLength(fieldManager) > FIELD_MANAGER_MAX_LENGTH) errs.push(tooLong('fieldManager', fieldManager, FIELD_MANAGER_MAX_LENGTH));
  let i = 0;
  for (const ch of fieldManager) {
    if (!isPrintable(ch)) {
      const cp = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      errs.push(invalid('fieldManager', fieldManager, `invalid character U+${cp} (at position ${i})`));
    }
    i += Buffer.byteLength(ch);
  }
  return errs;
}

function withoutManagedFields(obj: KObject | Record<string, unknown>): Record<string, unknown> {
  const meta = (obj as KObject).metadata;
  if (!meta || meta.managedFields === undefined) return obj;
  const { managedFields: _mf, ...rest } = meta;
  return { ...obj, metadata: rest };
}

// ---- errors --------------------------------------------------------------------------------

/** printManager: "name" for appliers, "name" using apiVersion for updaters. */
function printManager(id: string): string {
  const e = parseIdentifier(id);
  if (e.operation === 'Update') return `${JSON.stringify(e.manager ?? '')} using ${e.apiVersion ?? ''}`;
  return JSON.stringify(e.manager ?? '');
}

/** NewConflictError: 409 Conflict, causes of type FieldManagerConflict, managers sorted. */
export function conflictError(conflicts: Conflict[]): StatusError {
  const sorted = [...conflicts].sort((a, b) => (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0));
  let message: string;
  if (sorted.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(sorted[0]!.manager)}: ${pathString(sorted[0]!.path)}`;
  } else {
    const lines: string[] = [];
    let last: string | undefined;
    for (const c of sorted) {
      if (c.manager !== last) lines.push(`conflicts with ${printManager(c.manager)}:`);
      last = c.manager;
      lines.push(`- ${pathString(c.path)}`);
    }
    message = `Apply failed with ${sorted.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Conflict',
    details: { causes: sorted.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.manager)}`, field: pathString(c.path) })) },
    code: 409,
  });
}

const badRequest = (message: string) =>
  new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 });
/** A plain Go error: kube-apiserver answers it as a 500 with the text and no reason. */
const plain500 = (message: string) => new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: 500 });

// ---- the field manager ---------------------------------------------------------------------

export interface UpdateOptions {
  manager: string;
  subresource?: string;
  now: Date;
}

export interface ApplyOptions extends UpdateOptions {
  force: boolean;
  /** Fields the write cannot change (the status of a main resource, everything but status of /status). */
  ignored?: FieldSet;
}

export class FieldManager {
  constructor(readonly type: ObjectType) {}

  /**
   * Records this write (create, update, non-apply patch) in obj.metadata.managedFields: the
   * manager's Update entry takes what changed from `live` (absent on create). Never fails: when
   * the fields cannot be worked out, the object is stored without managedFields (UpdateNoErrors).
   */
  update(live: KObject | undefined, obj: KObject, o: UpdateOptions): void {
    try {
      const managed = this.decodeLiveOrNew(live, obj, !!o.subresource);
      delete obj.metadata.managedFields;
      // skipNonApplied: an existing object nobody tracks stays untracked.
      if (managed.fields.size === 0 && live?.metadata.uid) return;
      if (!live && managed.fields.size === 0) {
        // A plain create: the one entry is emitted directly (the same result, at a fraction of the cost).
        const fieldsV1 = createdFieldsV1(this.type.zero(), obj, this.type.root);
        if (fieldsV1) {
          const e: ManagedFieldsEntry = { manager: o.manager || 'unknown', operation: 'Update', apiVersion: this.type.apiVersion, time: rfc3339(o.now), fieldsType: 'FieldsV1', fieldsV1 };
          if (o.subresource) e.subresource = o.subresource;
          obj.metadata.managedFields = [e] as never;
        }
        return;
      }
      const out = this.trackUpdate(live ? withoutManagedFields(live) : this.type.zero(), obj, managed, o);
      const entries = encodeManagedFields(out);
      if (entries) obj.metadata.managedFields = entries as never;
    } catch {
      delete obj.metadata.managedFields;
    }
  }

  /**
   * Server-side apply of `config` onto `live` (undefined: the object does not exist yet). Returns
   * the object to store, with managedFields; throws a 409 with the conflicts, or 400/500 as upstream.
   */
  apply(live: KObject | undefined, config: KObject, o: ApplyOptions): KObject {
    const gv = typeof config.apiVersion === 'string' ? config.apiVersion : '';
    if (gv !== this.type.apiVersion)
      throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${gv}, expected: ${this.type.apiVersion}`);
    if (config.metadata?.managedFields !== undefined && config.metadata?.managedFields !== null) throw badRequest('metadata.managedFields must be nil');
    let managed: Managed;
    try {
      managed = decodeManagedFields(live?.metadata.managedFields);
    } catch (err) {
      throw plain500(`failed to decode managed fields: ${(err as Error).message}`);
    }
    // A create merges into nothing (upstream's zero object holds only zero values, which Go drops).
    const liveObj = live ? withoutManagedFields(live) : {};
    const gvknn = `${config.metadata?.namespace ?? ''}/${config.metadata?.name ?? ''}; ${this.type.kind}`;
    const configErrors = validate(config, this.type.root);
    if (configErrors.length) throw plain500(`failed to create typed patch object (${gvknn}): ${validationErrorsText(configErrors)}`);
    // The stored object was validated when written; only what the merge needs is checked here.
    const liveErrors = validate(liveObj, this.type.root, true);
    if (liveErrors.length) throw plain500(`failed to create typed live object (${gvknn}): ${validationErrorsText(liveErrors)}`);

    // skipNonApplied: fields set before anyone applied belong to "before-first-apply".
    let base = managed;
    if (managed.fields.size === 0 && live) base = this.trackUpdate(this.type.zero(), liveObj as KObject, managed, { ...o, manager: 'before-first-apply' });

    const id = managerIdentifier({ manager: o.manager || 'unknown', operation: 'Apply', subresource: o.subresource });
    let result: { object: unknown; managers: ManagedFields };
    try {
      result = this.applyOnce(liveObj, config, base, id, o.force, o.ignored);
    } catch (err) {
      if (!(err instanceof Conflicts)) throw this.typedFailure(err);
      // Upgrading from client-side apply: conflicts on fields the last-applied annotation set to
      // their live values are the applier's own (lastAppliedManager), for kubectl only.
      if (o.manager !== 'kubectl') throw conflictError(err.conflicts);
      const allowed = this.allowedFromLastApplied(liveObj);
      const left = allowed ? err.conflicts.filter((c) => !allowed.has(c.path)) : err.conflicts;
      if (left.length) throw conflictError(left);
      result = this.applyOnce(liveObj, config, base, id, true, o.ignored);
    }
    const times = new Map(base.times);
    let object: Record<string, unknown>;
    if (result.object !== undefined) {
      times.set(id, rfc3339(o.now));
      object = dropNulls(result.object) as Record<string, unknown>;
    } else {
      object = JSON.parse(JSON.stringify(liveObj)) as Record<string, unknown>;
    }
    const managers = capUpdateManagers({ fields: result.managers, times });
    const out = object as KObject;
    out.metadata ??= {};
    // lastAppliedUpdater: kubectl's server-side apply keeps a client-side apply annotation in step.
    if (o.manager === 'kubectl' && out.metadata.annotations?.[LAST_APPLIED]) {
      setLastApplied(out, buildLastApplied(config));
    }
    const entries = encodeManagedFields(managers);
    if (entries) out.metadata.managedFields = entries as never;
    else delete out.metadata.managedFields;
    return out;
  }

  private applyOnce(live: unknown, config: unknown, managed: Managed, id: string, force: boolean, ignored: FieldSet | undefined) {
    const r = updaterApply(live, config, this.type.root, this.type.apiVersion, managed.fields, id, force, ignored);
    stripMeta(r.managers, id);
    return r;
  }

  private typedFailure(err: unknown): Error {
    if (err instanceof TypedError) return plain500(`failed to merge config: ${err.message}`);
    return err as Error;
  }

  /** decodeLiveOrNew: a request's own valid managedFields win; otherwise the live object's. */
  private decodeLiveOrNew(live: KObject | undefined, obj: KObject, isSubresource: boolean): Managed {
    const fromLive = (): Managed => {
      try {
        return decodeManagedFields(live?.metadata.managedFields);
      } catch {
        return { fields: new Map(), times: new Map() };
      }
    };
    if (isSubresource) return fromLive();
    const given = obj.metadata.managedFields;
    if (isReset(given)) return { fields: new Map(), times: new Map() };
    try {
      const m = decodeManagedFields(given);
      if (m.fields.size > 0) return m;
    } catch {
      // invalid: fall back to the live object's, so clients that mangle them lose nothing
    }
    return fromLive();
  }

  /** The Update path below skipNonApplied: cap managers ← manager info ← managed-fields updater ← strip meta. */
  private trackUpdate(liveObj: unknown, obj: KObject, managed: Managed, o: UpdateOptions): Managed {
    const id = managerIdentifier({ manager: o.manager || 'unknown', operation: 'Update', apiVersion: this.type.apiVersion, subresource: o.subresource });
    const current = 'current-operation';
    const fields = updaterUpdate(liveObj, withoutManagedFields(obj), this.type.root, this.type.apiVersion, managed.fields, current);
    stripMeta(fields, current);
    const times = new Map(managed.times);
    const vs = fields.get(current);
    if (vs) {
      fields.delete(current);
      const prev = fields.get(id);
      fields.set(id, { set: prev ? vs.set.union(prev.set) : vs.set, apiVersion: vs.apiVersion, applied: false });
      times.set(id, rfc3339(o.now));
    }
    return capUpdateManagers({ fields, times });
  }

  /** Fields the last-applied annotation sets to what the live object holds. */
  private allowedFromLastApplied(live: Record<string, unknown>): FieldSet | undefined {
    const text = (live as KObject).metadata?.annotations?.[LAST_APPLIED];
    if (!text) return undefined;
    let last: unknown;
    try {
      last = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (typeof last !== 'object' || last === null || (last as KObject).apiVersion !== this.type.apiVersion) return undefined;
    try {
      if (validate(last, this.type.root).length) return undefined;
      const set = toFieldSetOf(last, this.type.root);
      const cmp = compareOf(last, live, this.type.root);
      return set.difference(cmp.changed).difference(cmp.removed);
    } catch {
      return undefined;
    }
  }
}


function stripMeta(fields: ManagedFields, manager: string): void {
  const vs = fields.get(manager);
  if (!vs) return;
  const set = vs.set.difference(STRIP);
  if (set.empty()) fields.delete(manager);
  else fields.set(manager, { ...vs, set });
}

/** capManagersManager: beyond MAX_UPDATE_MANAGERS Update entries, the oldest merge per apiVersion. */
function capUpdateManagers(m: Managed): Managed {
  const updaters = [...m.fields].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= MAX_UPDATE_MANAGERS) return m;
  const secs = (id: string) => {
    const t = m.times.get(id);
    return t ? Math.floor(Date.parse(t) / 1000) : 0;
  };
  updaters.sort((a, b) => secs(a) - secs(b) || (a < b ? -1 : a > b ? 1 : 0));
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > MAX_UPDATE_MANAGERS; i++) {
    const id = updaters[i]!;
    const vs = m.fields.get(id)!;
    const time = m.times.get(id);
    const bucket = managerIdentifier({ manager: 'ancient-changes', operation: 'Update', apiVersion: vs.apiVersion });
    const first = firstOfVersion.get(vs.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(vs.apiVersion, id);
      continue;
    }
    if (!m.fields.has(bucket)) {
      const s = m.fields.get(first)!;
      m.fields.delete(first);
      m.fields.set(bucket, s);
    }
    m.fields.set(bucket, { set: vs.set.union(m.fields.get(bucket)!.set), apiVersion: vs.apiVersion, applied: vs.applied });
    m.fields.delete(id);
    length--;
    m.times.set(bucket, time);
  }
  return m;
}

/** What kubectl would have written: the applied object without the annotation, keys sorted, newline-terminated. */
function buildLastApplied(config: KObject): string {
  const copy = JSON.parse(JSON.stringify(config)) as KObject;
  if (copy.metadata?.annotations) {
    delete copy.metadata.annotations[LAST_APPLIED];
  }
  return sortedJson(copy) + '\n';
}

function setLastApplied(obj: KObject, value: string): void {
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  annotations[LAST_APPLIED] = value;
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) size += k.length + v.length;
  if (size > ANNOTATIONS_MAX_BYTES) delete annotations[LAST_APPLIED];
  obj.metadata.annotations = annotations;
}

function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(sortedJson).join(',') + ']';
  if (typeof v === 'object' && v !== null)
    return (
      '{' +
      Object.keys(v)
        .sort()
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .map((k) => JSON.stringify(k) + ':' + sortedJson((v as Record<string, unknown>)[k]))
        .join(',') +
      '}'
    );
  return JSON.stringify(v);
}

/** Decoding into Go types drops nulls (nil pointers, slices and maps are omitted). */
export function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = dropNulls(x);
    return out;
  }
  return v;
}

export type { Path };
