// kubectl create -f: POST each object of the files (with kubectl's fieldManager and
// fieldValidation), reporting each failure with its file and going on with the rest.
import type { KObject } from '../../api/object.js';
import { resourcePath } from '../../client/rest.js';
import type { Command, RunContext } from '../command.js';
import { CliError } from '../factory.js';
import { errorText } from '../errors.js';
import { parseFormat, PRINT_FLAGS, printOutcome } from '../output.js';
import { fileObjectsLenient, namespaceFor } from '../resources.js';
import { DRY_RUN_FLAG, dryRun, dryRunSuffix, FIELD_MANAGER_FLAG, FILENAME_FLAGS, fieldValidation, SELECTOR_FLAG, VALIDATE_FLAG, withSource } from './common.js';
import { createSubcommands } from './creategen.js';
import { withApplyAnnotation } from '../apply/lastapplied.js';

export const command: Command = {
  name: 'create',
  short: 'Create a resource from a file or from stdin',
  flags: [
    ...PRINT_FLAGS,
    ...FILENAME_FLAGS('to use to create the resource'),
    SELECTOR_FLAG,
    { name: 'save-config', type: 'bool', usage: 'If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.' },
    { name: 'edit', type: 'bool', usage: 'Edit the API resource before creating' },
    { name: 'raw', type: 'string', usage: 'Raw URI to POST to the server.  Uses the transport specified by the kubeconfig file.' },
    { name: 'windows-line-endings', type: 'bool', usage: 'Only relevant if --edit=true. Defaults to the line ending native to your platform.' },
    VALIDATE_FLAG,
    DRY_RUN_FLAG,
    FIELD_MANAGER_FLAG('kubectl-create'),
  ],
  sub: createSubcommands,
  run,
};

async function run(ctx: RunContext): Promise<number> {
  const { flags, f, io } = ctx;
  const files = flags.list('filename');
  if (files.length === 0) {
    if (ctx.args.length > 0) throw new CliError(`Unexpected args: [${ctx.args.join(' ')}]\nSee 'kubectl create -h' for help and examples`);
    io.err(`Error: must specify one of -f and -k\n\nSee 'kubectl create -h' for help and examples\n`);
    return 1;
  }
  const dry = dryRun(flags, io);
  const validation = fieldValidation(flags);
  const format = flags.str('output') ? await parseFormat(flags) : undefined;
  const { objects, errors } = await fileObjectsLenient(f, files, flags.bool('recursive'));
  if (objects.length === 0 && errors.length === 0) throw new CliError('no objects passed to create');
  let failed = errors.length > 0;
  const selector = flags.str('selector');
  for (const { obj, source, info } of objects) {
    if (selector && !matchesSelector(obj, selector)) continue;
    try {
      const ns = namespaceFor(f, info, obj);
      let body = obj;
      if (flags.bool('save-config')) body = (withApplyAnnotation(obj as never) as unknown as KObject);
      let created: KObject = body;
      if (dry !== 'client') {
        created = await f.rest().request<KObject>({
          method: 'POST',
          path: resourcePath(info, ns),
          body,
          query: { ...(dry === 'server' ? { dryRun: 'All' } : {}), fieldManager: flags.str('field-manager'), fieldValidation: validation },
        });
      }
      const name = obj.metadata?.name ?? created.metadata?.name ?? '';
      printOutcome(io.out, format, info, name, created, `created${dryRunSuffix(dry)}`, flags.bool('show-managed-fields'));
    } catch (err) {
      io.err(errorText(withSource(err, 'creating', source)) + '\n');
      failed = true;
    }
  }
  for (const e of errors) io.err(`error: ${e.message}\n`);
  return failed ? 1 : 0;
}

/** Equality-based selectors only (`a=b,c!=d`), which is what -l with create is used for. */
function matchesSelector(obj: KObject, selector: string): boolean {
  const labels = obj.metadata?.labels ?? {};
  return selector.split(',').every((term) => {
    const m = /^\s*([^!=\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
    if (!m) return (labels as Record<string, string>)[term.trim()] !== undefined;
    const v = (labels as Record<string, string>)[m[1]!];
    return m[2] === '!=' ? v !== m[3] : v === m[3];
  });
}
