// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'config', short: 'not implemented yet' };
