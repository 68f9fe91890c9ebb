// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'annotate', short: 'not implemented yet' };
