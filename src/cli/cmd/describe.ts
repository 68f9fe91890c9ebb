// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'describe', short: 'not implemented yet' };
