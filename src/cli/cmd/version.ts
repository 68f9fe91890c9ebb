// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'version', short: 'not implemented yet' };
