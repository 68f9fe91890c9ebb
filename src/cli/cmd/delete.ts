// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'delete', short: 'not implemented yet' };
