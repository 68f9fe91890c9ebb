// Go's encoding/json as kubectl writes JSON, in one place: `-o json` (json.MarshalIndent(obj, "",
// "    ") plus a newline), jsonpath's map/slice results, apply's annotation and patch bodies
// (json.Marshal / json.Encoder), and the typed objects of generators and `version -o json`.
// Strings: HTML-sensitive characters escaped (<, >, & as \u003c, \u003e, \u0026), U+2028/9 escaped,
// control characters as \u00XX other than \n \r \t (Go 1.19 has no \b or \f short forms), lone
// surrogates (invalid UTF-8 once in Go) as \ufffd. Numbers as Go prints int64/float64 (JS's shortest
// form agrees with Go's encoder, which switches to exponent form below 1e-6 and from 1e21 on, exactly
// where JS does). Empty containers as {} and []. Object keys either sorted in byte order (a decoded
// map[string]interface{}) or in insertion order (a Go struct: fields in the order the object was built).

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

export interface GoJsonOptions {
  /** MarshalIndent's indent per level; '' (the default) is json.Marshal's compact form. */
  indent?: string;
  /** 'sorted' (the default): a decoded map[string]interface{}; 'insertion': a Go struct, fields as built. */
  order?: 'sorted' | 'insertion';
}

/** json.Marshal (or MarshalIndent with `indent`) of a JSON-shaped value; keys holding undefined are left out. */
export function goJson(v: unknown, o: GoJsonOptions = {}): string {
  const indent = o.indent ?? '';
  const sorted = (o.order ?? 'sorted') === 'sorted';
  const enc = (x: unknown, pad: string): string => {
    if (x === null || x === undefined) return 'null';
    if (typeof x === 'string') return jsonString(x);
    if (typeof x === 'number') return jsonNumber(x);
    if (typeof x === 'boolean') return x ? 'true' : 'false';
    const inner = pad + indent;
    const [open, sep, close] = indent ? ['\n' + inner, ',\n' + inner, '\n' + pad] : ['', ',', ''];
    if (Array.isArray(x)) return x.length === 0 ? '[]' : '[' + open + x.map((e) => enc(e, inner)).join(sep) + close + ']';
    const m = x as Record<string, unknown>;
    const keys = Object.keys(m).filter((k) => m[k] !== undefined);
    if (sorted) keys.sort(compareGoStrings);
    if (keys.length === 0) return '{}';
    const colon = indent ? ': ' : ':';
    return '{' + open + keys.map((k) => jsonString(k) + colon + enc(m[k], inner)).join(sep) + close + '}';
  };
  return enc(v, '');
}

/** Compact JSON as Go's json.Marshal writes a decoded map (jsonpath's map/slice output, apply's patches). */
export const toCompactJson = (v: unknown): string => goJson(v);

/** json.NewEncoder(w).Encode: Marshal plus a newline (runtime.Encode of unstructured objects). */
export const goEncode = (v: unknown): string => goJson(v) + '\n';

/** Exactly kubectl's `-o json` stdout for one object (a List for several). */
export function toJson(obj: unknown): string {
  return goJson(obj, { indent: '    ' }) + '\n';
}
