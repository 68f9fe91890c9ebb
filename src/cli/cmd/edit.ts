// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'edit', short: 'not implemented yet' };
