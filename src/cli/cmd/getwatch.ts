// kubectl get -w: the list (unless --watch-only), then one row per watch event. Column widths are
// remembered and only grow: the one tab writer, flushed after the list and after each event.
import type { KObject } from '../../api/object.js';
import { resourcePath } from '../../client/rest.js';
import type { RunContext } from '../command.js';
import { forPrinting, type Format, objectName } from '../output.js';
import { TabWriter } from '../printers/tabwriter.js';
import type { Target } from '../resources.js';
import { type RenderOptions, type Table, TABLE_ACCEPT, tableLines } from './get.js';

export async function watchTables(ctx: RunContext, t: Target, namespace: string | undefined, format: Format): Promise<number> {
  const { f, flags, io } = ctx;
  const rest = f.rest();
  const events = flags.bool('output-watch-events');
  const opts: RenderOptions = {
    wide: format.kind === 'table' && format.wide,
    noHeaders: flags.bool('no-headers'),
    showLabels: flags.bool('show-labels'),
    labelColumns: flags.list('label-columns'),
    withNamespace: flags.bool('all-namespaces') && t.info.namespaced,
    kindPrefix: '',
  };
  const name = t.names[0];
  const selector = { labelSelector: flags.str('selector') || undefined, fieldSelector: name ? `metadata.name=${name}` : flags.str('field-selector') || undefined };
  const accept = format.kind === 'table' ? TABLE_ACCEPT : 'application/json';
  const w = new TabWriter();
  const emit = (lines: string) => {
    w.write(lines);
    io.out(w.flush());
  };
  let columns: Table['columnDefinitions'] = [];
  let headerDone = opts.noHeaders;
  const print = (table: Table, type?: string) => {
    if (table.columnDefinitions?.length) columns = table.columnDefinitions;
    const full: Table = { columnDefinitions: columns, rows: table.rows ?? [] };
    const lines = tableLines(full, { ...opts, eventTypes: events ? full.rows.map(() => type ?? 'ADDED') : undefined }, !headerDone);
    if (full.rows.length > 0) headerDone = true;
    return lines;
  };
  const printObject = (obj: KObject, type: string) => {
    if (format.kind === 'name') io.out(`${objectName(t.info, obj.metadata.name ?? '')}\n`);
    else if (format.kind === 'object') io.out(format.print(events ? { type, object: forPrinting(obj, t.info, false) } : forPrinting(obj, t.info, false)));
  };

  let rv = '0';
  if (!flags.bool('watch-only')) {
    const path = resourcePath(t.info, namespace, name);
    const got = await rest.request<Table & KObject & { items?: KObject[] }>({ method: 'GET', path, accept, query: name ? {} : { labelSelector: selector.labelSelector, fieldSelector: flags.str('field-selector') || undefined } });
    rv = got.metadata?.resourceVersion ?? '0';
    if (format.kind === 'table') {
      emit(print(got));
    } else for (const o of got.items ?? [got]) printObject(o, 'ADDED');
  }
  const watch = rest.watch<KObject | Table>(
    { method: 'GET', path: resourcePath(t.info, namespace), accept, query: { ...selector, resourceVersion: rv, watch: 'true' } },
    (ev) => {
      if (ev.type === 'ERROR' || ev.type === 'BOOKMARK') return;
      if (format.kind === 'table') emit(print(ev.object as Table, ev.type));
      else printObject(ev.object as KObject, ev.type);
    },
  );
  const end = await watch.done;
  if (end.reason === 'error') throw end.error;
  return 0;
}
