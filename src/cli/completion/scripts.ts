// Which program a completion script is for. `kubette-kubectl completion bash` registers for the
// command `kubette-kubectl`; `kubette kubectl completion bash` registers for `kubette` (a shell
// completes a command by its first word) and sends `kubette kubectl __complete …` to the program,
// offering kubette's own commands for the word after `kubette`.
import { basename } from 'node:path';
import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import { powershellScript } from './powershell.js';
import { zshScript } from './zsh.js';

export interface ScriptTarget {
  /** The command the shell completes: `kubette-kubectl` or `kubette`. */
  name: string;
  /** How the user types the kubectl part: `kubette-kubectl` or `kubette kubectl`. */
  display: string;
  /** Words that make up the program before kubectl's own arguments (1 or 2). */
  programWords: number;
  /** kubette's commands, when completing for `kubette`. */
  topLevel?: string[];
  /** Whether to mention completing an alias named kubectl. */
  aliasHint: boolean;
}

/** kubette's own commands (src/cmd/kubette.ts). */
const KUBETTE_COMMANDS = ['up', 'controller-manager', 'podsecurity', 'cronjob', 'kubectl', 'version'];

export const STANDALONE: ScriptTarget = { name: 'kubette-kubectl', display: 'kubette-kubectl', programWords: 1, aliasHint: true };
export const VIA_KUBETTE: ScriptTarget = { name: 'kubette', display: 'kubette kubectl', programWords: 2, topLevel: KUBETTE_COMMANDS, aliasHint: false };

/** The target for how this process was started: `kubette kubectl …` or the standalone bin. */
export function currentTarget(argv: string[] = process.argv): ScriptTarget {
  const script = basename(argv[1] ?? '').replace(/\.[cm]?js$/, '');
  return script === 'kubette' && argv[2] === 'kubectl' ? VIA_KUBETTE : STANDALONE;
}

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

export function script(shell: Shell, t: ScriptTarget): string {
  switch (shell) {
    case 'bash':
      return bashScript(t);
    case 'zsh':
      return zshScript(t);
    case 'fish':
      return fishScript(t);
    case 'powershell':
      return powershellScript(t);
  }
}
