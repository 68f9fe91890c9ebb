// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'patch', short: 'not implemented yet' };
