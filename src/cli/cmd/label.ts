// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'label', short: 'not implemented yet' };
