// Go's fmt rendering of JSON-shaped values (what kubectl's printers produce when they pass an
// unstructured object to fmt): %v, %#v, strconv.Quote, and float64 formatting. Numbers follow
// kubectl's decoding: an integral JSON number that fits in int64 is an int64, anything else a float64.

const INT64_LIMIT = 2 ** 63;

/** True when kubectl would hold this JSON number as an int64 (not a float64). */
export function isGoInt(n: number): boolean {
  return Number.isInteger(n) && n < INT64_LIMIT && n >= -INT64_LIMIT;
}

/** strconv.FormatFloat(f, 'g', -1, 64) — also what %v prints for a float64. */
export function formatFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expStr] = f.toExponential().split('e');
  const exp = Number(expStr);
  // Shortest formatting decides between %e and %f with precision 6 (strconv's rule).
  if (exp < -4 || exp >= 21 || exp >= 6) {
    const e = Math.abs(exp);
    return `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  return String(f); // JS uses plain decimal notation for exponents in [-7, 20]
}

/** A JSON number as Go prints it with %v (int64 digits, or float64 %g). */
export function formatGoNumber(n: number): string {
  return isGoInt(n) ? String(n) : formatFloatG(n);
}

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c >= 0x80 && printable.test(ch)) out += ch;
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd'; // lone surrogate = invalid UTF-8
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x80) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** Go's sort order for string map keys (byte-wise UTF-8 = code point order). */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (astral code point) sorts after every BMP code unit in UTF-8 order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

export const sortedKeys = (o: object): string[] => Object.keys(o).sort(compareGoStrings);

/** fmt's %v of a value decoded from JSON into interface{}. */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatGoNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[' + v.map(goSprint).join(' ') + ']';
  const o = v as Record<string, unknown>;
  return 'map[' + sortedKeys(o).map((k) => `${k}:${goSprint(o[k])}`).join(' ') + ']';
}

/** fmt's %#v of a value held in an interface{} (as kubectl's jsonpath error dump prints it). */
export function goSharpV(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return formatGoNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[]interface {}{' + v.map(goSharpV).join(', ') + '}';
  const o = v as Record<string, unknown>;
  return 'map[string]interface {}{' + sortedKeys(o).map((k) => `${goQuote(k)}:${goSharpV(o[k])}`).join(', ') + '}';
}
