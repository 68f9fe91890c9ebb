// Structured logging in logfmt: one line per event, readable by a person and parseable by tools.
//   2026-11-26T01:02:03.456Z INFO  request verb=list resource=pods code=200 ms=1.2

export type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
const rank: Record<Level, number> = { DEBUG: 0, INFO: 1, WARN: 2, ERROR: 3 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

function fmt(v: unknown): string {
  const s = typeof v === 'string' ? v : v instanceof Error ? v.message : JSON.stringify(v);
  return /^[^\s"=]+$/.test(s ?? '') ? (s as string) : JSON.stringify(s);
}

export function createLogger(write: (line: string) => void = (l) => process.stderr.write(l), min: Level = 'INFO'): Logger {
  const log = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (rank[level] < rank[min]) return;
    let line = `${new Date().toISOString()} ${level.padEnd(5)} ${msg}`;
    for (const [k, v] of Object.entries(fields ?? {})) if (v !== undefined && v !== '') line += ` ${k}=${fmt(v)}`;
    write(line + '\n');
  };
  return {
    debug: (m, f) => log('DEBUG', m, f),
    info: (m, f) => log('INFO', m, f),
    warn: (m, f) => log('WARN', m, f),
    error: (m, f) => log('ERROR', m, f),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
