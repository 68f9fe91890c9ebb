// Flags as pflag parses them for kubectl: `--name=value`, `--name value`, `-n value`, `-nvalue`,
// `-abc` for bool shorthands, `--` ending flags, and flags interspersed with arguments. Defaults
// can be replaced before parsing (kuberc overrides), and `changed` tells an explicit flag from one.

export type FlagType = 'bool' | 'string' | 'int' | 'stringArray' | 'stringSlice' | 'duration';

export interface FlagDef {
  name: string;
  shorthand?: string;
  type: FlagType;
  default?: string | boolean | number | string[];
  usage: string;
  hidden?: boolean;
  /** cobra's MarkFlagRequired: completion offers it even before a `-` is typed. */
  required?: boolean;
  /** pflag's NoOptDefVal: the value a bare `--flag` takes (e.g. `--dry-run` means "unchanged"). */
  noOptDefault?: string;
  /** Completion for the flag's value. */
  complete?: (ctx: CompletionContext, toComplete: string) => Promise<string[]> | string[];
}

/** What a completion function sees: the words typed so far (command path excluded) and the flags set. */
export interface CompletionContext {
  args: string[];
  flags: FlagValues;
  /** Resolve through the command's factory (server lookups); undefined offline. */
  factory: unknown;
}

export type FlagValue = string | boolean | number | string[];

export class FlagError extends Error {}

export class FlagValues {
  private readonly values = new Map<string, FlagValue>();
  readonly changedSet = new Set<string>();

  constructor(readonly defs: Map<string, FlagDef>) {
    for (const d of defs.values()) this.values.set(d.name, initial(d));
  }

  changed(name: string): boolean {
    return this.changedSet.has(name);
  }
  str(name: string): string {
    const v = this.values.get(name);
    return v === undefined ? '' : Array.isArray(v) ? v.join(',') : String(v);
  }
  bool(name: string): boolean {
    return this.values.get(name) === true;
  }
  int(name: string): number {
    const v = this.values.get(name);
    return typeof v === 'number' ? v : Number(v ?? 0);
  }
  list(name: string): string[] {
    const v = this.values.get(name);
    return Array.isArray(v) ? v : v === undefined || v === '' ? [] : [String(v)];
  }
  has(name: string): boolean {
    return this.defs.has(name);
  }

  /** Set a flag from text, as given on the command line (`explicit`) or as a preference default. */
  set(name: string, text: string, explicit = true): void {
    const d = this.defs.get(name);
    if (!d) throw new FlagError(`unknown flag: --${name}`);
    const parsed = parseValue(d, text);
    if (d.type === 'stringArray' || d.type === 'stringSlice') {
      const prev = explicit && this.changedSet.has(name) ? (this.values.get(name) as string[]) : [];
      this.values.set(name, [...prev, ...(parsed as string[])]);
    } else this.values.set(name, parsed);
    if (explicit) this.changedSet.add(name);
  }
}

function initial(d: FlagDef): FlagValue {
  if (d.default !== undefined) return Array.isArray(d.default) ? [...d.default] : d.default;
  switch (d.type) {
    case 'bool':
      return false;
    case 'int':
      return 0;
    case 'stringArray':
    case 'stringSlice':
      return [];
    default:
      return '';
  }
}

/** pflag's value parsers, with its error wording. */
function parseValue(d: FlagDef, text: string): FlagValue {
  switch (d.type) {
    case 'bool': {
      const t = text.toLowerCase();
      if (['1', 't', 'true'].includes(t)) return true;
      if (['0', 'f', 'false'].includes(t)) return false;
      throw new FlagError(`invalid argument "${text}" for "${flagName(d)}" flag: strconv.ParseBool: parsing "${text}": invalid syntax`);
    }
    case 'int': {
      if (!/^[+-]?\d+$/.test(text)) throw new FlagError(`invalid argument "${text}" for "${flagName(d)}" flag: strconv.ParseInt: parsing "${text}": invalid syntax`);
      return Number(text);
    }
    case 'stringSlice':
      return text === '' ? [] : text.split(',');
    case 'stringArray':
      return [text];
    case 'duration':
      if (!/^([0-9.]+(ns|us|µs|ms|s|m|h))+$|^0$/.test(text)) throw new FlagError(`invalid argument "${text}" for "${flagName(d)}" flag: time: invalid duration "${text}"`);
      return text;
    default:
      return text;
  }
}

const flagName = (d: FlagDef) => (d.shorthand ? `-${d.shorthand}, --${d.name}` : `--${d.name}`);

/** Go's time.ParseDuration, in milliseconds. */
export function parseDuration(text: string): number {
  if (text === '0' || text === '') return 0;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let ms = 0;
  for (const m of text.matchAll(/([0-9.]+)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * unit[m[2]!]!;
  return ms;
}

export interface Parsed {
  args: string[];
  /** Arguments after `--` (kubectl exec's command), also included at the end of `args`. */
  dashIndex: number;
}

/** Parse `argv` into `values` (defined by `values.defs`), returning the positional arguments. */
export function parseFlags(argv: string[], values: FlagValues): Parsed {
  const args: string[] = [];
  let dashIndex = -1;
  const short = new Map<string, FlagDef>();
  for (const d of values.defs.values()) if (d.shorthand) short.set(d.shorthand, d);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      dashIndex = args.length;
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const d = values.defs.get(name);
      if (!d) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) values.set(name, a.slice(eq + 1));
      else if (d.type === 'bool') values.set(name, 'true');
      else if (d.noOptDefault !== undefined) values.set(name, d.noOptDefault);
      else if (i + 1 < argv.length) values.set(name, argv[++i]!);
      else throw new FlagError(`flag needs an argument: --${name}`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // A run of shorthands: bools take no value; the first value flag takes the rest or the next word.
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const d = short.get(c);
        if (!d) throw new FlagError(`unknown shorthand flag: '${c}' in ${a}`);
        const rest = a.slice(j + 1);
        if (d.type === 'bool') {
          if (rest.startsWith('=')) {
            values.set(d.name, rest.slice(1));
            break;
          }
          values.set(d.name, 'true');
          continue;
        }
        if (rest !== '') values.set(d.name, rest.startsWith('=') ? rest.slice(1) : rest);
        else if (d.noOptDefault !== undefined) values.set(d.name, d.noOptDefault);
        else if (i + 1 < argv.length) values.set(d.name, argv[++i]!);
        else throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
        break;
      }
      continue;
    }
    args.push(a);
  }
  return { args, dashIndex };
}
