// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'create', short: 'not implemented yet' };
