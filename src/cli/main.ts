// `kubette kubectl …`: preferences (kuberc) → command lookup → flags → run, and kubectl's way of
// reporting a failure (`Error from server (Reason): …`, `error: …`, exit code 1).
import { type Command, commandPath, newFlagValues, resolveCommand } from './command.js';
import { errorText } from './errors.js';
import { CliError, Factory } from './factory.js';
import { FlagError, parseFlags } from './flags.js';
import type { IO } from './io.js';
import { findTopLevel, GLOBAL_FLAGS, TOP_LEVEL } from './root.js';
import { applyPreferences } from './preferences.js';

export const rootCommand = (sub: Command[]): Command => ({ name: 'kubectl', short: 'kubectl controls the Kubernetes cluster manager', flags: GLOBAL_FLAGS, sub });

/** The whole tree, every verb loaded (help and completion need it). */
export async function fullTree(): Promise<Command> {
  return rootCommand(await Promise.all(TOP_LEVEL.map(async (t) => (await t.load()).command)));
}

export async function runKubectl(argv: string[], io: IO): Promise<number> {
  let prefs: Awaited<ReturnType<typeof applyPreferences>>;
  try {
    prefs = await applyPreferences(argv, io);
  } catch (err) {
    io.err(`${(err as Error).message}\n`);
    return 1;
  }
  argv = prefs.argv;
  if (argv[0] === '__complete' || argv[0] === '__completeNoDesc') {
    const { complete } = await import('./completion/complete.js');
    return complete(argv.slice(1), io, argv[0] === '__complete');
  }
  const first = firstWord(argv);
  if (first === undefined) {
    const { printRootHelp } = await import('./help.js');
    io.out(printRootHelp());
    return 0;
  }
  const top = findTopLevel(first);
  if (!top) {
    io.err(`error: unknown command "${first}" for "kubectl"\nRun 'kubectl --help' for usage.\n`);
    return 1;
  }
  const root = rootCommand([(await top.load()).command]);
  const { path, rest } = resolveCommand(root, argv);
  const cmd = path[path.length - 1]!;
  const names = commandPath(path);
  const flags = newFlagValues(path);
  if (!flags.has('help')) flags.defs.set('help', { name: 'help', shorthand: 'h', type: 'bool', usage: `help for ${cmd.name}` });
  const f = new Factory(flags, io, `kubectl ${prefs.alias ?? names.join(' ')}`);
  try {
    for (const d of prefs.defaultsFor(names)) if (flags.has(d.name)) flags.set(d.name, d.default, false);
    const { args, dashIndex } = parseFlags(rest, flags);
    if (flags.bool('help') || !cmd.run) {
      const { commandHelp } = await import('./help.js');
      io.out(commandHelp(path));
      return 0;
    }
    const code = (await cmd.run({ args, dashIndex, flags, io, f, path: names })) ?? 0;
    if (code === 0 && flags.bool('warnings-as-errors') && f.warnings > 0) {
      io.err(`error: ${f.warnings} warning${f.warnings === 1 ? '' : 's'} received\n`);
      return 1;
    }
    return code;
  } catch (err) {
    if (err instanceof FlagError) {
      io.err(`error: ${err.message}\nSee '${['kubectl', ...names].join(' ')} --help' for usage.\n`);
      return 1;
    }
    // Printers that fail half-way (custom-columns, go-template) have already produced some output.
    const partial = (err as { output?: unknown })?.output;
    if (typeof partial === 'string') io.out(partial);
    const text = errorText(err, f);
    io.err(text.endsWith('\n') ? text : text + '\n');
    return err instanceof CliError ? err.code : 1;
  } finally {
    f.close();
  }
}

/** The first word that is not a flag (or a global flag's value). */
function firstWord(argv: string[]): string | undefined {
  const takesValue = new Set<string>();
  for (const d of GLOBAL_FLAGS) {
    if (d.type === 'bool') continue;
    takesValue.add(`--${d.name}`);
    if (d.shorthand) takesValue.add(`-${d.shorthand}`);
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return argv[i + 1];
    if (a.startsWith('-')) {
      if (takesValue.has(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}
