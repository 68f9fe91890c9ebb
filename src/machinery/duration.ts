// Go's time.ParseDuration, for ?timeout=, --request-timeout and a CronJob's "@every": "300ms",
// "1.5h", "2h45m", "0". Errors carry Go's wording, since upstream quotes them in its messages.

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** The largest Go duration (int64 nanoseconds), in milliseconds. */
const MAX_MS = 9_223_372_036_854.775;

/** time.ParseDuration, in milliseconds; throws an Error with Go's message. */
export function parseGoDuration(text: string): number {
  const q = JSON.stringify(text);
  let s = text;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new Error(`time: invalid duration ${q}`);
  let total = 0;
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (num[1] === '' && !num[2]) throw new Error(`time: invalid duration ${q}`);
    s = s.slice(num[0].length);
    const unit = /^[^0-9.]*/.exec(s)![0];
    if (unit === '') throw new Error(`time: missing unit in duration ${q}`);
    const scale = Object.hasOwn(UNIT_MS, unit) ? UNIT_MS[unit] : undefined;
    if (scale === undefined) throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${q}`);
    total += Number(`${num[1] || '0'}.${num[2] || '0'}`) * scale;
    if (total > MAX_MS) throw new Error(`time: invalid duration ${q}`);
    s = s.slice(unit.length);
  }
  return negative ? -total : total;
}
