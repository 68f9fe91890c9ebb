// kubectl patch: strategic (default), merge or JSON patches from -p or --patch-file, written in JSON
// or YAML, to the object or its status/scale subresource. "(no change)" when the server's answer
// equals what was read before.
import { readFileSync } from 'node:fs';
import type { KObject } from '../../api/object.js';
import { parseApiVersion } from '../../api/object.js';
import type { Command, RunContext } from '../command.js';
import { completeResourceArgs } from '../completion/args.js';
import { kindName } from '../discovery.js';
import { CliError } from '../factory.js';
import { errorText } from '../errors.js';
import { forPrinting, parseFormat, PRINT_FLAGS } from '../output.js';
import { parseYaml11 } from '../resources.js';
import { DRY_RUN_FLAG, dryRun, FIELD_MANAGER_FLAG, FILENAME_FLAGS, pathOf, refsOf } from './common.js';
import { checkSubresource, SUBRESOURCE_FLAG } from './subresource.js';

const MEDIA: Record<string, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

export const command: Command = {
  name: 'patch',
  short: 'Update fields of a resource',
  flags: [
    ...PRINT_FLAGS,
    ...FILENAME_FLAGS('identifying the resource to update'),
    { name: 'patch', shorthand: 'p', type: 'string', usage: 'The patch to be applied to the resource JSON file.' },
    { name: 'patch-file', type: 'string', usage: 'A file containing a patch to be applied to the resource.' },
    { name: 'type', type: 'string', default: 'strategic', usage: 'The type of patch being provided; one of [json merge strategic]' },
    { name: 'local', type: 'bool', usage: 'If true, patch will operate on the content of the file, not the server-side resource.' },
    DRY_RUN_FLAG,
    FIELD_MANAGER_FLAG('kubectl-patch'),
    SUBRESOURCE_FLAG,
  ],
  complete: completeResourceArgs,
  run,
};

/** -p text as JSON: YAML is accepted and converted, as kubectl's yaml.ToJSON does. */
export function patchJson(text: string): string {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) return t;
  try {
    return JSON.stringify(parseYaml11(text, 'patch')[0] ?? null);
  } catch {
    return t;
  }
}

/** `scale.autoscaling/web`: named after what the server returned (a Scale for --subresource=scale). */
export function nameOfReturned(obj: KObject, fallback: { group: string; kind: string }, name: string): string {
  const info = obj?.kind && obj.apiVersion ? { group: parseApiVersion(obj.apiVersion).group, kind: obj.kind } : fallback;
  return `${kindName(info)}/${name}`;
}

/** Deep equality independent of key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

async function run(ctx: RunContext): Promise<number> {
  const { flags, f, io } = ctx;
  const type = flags.str('type');
  if (!MEDIA[type]) throw new CliError(`--type must be one of [json merge strategic], not "${type}"`);
  let text = flags.str('patch');
  if (flags.str('patch-file')) {
    if (text) throw new CliError('cannot specify --patch and --patch-file together');
    try {
      text = readFileSync(flags.str('patch-file'), 'utf8');
    } catch (err) {
      throw new CliError(`unable to read patch file: ${(err as Error).message}`);
    }
  }
  if (!text) throw new CliError('must specify --patch or --patch-file containing the contents of the patch');
  const sub = flags.str('subresource');
  const bad = checkSubresource(sub);
  if (bad) throw new CliError(bad);
  const format = flags.str('output') ? await parseFormat(flags) : undefined;
  const dry = dryRun(flags, io);
  const body = patchJson(text);
  const refs = await refsOf(ctx, ctx.args);
  let failed = false;
  for (const r of refs) {
    try {
      const path = pathOf(r, sub || undefined);
      const before = await f.rest().request<KObject>({ method: 'GET', path });
      let after = before;
      if (dry !== 'client') {
        after = await f.rest().request<KObject>({
          method: 'PATCH',
          path,
          body,
          contentType: MEDIA[type],
          query: { ...(dry === 'server' ? { dryRun: 'All' } : {}), fieldManager: flags.str('field-manager') },
        });
      }
      if (format?.kind === 'object') io.out(format.print(forPrinting(after, sub ? undefined : r.info, flags.bool('show-managed-fields'))));
      else {
        const name = nameOfReturned(after, r.info, r.name);
        io.out(format?.kind === 'name' ? `${name}\n` : `${name} patched${dry !== 'client' && sameJson(before, after) ? ' (no change)' : ''}\n`);
      }
    } catch (err) {
      io.err(errorText(err) + '\n');
      failed = true;
    }
  }
  return failed ? 1 : 0;
}
