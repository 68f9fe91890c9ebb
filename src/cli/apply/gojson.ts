// JSON text exactly as Go's encoding/json writes decoded JSON (map[string]interface{}), which is what
// kubectl sends and stores: object keys sorted bytewise (UTF-8 order = code point order), `<`, `>`, `&`,
// U+2028 and U+2029 escaped, control characters other than \n \r \t as \u00xx (Go 1.19 has no \b \f),
// lone surrogates (invalid UTF-8 once in Go) as \ufffd. No whitespace.

/** Bytewise UTF-8 order of two strings, i.e. code point order (JS `<` compares UTF-16 units). */
export function goCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only a surrogate against a unit in U+E000..U+FFFF orders differently from code points.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys && (xs ? y >= 0xe000 : x >= 0xe000)) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

const HEX = '0123456789abcdef';

function quote(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c === 0x22) esc = '\\"';
    else if (c === 0x5c) esc = '\\\\';
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26) {
      if (c === 0x0a) esc = '\\n';
      else if (c === 0x0d) esc = '\\r';
      else if (c === 0x09) esc = '\\t';
      else esc = `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    } else if (c === 0x2028 || c === 0x2029) esc = `\\u${c.toString(16)}`;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const pair = c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
      if (pair) {
        i++;
        continue;
      }
      esc = '\\ufffd';
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/** json.Marshal of a decoded JSON value. */
export function goMarshal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`json: unsupported value: ${v}`);
    return JSON.stringify(v); // same cut-offs as Go (exponent below 1e-6 and from 1e21), same digits
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goMarshal).join(',')}]`;
  const m = v as Record<string, unknown>;
  const keys = Object.keys(m).sort(goCompare);
  return `{${keys.map((k) => `${quote(k)}:${goMarshal(m[k])}`).join(',')}}`;
}

/** json.NewEncoder(w).Encode: Marshal plus a newline (runtime.Encode of unstructured objects). */
export const goEncode = (v: unknown): string => goMarshal(v) + '\n';
