// Commands as data: a tree of names, flags and a run function, dispatched the way cobra does for
// kubectl (persistent root flags anywhere, the command path found among the words that are not
// flags). Each verb lives in its own module under cmd/ and is loaded only when it runs.
import type { Factory } from './factory.js';
import { type FlagDef, FlagValues } from './flags.js';
import type { IO } from './io.js';

export interface RunContext {
  args: string[];
  /** Index in `args` where words after `--` begin, or -1. */
  dashIndex: number;
  flags: FlagValues;
  io: IO;
  f: Factory;
  /** e.g. ['create', 'deployment'] */
  path: string[];
}

export interface CompleteRequest {
  args: string[];
  toComplete: string;
  flags: FlagValues;
  f: Factory;
}

/** Candidates with a cobra ShellCompDirective (see completion/complete.ts), when the default NoFileComp won't do. */
export interface Completions {
  values: string[];
  directive: number;
}

export interface Command {
  name: string;
  aliases?: string[];
  short: string;
  /** Help text shown instead of `short` by `--help`, and its Examples section. */
  long?: string;
  example?: string;
  hidden?: boolean;
  /** Group heading in `kubectl --help`. */
  group?: string;
  flags?: FlagDef[];
  /** Loaded lazily so that `kubette kubectl get` never parses the code of `apply`. */
  sub?: Command[];
  run?: (ctx: RunContext) => Promise<number | void>;
  /** Completion of positional arguments (names, types); a plain list means directive NoFileComp. */
  complete?: (req: CompleteRequest) => Promise<string[] | Completions>;
}

export interface Resolved {
  path: Command[];
  /** The words left once the command path is taken out. */
  rest: string[];
}

/** Flags of the path's commands (root's are persistent for every command), by long name. */
export function flagsOf(path: Command[]): Map<string, FlagDef> {
  const m = new Map<string, FlagDef>();
  for (const c of path) for (const d of c.flags ?? []) m.set(d.name, d);
  return m;
}

const matches = (c: Command, word: string) => c.name === word || (c.aliases ?? []).includes(word);

/**
 * Find the command path: walk the words, skipping flags (and the value of a value-taking flag
 * given as a separate word), descending while a word names a subcommand.
 */
export function resolveCommand(root: Command, argv: string[]): Resolved {
  const path = [root];
  const rest: string[] = [];
  let positional = 0;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    const cur = path[path.length - 1]!;
    if (a.startsWith('-') && a.length > 1) {
      rest.push(a);
      if (!a.includes('=') && takesValue(flagsOf(path), a)) {
        if (i + 1 < argv.length) rest.push(argv[++i]!);
      }
      continue;
    }
    // Only the first positional word at each level can name a subcommand, as in cobra.
    const next = positional === 0 ? (cur.sub ?? []).find((c) => matches(c, a)) : undefined;
    if (next) {
      path.push(next);
      continue;
    }
    positional++;
    rest.push(a);
  }
  rest.push(...argv.slice(i));
  return { path, rest };
}

/** Whether a word that is a flag (`--name`, `-n`, `-ab`) needs the next word as its value. */
function takesValue(defs: Map<string, FlagDef>, word: string): boolean {
  if (word.startsWith('--')) {
    const d = defs.get(word.slice(2));
    return !!d && d.type !== 'bool' && d.noOptDefault === undefined;
  }
  const last = word[word.length - 1]!;
  for (const d of defs.values()) if (d.shorthand === last && word.length === 2) return d.type !== 'bool' && d.noOptDefault === undefined;
  return false;
}

export function newFlagValues(path: Command[]): FlagValues {
  return new FlagValues(flagsOf(path));
}

export const commandPath = (path: Command[]) => path.slice(1).map((c) => c.name);
