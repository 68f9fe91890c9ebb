// kubectl 1.25 `-o json`: Go's json.MarshalIndent(obj, "", "    ") plus a newline. Map keys sorted
// in byte order, HTML-sensitive characters escaped (<, >, & as \u003c, \u003e, \u0026), U+2028/9
// escaped, control characters as \u00XX (Go 1.19 has no \b or \f short forms), empty containers as
// {} and [], numbers as Go prints int64/float64 (JS's shortest form agrees with Go's encoder, which
// switches to exponent form below 1e-6 and from 1e21 on, exactly where JS does).

import { compareGoStrings } from './gofmt.js';

export function jsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      if (c === 0x22) esc = '\\"';
      else if (c === 0x5c) esc = '\\\\';
      else if (c === 0x0a) esc = '\\n';
      else if (c === 0x0d) esc = '\\r';
      else if (c === 0x09) esc = '\\t';
      else esc = '\\u' + c.toString(16).padStart(4, '0');
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // Well-formed pairs pass through; a lone surrogate is invalid UTF-8, which Go writes as U+FFFD.
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
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

function jsonNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`);
  return Object.is(n, -0) ? '0' : String(n);
}

/** Compact JSON as Go's json.Marshal writes it (used by jsonpath's map/slice output too). */
export function toCompactJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'number') return jsonNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[' + v.map(toCompactJson).join(',') + ']';
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort(compareGoStrings);
  return '{' + keys.map((k) => jsonString(k) + ':' + toCompactJson(o[k])).join(',') + '}';
}

function indent(v: unknown, pad: string): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const inner = pad + '    ';
    return '[\n' + v.map((x) => inner + indent(x, inner)).join(',\n') + '\n' + pad + ']';
  }
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort(compareGoStrings);
    if (keys.length === 0) return '{}';
    const inner = pad + '    ';
    return '{\n' + keys.map((k) => inner + jsonString(k) + ': ' + indent(o[k], inner)).join(',\n') + '\n' + pad + '}';
  }
  return toCompactJson(v);
}

/** Exactly kubectl's `-o json` stdout for one object (a List for several). */
export function toJson(obj: unknown): string {
  return indent(obj, '') + '\n';
}
