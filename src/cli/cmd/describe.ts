// kubectl describe: TYPE [NAME_PREFIX], TYPE/NAME…, -l, -A or -f, through the describers.
import type { Command, RunContext } from '../command.js';
import { completeResourceArgs } from '../completion/args.js';
import { describeMany } from '../describe/index.js';
import { CliError } from '../factory.js';
import { fileObjects, targetsFromArgs } from '../resources.js';
import { FILENAME_FLAGS, SELECTOR_FLAG } from './common.js';

export const command: Command = {
  name: 'describe',
  short: 'Show details of a specific resource or group of resources',
  flags: [
    ...FILENAME_FLAGS('containing the resource to describe'),
    SELECTOR_FLAG,
    { name: 'all-namespaces', shorthand: 'A', type: 'bool', usage: 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.' },
    { name: 'show-events', type: 'bool', default: true, usage: 'If true, display events related to the described object.' },
    { name: 'chunk-size', type: 'int', default: 500, usage: 'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.' },
  ],
  complete: completeResourceArgs,
  run,
};

async function run(ctx: RunContext): Promise<number> {
  const { flags, f, io } = ctx;
  const opts = { showEvents: flags.bool('show-events'), chunkSize: flags.int('chunk-size') };
  const ns = f.namespace().namespace;
  const jobs: { info: Parameters<typeof describeMany>[1]; namespace: string; sel: Parameters<typeof describeMany>[3] }[] = [];
  const files = flags.list('filename');
  if (files.length > 0) {
    for (const o of await fileObjects(f, files, flags.bool('recursive'))) jobs.push({ info: target(o.info), namespace: o.obj.metadata?.namespace ?? ns, sel: { name: o.obj.metadata?.name ?? '', exactName: true } });
  } else {
    if (ctx.args.length === 0) throw new CliError(`You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n`);
    const slashForm = ctx.args.some((a) => a.includes('/'));
    for (const t of await targetsFromArgs(f, ctx.args)) {
      if (t.names.length === 0) jobs.push({ info: target(t.info), namespace: ns, sel: { labelSelector: flags.str('selector') || undefined, allNamespaces: flags.bool('all-namespaces') } });
      else for (const name of t.names) jobs.push({ info: target(t.info), namespace: ns, sel: { name, exactName: slashForm } });
    }
  }
  let code = 0;
  let printed = false;
  for (const j of jobs) {
    const r = await describeMany(f.rest(), j.info, j.namespace, j.sel, opts);
    // Several objects are separated the way kubectl separates them: a blank line.
    if (r.stdout) io.out((printed ? '\n\n' : '') + r.stdout);
    printed ||= !!r.stdout;
    io.err(r.stderr);
    if (r.code !== 0) code = r.code;
  }
  return code;
}

const target = (i: { group: string; version: string; resource: string; kind: string; namespaced: boolean }) => ({ group: i.group, version: i.version, resource: i.resource, kind: i.kind, namespaced: i.namespaced });
