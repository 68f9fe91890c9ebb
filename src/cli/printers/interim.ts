// INTERIM stand-ins until the faithful printers land.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}
export function toJson(v: unknown): string {
  return JSON.stringify(sortKeys(v), null, 4).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026') + '\n';
}
export function toYaml(v: unknown): string {
  return (require('yaml') as typeof import('yaml')).stringify(sortKeys(v), { indentSeq: false, lineWidth: 0 });
}
export function printJsonPath(template: string, _v: unknown, _o: { allowMissingKeys?: boolean } = {}): string {
  throw new Error(`jsonpath not available yet: ${template}`);
}
export function printGoTemplate(template: string, _v: unknown, _o: { allowMissingKeys?: boolean } = {}): string {
  throw new Error(`go-template not available yet: ${template}`);
}
export function printCustomColumns(spec: string, _file: boolean, _v: unknown, _noHeaders: boolean): string {
  throw new Error(`custom-columns not available yet: ${spec}`);
}
/** Go tabwriter (minwidth 6, tabwidth 4, padding 3, ' '): the last cell of a line is not a column. */
export function tabwrite(text: string): string {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const cells = lines.map((l) => l.split('\t'));
  const out: string[] = cells.map(() => '');
  // Column blocks: consecutive lines that have a cell in column c (terminated by a tab).
  const widths: number[][] = cells.map((r) => r.map(() => 0));
  const maxCols = Math.max(0, ...cells.map((r) => r.length - 1));
  for (let c = 0; c < maxCols; c++) {
    let start = 0;
    while (start < cells.length) {
      if (cells[start]!.length - 1 <= c) { start++; continue; }
      let end = start;
      let w = 0;
      while (end < cells.length && cells[end]!.length - 1 > c) { w = Math.max(w, Buffer.byteLength(cells[end]![c]!)); end++; }
      w = Math.max(w + 3, 6);
      for (let i = start; i < end; i++) widths[i]![c] = w;
      start = end;
    }
  }
  cells.forEach((r, i) => {
    out[i] = r.map((cell, c) => (c < r.length - 1 ? cell + ' '.repeat(Math.max(0, widths[i]![c]! - Buffer.byteLength(cell))) : cell)).join('');
  });
  return out.map((l) => l + '\n').join('');
}
