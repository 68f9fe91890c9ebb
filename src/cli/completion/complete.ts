// The hidden `__complete` / `__completeNoDesc` commands, speaking cobra v1.5's protocol (what
// kubectl 1.25 ships and what the generated shell scripts call): the last word is the one being
// completed (possibly ""); the answer is one candidate per line (`name\tdescription` for
// `__complete`), then `:<directive>`, and on stderr the directive's names. Candidates are not
// filtered by prefix unless cobra does it (subcommands, flag names); the shell does the rest.
import { type Command, type Completions, flagsOf, newFlagValues, resolveCommand } from '../command.js';
import { Factory } from '../factory.js';
import { type FlagDef, type FlagValues, parseFlags } from '../flags.js';
import type { IO } from '../io.js';
import { fullTree } from '../main.js';
import { NO_FILE_COMP, NO_SPACE } from './args.js';
import { defaultFlagValues } from './flagvalues.js';

export const DIRECTIVE = { Error: 1, NoSpace: NO_SPACE, NoFileComp: NO_FILE_COMP, FilterFileExt: 8, FilterDirs: 16 } as const;

/** cobra's ShellCompDirective.string(). */
export function directiveNames(d: number): string {
  const names = Object.entries(DIRECTIVE)
    .filter(([, bit]) => d & bit)
    .map(([name]) => `ShellCompDirective${name}`);
  return names.length ? names.join(', ') : 'ShellCompDirectiveDefault';
}

/** Run `__complete` (descriptions) or `__completeNoDesc` over `argv`, the words after it. */
export async function complete(argv: string[], io: IO, descriptions: boolean): Promise<number> {
  if (argv.length === 0) {
    io.err('error: requires at least 1 arg(s), only received 0\n');
    return 1;
  }
  const root = await fullTree();
  const { result, error } = await completions(root, argv, io);
  if (error) io.err(`[Debug] [Error] ${error}\n`);
  for (let c of result.values) {
    if (!descriptions) c = c.split('\t')[0]!;
    io.out(`${c.split('\n')[0]!.trim()}\n`);
  }
  io.out(`:${result.directive}\n`);
  io.err(`Completion ended with directive: ${directiveNames(result.directive)}\n`);
  return 0;
}

interface Outcome {
  result: Completions;
  error?: string;
}

const goList = (words: string[]) => `[${words.join(' ')}]`;
const fail = (error: string): Outcome => ({ result: { values: [], directive: 0 }, error });

/** cobra's getCompletions, over our command tree. */
export async function completions(root: Command, argv: string[], io: IO): Promise<Outcome> {
  let toComplete = argv[argv.length - 1]!;
  const typed = argv.slice(0, -1);
  const { path, rest } = resolveCommand(root, typed);
  const cmd = path[path.length - 1]!;
  const flags = newFlagValues(path);
  // Which flag's value is being completed, if any (the previous word, or `--flag=` in this one).
  const fc = flagCompletion(flagsOf(path), rest, toComplete);
  toComplete = fc.toComplete;
  let parsed: { args: string[]; dashIndex: number };
  try {
    parsed = parseFlags(fc.args, flags);
  } catch (err) {
    return fail(`Error while parsing flags from args ${goList(fc.args)}: ${(err as Error).message}`);
  }
  if (path.length === 1 && parsed.args.length > 0) return fail(`Unable to find a command for arguments: ${goList(typed)}`);
  // After `--` every word is an argument: no flag names, no flag values.
  const flagsDone = parsed.dashIndex >= 0;
  if (fc.unknown && !flagsDone) return fail(`Subcommand '${cmd.name}' does not support flag '${fc.unknown}'`);
  const flag = flagsDone ? undefined : fc.flag;
  const args = parsed.args;
  const f = new Factory(flags, io, 'kubectl __complete');
  try {
    if (flag?.name === 'filename' && !flag.complete) return { result: (await defaultFlagValues(flag, f, toComplete))! };
    if (!flag && toComplete.startsWith('-') && !toComplete.includes('=') && !flagsDone) {
      let values = flagNames(path, flags, toComplete, true);
      if (values.length === 0) values = flagNames(path, flags, toComplete, false);
      return { result: { values, directive: values.length === 1 && values[0]!.endsWith('=') ? NO_SPACE : NO_FILE_COMP } };
    }
    const values: string[] = [];
    let directive = 0;
    if (!flag) {
      const ownFlagSet = (cmd.flags ?? []).some((d) => flags.changed(d.name));
      if (args.length === 0 && !ownFlagSet) {
        for (const sub of [...(cmd.sub ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1))) {
          if (sub.hidden) continue;
          if (sub.name.startsWith(toComplete)) values.push(`${sub.name}\t${sub.short}`);
          directive = NO_FILE_COMP;
        }
      }
      values.push(...flagNames(path, flags, toComplete, true));
    }
    const found = await (flag ? flagValues(flag, f, flags, args, toComplete) : cmd.complete ? argValues(cmd, { args, toComplete, flags, f }) : undefined);
    if (found) {
      values.push(...found.values);
      directive = found.directive;
    }
    return { result: { values, directive } };
  } finally {
    f.close();
  }
}

interface FlagCompletion {
  flag?: FlagDef;
  /** The words to parse (the flag awaiting its value taken out). */
  args: string[];
  toComplete: string;
  /** A flag named for value completion that the command does not have. */
  unknown?: string;
}

const isFlagWord = (w: string) => (w.length >= 3 && w[1] === '-') || (w.length >= 2 && w[0] === '-' && w[1] !== '-');

/** cobra's checkIfFlagCompletion. */
function flagCompletion(defs: Map<string, FlagDef>, args: string[], last: string): FlagCompletion {
  let name = '';
  let withEqual = false;
  let rest = args;
  let toComplete = last;
  if (last.startsWith('-')) {
    const eq = last.indexOf('=');
    if (eq < 0) return { args, toComplete };
    // `--flag=…`, or `-abn=…` where the last shorthand before `=` is the flag.
    name = last.startsWith('--') ? last.slice(2, eq) : last.slice(eq - 1, eq);
    toComplete = last.slice(eq + 1);
    withEqual = true;
  } else {
    const prev = args[args.length - 1];
    if (prev !== undefined && isFlagWord(prev) && !prev.includes('=')) {
      name = prev.startsWith('--') ? prev.slice(2) : prev.slice(-1);
      rest = args.slice(0, -1);
    }
  }
  if (!name) return { args: rest, toComplete };
  const flag = findFlag(defs, name);
  if (!flag) return { args, toComplete: last, unknown: name };
  // A bool (or a flag with a default for its bare form) after which a plain argument comes.
  if (!withEqual && (flag.type === 'bool' || flag.noOptDefault !== undefined)) return { args, toComplete };
  return { flag, args: rest, toComplete };
}

/** A one-letter name is a shorthand, as cobra's findFlag has it (so `--n` means -n). */
function findFlag(defs: Map<string, FlagDef>, name: string): FlagDef | undefined {
  if (name.length === 1) return [...defs.values()].find((d) => d.shorthand === name);
  return defs.get(name);
}

/**
 * Flag names matching `toComplete`: inherited (root) flags, then the command's own, each set sorted
 * by name as pflag visits them; a flag already given is offered again only if it can repeat.
 * `requiredOnly` gives cobra's required-flag pass, which runs first and even without a `-`.
 */
function flagNames(path: Command[], flags: FlagValues, toComplete: string, requiredOnly: boolean): string[] {
  const own = path.length > 1 ? (path[path.length - 1]!.flags ?? []) : [];
  const ownNames = new Set(own.map((d) => d.name));
  const all = [...flagsOf(path).values()];
  const sorted = (ds: FlagDef[]) => [...ds].sort((a, b) => (a.name < b.name ? -1 : 1));
  const out: string[] = [];
  for (const d of [...sorted(all.filter((d) => !ownNames.has(d.name))), ...sorted(all.filter((d) => ownNames.has(d.name)))]) {
    if (d.hidden || (requiredOnly && !d.required)) continue;
    const repeatable = d.type === 'stringArray' || d.type === 'stringSlice';
    if (flags.changed(d.name) && !repeatable) continue;
    if (`--${d.name}`.startsWith(toComplete)) out.push(`--${d.name}\t${d.usage}`);
    if (d.shorthand && `-${d.shorthand}`.startsWith(toComplete)) out.push(`-${d.shorthand}\t${d.usage}`);
  }
  return out;
}

async function flagValues(flag: FlagDef, f: Factory, flags: FlagValues, args: string[], toComplete: string): Promise<Completions | undefined> {
  try {
    if (flag.complete) return { values: await flag.complete({ args, flags, factory: f }, toComplete), directive: NO_FILE_COMP };
    return await defaultFlagValues(flag, f, toComplete);
  } catch {
    return { values: [], directive: NO_FILE_COMP };
  }
}

async function argValues(cmd: Command, req: Parameters<NonNullable<Command['complete']>>[0]): Promise<Completions> {
  try {
    const r = await cmd.complete!(req);
    return Array.isArray(r) ? { values: r, directive: NO_FILE_COMP } : r;
  } catch {
    return { values: [], directive: NO_FILE_COMP };
  }
}
