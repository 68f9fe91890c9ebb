// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'apply', short: 'not implemented yet' };
