// Differential runs: the same command through `kubette kubectl` and through the real kubectl 1.25.0
// against one server, each with its own HOME (so caches and kuberc don't leak), compared on stdout
// and exit code. Ages are the one thing allowed to differ (the two runs may straddle a second).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './cluster.js';
import { normalizeTableAges } from './normalize.js';
import { kubectl125, run, type RunResult } from './tools.js';

export const oursBin = join(repoRoot, 'bin', 'kubette-kubectl.js');

export interface Side {
  home: string;
  run(args: string[], input?: string, env?: Record<string, string>): Promise<RunResult>;
}

function side(cmd: string, pre: string[], kubeconfig: string): Side {
  const home = mkdtempSync(join(tmpdir(), 'kubette-diff-'));
  return {
    home,
    run: (args, input, env = {}) => run(cmd, [...pre, ...args], { KUBECONFIG: kubeconfig, HOME: home, ...env }, input),
  };
}

export interface Pair {
  ours: Side;
  kubectl: Side;
  cleanup(): void;
}

export function pair(kubeconfig: string): Pair {
  const ours = side(process.execPath, [oursBin], kubeconfig);
  const kubectl = side(kubectl125(), [], kubeconfig);
  return { ours, kubectl, cleanup: () => [ours.home, kubectl.home].forEach((h) => rmSync(h, { recursive: true, force: true })) };
}

export interface DiffResult {
  ours: RunResult;
  kubectl: RunResult;
}

/**
 * Run `args` through both clients and assert the same exit code and stdout (exactly, or equal once
 * ages are normalised). `name` substitutes `{n}` per side, so writes don't collide; the outputs are
 * compared with the substitution undone.
 */
export async function same(p: Pair, args: string[], o: { input?: string; names?: [string, string]; env?: Record<string, string> } = {}): Promise<DiffResult> {
  const [on, kn] = o.names ?? ['', ''];
  const sub = (a: string, n: string) => a.replaceAll('{n}', n);
  const k = await p.kubectl.run(args.map((a) => sub(a, kn)), o.input === undefined ? undefined : sub(o.input, kn), o.env);
  const u = await p.ours.run(args.map((a) => sub(a, on)), o.input === undefined ? undefined : sub(o.input, on), o.env);
  const back = (s: string, n: string) => (n ? s.replaceAll(n, '{n}') : s);
  const ko = back(k.stdout, kn);
  const uo = back(u.stdout, on);
  const what = `kubectl ${args.join(' ')}`;
  assert.equal(u.code, k.code, `${what}: exit code ours=${u.code} kubectl=${k.code}\nours stderr: ${u.stderr}\nkubectl stderr: ${k.stderr}`);
  if (uo !== ko) assert.equal(normalizeTableAges(uo), normalizeTableAges(ko), `${what}: stdout differs\nours stderr: ${u.stderr}`);
  return { ours: u, kubectl: k };
}
