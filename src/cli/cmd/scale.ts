// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'scale', short: 'not implemented yet' };
