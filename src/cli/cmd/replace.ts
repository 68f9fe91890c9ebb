// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'replace', short: 'not implemented yet' };
