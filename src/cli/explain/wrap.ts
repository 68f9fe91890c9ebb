// kubectl 1.25 explain's text formatter: lines written with an indent (blank lines stay bare), and
// descriptions re-flowed to 80 columns minus the indent. The re-flow keeps a few line breaks of the
// source text: code blocks (4-space indent), blank lines once something was emitted, list bullets and
// lines after a word ending in ':'. Widths are in bytes, as Go's len() counts them.

/** Go's unicode.IsSpace set (strings.Fields / strings.TrimSpace). */
const SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const FIELDS = new RegExp(`[${SPACE}]+`);
const TRIM = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, 'g');
/** RE2's \d and \s are ASCII-only. */
const BULLET = /^([0-9]+\.?|-|\*)[\t\n\f\r ]/;

const byteLen = (s: string) => Buffer.byteLength(s, 'utf8');

export class Formatter {
  constructor(
    readonly out: string[],
    readonly indent = 0,
    readonly wrap = 80,
  ) {}

  /** A formatter writing to the same output, `by` columns further in. */
  in(by: number): Formatter {
    return new Formatter(this.out, this.indent + by, this.wrap);
  }

  write(line: string): void {
    this.out.push(line === '' ? '\n' : `${' '.repeat(this.indent)}${line}\n`);
  }

  writeWrapped(text: string): void {
    for (const line of wrapString(text, this.wrap - this.indent)) this.write(line);
  }
}

function startsNewLine(lastWord: string, line: string): boolean {
  if (lastWord.endsWith(':') || line.startsWith('    ')) return true;
  const t = line.replace(TRIM, '');
  return t === '' || BULLET.test(t);
}

export function wrapString(text: string, width: number): string[] {
  const wrapped: string[] = [];
  let words: string[] = [];
  let lastWord = '';
  const flush = () => {
    if (words.length === 0) return;
    lastWord = '';
    wrapped.push(words.join(' '));
    words = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('    ')) {
      flush();
      wrapped.push(line);
      continue;
    }
    if (wrapped.length > 0 && line.replace(TRIM, '') === '') {
      flush();
      wrapped.push('');
      continue;
    }
    if (startsNewLine(lastWord, line)) flush();
    for (const word of line.split(FIELDS)) {
      if (word === '') continue;
      lastWord = word;
      // A word always fits on an empty line; otherwise it must keep the line within the width.
      if (words.length > 0 && byteLen(words.join(' ')) + 1 + byteLen(word) > width) flush();
      words.push(word);
    }
  }
  flush();
  return wrapped;
}
