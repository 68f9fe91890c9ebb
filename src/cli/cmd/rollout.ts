// placeholder
import type { Command } from '../command.js';
export const command: Command = { name: 'rollout', short: 'not implemented yet' };
