// kubectl completion SHELL: prints the shell script that completes this program through its hidden
// `__complete` command (the protocol of cobra v1.5, which kubectl 1.25 ships).
import type { Command, RunContext } from '../command.js';
import { CliError } from '../factory.js';
import { currentTarget, script, type Shell, SHELLS } from '../completion/scripts.js';

const SEE = "See 'kubectl completion -h' for help and examples";

const long = `Output shell completion code for the specified shell (bash, zsh, fish, or powershell). The shell code must be evaluated to provide interactive completion of kubectl commands.

 Which command the script completes depends on how you run this command:

  * kubette-kubectl completion SHELL completes the command kubette-kubectl.
  * kubette kubectl completion SHELL completes the command kubette: the word after kubette
    offers kubette's commands, and after "kubette kubectl" everything is completed as kubectl
    (the script asks "kubette kubectl __complete ...").

 If you alias kubectl to the standalone program (alias kubectl=kubette-kubectl), load the
kubette-kubectl script and add completion for the alias:

    complete -o default -F __start_kubette-kubectl kubectl        (bash)
    compdef _kubette-kubectl kubectl                               (zsh)
    complete -c kubectl -w kubette-kubectl                         (fish)

 The bash script works with or without the bash-completion package.
`;

const example = `  # Load the kubette-kubectl completion code for bash into the current shell
  source <(kubette-kubectl completion bash)
  
  # Or complete "kubette kubectl ..." instead
  source <(kubette kubectl completion bash)
  
  # Write it to a file and source it from .bashrc
  kubette-kubectl completion bash > ~/.kube/kubette-completion.bash.inc
  echo "source '$HOME/.kube/kubette-completion.bash.inc'" >> $HOME/.bashrc
  
  # Complete an alias named kubectl too
  alias kubectl=kubette-kubectl
  complete -o default -F __start_kubette-kubectl kubectl
  
  # Load the completion code for zsh into the current shell
  source <(kubette-kubectl completion zsh)
  # Set it to autoload on startup
  kubette-kubectl completion zsh > "\${fpath[1]}/_kubette-kubectl"
  
  # Load the completion code for fish into the current shell
  kubette-kubectl completion fish | source
  
  # Load the completion code for powershell into the current shell
  kubette-kubectl completion powershell | Out-String | Invoke-Expression`;

export const command: Command = {
  name: 'completion',
  short: 'Output shell completion code for the specified shell (bash, zsh, fish, or powershell)',
  long,
  example,
  // cobra's ValidArgs: the shells, for the first argument only.
  complete: async ({ args, toComplete }) =>
    args.length === 0 ? { values: SHELLS.filter((s) => s.startsWith(toComplete)), directive: 4 } : { values: [], directive: 0 },
  run,
};

async function run(ctx: RunContext): Promise<number> {
  if (ctx.args.length === 0) throw new CliError(`Shell not specified.\n${SEE}`);
  if (ctx.args.length > 1) throw new CliError(`Too many arguments. Expected only the shell type.\n${SEE}`);
  const shell = ctx.args[0]!;
  if (!(SHELLS as readonly string[]).includes(shell)) throw new CliError(`Unsupported shell type "${shell}".\n${SEE}`);
  ctx.io.out(script(shell as Shell, currentTarget()));
  return 0;
}
