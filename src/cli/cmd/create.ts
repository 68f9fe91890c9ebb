// kubectl create: the generator subcommands (creategen.ts); `create -f` is filled in separately.
import type { Command } from '../command.js';
import { CliError } from '../factory.js';
import { createSubcommands } from './creategen.js';

export const command: Command = {
  name: 'create',
  short: 'Create a resource from a file or from stdin',
  sub: createSubcommands,
  run: async () => {
    throw new CliError('create -f: not implemented');
  },
};
