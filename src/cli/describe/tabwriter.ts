// Go's text/tabwriter as kubectl describe configures it (minwidth 0, tabwidth 8, padding 2, pad ' ',
// no flags): tab-terminated cells of consecutive lines form a column block whose width is its widest
// cell plus the padding; the text after a line's last tab is not part of any column.

interface Cell {
  text: string;
  width: number;
}

const PADDING = 2;

/** Width as tabwriter counts it: runes (code points), not UTF-16 units. */
function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Align one flushed section of text. A trailing partial line (no newline) is written as is. */
export function formatTabbed(text: string): string {
  const lines: Cell[][] = text.split('\n').map((l) => l.split('\t').map((t) => ({ text: t, width: runeCount(t) })));
  const widths: number[] = [];
  let out = '';

  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]!;
      line.forEach((c, j) => {
        out += c.text;
        if (j < widths.length) out += ' '.repeat(Math.max(0, widths[j]! - c.width));
      });
      if (i + 1 < lines.length) out += '\n';
    }
  };

  // The recursive block formatting of tabwriter.Writer.format, step for step.
  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= lines[t]!.length - 1) continue;
      writeLines(line0, t);
      line0 = t;
      let width = 0;
      for (; t < line1; t++) {
        const line = lines[t]!;
        if (column >= line.length - 1) break;
        const w = line[column]!.width + PADDING;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, t);
      widths.pop();
      line0 = t;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out;
}
