// `kubette kubectl …` and the standalone `kubette-kubectl`: the kubectl-compatible CLI.
import { processIO } from '../cli/io.js';
import { runKubectl } from '../cli/main.js';

export async function kubectl(argv: string[]): Promise<number> {
  return runKubectl(argv, processIO());
}
