// PLACEHOLDER: the create generators (deployment, job, …) land separately.
import type { Command } from '../command.js';
export const createSubcommands: Command[] = [];
