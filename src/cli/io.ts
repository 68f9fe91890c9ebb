// Where a command's output goes: the process's streams in the CLI, buffers in tests. Commands never
// touch process.stdout directly, so one run can be captured whole.
import { readFileSync } from 'node:fs';

export interface IO {
  out(text: string): void;
  err(text: string): void;
  /** All of standard input (for `-f -`). */
  stdin(): string;
  env: Record<string, string | undefined>;
  home: string;
}

export function processIO(): IO {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    stdin: () => readFileSync(0, 'utf8'),
    env: process.env,
    home: process.env['HOME'] ?? '',
  };
}
