// INTERIM: the hidden __complete command.
import type { IO } from '../io.js';
export async function complete(_argv: string[], io: IO, _descriptions: boolean): Promise<number> {
  io.out(':4\n');
  return 0;
}
