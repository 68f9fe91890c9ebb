// The resource builder as scale and rollout use it: TYPE NAME…, TYPE/NAME…, -f files, or a type
// with -l/--all, each object fetched live; plus the --dry-run flag shared by the writing verbs.
import type { KObject } from '../../api/object.js';
import { resourcePath } from '../../client/rest.js';
import type { RunContext } from '../command.js';
import type { ResourceInfo } from '../discovery.js';
import { CliError } from '../factory.js';
import type { FlagDef, FlagValues } from '../flags.js';
import { fileObjects, namespaceFor, targetsFromArgs } from '../resources.js';

export const FILENAME_FLAGS: FlagDef[] = [
  { name: 'filename', shorthand: 'f', type: 'stringSlice', usage: 'Filename, directory, or URL to files identifying the resource to set a new size' },
  { name: 'recursive', shorthand: 'R', type: 'bool', usage: 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.' },
];

export const DRY_RUN_FLAG: FlagDef = {
  name: 'dry-run',
  type: 'string',
  default: 'none',
  noOptDefault: 'unchanged',
  usage: 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
};

export type DryRun = 'none' | 'client' | 'server';

/** cmdutil.GetDryRunStrategy: bare --dry-run (and true/false) are deprecated spellings. */
export function dryRunMode(flags: FlagValues, warn?: (m: string) => void): DryRun {
  const v = flags.str('dry-run');
  switch (v) {
    case '':
    case 'none':
      return 'none';
    case 'client':
    case 'server':
      return v;
    case 'unchanged':
    case 'true':
      warn?.('--dry-run is deprecated and can be replaced with --dry-run=client.');
      return 'client';
    case 'false':
      warn?.('--dry-run=false is deprecated (boolean value) and can be replaced with --dry-run=none.');
      return 'none';
    default:
      throw new CliError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
  }
}

export interface Visited {
  info: ResourceInfo;
  namespace: string | undefined;
  obj: KObject;
}

export const RESOURCE_USAGE = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** Live objects named by the command line; fetch failures are returned, in order, not thrown. */
export async function visitObjects(ctx: RunContext, opts: { allowBareType?: boolean } = {}): Promise<{ objects: Visited[]; errors: unknown[] }> {
  const { f, flags, args } = ctx;
  const objects: Visited[] = [];
  const errors: unknown[] = [];
  const rest = f.rest();
  const files = flags.has('filename') ? flags.list('filename') : [];
  const selector = flags.has('selector') ? flags.str('selector') : '';
  const all = (flags.has('all') && flags.bool('all')) || !!opts.allowBareType;
  const get = async (info: ResourceInfo, namespace: string | undefined, name: string) => {
    try {
      objects.push({ info, namespace, obj: await rest.request<KObject>({ method: 'GET', path: resourcePath(info, namespace, name) }) });
    } catch (err) {
      errors.push(err);
    }
  };
  if (files.length > 0) {
    for (const o of await fileObjects(f, files, flags.bool('recursive'))) await get(o.info, namespaceFor(f, o.info, o.obj), o.obj.metadata?.name ?? '');
    return { objects, errors };
  }
  if (args.length === 0) throw new CliError(RESOURCE_USAGE);
  const targets = await targetsFromArgs(f, args);
  const ns = f.namespace().namespace;
  for (const t of targets) {
    const namespace = t.info.namespaced ? ns : undefined;
    if (t.names.length > 0) {
      for (const name of t.names) await get(t.info, namespace, name);
      continue;
    }
    if (!selector && !all) throw new CliError('resource(s) were provided, but no name was specified');
    const list = await rest.request<{ items: KObject[] }>({ method: 'GET', path: resourcePath(t.info, namespace), query: { labelSelector: selector || undefined } });
    for (const obj of list.items) objects.push({ info: t.info, namespace, obj: { apiVersion: t.info.group ? `${t.info.group}/${t.info.version}` : t.info.version, kind: t.info.kind, ...obj } });
  }
  return { objects, errors };
}
