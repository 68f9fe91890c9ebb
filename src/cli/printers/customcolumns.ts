// kubectl 1.25's `-o custom-columns=` / `-o custom-columns-file=` (cli-runtime CustomColumnsPrinter).
// Each column is HEADER:<relaxed jsonpath>; cells are the jsonpath results formatted with Go's %v
// (maps as map[k:v], lists as [a b]) joined with ",", or <none> when there is none; rows go through
// kubectl's tabwriter. Missing keys are always allowed. Errors are kubectl's messages (print as
// `error: <message>`, exit 1); note kubectl has already printed the header line (and any earlier
// rows) when a column's jsonpath fails to parse or evaluate — see CustomColumnsError.output.

import { goSprint } from './gofmt.js';
import { findJsonPathResults, parseJsonPath, JsonPathExecError, JsonPathSyntaxError, type JpList } from './jsonpath.js';
import { TabWriter } from './tabwriter.js';

export interface Column {
  header: string;
  fieldSpec: string;
}

/** kubectl's RelaxedJSONPathExpression: "a.b", ".a.b", "{a.b}", "{.a.b}" → "{.a.b}". */
export function relaxedJsonPath(expr: string): string {
  if (expr === '') return expr;
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expr);
  if (!m) throw new Error("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  return `{.${m[1] || m[2]}}`;
}

/** Columns from the `custom-columns=` flag value. */
export function parseCustomColumnsSpec(spec: string): Column[] {
  if (spec.length === 0) throw new Error('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const i = part.indexOf(':');
    if (i < 0) throw new Error(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, i), fieldSpec: relaxedJsonPath(part.slice(i + 1)) };
  });
}

/** Columns from a `custom-columns-file`: a line of headers, then a line of jsonpaths. */
export function parseCustomColumnsTemplate(text: string): Column[] {
  // bufio.Scanner lines: split on \n, a trailing \r dropped, no empty token after a final newline.
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (text.endsWith('\n')) lines.pop();
  const hint = 'Expected format is one line of space separated headers, one line of space separated column specs.';
  if (text === '' || lines.length < 1) throw new Error(`invalid template, missing header line. ${hint}`);
  if (lines.length < 2) throw new Error(`invalid template, missing spec line. ${hint}`);
  const fields = (l: string) => l.split(/\s+/).filter((x) => x !== '');
  const headers = fields(lines[0]);
  const specs = fields(lines[1]);
  if (headers.length !== specs.length) throw new Error(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  return headers.map((header, i) => ({ header, fieldSpec: relaxedJsonPath(specs[i]) }));
}

export class CustomColumnsError extends Error {
  constructor(message: string, readonly output: string) {
    super(message);
  }
}

/**
 * What kubectl prints for these objects (the items of a list, or one object). Throws
 * CustomColumnsError (message = kubectl's, output = the stdout kubectl printed before failing).
 */
export function printCustomColumns(columns: Column[], items: unknown[], opts: { noHeaders?: boolean } = {}): string {
  const w = new TabWriter();
  if (!opts.noHeaders) w.write(columns.map((c) => c.header).join('\t') + '\n');
  const parsers: JpList[] = [];
  try {
    for (const c of columns) parsers.push(parseJsonPath(c.fieldSpec));
    for (const item of items) {
      const cells = parsers.map((p) => {
        const values = findJsonPathResults(p, item, true);
        if (values.length === 0 || values[0].length === 0) return '<none>' + values.flat().map((v) => ',' + goSprint(v)).join('');
        return values.flat().map(goSprint).join(',');
      });
      w.write(cells.join('\t') + '\n');
    }
  } catch (e) {
    if (e instanceof JsonPathSyntaxError || e instanceof JsonPathExecError) throw new CustomColumnsError(e.message, w.flush());
    throw e;
  }
  return w.flush();
}
