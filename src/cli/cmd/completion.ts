// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'completion', short: 'not implemented yet' };
