// Table and PartialObjectMetadata responses (server-side printing) from a strategy's printer,
// or the default Name / Created At convertor for kinds without one.
import type { KObject } from '../api/object.js';
import { Errors } from '../machinery/errors.js';
import type { AnyStrategy, ColumnDefinition, TablePrinter } from '../registry/strategy.js';
import { ageColumn, nameColumn } from '../registry/strategy.js';
import { rfc3339 } from '../registry/generic/store.js';
import { ageOf } from '../machinery/format.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** ?includeObject= of a Table request (ValidateTableOptions, as optionsForTransform words it). */
export function parseIncludeObject(v: string | null): IncludeObject {
  if (v === null || v === '' || v === 'Metadata') return 'Metadata';
  if (v === 'None' || v === 'Object') return v;
  throw Errors.badRequest(`Unable to convert to Table as requested: includeObject: Invalid value: ${JSON.stringify(v)}: must be 'Metadata', 'Object', 'None', or empty`);
}

const defaultPrinter: TablePrinter = {
  columns: [
    nameColumn,
    {
      name: 'Created At',
      type: 'date',
      format: '',
      description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
      priority: 0,
    },
  ],
  cells: (o) => [o.metadata.name, o.metadata.creationTimestamp ?? rfc3339(new Date(0))],
};

/** autoscaling/v1 Scale, as printers.go prints it since 1.24 (for `kubectl get --subresource=scale`). */
export const scalePrinter: TablePrinter = {
  columns: [
    { ...nameColumn, format: '' },
    { name: 'Desired', type: 'integer', format: '', description: 'desired number of instances for the scaled object.', priority: 0 },
    { name: 'Available', type: 'integer', format: '', description: 'actual number of observed instances of the scaled object.', priority: 0 },
    ageColumn,
  ],
  cells: (o, now) => {
    const scale = o as { spec?: { replicas?: number }; status?: { replicas?: number } };
    return [o.metadata.name, scale.spec?.replicas ?? 0, scale.status?.replicas ?? 0, ageOf(o.metadata.creationTimestamp, now)];
  },
};

export function printerOf(s: AnyStrategy): TablePrinter {
  return (s.printer as TablePrinter | undefined) ?? defaultPrinter;
}

export function partialObjectMetadata(obj: KObject, version: string) {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

export interface TableOptions {
  version: string;
  includeObject: IncludeObject;
  now: Date;
  /** Column definitions are omitted (null) on watch events after the first. */
  withColumns?: boolean;
  listMeta: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  /** Print with this instead of the strategy's printer (subresources such as scale). */
  printer?: TablePrinter;
}

export function toTable(s: AnyStrategy, objects: KObject[], opts: TableOptions) {
  const printer = opts.printer ?? printerOf(s);
  const columns: ColumnDefinition[] | null = opts.withColumns === false ? null : printer.columns;
  const rows = objects.map((o) => {
    const row: Record<string, unknown> = { cells: printer.cells(o, opts.now) };
    const conditions = printer.conditions?.(o);
    if (conditions) row['conditions'] = conditions;
    row['object'] = opts.includeObject === 'None' ? null : opts.includeObject === 'Object' ? o : partialObjectMetadata(o, opts.version);
    return row;
  });
  const metadata: Record<string, unknown> = {};
  if (opts.listMeta.resourceVersion) metadata['resourceVersion'] = opts.listMeta.resourceVersion;
  if (opts.listMeta.continue) metadata['continue'] = opts.listMeta.continue;
  if (opts.listMeta.remainingItemCount !== undefined) metadata['remainingItemCount'] = opts.listMeta.remainingItemCount;
  return { kind: 'Table', apiVersion: `meta.k8s.io/${opts.version}`, metadata, columnDefinitions: columns, rows };
}
