// kubectl get: server-side Tables for the default and wide output (decorated with NAMESPACE, label
// columns and kind prefixes as kubectl does), whole objects for -o, chunked lists, --sort-by, -w.
import type { KObject } from '../../api/object.js';
import { formatLabels } from '../../machinery/format.js';
import { isNotFound, resourcePath } from '../../client/rest.js';
import type { Command, RunContext } from '../command.js';
import type { ResourceInfo } from '../discovery.js';
import { CliError, type Factory } from '../factory.js';
import { errorText } from '../errors.js';
import { forPrinting, listOf, objectName, parseFormat, PRINT_FLAGS } from '../output.js';
import { tabwrite } from '../printers/tabwriter.js';
import { fileObjects, REQUIRED_RESOURCE, type Target, targetsFromArgs } from '../resources.js';
import { completeResourceArgs } from '../completion/args.js';
import { SUBRESOURCE_FLAG } from './subresource.js';
import { watchTables } from './getwatch.js';

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
}
export interface Row {
  cells: unknown[];
  object?: KObject;
}
export interface Table {
  columnDefinitions: Column[];
  rows: Row[];
  metadata?: { resourceVersion?: string; continue?: string };
}

export const command: Command = {
  name: 'get',
  short: 'Display one or many resources',
  flags: [
    ...PRINT_FLAGS,
    { name: 'selector', shorthand: 'l', type: 'string', usage: "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints." },
    { name: 'field-selector', type: 'string', usage: "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type." },
    { name: 'all-namespaces', shorthand: 'A', type: 'bool', usage: 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.' },
    { name: 'watch', shorthand: 'w', type: 'bool', usage: 'After listing/getting the requested object, watch for changes.' },
    { name: 'watch-only', type: 'bool', usage: 'Watch for changes to the requested object(s), without listing/getting first.' },
    { name: 'output-watch-events', type: 'bool', usage: 'Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events.' },
    { name: 'show-labels', type: 'bool', usage: 'When printing, show all labels as the last column (default hide labels column)' },
    { name: 'show-kind', type: 'bool', usage: 'If present, list the resource type for the requested object(s).' },
    { name: 'label-columns', shorthand: 'L', type: 'stringSlice', usage: 'Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2...' },
    { name: 'sort-by', type: 'string', usage: "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string." },
    { name: 'no-headers', type: 'bool', usage: 'When using the default or custom-column output format, don\'t print headers (default print headers).' },
    { name: 'chunk-size', type: 'int', default: 500, usage: 'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.' },
    { name: 'ignore-not-found', type: 'bool', usage: 'If the requested object does not exist the command will return exit code 0.' },
    { name: 'filename', shorthand: 'f', type: 'stringSlice', usage: 'Filename, directory, or URL to files identifying the resource to get from a server.' },
    { name: 'recursive', shorthand: 'R', type: 'bool', usage: 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.' },
    { name: 'raw', type: 'string', usage: 'Raw URI to request from the server.  Uses the transport specified by the kubeconfig file.' },
    { name: 'server-print', type: 'bool', default: true, usage: 'If true, have the server return the appropriate table output. Supports extension APIs and CRDs.' },
    SUBRESOURCE_FLAG,
  ],
  complete: completeResourceArgs,
  run,
};

async function run(ctx: RunContext): Promise<number> {
  const { flags, f, io } = ctx;
  if (flags.str('raw')) return raw(f, flags.str('raw'));
  const format = await parseFormat(flags);
  const fromFiles = flags.list('filename');
  let targets: Target[];
  let fileNamespaces: (string | undefined)[] = [];
  if (fromFiles.length > 0) {
    const objs = await fileObjects(f, fromFiles, flags.bool('recursive'));
    targets = objs.map((o) => ({ info: o.info, names: [o.obj.metadata?.name ?? ''] }));
    fileNamespaces = objs.map((o) => o.obj.metadata?.namespace);
  } else targets = await targetsFromArgs(f, ctx.args);
  if (targets.length === 0) {
    io.err(`You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n`);
    throw new CliError(`${REQUIRED_RESOURCE}\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples`);
  }
  const subresource = flags.str('subresource');
  const bulk = targets.some((t) => t.names.length === 0);
  if (subresource && bulk) throw new CliError('subresource cannot be used when bulk resources are specified');
  const allNamespaces = flags.bool('all-namespaces');
  const ns = f.namespace().namespace;
  const nsFor = (t: Target, i: number) => (!t.info.namespaced || (allNamespaces && t.names.length === 0) ? undefined : (fileNamespaces[i] ?? ns));

  if (flags.bool('watch') || flags.bool('watch-only')) {
    if (targets.length !== 1) throw new CliError('you may only specify a single resource type');
    return watchTables(ctx, targets[0]!, nsFor(targets[0]!, 0), format);
  }

  const errors: string[] = [];
  const sortBy = flags.str('sort-by');
  // A single named object prints bare with -o yaml/json; anything else is a List.
  const single = targets.length === 1 && targets[0]!.names.length === 1 && fromFiles.length === 0;
  let printedAny = false;
  if (format.kind === 'table') {
    const tableFlags = { wide: format.wide, noHeaders: flags.bool('no-headers'), showLabels: flags.bool('show-labels'), labelColumns: flags.list('label-columns'), allNamespaces };
    const withKind = flags.bool('show-kind') || new Set(targets.map((t) => t.info)).size > 1;
    const blocks: string[] = [];
    for (const [i, t] of targets.entries()) {
      const tables = await fetchTables(f, t, nsFor(t, i), flags, subresource, errors);
      if (tables.length === 0) continue;
      const table = mergeTables(tables);
      if (sortBy) (await import('../sort.js')).sortRows(table, sortBy);
      if (table.rows.length === 0) continue;
      const withNamespace = allNamespaces && t.info.namespaced;
      blocks.push(renderTable(table, { ...tableFlags, withNamespace, kindPrefix: withKind ? kindPrefix(t.info) : '' }));
    }
    printedAny = blocks.length > 0;
    io.out(blocks.join(tableFlags.noHeaders ? '' : '\n'));
  } else {
    const objects: KObject[] = [];
    for (const [i, t] of targets.entries()) {
      for (const obj of await fetchObjects(f, t, nsFor(t, i), flags, subresource, errors)) objects.push(forPrinting(obj, subresource ? undefined : t.info, flags.bool('show-managed-fields')));
    }
    if (sortBy) (await import('../sort.js')).sortObjects(objects, sortBy); // the JSONPath engine, loaded only for --sort-by
    printedAny = objects.length > 0;
    if (format.kind === 'name') {
      io.out(objects.map((o) => `${nameOf(o, targets)}\n`).join(''));
    } else if (objects.length > 0 || !single) {
      if (single && objects.length === 1) io.out(format.print(objects[0]));
      else if (objects.length > 0 || errors.length === 0) io.out(format.print(listOf(objects)));
    }
  }
  for (const e of errors) io.err(e + '\n');
  if (!printedAny && errors.length === 0 && !flags.bool('ignore-not-found') && format.kind !== 'object') {
    const allNamespaced = !allNamespaces && targets.every((t) => t.info.namespaced);
    io.err(allNamespaced ? `No resources found in ${ns} namespace.\n` : 'No resources found\n');
  }
  return errors.length > 0 ? 1 : 0;
}

/** `pod/`, `deployment.apps/`: the prefix names get when several types print together. */
const kindPrefix = (info: ResourceInfo) => `${objectName(info, '')}`;

function nameOf(o: KObject, targets: Target[]): string {
  const info = targets.find((t) => t.info.kind === o.kind) ?.info;
  const [group] = (o.apiVersion ?? '').includes('/') ? (o.apiVersion ?? '').split('/') : [''];
  return objectName(info ?? { group: group!, kind: o.kind ?? '' }, o.metadata?.name ?? '');
}

/** A GET answer: an object, a list, or a Table; lists carry `metadata.continue`. */
interface Page {
  metadata?: object & { continue?: string };
}

/**
 * What one target names, as the server answers: a GET per name, or a LIST in chunks following
 * `continue`. Tables (`accept` TABLE_ACCEPT) and plain objects take the same path.
 */
async function fetchTarget<T extends Page>(f: Factory, t: Target, namespace: string | undefined, flags: RunContext['flags'], o: { subresource: string; accept?: string; query?: Record<string, string>; chunk: number }, errors: string[]): Promise<T[]> {
  const rest = f.rest();
  const out: T[] = [];
  const accept = o.accept ? { accept: o.accept } : {};
  if (t.names.length > 0) {
    for (const name of t.names) {
      try {
        out.push(await rest.request<T>({ method: 'GET', path: resourcePath(t.info, namespace, name, o.subresource || undefined), ...accept, query: o.query ?? {} }));
      } catch (err) {
        if (isNotFound(err) && flags.bool('ignore-not-found')) continue;
        errors.push(errorText(err));
      }
    }
    return out;
  }
  let cont: string | undefined;
  do {
    try {
      const page = await rest.request<T>({
        method: 'GET',
        path: resourcePath(t.info, namespace),
        ...accept,
        query: { ...o.query, labelSelector: flags.str('selector') || undefined, fieldSelector: flags.str('field-selector') || undefined, limit: o.chunk > 0 ? o.chunk : undefined, continue: cont },
      });
      out.push(page);
      cont = page.metadata?.continue || undefined;
    } catch (err) {
      errors.push(errorText(err));
      break;
    }
  } while (cont);
  return out;
}

/** Tables for one target; --sort-by needs whole objects in the rows and one unchunked list. */
function fetchTables(f: Factory, t: Target, namespace: string | undefined, flags: RunContext['flags'], subresource: string, errors: string[]): Promise<Table[]> {
  const sorting = !!flags.str('sort-by');
  return fetchTarget<Table>(f, t, namespace, flags, { subresource, accept: TABLE_ACCEPT, query: sorting ? { includeObject: 'Object' } : {}, chunk: sorting ? 0 : flags.int('chunk-size') }, errors);
}

/** Whole objects for one target (for -o yaml, json, name, templates). */
async function fetchObjects(f: Factory, t: Target, namespace: string | undefined, flags: RunContext['flags'], subresource: string, errors: string[]): Promise<KObject[]> {
  const pages = await fetchTarget<KObject & { items?: KObject[] }>(f, t, namespace, flags, { subresource, chunk: flags.int('chunk-size') }, errors);
  return t.names.length > 0 ? pages : pages.flatMap((p) => p.items ?? []);
}

export function mergeTables(tables: Table[]): Table {
  const withColumns = tables.find((t) => t.columnDefinitions?.length > 0) ?? tables[0]!;
  return { columnDefinitions: withColumns.columnDefinitions ?? [], rows: tables.flatMap((t) => t.rows ?? []) };
}

export interface RenderOptions {
  wide: boolean;
  noHeaders: boolean;
  showLabels: boolean;
  labelColumns: string[];
  withNamespace: boolean;
  kindPrefix: string;
  /** Watch output: the EVENT column's value for each row. */
  eventTypes?: string[];
}

/** kubectl's decorateTable + printTable, as tab-separated lines put through the tab writer. */
export function renderTable(table: Table, o: RenderOptions): string {
  return tabwrite(tableLines(table, o));
}

export function tableLines(table: Table, o: RenderOptions, headers = !o.noHeaders): string {
  const cols = table.columnDefinitions.map((c, i) => ({ c, i })).filter(({ c }) => o.wide || !c.priority);
  const nameCol = table.columnDefinitions.findIndex((c) => c.format === 'name' && c.type === 'string');
  const head: string[] = [];
  if (o.eventTypes) head.push('EVENT');
  if (o.withNamespace) head.push('NAMESPACE');
  head.push(...cols.map(({ c }) => c.name.toUpperCase()));
  for (const l of o.labelColumns) head.push(l.split('/').pop()!.toUpperCase());
  if (o.showLabels) head.push('LABELS');
  let text = '';
  if (headers && table.rows.length > 0) text += head.join('\t') + '\n';
  table.rows.forEach((row, r) => {
    const meta = (row.object?.metadata ?? {}) as { namespace?: string; labels?: Record<string, string> };
    const cells: string[] = [];
    if (o.eventTypes) cells.push(o.eventTypes[r] ?? '');
    if (o.withNamespace) cells.push(meta.namespace ?? '');
    for (const { i } of cols) {
      let v = cellText(row.cells[i]);
      if (i === nameCol && o.kindPrefix) v = o.kindPrefix + v;
      cells.push(v);
    }
    for (const l of o.labelColumns) cells.push(meta.labels?.[l] ?? '');
    if (o.showLabels) cells.push(formatLabels(meta.labels));
    text += cells.join('\t') + '\n';
  });
  return text;
}

/** A cell as Go's fmt prints it; text stops at a line break (kubectl truncates there). */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const br = s.search(/[\n\r\f]/);
  return br >= 0 ? `${s.slice(0, br)}...` : s;
}


async function raw(f: Factory, uri: string): Promise<number> {
  const res = await f.rest().requestText({ method: 'GET', path: uri });
  if (res.code < 200 || res.code > 299) {
    const { statusErrorFrom } = await import('../../client/rest.js');
    throw statusErrorFrom(res.code, res.text);
  }
  f.io.out(res.text);
  return 0;
}

