// What a simulated pod "runs": how long its containers live and the exit code they end with, read
// from annotations or guessed from the first container's command line. Pure functions only, so the
// table of supported shapes is unit-tested directly. Anything not understood declares nothing, and a
// pod that declares nothing runs until it is deleted (as a server would).
import type { Pod } from 'kubernetes-types/core/v1.js';

export const DURATION_ANNOTATION = 'sim.kubette.io/duration';
export const EXIT_CODE_ANNOTATION = 'sim.kubette.io/exit-code';

export interface RunSpec {
  /** How long each container runs before it exits, in clock milliseconds. */
  durationMs: number;
  exitCode: number;
}

const GO_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration ("5s", "1m30s", "1.5h", "300ms"), or plain seconds ("5", "2.5"); undefined if invalid or negative. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  if (s === '0') return 0;
  if (!/^(\d*\.?\d*(ns|us|µs|μs|ms|s|m|h))+$/.test(s)) return undefined;
  let ms = 0;
  for (const m of s.matchAll(/(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)/g)) {
    if (m[1] === '' || m[1] === '.') return undefined;
    ms += Number(m[1]) * GO_UNITS[m[2]!]!;
  }
  return ms;
}

/** GNU sleep's operands: numbers with an optional s/m/h/d suffix, summed; Infinity for "infinity". */
function sleepMs(args: string[]): number | undefined {
  if (args.length === 0) return undefined;
  let ms = 0;
  for (const a of args) {
    if (a === 'inf' || a === 'infinity') return Infinity;
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) return undefined;
    ms += Number(m[1]) * { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]!]!;
  }
  return ms;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'ksh', 'zsh']);
const LOOPS = new Set(['while', 'until', 'for']);
const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

type Connector = ';' | '&&' | '||';
interface Statement {
  words: string[];
  /** How this statement joins the one before it. */
  after: Connector;
}

/** Split a shell script into simple statements at `;`, newlines, `&&` and `||` outside quotes. */
function statements(script: string): Statement[] {
  const out: Statement[] = [];
  let cur = '';
  let quote = '';
  let after: Connector = ';';
  const flush = (next: Connector) => {
    const words = (cur.match(/'[^']*'|"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^(['"])(.*)\1$/, '$2'));
    if (words.length) out.push({ words, after });
    cur = '';
    after = next;
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (quote) {
      if (ch === quote) quote = '';
      cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === ';' || ch === '\n') {
      flush(';');
    } else if ((ch === '&' || ch === '|') && script[i + 1] === ch) {
      flush(ch === '&' ? '&&' : '||');
      i++;
    } else {
      cur += ch;
    }
  }
  flush(';');
  return out;
}

/**
 * A `sh -c` script: declared when it starts or ends with `sleep N`, or ends with `exit N`, `true` or
 * `false`.
 * It is then run in miniature: sleeps add up, `exit` ends it, other commands succeed at once, and
 * `&&` / `||` skip as the shell would. Loops, `sleep infinity` or `exec` of another program run
 * until deleted.
 */
function fromScript(script: string): RunSpec | undefined {
  const list = statements(script);
  const name = (s: Statement | undefined) => (s?.words[0] === 'exec' ? s.words[1] : s?.words[0]);
  const first = name(list[0]);
  const last = name(list[list.length - 1]);
  if (!first || !last) return undefined;
  if (first !== 'sleep' && last !== 'sleep' && last !== 'exit' && last !== 'true' && last !== 'false') return undefined;
  if (list.some((s) => LOOPS.has(s.words[0]!))) return undefined;
  let durationMs = 0;
  let status = 0;
  for (const s of list) {
    if ((s.after === '&&' && status !== 0) || (s.after === '||' && status === 0)) continue;
    let [cmd, ...args] = s.words;
    // `exec` hands the container over to the program: one we cannot model runs until deleted.
    if (cmd === 'exec') {
      [cmd, ...args] = args;
      if (cmd !== 'sleep' && cmd !== 'true' && cmd !== 'false') return undefined;
    }
    if (cmd === 'exit') {
      const code = args.length ? Number(args[0]) : status;
      return Number.isInteger(code) ? { durationMs, exitCode: code & 255 } : undefined;
    }
    if (cmd === 'sleep') {
      const ms = sleepMs(args);
      if (ms === Infinity) return undefined;
      if (ms !== undefined) durationMs += ms;
      status = ms === undefined ? 1 : 0;
    } else {
      status = cmd === 'false' ? 1 : 0;
    }
  }
  return { durationMs, exitCode: status };
}

/** From a container's argv (command then args): `sleep N`, `true`, `false`, or a shell script. */
export function runSpecFromCommand(argv: string[]): RunSpec | undefined {
  const [cmd, ...rest] = argv;
  if (!cmd) return undefined;
  const name = base(cmd);
  if (name === 'true') return { durationMs: 0, exitCode: 0 };
  if (name === 'false') return { durationMs: 0, exitCode: 1 };
  if (name === 'sleep') {
    const ms = sleepMs(rest);
    return ms === undefined || ms === Infinity ? undefined : { durationMs: ms, exitCode: 0 };
  }
  if (SHELLS.has(name) && /^-[a-z]*c[a-z]*$/.test(rest[0] ?? '') && rest[1] !== undefined) return fromScript(rest[1]);
  return undefined;
}

/**
 * The pod's declared run: the annotations win (either may be given alone; a missing duration means
 * "exits at once" unless the command says otherwise), else the first container's command line.
 */
export function runSpecOf(pod: Pod): RunSpec | undefined {
  const c = pod.spec?.containers?.[0];
  const fromCmd = c ? runSpecFromCommand([...(c.command ?? []), ...(c.args ?? [])]) : undefined;
  const ann = pod.metadata?.annotations ?? {};
  const d = ann[DURATION_ANNOTATION] !== undefined ? parseDuration(ann[DURATION_ANNOTATION]) : undefined;
  const rawCode = ann[EXIT_CODE_ANNOTATION]?.trim();
  const code = rawCode !== undefined && /^-?\d+$/.test(rawCode) ? Number(rawCode) : undefined;
  if (d === undefined && code === undefined) return fromCmd;
  return { durationMs: d ?? fromCmd?.durationMs ?? 0, exitCode: code ?? fromCmd?.exitCode ?? 0 };
}
