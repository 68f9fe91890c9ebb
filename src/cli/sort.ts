// --sort-by: order objects (or Table rows carrying objects) by a JSONPath field, comparing numbers
// as numbers and strings in natural order, as kubectl's sorter does.
import type { KObject } from '../api/object.js';
import type { Table } from './cmd/get.js';
import { CliError } from './factory.js';
import { relaxedJsonPath } from './printers/customcolumns.js';
import { findJsonPathResults, type JpList, parseJsonPath } from './printers/jsonpath.js';

/** The field's value per object, through the JSONPath engine `-o jsonpath` uses (kubectl's sorter does too). */
function fieldOf(field: string): (obj: unknown) => unknown {
  let parsed: JpList;
  try {
    parsed = parseJsonPath(relaxedJsonPath(field));
  } catch {
    throw new CliError(`couldn't parse --sort-by field: ${field}`);
  }
  return (obj) => {
    try {
      return findJsonPathResults(parsed, obj, true)[0]?.[0];
    } catch {
      return undefined;
    }
  };
}

/** Natural order: runs of digits compare as numbers. */
export function naturalLess(a: string, b: string): boolean {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) return Number(x) !== Number(y) ? Number(x) < Number(y) : x.length < y.length;
    return x < y;
  }
  return ra.length < rb.length;
}

function compare(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = typeof a === 'string' ? a : JSON.stringify(a);
  const y = typeof b === 'string' ? b : JSON.stringify(b);
  return naturalLess(x, y) ? -1 : naturalLess(y, x) ? 1 : 0;
}

export function sortObjects(objs: KObject[], field: string): void {
  const at = fieldOf(field);
  objs.sort((a, b) => compare(at(a), at(b)));
}

export function sortRows(table: Table, field: string): void {
  const at = fieldOf(field);
  table.rows.sort((a, b) => compare(at(a.object), at(b.object)));
}
