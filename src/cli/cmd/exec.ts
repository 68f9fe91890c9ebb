// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'exec', short: 'not implemented yet' };
