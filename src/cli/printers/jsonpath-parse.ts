// The template parser of client-go's util/jsonpath (kubectl 1.25), with its error messages.

export type JpNode =
  | { t: 'list'; nodes: JpNode[] }
  | { t: 'text'; text: string }
  | { t: 'field'; name: string }
  | { t: 'array'; params: [Param, Param, Param] }
  | { t: 'filter'; left: JpList; right: JpList; op: string }
  | { t: 'int'; v: number }
  | { t: 'float'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'wildcard' }
  | { t: 'recursive' }
  | { t: 'union'; nodes: JpList[] }
  | { t: 'identifier'; name: string };
export type JpList = { t: 'list'; nodes: JpNode[] };
export interface Param {
  value: number;
  known: boolean;
  derived: boolean;
}

export class JsonPathSyntaxError extends Error {}

const isTerminator = (r: string): boolean => r === '' || ' \t\r\n.,[]$@{}'.includes(r);
const isAlphaNumeric = (r: string): boolean => r === '_' || /^[\p{L}\p{Nd}]$/u.test(r);

/** strconv.UnquoteChar-based unquoting of "…" or '…' (Go escapes). */
function unquoteExtend(s: string): string {
  const q = s[0];
  if (s.length < 2 || q !== s[s.length - 1] || (q !== '"' && q !== "'")) throw new JsonPathSyntaxError('invalid syntax');
  const body = s.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === q) throw new JsonPathSyntaxError('invalid syntax');
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };
    if (e in simple) {
      if ((e === "'" || e === '"') && e !== q) throw new JsonPathSyntaxError('invalid syntax');
      out += simple[e];
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const h = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) throw new JsonPathSyntaxError('invalid syntax');
      out += String.fromCodePoint(parseInt(h, 16));
      i += n;
    } else if (e >= '0' && e <= '7') {
      const o = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(o)) throw new JsonPathSyntaxError('invalid syntax');
      out += String.fromCharCode(parseInt(o, 8));
      i += 2;
    } else throw new JsonPathSyntaxError('invalid syntax');
  }
  return out;
}

class Parser {
  root: JpList = { t: 'list', nodes: [] };
  private pos = 0;
  private start = 0;
  constructor(private readonly input: string) {}

  parse(): JpList {
    this.parseText(this.root);
    return this.root;
  }
  private next(): string {
    if (this.pos >= this.input.length) return '';
    return this.input[this.pos++];
  }
  private backup(): void {
    this.pos--;
  }
  private peek(): string {
    return this.input[this.pos] ?? '';
  }
  private consume(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }
  private parseText(cur: JpList): void {
    for (;;) {
      if (this.input.startsWith('{', this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ t: 'text', text: this.consume() });
        this.pos++;
        this.consume();
        const list: JpList = { t: 'list', nodes: [] };
        cur.nodes.push(list);
        return this.parseInsideAction(list);
      }
      if (this.next() === '') break;
    }
    if (this.pos > this.start) cur.nodes.push({ t: 'text', text: this.consume() });
  }
  private parseInsideAction(cur: JpList): void {
    for (;;) {
      const rest = this.input.slice(this.pos);
      if (rest.startsWith('}')) {
        this.pos++;
        this.consume();
        return this.parseText(this.root);
      }
      if (rest.startsWith('[?(')) {
        this.parseFilter(cur);
        continue;
      }
      if (rest.startsWith('..')) {
        if (cur.nodes.length > 0 && cur.nodes[cur.nodes.length - 1].t === 'recursive') throw new JsonPathSyntaxError('invalid multiple recursive descent');
        this.pos += 2;
        this.consume();
        cur.nodes.push({ t: 'recursive' });
        if (isAlphaNumeric(this.peek())) this.parseField(cur);
        continue;
      }
      const r = this.next();
      if (r === '' || r === '\r' || r === '\n') throw new JsonPathSyntaxError('unclosed action');
      if (r === ' ' || r === '@' || r === '$') this.consume();
      else if (r === '[') this.parseArray(cur);
      else if (r === '"' || r === "'") this.parseQuote(cur, r);
      else if (r === '.') this.parseField(cur);
      else if (r === '+' || r === '-' || /^\p{Nd}$/u.test(r)) {
        this.backup();
        this.parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
      } else {
        const cp = r.codePointAt(0)!;
        throw new JsonPathSyntaxError(`unrecognized character in action: U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${r}'`);
      }
    }
  }
  private parseIdentifier(cur: JpList): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        if (r !== '') this.backup();
        break;
      }
    }
    const value = this.consume();
    if (value === 'true' || value === 'false') cur.nodes.push({ t: 'bool', v: value === 'true' });
    else cur.nodes.push({ t: 'identifier', name: value });
  }
  private parseNumber(cur: JpList): void {
    const r = this.peek();
    if (r === '+' || r === '-') this.next();
    for (;;) {
      const c = this.next();
      if (c !== '.' && !/^\p{Nd}$/u.test(c)) {
        if (c !== '') this.backup();
        break;
      }
    }
    const value = this.consume();
    if (/^[+-]?[0-9]+$/.test(value)) cur.nodes.push({ t: 'int', v: Number(value) });
    else if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value)) cur.nodes.push({ t: 'float', v: Number(value) });
    else throw new JsonPathSyntaxError(`cannot parse number ${value}`);
  }
  private parseArray(cur: JpList): void {
    for (;;) {
      const c = this.next();
      if (c === '' || c === '\n') throw new JsonPathSyntaxError('unterminated array');
      if (c === ']') break;
    }
    let text = this.consume().slice(1, -1);
    if (text === '*') text = ':';
    const strs = text.split(',');
    if (strs.length > 1) {
      const union = strs.map((s) => parseAction(`[${s.replace(/^ +| +$/g, '')}]`));
      cur.nodes.push({ t: 'union', nodes: union });
      return;
    }
    const dict = /^'([^']*)'$/.exec(text);
    if (dict) {
      cur.nodes.push(...parseAction(`.${dict[1]}`).nodes);
      return;
    }
    const m = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/.exec(text);
    if (!m) throw new JsonPathSyntaxError(`invalid array index ${text}`);
    const params: [Param, Param, Param] = [0, 1, 2].map(() => ({ value: 0, known: false, derived: false })) as [Param, Param, Param];
    for (let i = 0; i < 3; i++) {
      let v = m[i + 1] ?? '';
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') params[i].known = false;
        else {
          if (!/^[+-]?[0-9]+$/.test(v)) throw new JsonPathSyntaxError(`array index ${v} is not a number`);
          params[i] = { value: Number(v), known: true, derived: false };
        }
      } else if (i === 1) params[1] = { value: params[0].value + 1, known: true, derived: true };
    }
    cur.nodes.push({ t: 'array', params });
  }
  private parseFilter(cur: JpList): void {
    this.pos += 3;
    this.consume();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.next();
      if (r === '' || r === '\n') throw new JsonPathSyntaxError('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ')' && begin === end) break;
    }
    if (this.next() !== ']') throw new JsonPathSyntaxError('unclosed array expect ]');
    const text = this.consume().slice(0, -2);
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/s.exec(text);
    if (!m) cur.nodes.push({ t: 'filter', left: parseAction(text), right: { t: 'list', nodes: [] }, op: 'exists' });
    else cur.nodes.push({ t: 'filter', left: parseAction(m[1]), right: parseAction(m[3]), op: m[2] });
  }
  private parseQuote(cur: JpList, end: string): void {
    for (;;) {
      const c = this.next();
      if (c === '' || c === '\n') throw new JsonPathSyntaxError('unterminated quoted string');
      if (c === end && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consume();
    let s: string;
    try {
      s = unquoteExtend(value);
    } catch (e) {
      throw new JsonPathSyntaxError(`unquote string ${value} error ${(e as Error).message}`);
    }
    cur.nodes.push({ t: 'text', text: s });
  }
  private parseField(cur: JpList): void {
    this.consume();
    for (;;) {
      const r = this.next();
      if (r === '\\') this.next();
      else if (isTerminator(r)) {
        if (r !== '') this.backup();
        break;
      }
    }
    const value = this.consume();
    if (value === '*') cur.nodes.push({ t: 'wildcard' });
    else cur.nodes.push({ t: 'field', name: value.replace(/\\/g, '') });
  }
}

function parseAction(text: string): JpList {
  const root = new Parser(`{${text}}`).parse();
  return root.nodes[0] as JpList;
}

/** Parse a jsonpath template; throws JsonPathSyntaxError with client-go's message. */
export function parseJsonPath(template: string): JpList {
  return new Parser(template).parse();
}
