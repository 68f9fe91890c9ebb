// A fast path for the small block-style YAML documents every command reads before it can do anything
// (kubeconfig files). Loading a full YAML library costs more than the rest of `kubette kubectl get`'s
// start-up, so plain documents (block maps and sequences, plain or quoted scalars, comments) are read
// here, and anything beyond that subset returns undefined so the caller falls back to js-yaml.

type Value = unknown;

interface Line {
  indent: number;
  text: string;
}

const BAIL = Symbol('bail');

/** The parsed document, or undefined when it uses anything outside the subset. */
export function parseSimpleYaml(src: string): Value | undefined {
  if (src.includes('\t') || /^(---|\.\.\.|%)/m.test(src.replace(/^---\s*\n/, ''))) return undefined;
  const lines: Line[] = [];
  for (const raw of src.replace(/^---\s*\n/, '').split(/\r?\n/)) {
    const t = stripComment(raw);
    if (t === undefined) return undefined;
    if (t.trim() === '') continue;
    lines.push({ indent: t.length - t.trimStart().length, text: t.trim() });
  }
  if (lines.length === 0) return null;
  try {
    const pos = { i: 0 };
    const v = block(lines, pos, lines[0]!.indent);
    return pos.i === lines.length ? v : undefined;
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

/** The line without a trailing comment; undefined when quotes make that unclear. */
function stripComment(line: string): string | undefined {
  if (!line.includes('#')) return line.trimEnd();
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || line[i - 1] === ' ')) return line.slice(0, i).trimEnd();
  }
  return quote ? undefined : line.trimEnd();
}

function block(lines: Line[], pos: { i: number }, indent: number): Value {
  const first = lines[pos.i]!;
  if (first.text === '-' || first.text.startsWith('- ')) return sequence(lines, pos, indent);
  return mapping(lines, pos, indent);
}

function sequence(lines: Line[], pos: { i: number }, indent: number): Value[] {
  const out: Value[] = [];
  while (pos.i < lines.length && lines[pos.i]!.indent === indent && (lines[pos.i]!.text === '-' || lines[pos.i]!.text.startsWith('- '))) {
    const line = lines[pos.i]!;
    const rest = line.text.slice(1).trimStart();
    if (rest === '') {
      pos.i++;
      out.push(pos.i < lines.length && lines[pos.i]!.indent > indent ? block(lines, pos, lines[pos.i]!.indent) : null);
      continue;
    }
    // "- key: value" opens a mapping whose keys sit at the column after "- ".
    const inner = indent + (line.text.length - rest.length);
    if (keyOf(rest) !== undefined) {
      lines[pos.i] = { indent: inner, text: rest };
      out.push(mapping(lines, pos, inner));
    } else {
      out.push(scalar(rest));
      pos.i++;
    }
  }
  return out;
}

function mapping(lines: Line[], pos: { i: number }, indent: number): Record<string, Value> {
  const out: Record<string, Value> = {};
  while (pos.i < lines.length && lines[pos.i]!.indent === indent) {
    const line = lines[pos.i]!;
    const kv = keyOf(line.text);
    if (kv === undefined) throw BAIL;
    const [key, rest] = kv;
    if (Object.hasOwn(out, key)) throw BAIL; // duplicate keys: let the library decide
    pos.i++;
    if (rest !== '') out[key] = scalar(rest);
    else if (pos.i < lines.length && (lines[pos.i]!.indent > indent || (lines[pos.i]!.indent === indent && lines[pos.i]!.text.startsWith('- ')))) {
      out[key] = block(lines, pos, lines[pos.i]!.indent);
    } else out[key] = null;
  }
  if (pos.i < lines.length && lines[pos.i]!.indent > indent) throw BAIL;
  return out;
}

/** `key: rest` with a plain or quoted key, or undefined when the text is not a mapping entry. */
function keyOf(text: string): [string, string] | undefined {
  let key: string;
  let after: string;
  if (text[0] === '"' || text[0] === "'") {
    const end = closingQuote(text);
    if (end < 0) return undefined;
    key = scalar(text.slice(0, end + 1)) as string;
    after = text.slice(end + 1);
    if (!after.startsWith(':')) return undefined;
    after = after.slice(1);
  } else {
    const m = /^([^:{}[\],&*!|>%@`"'#?-][^:]*?|-[^\s:][^:]*?):( |$)/.exec(text);
    if (!m) return undefined;
    key = m[1]!;
    after = text.slice(m[1]!.length + 1);
  }
  if (after !== '' && !after.startsWith(' ')) return undefined;
  return [key, after.trim()];
}

function closingQuote(text: string): number {
  const q = text[0]!;
  for (let i = 1; i < text.length; i++) {
    if (q === '"' && text[i] === '\\') i++;
    else if (text[i] === q) {
      if (q === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

function scalar(text: string): Value {
  const c = text[0]!;
  if (c === '"') {
    if (closingQuote(text) !== text.length - 1) throw BAIL;
    try {
      return JSON.parse(text) as string; // JSON escapes are a subset of YAML's double-quoted ones
    } catch {
      throw BAIL;
    }
  }
  if (c === "'") {
    if (closingQuote(text) !== text.length - 1) throw BAIL;
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text === '{}') return {};
  if (text === '[]') return [];
  if (/^[[{&*!|>%@`]/.test(text) || text.includes(': ') || text.endsWith(':')) throw BAIL;
  if (/^(null|Null|NULL|~)$/.test(text)) return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text) || /^0x|^0o|^\.(inf|nan)/i.test(text)) throw BAIL;
  return text;
}
