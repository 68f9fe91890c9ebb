// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'apiresources', short: 'not implemented yet' };
