// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'logs', short: 'not implemented yet' };
