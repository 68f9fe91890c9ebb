// kubectl 1.25 `-o yaml`: sigs.k8s.io/yaml turns the object into JSON (Go's encoder), parses that
// JSON as YAML with gopkg.in/yaml.v2 and marshals it again. This module reproduces the result:
// yaml.v2's key order, its quoting choices, and its emitter's layout (2-space indentation, block
// sequences not indented under a mapping key, empty collections as {} / [], plain, single- and
// double-quoted scalars folded at the first space past column 80, literal blocks for multi-line
// strings with |, |-, |+ and the |2 indentation indicator). No YAML library involved.
//
// Surprises found against kubectl 1.25.0 (all reproduced here):
// - a raw U+0085 (NEL) in a string, which Go's JSON leaves unescaped, is folded to a space (or, for
//   a run of n, to n-1 newlines) by the YAML parse of that JSON; DEL and the other C1 controls make
//   kubectl fail with "error converting JSON to YAML: yaml: control characters are not allowed";
// - a string starting with U+FEFF is double-quoted with EVERY character escaped ("\uFEFF\x62...");
// - characters outside the BMP (emoji) are escaped ("\U0001F600"), other Unicode stays literal;
// - "<<" stays plain although yaml.v2 knows it as the merge key.

import { formatFloatG } from './gofmt.js';
import { isBase60Float, resolvesToNonString, yamlKeyCompare, yamlNumber } from './yamlresolve.js';

const enum Style {
  Plain,
  Single,
  Double,
  Literal,
}

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

const isBreak = (c: string | undefined): boolean => c === '\r' || c === '\n' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isSpace = (c: string | undefined): boolean => c === ' ';
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';
const isBlankz = (c: string | undefined): boolean => c === undefined || isBlank(c) || isBreak(c) || c === '\0';

function isPrintable(c: string): boolean {
  const v = c.codePointAt(0)!;
  return v === 0x0a || (v >= 0x20 && v <= 0x7e) || (v >= 0xa0 && v <= 0xd7ff) || (v >= 0xe000 && v <= 0xfffd && v !== 0xfeff);
}

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

function analyzeScalar(chars: string[]): Analysis {
  if (chars.length === 0) return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false };
  let blockInd = false;
  let flowInd = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  const head = chars.slice(0, 3).join('');
  if (head === '---' || head === '...') blockInd = flowInd = true;
  let precededByWs = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const followedByWs = i + 1 >= chars.length || isBlank(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) flowInd = blockInd = true;
      else if (c === '?' || c === ':') {
        flowInd = true;
        if (followedByWs) blockInd = true;
      } else if (c === '-' && followedByWs) flowInd = blockInd = true;
    } else {
      if (',?[]{}'.includes(c)) flowInd = true;
      else if (c === ':') {
        flowInd = true;
        if (followedByWs) blockInd = true;
      } else if (c === '#' && precededByWs) flowInd = blockInd = true;
    }
    if (!isPrintable(c)) special = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = prevBreak = false;
    }
    precededByWs = isBlankz(c);
  }
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) a.flowPlain = a.blockPlain = a.singleQuoted = false;
  if (spaceBreak || special) a.flowPlain = a.blockPlain = a.singleQuoted = a.block = false;
  if (lineBreaks) a.flowPlain = a.blockPlain = false;
  if (flowInd) a.flowPlain = false;
  if (blockInd) a.blockPlain = false;
  return a;
}

const hex = (v: number, w: number): string => v.toString(16).toUpperCase().padStart(w, '0');
const ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
  0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

class Emitter {
  out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private indents: number[] = [];
  private mappingContext = false;
  private simpleKeyContext = false;

  private put(s: string): void {
    this.out += s;
    this.column += s.length; // only ASCII goes through put
  }
  private writeChar(c: string): void {
    this.out += c;
    this.column++;
  }
  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }
  private writeBreak(c: string): void {
    if (c === '\n') this.putBreak();
    else {
      this.out += c;
      this.column = 0;
    }
  }
  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }
  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }
  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }
  private writeIndicator(ind: string, needWs: boolean, isWs: boolean, isIndention: boolean): void {
    if (needWs && !this.whitespace) this.put(' ');
    this.put(ind);
    this.whitespace = isWs;
    this.indention = this.indention && isIndention;
  }

  emitNode(v: unknown, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (Array.isArray(v)) {
      if (v.length === 0) return this.emitEmpty('[', ']');
      const indentless = this.mappingContext && !this.indention;
      this.increaseIndent(false, indentless);
      for (const item of v) {
        this.writeIndent();
        this.writeIndicator('-', true, false, true);
        this.emitNode(item, false, false);
      }
      return this.popIndent();
    }
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).filter((k) => o[k] !== undefined);
      if (keys.length === 0) return this.emitEmpty('{', '}');
      keys.sort(yamlKeyCompare);
      this.increaseIndent(false, false);
      for (const k of keys) {
        this.writeIndent();
        const key = foldRawBreaks(k);
        const chars = [...key];
        if (!analyzeScalar(chars).multiline && utf8Length(key) <= 128) {
          this.emitNode(key, true, true);
          this.writeIndicator(':', false, false, false);
        } else {
          this.writeIndicator('?', true, false, true);
          this.emitNode(key, true, false);
          this.writeIndent();
          this.writeIndicator(':', true, false, true);
        }
        this.emitNode(o[k], true, false);
      }
      return this.popIndent();
    }
    this.emitScalar(v);
  }

  private emitEmpty(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private emitScalar(v: unknown): void {
    let text: string;
    let style: Style = Style.Plain;
    if (v === null || v === undefined) text = 'null';
    else if (typeof v === 'boolean') text = v ? 'true' : 'false';
    else if (typeof v === 'number') text = yamlNumber(v, formatFloatG);
    else {
      text = foldRawBreaks(String(v));
      if (text.includes('\n')) style = Style.Literal;
      else if (resolvesToNonString(text) || isBase60Float(text)) style = Style.Double;
    }
    const chars = [...text];
    const a = analyzeScalar(chars);
    if (this.simpleKeyContext && a.multiline) style = Style.Double;
    if (style === Style.Plain) {
      if (!a.blockPlain) style = Style.Single;
      if (chars.length === 0 && this.simpleKeyContext) style = Style.Single;
    }
    if (style === Style.Single && !a.singleQuoted) style = Style.Double;
    if (style === Style.Literal && (!a.block || this.simpleKeyContext)) style = Style.Double;
    const allowBreaks = !this.simpleKeyContext;
    this.increaseIndent(true, false);
    if (style === Style.Plain) this.writePlain(chars, allowBreaks);
    else if (style === Style.Single) this.writeSingle(chars, allowBreaks);
    else if (style === Style.Double) this.writeDouble(chars, allowBreaks);
    else this.writeLiteral(chars);
    this.popIndent();
  }

  private writePlain(chars: string[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(chars[i + 1])) this.writeIndent();
        else this.writeChar(c);
        spaces = true;
      } else {
        this.writeChar(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(chars: string[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && !isSpace(chars[i + 1])) this.writeIndent();
        else this.writeChar(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'") this.put("'");
        this.writeChar(c);
        this.indention = false;
        spaces = breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(chars: string[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    // yaml.v2's is_bom looks at the start of the whole value, not at the current character.
    const bom = chars[0] === '\ufeff';
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (!isPrintable(c) || bom || isBreak(c) || c === '"' || c === '\\') {
        const v = c.codePointAt(0)!;
        const e = ESCAPES[v];
        this.put('\\' + (e ?? (v <= 0xff ? 'x' + hex(v, 2) : v <= 0xffff ? 'u' + hex(v, 4) : 'U' + hex(v, 8))));
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.writeIndent();
          if (isSpace(chars[i + 1])) this.put('\\');
        } else this.writeChar(c);
        spaces = true;
      } else {
        this.writeChar(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(chars: string[]): void {
    this.writeIndicator('|', true, false, false);
    if (isSpace(chars[0]) || isBreak(chars[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const n = chars.length;
    let chomp = '';
    if (n === 0 || !isBreak(chars[n - 1])) chomp = '-';
    else if (n === 1 || isBreak(chars[n - 2])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of chars) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeChar(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

// Characters Go's JSON encoder leaves raw but yaml.v2's reader rejects.
const FORBIDDEN = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

/** The YAML parse of Go's JSON folds raw NEL line breaks inside the double-quoted JSON strings. */
function foldRawBreaks(s: string): string {
  if (FORBIDDEN.test(s)) throw new Error('error converting JSON to YAML: yaml: control characters are not allowed');
  if (!s.includes('\u0085')) return s;
  return s.replace(/ *\u0085[ \u0085]*/g, (m) => {
    const n = m.split('\u0085').length - 1;
    return n === 1 ? ' ' : '\n'.repeat(n - 1);
  });
}

/**
 * Exactly kubectl 1.25's `-o yaml` stdout for one object (a List for several). Throws an Error whose
 * message is kubectl's (print it as `error: <message>`) for strings yaml.v2 refuses.
 */
export function toYaml(obj: unknown): string {
  const e = new Emitter();
  e.emitNode(obj, false, false);
  e.writeIndent(); // document end
  return e.out;
}
