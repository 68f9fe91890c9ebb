// INTERIM: kuberc preferences (aliases and flag defaults); the full reader lands with kuberc.ts.
import type { IO } from './io.js';

export interface AppliedPreferences {
  argv: string[];
  /** The alias used, for the Kubectl-Command header (`kubectl gp`). */
  alias?: string;
  /** Flag defaults that apply to a command path. */
  defaultsFor(path: string[]): { name: string; default: string }[];
}

export async function applyPreferences(argv: string[], _io: IO): Promise<AppliedPreferences> {
  return { argv, defaultsFor: () => [] };
}
