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

export function dryRun(flags: RunContext['flags']): DryRun {
  const v = flags.str('dry-run');
  if (v === 'none' || v === 'client' || v === 'server') return v;
  if (v === 'unchanged' || v === 'true') return 'client';
  if (v === 'false' || v === '') return 'none';
  throw new CliError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
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

/**
 * The objects named by -f, TYPE NAME…/TYPE/NAME…, or a whole type with -l / --all (listed from
 * the server). `words` are the positional arguments that name resources.
 */
export async function refsOf(ctx: RunContext, words: string[], o: { allowAll?: boolean } = {}): Promise<Ref[]> {
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
    const all = o.allowAll && flags.has('all') && flags.bool('all');
    if (!selector && !all && !(flags.has('field-selector') && flags.str('field-selector'))) throw new CliError('resource(s) were provided, but no name was specified');
    const list = await f.rest().request<{ items: KObject[] }>({
      method: 'GET',
      path: resourcePath(t.info, allNs ? undefined : namespace),
      query: { labelSelector: selector || undefined, fieldSelector: (flags.has('field-selector') && flags.str('field-selector')) || undefined },
    });
    for (const item of list.items) out.push({ info: t.info, namespace: t.info.namespaced ? item.metadata.namespace : undefined, name: item.metadata.name!, obj: item });
  }
  return out;
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
