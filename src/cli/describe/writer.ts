// kubectl describe's PrefixWriter over a tabwriter: Write(level, text) indents by two spaces a level;
// Flush() ends the current alignment section (DescribeEvents flushes before its table). Without a
// tabwriter underneath (`aligned: false`, as rollout history and undo --dry-run use DescribePodTemplate)
// the text keeps its raw tabs.
import { TABBED_STRING, tabwrite } from '../printers/tabwriter.js';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

export class PrefixWriter {
  private done = '';
  private pending = '';

  constructor(private readonly opts: { aligned?: boolean } = {}) {}

  write(level: number, text: string): void {
    this.pending += '  '.repeat(level) + text;
  }

  /** fmt.Fprintln: the operands joined by spaces, then a newline; no indentation. */
  writeLine(...parts: unknown[]): void {
    this.pending += parts.map(String).join(' ') + '\n';
  }

  flush(): void {
    this.done += this.opts.aligned === false ? this.pending : tabwrite(this.pending, TABBED_STRING);
    this.pending = '';
  }

  toString(): string {
    this.flush();
    return this.done;
  }
}

/** A writer whose every level is shifted by `indent` (NewNestedPrefixWriter). */
export class NestedPrefixWriter extends PrefixWriter {
  constructor(
    private readonly inner: PrefixWriter,
    private readonly indent: number,
  ) {
    super();
  }
  override write(level: number, text: string): void {
    this.inner.write(level + this.indent, text);
  }
  override writeLine(...parts: unknown[]): void {
    this.inner.write(this.indent, parts.map(String).join(' ') + '\n');
  }
  override flush(): void {
    this.inner.flush();
  }
}

/** Run a describer body against a fresh writer and return the aligned text (tabbedString). */
export function tabbedString(body: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  body(w);
  return w.toString();
}
