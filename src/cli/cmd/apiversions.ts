// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'apiversions', short: 'not implemented yet' };
