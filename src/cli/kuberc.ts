// kubectl preferences ("kuberc"): aliases and per-command flag defaults. Reads three shapes:
//  - KEP-3104 as proposed in the v1.25 era: apiVersion v1alpha1, kind Preferences,
//    command.aliases[{alias, command}] and command.overrides[{command, flags[{name, default}]}];
//  - kubectl 1.33 (KUBECTL_KUBERC=true): kubectl.config.k8s.io/v1alpha1, kind Preference,
//    aliases[{name, command, prependArgs, appendArgs, flags}], overrides[{command, flags}];
//  - the later v1beta1 naming: kubectl.config.k8s.io/v1beta1, defaults[{command, options}], alias options.
// Messages follow kubectl 1.33 where it has one (recorded in test/cli-kuberc.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

// js-yaml is loaded only when a kuberc file exists: most runs have none, and start-up time counts.
const loadAll = (text: string): unknown[] => (createRequire(import.meta.url)('js-yaml') as typeof import('js-yaml')).loadAll(text);

export interface FlagDefault { name: string; default: string }
export interface Alias {
  name: string;
  /** e.g. ['get'] or ['create', 'deployment'] */
  command: string[];
  prependArgs: string[];
  appendArgs: string[];
  flags: FlagDefault[];
}
/** command [] or ['*'] means every command. */
export interface Override { command: string[]; flags: FlagDefault[] }
export interface Preferences {
  aliases: Alias[];
  overrides: Override[];
  file: string;
  shape: 'kep-3104' | 'v1alpha1' | 'v1beta1';
}

const PREFIX = 'error occurred while applying preferences ';

export class KubercError extends Error {
  /** message is kubectl 1.33's full line; detail names the field when 1.33 only says "no valid preferences". */
  constructor(message: string, readonly detail?: string) {
    super(message);
  }
  get printed(): string {
    return `${this.message}\n`;
  }
}

const invalid = (file: string, detail: string) =>
  new KubercError(`${PREFIX}kuberc error kuberc: no valid preferences found in ${file}, use --v=5 to see details`, `${file}: ${detail}`);

/**
 * 1.33 finds --kuberc by scanning argv before flag parsing (so it also sees it after the command).
 * Returns '' when not given; `--kuberc` as the last arg or `--kuberc=` is an error.
 */
export function explicitKubercFromArgs(argv: string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--kuberc') {
      if (i + 1 < argv.length) return argv[i + 1]!;
      throw new KubercError(`${PREFIX}kuberc file is not found`);
    }
    if (a.includes('--kuberc=')) {
      const v = a.split('=')[1];
      if (v) return v;
      throw new KubercError(`${PREFIX}kuberc file is not found`);
    }
  }
  return '';
}

type Shape = Preferences['shape'];
interface Decoded { prefs: Preferences; unknown: string[] }

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Decode one document strictly: type errors throw (with the field path), unknown fields are collected. */
function decode(doc: Record<string, unknown>, shape: Shape, file: string): Decoded {
  const unknown: string[] = [];
  const fail = (path: string, want: string): never => { throw invalid(file, `${path}: expected ${want}`); };
  const known = (o: Record<string, unknown>, path: string, keys: string[]) => {
    for (const k of Object.keys(o)) if (!keys.includes(k)) unknown.push(path ? `${path}.${k}` : k);
  };
  const string = (v: unknown, path: string): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : fail(path, 'a string'));
  const list = (v: unknown, path: string): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : fail(path, 'a list'));
  const strings = (v: unknown, path: string) => list(v, path).map((x, i) => string(x, `${path}[${i}]`));
  const obj = (v: unknown, path: string) => (isObj(v) ? v : fail(path, 'an object'));
  const flags = (v: unknown, path: string): FlagDefault[] =>
    list(v, path).map((f, i) => {
      const o = obj(f, `${path}[${i}]`);
      known(o, `${path}[${i}]`, ['name', 'default']);
      return { name: string(o.name, `${path}[${i}].name`), default: string(o.default, `${path}[${i}].default`) };
    });
  const words = (s: string) => s.split(/\s+/).filter(Boolean);
  const prefs: Preferences = { aliases: [], overrides: [], file, shape };

  if (shape === 'kep-3104') {
    known(doc, '', ['apiVersion', 'kind', 'command']);
    const cmd = doc.command === undefined || doc.command === null ? {} : obj(doc.command, 'command');
    known(cmd, 'command', ['aliases', 'overrides']);
    list(cmd.aliases, 'command.aliases').forEach((a, i) => {
      const p = `command.aliases[${i}]`;
      const o = obj(a, p);
      known(o, p, ['alias', 'command']);
      // The KEP's alias command is a whole command line: its first word is the command, the rest are args.
      const [first = '', ...rest] = words(string(o.command, `${p}.command`));
      prefs.aliases.push({ name: string(o.alias, `${p}.alias`), command: first ? [first] : [], prependArgs: rest, appendArgs: [], flags: [] });
    });
    list(cmd.overrides, 'command.overrides').forEach((c, i) => {
      const p = `command.overrides[${i}]`;
      const o = obj(c, p);
      known(o, p, ['command', 'flags']);
      prefs.overrides.push({ command: words(string(o.command, `${p}.command`)), flags: flags(o.flags, `${p}.flags`) });
    });
    return { prefs, unknown };
  }

  const beta = shape === 'v1beta1';
  const flagKey = beta ? 'options' : 'flags';
  const overridesKey = beta ? 'defaults' : 'overrides';
  known(doc, '', ['apiVersion', 'kind', 'aliases', overridesKey, ...(beta ? ['credentialPluginPolicy', 'credentialPluginAllowlist'] : [])]);
  list(doc.aliases, 'aliases').forEach((a, i) => {
    const p = `aliases[${i}]`;
    const o = obj(a, p);
    known(o, p, ['name', 'command', 'prependArgs', 'appendArgs', flagKey]);
    prefs.aliases.push({
      name: string(o.name, `${p}.name`),
      command: words(string(o.command, `${p}.command`)),
      prependArgs: strings(o.prependArgs, `${p}.prependArgs`),
      appendArgs: strings(o.appendArgs, `${p}.appendArgs`),
      flags: flags(o[flagKey], `${p}.${flagKey}`),
    });
  });
  list(doc[overridesKey], overridesKey).forEach((c, i) => {
    const p = `${overridesKey}[${i}]`;
    const o = obj(c, p);
    known(o, p, ['command', flagKey]);
    prefs.overrides.push({ command: words(string(o.command, `${p}.command`)), flags: flags(o[flagKey], `${p}.${flagKey}`) });
  });
  return { prefs, unknown };
}

function shapeOf(doc: Record<string, unknown>): Shape | undefined {
  const { apiVersion, kind } = doc;
  if (apiVersion === 'v1alpha1' && kind === 'Preferences') return 'kep-3104';
  if (kind !== 'Preference') return undefined;
  if (apiVersion === 'kubectl.config.k8s.io/v1alpha1') return 'v1alpha1';
  // kubectl 1.33 rejects v1beta1; we accept it (issue: "the later v1beta1 naming").
  if (apiVersion === 'kubectl.config.k8s.io/v1beta1') return 'v1beta1';
  return undefined;
}

/** 1.33's validate(): alias names alphabetical and unique, flag names in long form. */
function validate(p: Preferences): void {
  const checkFlags = (fs: FlagDefault[]) => {
    for (const f of fs) if (f.name.startsWith('-')) throw new KubercError(`${PREFIX}flag name ${f.name} should be in long form without dashes`);
  };
  const seen = new Set<string>();
  for (const a of p.aliases) {
    if (!/^[a-zA-Z]+$/.test(a.name)) throw new KubercError(`${PREFIX}invalid alias name, can only include alphabetical characters`);
    checkFlags(a.flags);
    if (seen.has(a.name)) throw new KubercError(`${PREFIX}duplicate alias name ${a.name}`);
    seen.add(a.name);
  }
  for (const o of p.overrides) checkFlags(o.flags);
}

/**
 * Load preferences. Path: --kuberc, else $KUBERC, else ~/.kube/kuberc. Off when KUBECTL_KUBERC=false,
 * KUBERC=off, or the file is empty (/dev/null). A missing default file is silently ignored; a
 * missing or broken explicit file throws KubercError; warnings are printed verbatim on stderr
 * (some have no trailing newline, as in 1.33).
 */
export function loadPreferences(o: { flag?: string; env: Record<string, string | undefined>; home: string }): { prefs: Preferences | undefined; warnings: string[] } {
  const warnings: string[] = [];
  const none = { prefs: undefined, warnings };
  if ((o.env.KUBECTL_KUBERC ?? '').toLowerCase() === 'false') return none;
  if (o.env.KUBERC === 'off') {
    if (o.flag) throw new KubercError(`${PREFIX}kuberc error disabling kuberc via KUBERC=off and passing kuberc flag are mutually exclusive`);
    return none;
  }
  const explicit = !!(o.flag || o.env.KUBERC);
  const file = o.flag || o.env.KUBERC || join(o.home, '.kube', 'kuberc');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const msg = code === 'ENOENT' ? `open ${file}: no such file or directory` : code === 'EISDIR' ? `read ${file}: is a directory` : `open ${file}: permission denied`;
    if (explicit) throw new KubercError(`${PREFIX}kuberc error kuberc: ${msg}`);
    if (code !== 'ENOENT') warnings.push(`kuberc: no preferences loaded from ${file}: ${msg}`);
    return none;
  }
  if (text.trim() === '') return none;
  let doc: unknown;
  try {
    doc = loadAll(text)[0]; // like 1.33, only the first YAML document counts
  } catch (e) {
    const err = invalid(file, `invalid YAML: ${(e as Error).message.split('\n')[0]}`);
    if (explicit) throw err;
    warnings.push(`kuberc: no preferences loaded from ${file}: no valid preferences found in ${file}, use --v=5 to see details`);
    return none;
  }
  const shape = isObj(doc) ? shapeOf(doc) : undefined;
  let decoded: Decoded;
  try {
    if (!shape) throw invalid(file, isObj(doc) ? `apiVersion ${JSON.stringify(doc.apiVersion ?? '')} / kind ${JSON.stringify(doc.kind ?? '')} is not a known kuberc kind` : 'not a mapping');
    decoded = decode(doc as Record<string, unknown>, shape, file);
  } catch (e) {
    if (explicit || !(e instanceof KubercError)) throw e;
    warnings.push(`kuberc: no preferences loaded from ${file}: no valid preferences found in ${file}, use --v=5 to see details`);
    return none;
  }
  if (decoded.unknown.length) {
    const strict = `strict decoding error: ${[...decoded.unknown].sort().map((f) => `unknown field "${f}"`).join(', ')}`;
    if (!explicit) {
      // 1.33 drops a default-path file with unknown fields entirely (warning without a newline).
      warnings.push(`kuberc: no preferences loaded from ${file}: ${strict}`);
      return none;
    }
    warnings.push(`kuberc: ignoring strict decoding error in ${file}: ${strict}`);
  }
  validate(decoded.prefs);
  return { prefs: decoded.prefs, warnings };
}

/**
 * 1.33's alias rewriting: the command name is the first argv word not starting with "-"; if it is
 * not a built-in and names an alias, it becomes `command… prependArgs… <rest of argv> appendArgs…`.
 * (So `--kuberc F gp` is not expanded: "F" is taken as the command name, as in 1.33.)
 * argv excludes the program name. aliasFlags are defaults for flags the user did not give.
 */
export function expandAlias(argv: string[], prefs: Preferences | undefined, isBuiltin: (name: string) => boolean): { argv: string[]; alias?: string; aliasFlags: FlagDefault[] } {
  const unchanged = { argv, aliasFlags: [] };
  if (!prefs) return unchanged;
  const idx = argv.findIndex((a) => !a.startsWith('-') && !a.startsWith('__complete'));
  if (idx < 0) return unchanged;
  const name = argv[idx]!;
  if (isBuiltin(name)) return unchanged; // aliases never shadow built-ins
  const alias = prefs.aliases.find((a) => a.name === name);
  if (!alias) return unchanged;
  return {
    argv: [...argv.slice(0, idx), ...alias.command, ...alias.prependArgs, ...argv.slice(idx + 1), ...alias.appendArgs],
    alias: alias.name,
    aliasFlags: alias.flags,
  };
}

const sameCommand = (a: string[], b: string[]) => a.length === b.length && a.every((w, i) => w === b[i]);

/**
 * Flag defaults for a command path (e.g. ['create', 'deployment']): overrides for `*` (or an empty
 * command) first, then those naming exactly this path; later entries win per flag. When running an
 * alias, only the alias's own flags apply (overrides do not apply to aliases, as documented for 1.33).
 */
export function flagDefaultsFor(commandPath: string[], prefs: Preferences | undefined, alias?: string): FlagDefault[] {
  if (!prefs) return [];
  if (alias) return dedupe(prefs.aliases.find((a) => a.name === alias)?.flags ?? []);
  const all = prefs.overrides.filter((o) => o.command.length === 0 || sameCommand(o.command, ['*']));
  const exact = prefs.overrides.filter((o) => sameCommand(o.command, commandPath));
  return dedupe([...all, ...exact].flatMap((o) => o.flags));
}

function dedupe(flags: FlagDefault[]): FlagDefault[] {
  const m = new Map<string, FlagDefault>();
  for (const f of flags) { m.delete(f.name); m.set(f.name, f); }
  return [...m.values()];
}

/**
 * 1.33's searchInArgs: was a flag given explicitly? `--name`, `--name=v`, `-X…` for its shorthand,
 * or the shorthand inside a combined group of shorthands (`-abc`).
 */
export function explicitlyGiven(name: string, shorthand: string | undefined, args: string[], allShorthands: Set<string> = new Set()): boolean {
  for (const a of args) {
    if (a === `--${name}` || a.startsWith(`--${name}=`)) return true;
    if (!shorthand) continue;
    if (a.startsWith(`-${shorthand}`)) return true;
    if (/^-[a-zA-Z]+$/.test(a) && [...a.slice(1)].every((c) => allShorthands.has(c)) && a.includes(shorthand)) return true;
  }
  return false;
}

/** What the lead's command tree must answer so kuberc entries can be checked the way 1.33 does. */
export interface CommandTree {
  hasCommand(path: string[]): boolean;
  hasFlag(path: string[], flag: string): boolean;
}

/**
 * The checks 1.33 makes once the command is known: overrides naming no command warn; an override
 * for this command with an unknown flag, an alias whose command does not exist, or an alias flag
 * the command lacks are errors. `*` (and []) are accepted as "every command" (1.33 warns on them).
 */
export function checkPreferences(prefs: Preferences | undefined, commandPath: string[], tree: CommandTree, alias?: string, program = 'kubectl'): { warnings: string[] } {
  const warnings: string[] = [];
  if (!prefs) return { warnings };
  if (alias) {
    const a = prefs.aliases.find((x) => x.name === alias);
    if (a && !tree.hasCommand(a.command)) {
      throw new KubercError(`${PREFIX}command "${a.command.join(' ')}" not found to set alias "${a.name}": [${a.command.join(' ')}]`);
    }
    for (const f of a?.flags ?? []) if (!tree.hasFlag(a!.command, f.name)) throw new KubercError(`${PREFIX}invalid alias flag ${f.name} in alias ${program}`);
  }
  for (const o of prefs.overrides) {
    const every = o.command.length === 0 || sameCommand(o.command, ['*']);
    if (!every && !tree.hasCommand(o.command)) {
      warnings.push(`Warning: command "${o.command.join(' ')}" not found to set kuberc override\n`);
      continue;
    }
    if (alias) continue;
    if (!every && !sameCommand(o.command, commandPath)) continue;
    // A `*` entry only sets the flags a command has; a named command must have every flag.
    if (every) continue;
    for (const f of o.flags) {
      if (!tree.hasFlag(commandPath, f.name)) throw new KubercError(`${PREFIX}invalid flag ${f.name} for command ${o.command.join(' ')}`);
    }
  }
  return { warnings };
}
