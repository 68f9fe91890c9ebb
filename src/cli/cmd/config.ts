// kubectl config: the kubeconfig subcommands, each a thin shell over src/cli/config.ts.
import type { Command, RunContext } from '../command.js';
import { type ConfigFlags, loadForConfig, runConfig } from '../config.js';
import type { FlagDef } from '../flags.js';
import { toYaml } from '../printers/yaml.js';

const OUTPUT: FlagDef = { name: 'output', shorthand: 'o', type: 'string', usage: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).' };

async function run(ctx: RunContext): Promise<number> {
  const { flags, io } = ctx;
  const sub = ctx.path[1]!;
  const loaded = loadForConfig({ kubeconfigFlag: flags.str('kubeconfig') || undefined, env: io.env, home: io.home });
  const cf: ConfigFlags = {};
  const opt = (name: string) => (flags.has(name) && flags.changed(name) ? flags.str(name) : undefined);
  if (flags.has('minify')) cf.minify = flags.bool('minify');
  if (flags.has('raw')) cf.raw = flags.bool('raw');
  if (flags.has('flatten')) cf.flatten = flags.bool('flatten');
  if (flags.has('no-headers')) cf.noHeaders = flags.bool('no-headers');
  if (flags.has('current')) cf.current = flags.bool('current');
  for (const [k, name] of [['output', 'output'], ['namespace', 'namespace'], ['cluster', 'cluster'], ['user', 'user']] as const) {
    const v = opt(name);
    if (v !== undefined) cf[k] = v;
  }
  if (flags.str('context')) cf.context = flags.str('context');
  const r = runConfig(sub, loaded, ctx.args, cf, { yaml: toYaml });
  if (!r) {
    io.err(`error: unknown command "${sub}" for "kubectl config"\n`);
    return 1;
  }
  io.out(r.stdout);
  io.err(r.stderr);
  return r.code;
}

const sub = (name: string, short: string, flags: FlagDef[] = [], aliases?: string[]): Command => ({ name, short, flags, run, ...(aliases ? { aliases } : {}) });

export const command: Command = {
  name: 'config',
  short: 'Modify kubeconfig files',
  sub: [
    sub('current-context', 'Display the current-context'),
    sub('delete-context', 'Delete the specified context from the kubeconfig'),
    sub('get-clusters', 'Display clusters defined in the kubeconfig'),
    sub('get-contexts', 'Describe one or many contexts', [OUTPUT, { name: 'no-headers', type: 'bool', usage: "When using the default or custom-column output format, don't print headers (default print headers)." }]),
    sub('set-context', 'Set a context entry in kubeconfig', [
      { name: 'current', type: 'bool', usage: 'Modify the current context' },
      { name: 'cluster', type: 'string', usage: 'cluster for the context entry in kubeconfig' },
      { name: 'user', type: 'string', usage: 'user for the context entry in kubeconfig' },
      { name: 'namespace', type: 'string', usage: 'namespace for the context entry in kubeconfig' },
    ]),
    sub('use-context', 'Set the current-context in a kubeconfig file', [], ['use']),
    sub('view', 'Display merged kubeconfig settings or a specified kubeconfig file', [
      OUTPUT,
      { name: 'minify', type: 'bool', usage: 'Remove all information not used by current-context from the output' },
      { name: 'raw', type: 'bool', usage: 'Display raw byte data and sensitive data' },
      { name: 'flatten', type: 'bool', usage: 'Flatten the resulting kubeconfig file into self-contained output (useful for creating portable kubeconfig files)' },
      { name: 'merge', type: 'bool', default: true, usage: 'Merge the full hierarchy of kubeconfig files' },
      { name: 'template', type: 'string', usage: 'Template string or path to template file to use when -o=go-template, -o=go-template-file.' },
    ]),
  ],
};
