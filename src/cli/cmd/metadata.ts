// kubectl label and annotate: one implementation, two flavours. Both read the object, change one
// map of its metadata and send the difference as a JSON merge patch; they differ in when an
// existing key may be overwritten and in what they print.
import type { KObject } from '../../api/object.js';
import type { Command, RunContext } from '../command.js';
import { completeResourceArgs } from '../completion/args.js';
import { CliError } from '../factory.js';
import { errorText } from '../errors.js';
import { forPrinting, objectName, parseFormat, PRINT_FLAGS } from '../output.js';
import { DRY_RUN_FLAG, dryRun, dryRunSuffix, FIELD_MANAGER_FLAG, FILENAME_FLAGS, liveObject, pathOf, refsOf, SELECTOR_FLAG } from './common.js';

interface Flavour {
  verb: 'label' | 'annotate';
  field: 'labels' | 'annotations';
  noun: string;
}

const LABEL: Flavour = { verb: 'label', field: 'labels', noun: 'label' };
const ANNOTATE: Flavour = { verb: 'annotate', field: 'annotations', noun: 'annotation' };

function makeCommand(fl: Flavour, short: string): Command {
  return {
    name: fl.verb,
    short,
    flags: [
      ...PRINT_FLAGS,
      ...FILENAME_FLAGS(`identifying the resource to update the ${fl.noun}`),
      SELECTOR_FLAG,
      { name: 'field-selector', type: 'string', usage: "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type." },
      { name: 'overwrite', type: 'bool', usage: `If true, allow ${fl.field} to be overwritten, otherwise reject ${fl.noun} updates that overwrite existing ${fl.field}.` },
      { name: 'all', type: 'bool', usage: 'Select all resources, in the namespace of the specified resource types' },
      { name: 'all-namespaces', shorthand: 'A', type: 'bool', usage: 'If true, check the specified action in all namespaces.' },
      { name: 'local', type: 'bool', usage: `If true, ${fl.verb} will NOT contact api-server but run locally.` },
      { name: 'resource-version', type: 'string', usage: `If non-empty, the ${fl.field} update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource.` },
      ...(fl.verb === 'label' ? [{ name: 'list', type: 'bool' as const, usage: 'If true, display the labels for a given resource.' }] : []),
      DRY_RUN_FLAG,
      FIELD_MANAGER_FLAG(`kubectl-${fl.verb}`),
    ],
    complete: completeResourceArgs,
    run: (ctx) => run(ctx, fl),
  };
}

export const labelCommand = makeCommand(LABEL, 'Update the labels on a resource');
export const annotateCommand = makeCommand(ANNOTATE, 'Update the annotations on a resource');

/** Words that change a key (`k=v`, `k-`) come after the words naming resources. */
function split(args: string[]): { resources: string[]; set: Map<string, string>; remove: string[] } {
  const resources: string[] = [];
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq > 0) set.set(a.slice(0, eq), a.slice(eq + 1));
    else if (a.endsWith('-') && a.length > 1) remove.push(a.slice(0, -1));
    else resources.push(a);
  }
  return { resources, set, remove };
}

async function run(ctx: RunContext, fl: Flavour): Promise<number> {
  const { flags, f, io } = ctx;
  const { resources, set, remove } = split(ctx.args);
  const list = fl.verb === 'label' && flags.bool('list');
  if (!list && set.size === 0 && remove.length === 0) throw new CliError(`at least one ${fl.noun} update is required`);
  for (const k of remove) if (set.has(k)) throw new CliError(`can not both modify and remove ${fl.field === 'labels' ? 'a label' : 'an annotation'} in the same command`);
  const format = flags.str('output') ? await parseFormat(flags) : undefined;
  const dry = dryRun(flags, io);
  const refs = await refsOf(ctx, resources, { allowAll: true });
  if (flags.str('resource-version') && refs.length > 1) throw new CliError('--resource-version may only be used with a single resource');
  let failed = false;
  for (const r of refs) {
    try {
      const current = await liveObject(f, r);
      const before = (current.metadata[fl.field] ?? undefined) as Record<string, string> | undefined;
      if (list) {
        for (const [k, v] of Object.entries(before ?? {})) io.out(`${k}=${v}\n`);
        continue;
      }
      const after: Record<string, string> = { ...(before ?? {}) };
      for (const [k, v] of set) {
        const old = before?.[k];
        if (old !== undefined && !flags.bool('overwrite')) {
          if (fl.verb === 'annotate') throw new CliError(`--overwrite is false but found the following declared annotation(s): '${k}' already has a value (${old})`);
          if (old !== v) throw new CliError(`'${k}' already has a value (${old}), and --overwrite is false`);
        }
        after[k] = v;
      }
      for (const k of remove) {
        if (!(k in after)) {
          if (fl.verb === 'label') io.out(`label "${k}" not found.\n`);
        } else delete after[k];
      }
      // The patch is the difference of the two objects; a missing map becomes an empty one, as in kubectl.
      const patchMap: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(after)) if (before?.[k] !== v) patchMap[k] = v;
      for (const k of Object.keys(before ?? {})) if (!(k in after)) patchMap[k] = null;
      const meta: Record<string, unknown> = {};
      if (Object.keys(patchMap).length > 0 || before === undefined) meta[fl.field] = patchMap;
      if (flags.str('resource-version')) meta['resourceVersion'] = flags.str('resource-version');
      const patch = Object.keys(meta).length > 0 ? { metadata: meta } : {};
      const changed = JSON.stringify(after) !== JSON.stringify(before ?? null);
      let result = { ...current, metadata: { ...current.metadata, [fl.field]: after } } as KObject;
      if (dry !== 'client' && !flags.bool('local')) {
        result = await f.rest().request<KObject>({
          method: 'PATCH',
          path: pathOf(r),
          body: patch,
          contentType: 'application/merge-patch+json',
          query: { ...(dry === 'server' ? { dryRun: 'All' } : {}), fieldManager: flags.str('field-manager') },
        });
      }
      if (format) {
        if (format.kind === 'name') io.out(`${objectName(r.info, r.name)}\n`);
        else if (format.kind === 'object') io.out(format.print(forPrinting(result, r.info, flags.bool('show-managed-fields'))));
        continue;
      }
      let msg: string;
      if (fl.verb === 'annotate') msg = 'annotated';
      else {
        const grew = JSON.stringify(after).length >= JSON.stringify(before ?? {}).length;
        msg = !changed ? 'not labeled' : !flags.bool('overwrite') && !grew ? 'unlabeled' : 'labeled';
      }
      // kubectl 1.25 marks a dry run for annotate but not for label.
      io.out(`${objectName(r.info, r.name)} ${msg}${fl.verb === 'annotate' ? dryRunSuffix(dry) : ''}\n`);
    } catch (err) {
      if (err instanceof CliError) throw err;
      io.err(errorText(err) + '\n');
      failed = true;
    }
  }
  return failed ? 1 : 0;
}
