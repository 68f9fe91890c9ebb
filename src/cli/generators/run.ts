// What every `kubectl create <generator>` shares: its flags (--dry-run, -o, --save-config,
// --field-manager, --validate), the NAME argument check, and sending or printing the object.
import type { KObject } from '../../api/object.js';
import { resourcePath } from '../../client/rest.js';
import type { RunContext } from '../command.js';
import { CliError } from '../factory.js';
import type { FlagDef } from '../flags.js';
import { forPrinting, parseFormat, PRINT_FLAGS } from '../output.js';
import { DRY_RUN_FLAG, dryRun, dryRunSuffix } from '../cmd/common.js';
import { goJson } from '../printers/json.js';

export const GENERATOR_FLAGS: FlagDef[] = [
  ...PRINT_FLAGS,
  DRY_RUN_FLAG,
  { name: 'save-config', type: 'bool', usage: "If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future." },
  { name: 'field-manager', type: 'string', default: 'kubectl-create', usage: 'Name of the manager used to track field ownership.' },
  { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict', usage: 'Must be one of: strict (or true), warn, ignore (or false).' },
];

/** Where a generated object goes: its resource (no discovery needed, as kubectl's typed clients). */
export interface Target {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  /** Prefix of server errors ("failed to create deployment: "); none for namespaces. */
  failPrefix?: string;
}

/** cmdutil.UsageErrorf for the NAME argument. */
export function oneName(ctx: RunContext): string {
  const names = ctx.dashIndex >= 0 ? ctx.args.slice(0, ctx.dashIndex) : ctx.args;
  if (names.length !== 1) throw new CliError(`exactly one NAME is required, got ${names.length}\nSee 'kubectl ${ctx.path.join(' ')} -h' for help and examples`);
  return names[0]!;
}

/** The words after `--` (the container command). */
export const commandArgs = (ctx: RunContext): string[] => (ctx.dashIndex >= 0 ? ctx.args.slice(ctx.dashIndex) : []);

/** The namespace put into generated objects: only one given with -n (EnforceNamespace). */
export const explicitNamespace = (ctx: RunContext): string | undefined => {
  const { namespace, explicit } = ctx.f.namespace();
  return explicit ? namespace : undefined;
};

/** cobra's MarkFlagRequired check. */
export function requireFlags(ctx: RunContext, names: string[]): void {
  const missing = names.filter((n) => !ctx.flags.changed(n));
  if (missing.length > 0) throw new CliError(`required flag(s) ${missing.map((n) => `"${n}"`).join(', ')} not set`);
}

const VALIDATION: Record<string, string> = { strict: 'Strict', true: 'Strict', warn: 'Warn', ignore: 'Ignore', false: 'Ignore' };

/** Print (--dry-run=client) or POST the object, then report as kubectl's printers do. */
export async function createObject(ctx: RunContext, target: Target, obj: KObject): Promise<number> {
  const { flags, f, io } = ctx;
  const dry = dryRun(flags, io);
  const format = await parseFormat(flags, 'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml');
  const validation = VALIDATION[flags.str('validate').toLowerCase()];
  if (!validation) throw new CliError(`invalid - validate option "${flags.str('validate')}"; must be one of: strict (or true), warn, ignore (or false)`);
  if (flags.bool('save-config')) {
    const m = obj.metadata as Record<string, unknown>;
    const annotations = { ...((m['annotations'] as Record<string, string>) ?? {}) };
    annotations['kubectl.kubernetes.io/last-applied-configuration'] = goJson(obj, { order: 'insertion' }) + '\n';
    setAnnotations(m, Object.fromEntries(Object.keys(annotations).sort().map((k) => [k, annotations[k]!])));
  }
  let result: KObject = obj;
  let typed = true;
  if (dry !== 'client') {
    const namespace = target.namespaced ? (obj.metadata?.namespace ?? f.namespace().namespace) : undefined;
    try {
      result = await f.rest().request<KObject>({
        method: 'POST',
        path: resourcePath(target, namespace),
        query: { ...(dry === 'server' ? { dryRun: 'All' } : {}), fieldManager: flags.str('field-manager'), fieldValidation: validation },
        body: obj,
      });
    } catch (err) {
      if (target.failPrefix) throw new CliError(`${target.failPrefix}${(err as Error).message}`);
      throw err;
    }
    typed = false;
  }
  const name = result.metadata?.name ?? '';
  const kindName = target.group ? `${target.kind.toLowerCase()}.${target.group}` : target.kind.toLowerCase();
  const suffix = dryRunSuffix(dry);
  if (format.kind === 'name') io.out(`${kindName}/${name}\n`);
  else if (format.kind === 'object') {
    const printable = forPrinting(result, target, flags.bool('show-managed-fields'));
    // JSON of a typed object keeps struct order; the shared printer sorts (as for unstructured).
    io.out(typed && flags.str('output') === 'json' ? goJson(printable, { indent: '    ', order: 'insertion' }) + '\n' : format.print(printable));
  } else io.out(`${kindName}/${name} created${suffix}\n`);
  return 0;
}

/** Put annotations right after labels (ObjectMeta field order). */
function setAnnotations(m: Record<string, unknown>, annotations: Record<string, string>): void {
  const entries = Object.entries(m).filter(([k]) => k !== 'annotations');
  const at = entries.findIndex(([k]) => k === 'labels');
  const idx = at >= 0 ? at + 1 : entries.findIndex(([k]) => k === 'creationTimestamp') + 1;
  entries.splice(idx, 0, ['annotations', annotations]);
  for (const k of Object.keys(m)) delete m[k];
  Object.assign(m, Object.fromEntries(entries));
}
