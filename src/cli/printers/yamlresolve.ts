// gopkg.in/yaml.v2 (v2.4.0) helpers for kubectl's `-o yaml`: which plain strings would resolve to a
// non-string (and so get double quotes), and the order in which it sorts map keys.

const resolveMap = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF',
  '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<',
]);

function hintOf(s: string): string {
  if (s === '') return 'N';
  const c = s[0];
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return '';
}

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** strconv.ParseInt/ParseUint with base 0 (underscores already removed by the caller). */
function parseGoInt(s: string, signed: boolean, base0 = true): bigint | null {
  let neg = false;
  let body = s;
  if (signed && (body[0] === '+' || body[0] === '-')) {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  let digits = body;
  let radix = 10;
  if (base0) {
    const p = body.slice(0, 2).toLowerCase();
    if (p === '0x') (radix = 16), (digits = body.slice(2));
    else if (p === '0o') (radix = 8), (digits = body.slice(2));
    else if (p === '0b') (radix = 2), (digits = body.slice(2));
    else if (body.length > 1 && body[0] === '0') (radix = 8), (digits = body.slice(1));
  } else radix = 2;
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[radix as 2 | 8 | 10 | 16];
  if (!valid.test(digits)) return null;
  let v = 0n;
  for (const d of digits) v = v * BigInt(radix) + BigInt(parseInt(d, 16));
  if (neg) v = -v;
  if (signed ? v > INT64_MAX || v < -(INT64_MAX + 1n) : v > UINT64_MAX) return null;
  return v;
}

const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const finiteFloat = (s: string): boolean => Number.isFinite(Number(s)); // Go's ParseFloat fails on overflow

function daysIn(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** yaml.v2's parseTimestamp: the four layouts it tries with time.Parse. */
function isTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  const m =
    /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:([Tt])|( ))([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$/.exec(s);
  if (!m) return false;
  const [, y, mo, d, t, sp, h, mi, se, zone] = m;
  if (t && zone === undefined) return false; // the T layouts need a zone
  if (sp && zone !== undefined) return false; // the space layout has none
  const month = Number(mo);
  if (month < 1 || month > 12) return false;
  if (Number(d) < 1 || Number(d) > daysIn(month, Number(y))) return false;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(se) > 59)) return false;
  return true;
}

/** Whether yaml.v2 would read this text, unquoted, as something other than a string. */
export function resolvesToNonString(s: string): boolean {
  const hint = hintOf(s);
  if (hint === '') return false;
  if (resolveMap.has(s)) return true;
  if (hint === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) && finiteFloat(s);
  if (hint === 'D' || hint === 'S') {
    if (isTimestamp(s)) return true;
    const plain = s.replace(/_/g, '');
    if (parseGoInt(plain, true) !== null || parseGoInt(plain, false) !== null) return true;
    if (yamlStyleFloat.test(plain) && finiteFloat(plain)) return true;
    if (plain.startsWith('0b')) return parseGoInt(plain.slice(2), true, false) !== null || parseGoInt(plain.slice(2), false, false) !== null;
    if (plain.startsWith('-0b')) return parseGoInt('-' + plain.slice(3), true, false) !== null;
  }
  return false;
}

const base60float = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
export const isBase60Float = (s: string): boolean => base60float.test(s);

/** A JSON number as it comes out of JSON→YAML: int64/uint64 digits, or float64 %g. */
export function yamlNumber(n: number, formatFloatG: (f: number) => string): string {
  const s = Object.is(n, -0) ? '0' : String(n);
  if (/^-?[0-9]+$/.test(s) && (parseGoInt(s, true) !== null || parseGoInt(s, false) !== null)) return s;
  return formatFloatG(n);
}

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => /\p{Nd}/u.test(c);

/** yaml.v2's keyList.Less for string keys: letters before non-letters, digit runs compared as numbers. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].codePointAt(0)! - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
  }
  return ar.length < br.length;
}

export const yamlKeyCompare = (a: string, b: string): number => (a === b ? 0 : yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0);
