// Repeated keys in request bodies, as kube-apiserver's strict decoding reports them for
// fieldValidation=Strict|Warn. JSON.parse keeps the last value silently, so JSON text is scanned
// here: sigs.k8s.io/json reports `duplicate field "spec.paused"` (paths as in unknown-field errors).
// YAML bodies go through sigs.k8s.io/yaml's strict conversion instead, which reports
// `line 14: key "paused" already set in map`. Also here: how Go's typed decoding resolves a repeated
// key (an object merges into the earlier one; anything else replaces it), the order Go meets fields
// of a JSON document it re-marshalled (keys sorted), and the strict errors of JSON patch operations.
import type { Node } from 'yaml';
import { yaml } from '../machinery/yaml.js';

/** A field path and the offset of its key in the text. */
export interface Located {
  path: string;
  offset: number;
}

export interface JsonScan {
  /** Keys repeated within one object, in document order, each path once. */
  duplicates: Located[];
  /** The first offset at which each object key path occurs. */
  firstOffset: Map<string, number>;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function endOfString(text: string, start: number): number {
  let j = start + 1;
  for (;;) {
    const ch = text.charCodeAt(j);
    if (Number.isNaN(ch)) return text.length;
    if (ch === 0x22) return j + 1; // "
    j += ch === 0x5c ? 2 : 1; // \ escapes one character
  }
}

function keyOf(token: string): string {
  return token.includes('\\') ? (JSON.parse(token) as string) : token.slice(1, -1);
}

interface ObjectFrame {
  array: false;
  path: string;
  seen: Set<string>;
  /** Path of the value after the key just read. */
  child: string;
}
interface ArrayFrame {
  array: true;
  path: string;
  index: number;
}

/**
 * First offsets are not recorded for paths deeper than this: no kind's schema nests that deep
 * (they only order unknown-field errors), and keying a map by every path of a deeply nested body
 * costs time and memory quadratic in its depth (a 10000-deep body took a quarter second of CPU).
 */
const MAX_RECORDED_DEPTH = 100;
/** Strict decoding reports at most 100 problems. */
const MAX_DUPLICATES = 100;

/** Scans JSON text that JSON.parse accepted; iterative, so deep nesting cannot overflow the stack. */
export function scanJson(text: string): JsonScan {
  const duplicates: Located[] = [];
  const reported = new Set<string>();
  const firstOffset = new Map<string, number>();
  const stack: (ObjectFrame | ArrayFrame)[] = [];
  let expectKey = false;
  const valuePath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    return top.array ? `${top.path}[${top.index}]` : top.child;
  };
  for (let i = 0; i < text.length; ) {
    const ch = text[i]!;
    switch (ch) {
      case '{':
        stack.push({ array: false, path: valuePath(), seen: new Set(), child: '' });
        expectKey = true;
        i++;
        continue;
      case '[':
        stack.push({ array: true, path: valuePath(), index: 0 });
        i++;
        continue;
      case '}':
      case ']':
        stack.pop();
        expectKey = false;
        i++;
        continue;
      case ',': {
        const top = stack[stack.length - 1];
        if (top?.array) top.index++;
        else expectKey = true;
        i++;
        continue;
      }
      case '"': {
        const end = endOfString(text, i);
        const top = stack[stack.length - 1];
        if (expectKey && top && !top.array) {
          const key = keyOf(text.slice(i, end));
          const path = join(top.path, key);
          top.child = path;
          if (top.seen.has(key)) {
            if (!reported.has(path) && duplicates.length < MAX_DUPLICATES) duplicates.push({ path, offset: i });
            reported.add(path);
          } else top.seen.add(key);
          if (stack.length <= MAX_RECORDED_DEPTH && !firstOffset.has(path)) firstOffset.set(path, i);
          expectKey = false;
        }
        i = end;
        continue;
      }
      default:
        i++; // ':', whitespace, numbers and literals carry no keys
    }
  }
  return { duplicates, firstOffset };
}

// ---------------------------------------------------------------------------------------------
// Go's typed decoding of repeated keys

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isPlainObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Assignment that treats "__proto__" as the plain key JSON.parse makes of it. */
function setOwn(obj: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Go's json decoding into an existing struct or map keeps what the earlier value set. */
function mergeInto(target: Record<string, Json>, source: Record<string, Json>): void {
  const work: [Record<string, Json>, Record<string, Json>][] = [[target, source]];
  while (work.length) {
    const [t, s] = work.pop()!;
    for (const [k, v] of Object.entries(s)) {
      const old = Object.prototype.hasOwnProperty.call(t, k) ? t[k] : undefined;
      if (isPlainObject(old) && isPlainObject(v)) work.push([old, v]);
      else setOwn(t, k, v);
    }
  }
}

/**
 * Parses JSON text as Go decodes it into a typed object (built-in kinds): a repeated key whose
 * values are both objects merges the later into the earlier; otherwise the last value wins, as
 * JSON.parse does. The text must already have passed JSON.parse.
 */
export function parseJsonMergingRepeats(text: string): unknown {
  type Container = { value: Record<string, Json> | Json[]; key?: string };
  const stack: Container[] = [];
  let root: Json = null;
  let pendingKey: string | undefined;
  const put = (v: Json) => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = v;
      return;
    }
    if (Array.isArray(top.value)) top.value.push(v);
    else {
      const obj = top.value;
      const k = top.key!;
      if (Object.prototype.hasOwnProperty.call(obj, k) && isPlainObject(obj[k]) && isPlainObject(v)) mergeInto(obj[k] as Record<string, Json>, v);
      else setOwn(obj, k, v);
    }
  };
  for (let i = 0; i < text.length; ) {
    const ch = text[i]!;
    if (ch === '{' || ch === '[') {
      stack.push({ value: ch === '{' ? {} : [] });
      i++;
    } else if (ch === '}' || ch === ']') {
      const done = stack.pop()!;
      put(done.value);
      i++;
    } else if (ch === '"') {
      const end = endOfString(text, i);
      const s = keyOf(text.slice(i, end));
      const top = stack[stack.length - 1];
      // A string right after '{' or ',' in an object is a key; after ':' it is a value.
      if (top && !Array.isArray(top.value) && pendingKey === undefined && isKeyPosition(text, i)) pendingKey = s;
      else put(s);
      i = end;
    } else if (ch === ':') {
      stack[stack.length - 1]!.key = pendingKey;
      pendingKey = undefined;
      i++;
    } else if (ch === ',' || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') i++;
    else {
      let j = i;
      while (j < text.length && !',}] \t\n\r'.includes(text[j]!)) j++;
      put(JSON.parse(text.slice(i, j)) as Json);
      i = j;
    }
  }
  return root;
}

/** Whether the string starting at `i` follows '{' or ',' (ignoring whitespace): an object key. */
function isKeyPosition(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && ' \t\n\r'.includes(text[j]!)) j--;
  return text[j] === '{' || text[j] === ',';
}

// ---------------------------------------------------------------------------------------------
// YAML

/** Go's %#v of a YAML map key: strings quoted, numbers and booleans bare, null as <nil>. */
function goKey(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return '<nil>';
  return String(v);
}

/**
 * The repeated keys of the first YAML document, as go-yaml's strict decoding words them:
 * `line N: key "k" already set in map`, N being the line where the repeated key's value starts,
 * reported once the value has been read (so repeats inside it come first).
 */
export function yamlDuplicates(text: string): string[] {
  const { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter });
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (isSeq(node)) for (const item of node.items) visit(item);
    if (!isMap(node)) return;
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      visit(pair.value);
      const k = isScalar(pair.key) ? pair.key.value : pair.key;
      const id = `${typeof k}:${String(k)}`;
      if (seen.has(id)) {
        const at = ((pair.value as Node | null)?.range ?? (pair.key as Node | null)?.range)?.[0] ?? 0;
        out.push(`line ${lineCounter.linePos(at).line}: key ${goKey(k)} already set in map`);
      }
      seen.add(id);
    }
  };
  visit(doc.contents);
  return out;
}

/** The error go-yaml returns for them: `yaml: unmarshal errors:` and one indented line each. */
export const yamlUnmarshalErrors = (lines: string[]) => `yaml: unmarshal errors:\n  ${lines.join('\n  ')}`;

// ---------------------------------------------------------------------------------------------
// Patches and ordering

const JSON_PATCH_FIELDS = new Set(['op', 'path', 'from', 'value']);

/**
 * What strict decoding of a JSON patch into []jsonPatchOp{op, path, from, value} reports, each
 * prefixed "json patch " as patch.go does: unknown operation fields and repeated keys, in document
 * order (repeats inside a `value` included).
 */
export function jsonPatchIssues(text: string): string[] {
  const scan = scanJson(text);
  const unknownOp = (path: string) => {
    const m = /^\[\d+\]\.([^.[]+)$/.exec(path);
    return m !== null && !JSON_PATCH_FIELDS.has(m[1]!);
  };
  // A repeated unknown field is reported once, as unknown (Go dedupes identical strict errors).
  const issues: Located[] = scan.duplicates.filter((d) => !unknownOp(d.path)).map((d) => ({ path: `duplicate field ${JSON.stringify(d.path)}`, offset: d.offset }));
  for (const [path, offset] of scan.firstOffset) if (unknownOp(path)) issues.push({ path: `unknown field ${JSON.stringify(path)}`, offset });
  return issues.sort((a, b) => a.offset - b.offset).map((i) => `json patch ${i.path}`);
}

/** Path segments: keys and list indexes (`spec.containers[0].name` → spec, containers, 0, name). */
function segments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/**
 * Sorts field paths in the order Go's decoder meets them in JSON it marshalled itself (map keys
 * sorted at every level): the order of unknown-field errors for YAML bodies and patched objects.
 */
export function goMarshalOrder(paths: readonly string[]): string[] {
  const keyed = paths.map((p) => ({ p, s: segments(p) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < Math.min(a.s.length, b.s.length); i++) {
      const x = a.s[i]!;
      const y = b.s[i]!;
      if (x === y) continue;
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      return String(x) < String(y) ? -1 : 1;
    }
    return a.s.length - b.s.length;
  });
  return keyed.map((k) => k.p);
}
