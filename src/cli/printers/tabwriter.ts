// Go's text/tabwriter as kubectl's printers configure it (cli-runtime printers.GetNewTabWriter over
// github.com/liggitt/tabwriter): minwidth 6, tabwidth 4, padding 3, padchar ' ', flags RememberWidths.
// Cells are tab-terminated; the last cell of a line (text after its last tab) belongs to no column.
// A column is a run of consecutive lines that all have a cell at that index; its width is the widest
// cell of that run plus padding (at least minwidth). RememberWidths: every run of column i is at
// least as wide as the widest earlier run of column i (also across flushes), which is what keeps a
// `get -w` stream aligned. Widths count code points, like Go's utf8.RuneCount.

interface Cell {
  text: string;
  width: number;
  htab: boolean;
}

export interface TabWriterOptions {
  minwidth?: number;
  tabwidth?: number;
  padding?: number;
  padchar?: string;
  rememberWidths?: boolean;
}

const runeCount = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++; // a low surrogate continues the previous code point
  }
  return n;
};

export class TabWriter {
  private readonly minwidth: number;
  private readonly padding: number;
  private readonly padchar: string;
  private readonly remember: boolean;
  private lines: Cell[][] = [[]];
  private cell = '';
  private widths: number[] = [];
  private maxwidths: number[] = [];
  private out = '';

  constructor(opts: TabWriterOptions = {}) {
    this.minwidth = opts.minwidth ?? 6;
    this.padding = opts.padding ?? 3;
    this.padchar = opts.padchar ?? ' ';
    this.remember = opts.rememberWidths ?? true;
  }

  /** Buffer text; like Go, a line without any tab flushes everything buffered so far. */
  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== '\t' && ch !== '\v' && ch !== '\n' && ch !== '\f') continue;
      this.cell += text.slice(start, i);
      start = i + 1;
      const line = this.lines[this.lines.length - 1];
      line.push({ text: this.cell, width: runeCount(this.cell), htab: ch === '\t' });
      this.cell = '';
      if (ch === '\n' || ch === '\f') {
        this.lines.push([]);
        if (ch === '\f' || line.length === 1) this.flushInternal();
      }
    }
    this.cell += text.slice(start);
  }

  /** Format everything buffered and return all output produced since the last flush() call. */
  flush(): string {
    this.flushInternal();
    const out = this.out;
    this.out = '';
    return out;
  }

  /** Widths remembered per column (kubectl resets them between resource kinds). */
  setRememberedWidths(widths: number[]): void {
    this.maxwidths = [...widths];
  }

  private flushInternal(): void {
    if (this.cell.length > 0) {
      this.lines[this.lines.length - 1].push({ text: this.cell, width: runeCount(this.cell), htab: false });
      this.cell = '';
    }
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.widths = [];
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i];
      for (let j = 0; j < line.length; j++) {
        const c = line[j];
        this.out += c.text;
        if (j < this.widths.length) this.out += this.padchar.repeat(this.widths[j] - c.width);
      }
      // The final buffered line has no newline (its text, if any, is its last cell).
      if (i + 1 < this.lines.length) this.out += '\n';
    }
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= this.lines[cur].length - 1) continue;
      // A block of this column starts here: print the lines before it with the widths known so far.
      this.writeLines(line0, cur);
      line0 = cur;
      let width = this.minwidth;
      for (; cur < line1; cur++) {
        const line = this.lines[cur];
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column].width + this.padding);
      }
      if (this.remember) {
        if (this.maxwidths.length < this.widths.length) this.maxwidths.push(...this.widths.slice(this.maxwidths.length));
        if (this.maxwidths.length === this.widths.length) this.maxwidths.push(width);
        else if (this.maxwidths[column] > width) width = this.maxwidths[column];
        else this.maxwidths[column] = width;
      }
      this.widths.push(width);
      this.format(line0, cur);
      this.widths.pop();
      line0 = cur; // like Go, the loop increment then skips the line that ended the block (it has no cell here)
    }
    this.writeLines(line0, line1);
  }
}

/** Align tab-separated text in one go, as kubectl's table printers do. */
export function tabwrite(text: string, opts?: TabWriterOptions): string {
  const w = new TabWriter(opts);
  w.write(text);
  return w.flush();
}

/** kubectl's tabbedString (describe, rollout history): tabwriter.NewWriter(out, 0, 8, 2, ' ', 0). */
export const TABBED_STRING: TabWriterOptions = { minwidth: 0, padding: 2, rememberWidths: false };
