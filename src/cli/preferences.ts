// kuberc preferences applied to a command line: an alias rewritten into its command, and the flag
// defaults (overrides, or the alias's flags) for the command that runs. Flags given on the command
// line still win, because defaults are set before parsing and parsing overwrites them.
import type { IO } from './io.js';
import { explicitKubercFromArgs, expandAlias, flagDefaultsFor, loadPreferences } from './kuberc.js';
import { findTopLevel } from './root.js';

export interface AppliedPreferences {
  argv: string[];
  /** The alias used, for the Kubectl-Command header (`kubectl gp`). */
  alias?: string;
  /** Flag defaults that apply to a command path. */
  defaultsFor(path: string[]): { name: string; default: string }[];
}

const BUILTIN_EXTRA = new Set(['help', 'options', '__complete', '__completeNoDesc']);

export async function applyPreferences(argv: string[], io: IO): Promise<AppliedPreferences> {
  const flag = explicitKubercFromArgs(argv);
  const { prefs, warnings } = loadPreferences({ flag: flag || undefined, env: io.env, home: io.home });
  for (const w of warnings) io.err(w);
  if (!prefs) return { argv, defaultsFor: () => [] };
  const expanded = expandAlias(argv, prefs, (name) => !!findTopLevel(name) || BUILTIN_EXTRA.has(name));
  const out: AppliedPreferences = { argv: expanded.argv, defaultsFor: (path) => flagDefaultsFor(path, prefs, expanded.alias) };
  if (expanded.alias) out.alias = expanded.alias;
  return out;
}
