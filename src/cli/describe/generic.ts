// The generic describer kubectl uses for kinds without a describer of their own (CRDs and the
// like): metadata first, then every field of the object with smart labels, then the events.
import { getObject, type DescribeContext } from './context.js';
import { describeEvents, eventsFor } from './events.js';
import { byString, printAnnotationsMultiline, printLabelsMultiline } from './format.js';
import { LEVEL_0, tabbedString, type PrefixWriter } from './writer.js';

const SKIP = new Set(['.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);
const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** fatih/camelcase Split: runs of lower/upper/digit/other, with "PDFLoader" → "PDF", "Loader". */
function camelSplit(s: string): string[] {
  const cls = (ch: string) => (/\p{Ll}/u.test(ch) ? 1 : /\p{Lu}/u.test(ch) ? 2 : /\p{Nd}/u.test(ch) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const ch of s) {
    const c = cls(ch);
    if (c === last && runs.length > 0) runs[runs.length - 1]!.push(ch);
    else runs.push([ch]);
    last = c;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (cls(runs[i]![0]!) === 2 && cls(runs[i + 1]![0]!) === 1) {
      runs[i + 1]!.unshift(runs[i]!.pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

/** smartLabelFor: "apiVersion" → "API Version"; fields with anything but letters and '-' stay as they are. */
export function smartLabelFor(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ');
}

/** Go's %v of a JSON scalar as Kubernetes decodes it (integers as int64, other numbers as float64 %g). */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v);
    // strconv 'g' with the shortest digits: exponent form below 1e-4 and from 1e6 up (eprec 6).
    const [m, e] = v.toExponential().split('e') as [string, string];
    const exp = Number(e);
    if (exp < -4 || exp >= 6) return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    return String(v);
  }
  return String(v);
}

function printContent(w: PrefixWriter, level: number, content: Record<string, unknown>, prefix: string): void {
  for (const field of Object.keys(content).sort(byString)) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (SKIP.has(path)) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printContent(w, level + 1, value as Record<string, unknown>, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child)) printContent(w, level + 1, child as Record<string, unknown>, path);
        else w.write(level + 1, `${Array.isArray(child) ? `[${child.map(goValue).join(' ')}]` : goValue(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

export async function describeGeneric(ctx: DescribeContext): Promise<string> {
  const obj = await getObject(ctx);
  const events = await eventsFor(ctx, obj, obj.kind || ctx.target.kind);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata?.annotations);
    printContent(w, LEVEL_0, obj, '');
    if (events) describeEvents(events, w, ctx.now);
  });
}
