// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'auth', short: 'not implemented yet' };
