// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'explain', short: 'not implemented yet' };
