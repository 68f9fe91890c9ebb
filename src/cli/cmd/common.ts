// Pieces the writing verbs share: --dry-run, --field-manager, -f/-l/--all and what the words of a
// command refer to as concrete objects.
import type { KObject } from '../../api/object.js';
import { StatusError } from '../../machinery/errors.js';
import { resourcePath } from '../../client/rest.js';
import type { RunContext } from '../command.js';
import { isNotFound } from '../../client/rest.js';
import type { Factory } from '../factory.js';
import type { ResourceInfo } from '../discovery.js';
import { CliError } from '../factory.js';
import type { FlagDef } from '../flags.js';
import type { IO } from '../io.js';
import { fileObjects, namespaceFor, targetsFromArgs } from '../resources.js';

export type DryRun = 'none' | 'client' | 'server';

export const DRY_RUN_FLAG: FlagDef = {
  name: 'dry-run',
  type: 'string',
  default: 'none',
  noOptDefault: 'unchanged',
  usage: 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
};

export const FILENAME_FLAGS = (what: string): FlagDef[] => [
  { name: 'filename', shorthand: 'f', type: 'stringSlice', usage: `Filename, directory, or URL to files ${what}` },
  { name: 'recursive', shorthand: 'R', type: 'bool', usage: 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.' },
  { name: 'kustomize', shorthand: 'k', type: 'string', usage: 'Process the kustomization directory. This flag can\'t be used together with -f or -R.', hidden: true },
];

export const SELECTOR_FLAG: FlagDef = { name: 'selector', shorthand: 'l', type: 'string', usage: "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints." };
export const FIELD_MANAGER_FLAG = (def: string): FlagDef => ({ name: 'field-manager', type: 'string', default: def, usage: 'Name of the manager used to track field ownership.' });

/**
 * cmdutil.GetDryRunStrategy: none, client or server; a bare --dry-run and boolean values (strconv.ParseBool
 * spellings) are deprecated, with klog's warning on stderr.
 */
export function dryRun(flags: RunContext['flags'], io: Pick<IO, 'err'>): DryRun {
  const v = flags.str('dry-run');
  if (v === 'none' || v === 'client' || v === 'server') return v;
  if (v === DRY_RUN_FLAG.noOptDefault) {
    klogWarning(io, 'helpers.go:639', '--dry-run is deprecated and can be replaced with --dry-run=client.');
    return 'client';
  }
  const b = PARSE_BOOL[v];
  if (b === undefined) throw new CliError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
  klogWarning(io, b ? 'helpers.go:653' : 'helpers.go:656', `--dry-run=${v} is deprecated (boolean value) and can be replaced with --dry-run=${b ? 'client' : 'none'}.`);
  return b ? 'client' : 'none';
}

/** strconv.ParseBool's spellings. */
const PARSE_BOOL: Record<string, boolean> = Object.fromEntries([
  ...['1', 't', 'T', 'TRUE', 'true', 'True'].map((k) => [k, true]),
  ...['0', 'f', 'F', 'FALSE', 'false', 'False'].map((k) => [k, false]),
]);

/** A klog.Warning line as kubectl writes it to stderr (`W1207 12:21:39.986062   13539 helpers.go:639] …`). */
export function klogWarning(io: Pick<IO, 'err'>, site: string, message: string): void {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${p(d.getMonth() + 1)}${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)} ${String(process.pid).padStart(7)}`;
  io.err(`W${stamp} ${site}] ${message}\n`);
}

export const dryRunSuffix = (d: DryRun) => (d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '');

/** The query kubectl sends with a write. */
export function writeQuery(flags: RunContext['flags'], d: DryRun, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { ...(d === 'server' ? { dryRun: 'All' } : {}), ...(flags.has('field-manager') ? { fieldManager: flags.str('field-manager') } : {}), ...extra };
}

/** --validate → the fieldValidation kubectl 1.25 sends. */
export function fieldValidation(flags: RunContext['flags']): string {
  const v = flags.has('validate') ? flags.str('validate') : 'strict';
  switch (v) {
    case 'true':
    case 'strict':
      return 'Strict';
    case 'warn':
      return 'Warn';
    case 'false':
    case 'ignore':
      return 'Ignore';
    default:
      throw new CliError(`invalid - validate option "${v}"; must be one of: strict (or true), warn, ignore (or false)`);
  }
}

export const VALIDATE_FLAG: FlagDef = {
  name: 'validate',
  type: 'string',
  default: 'strict',
  noOptDefault: 'strict',
  usage: "Must be one of: strict (or true), warn, ignore (or false).\n\t\t\"true\" or \"strict\" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not.\n\t\t\"warn\" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as \"ignore\" otherwise.\n\t\t\"false\" or \"ignore\" will not perform any schema validation, silently dropping any unknown or duplicate fields.",
};

/** One object a command acts on. `obj` is set when it came from a file. */
export interface Ref {
  info: ResourceInfo;
  namespace: string | undefined;
  name: string;
  obj?: KObject;
  source?: string;
}

export const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

export interface RefsOptions {
  /** --all selects every object of a bare type (delete, label, annotate, scale). */
  allowAll?: boolean;
  /** A bare type is every object of it, without -l or --all (rollout's ResourceTypeOrNameArgs(true, …)). */
  bareTypeIsAll?: boolean;
}

/**
 * The objects named by -f, TYPE NAME…/TYPE/NAME…, or a whole type with -l / --all (listed from
 * the server). `words` are the positional arguments that name resources.
 */
export async function refsOf(ctx: RunContext, words: string[], o: RefsOptions = {}): Promise<Ref[]> {
  const { f, flags } = ctx;
  const files = flags.has('filename') ? flags.list('filename') : [];
  if (files.length > 0) {
    const objs = await fileObjects(f, files, flags.bool('recursive'));
    return objs.map(({ obj, info, source }) => ({ info, namespace: namespaceFor(f, info, obj), name: obj.metadata?.name ?? '', obj, source }));
  }
  const targets = await targetsFromArgs(f, words);
  if (targets.length === 0) throw new CliError(NO_RESOURCES);
  const allNs = flags.has('all-namespaces') && flags.bool('all-namespaces');
  const ns = f.namespace().namespace;
  const out: Ref[] = [];
  for (const t of targets) {
    const namespace = t.info.namespaced ? ns : undefined;
    if (t.names.length > 0) {
      for (const name of t.names) out.push({ info: t.info, namespace, name });
      continue;
    }
    const selector = flags.has('selector') ? flags.str('selector') : '';
    const all = o.bareTypeIsAll || (o.allowAll && flags.has('all') && flags.bool('all'));
    if (!selector && !all && !(flags.has('field-selector') && flags.str('field-selector'))) throw new CliError('resource(s) were provided, but no name was specified');
    const list = await f.rest().request<{ items: KObject[] }>({
      method: 'GET',
      path: resourcePath(t.info, allNs ? undefined : namespace),
      query: { labelSelector: selector || undefined, fieldSelector: (flags.has('field-selector') && flags.str('field-selector')) || undefined },
    });
    // List items carry no apiVersion/kind; the builder's unstructured list decoding gives them the list's.
    const typeMeta = { apiVersion: t.info.group ? `${t.info.group}/${t.info.version}` : t.info.version, kind: t.info.kind };
    for (const item of list.items) out.push({ info: t.info, namespace: t.info.namespaced ? item.metadata.namespace : undefined, name: item.metadata.name!, obj: { ...typeMeta, ...item } });
  }
  return out;
}

/** The live object of a ref: a listed item as listed; a NAME or a file's object read from the server. */
export async function liveObject(f: Factory, r: Ref): Promise<KObject> {
  return r.obj && !r.source ? r.obj : f.rest().request<KObject>({ method: 'GET', path: pathOf(r) });
}

export type LiveRef = Ref & { obj: KObject };

/** refsOf with every object live (the builder's Latest()); read failures are returned in order, not thrown. */
export async function liveRefs(ctx: RunContext, words: string[], o: RefsOptions = {}): Promise<{ objects: LiveRef[]; errors: unknown[] }> {
  const objects: LiveRef[] = [];
  const errors: unknown[] = [];
  for (const r of await refsOf(ctx, words, o)) {
    try {
      objects.push({ ...r, obj: await liveObject(ctx.f, r) });
    } catch (err) {
      errors.push(err);
    }
  }
  return { objects, errors };
}

export const pathOf = (r: Pick<Ref, 'info' | 'namespace' | 'name'>, sub?: string) => resourcePath(r.info, r.namespace, r.name, sub);

/** kubectl's AddSourceToErr: `error when creating "file.yaml": …` (an Invalid error keeps its own text). */
export function withSource(err: unknown, verb: string, source: string | undefined): unknown {
  if (!source || !(err instanceof StatusError) || err.code === 422) return err;
  return new StatusError({ ...err.status, message: `error when ${verb} "${source}": ${err.status.message ?? ''}` });
}

/** Poll until the object at `path` is gone (404) or carries another uid (it was recreated). */
export async function waitGone(f: Factory, path: string, deadline = Infinity): Promise<boolean> {
  let uid: string | undefined;
  for (let delay = 25; Date.now() < deadline; delay = Math.min(delay * 2, 500)) {
    try {
      const obj = await f.rest().request<KObject>({ method: 'GET', path });
      uid ??= obj.metadata.uid;
      if (obj.metadata.uid !== uid) return true;
    } catch (err) {
      if (isNotFound(err)) return true;
      throw err;
    }
    await new Promise((res) => setTimeout(res, delay));
  }
  return false;
}
