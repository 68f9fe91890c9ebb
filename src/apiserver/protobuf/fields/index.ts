// All field tables, indexed by full message name (the OpenAPI definition name).
import { appsV1 } from './apps-v1.js';
import { authenticationV1 } from './authentication-v1.js';
import { authorizationV1 } from './authorization-v1.js';
import { autoscalingV1 } from './autoscaling-v1.js';
import { autoscalingV2 } from './autoscaling-v2.js';
import { batchV1 } from './batch-v1.js';
import { coreV1 } from './core-v1.js';
import { metaV1 } from './meta-v1.js';
import { rbacV1 } from './rbac-v1.js';
import type { FieldTable } from './types.js';

export const FIELD_TABLES: readonly FieldTable[] = [
  metaV1, coreV1, appsV1, batchV1, autoscalingV1, autoscalingV2, authenticationV1, authorizationV1, rbacV1,
];

export interface TableField {
  no: number;
  /** JSON property, absent for an inlined struct. */
  prop?: string;
  /** Go pointer scalar: keep explicit zeros. */
  pointer: boolean;
  /** Full message name of an inlined (json:",inline") struct. */
  inline?: string;
}

let byName: Map<string, TableField[]> | undefined;

function parse(pkg: string, no: number, spec: string): TableField {
  if (spec.startsWith('=')) {
    const msg = spec.slice(1);
    return { no, pointer: false, inline: msg.includes('.') ? msg : `${pkg}.${msg}` };
  }
  if (spec.startsWith('*')) return { no, prop: spec.slice(1), pointer: true };
  return { no, prop: spec, pointer: false };
}

/** Fields of a message by its full name (io.k8s.api.core.v1.PodSpec), or undefined without a table. */
export function tableFor(name: string): TableField[] | undefined {
  if (!byName) {
    byName = new Map();
    for (const t of FIELD_TABLES) {
      for (const [msg, fields] of Object.entries(t.messages)) {
        byName.set(`${t.package}.${msg}`, Object.entries(fields).map(([no, spec]) => parse(t.package, Number(no), spec)));
      }
    }
  }
  return byName.get(name) ?? listTable(name);
}

// Every XList in generated.proto is {1: ListMeta metadata, 2: repeated X items}, so a list is
// covered whenever its item kind is.
const LIST_FIELDS: TableField[] = [
  { no: 1, prop: 'metadata', pointer: false },
  { no: 2, prop: 'items', pointer: false },
];

function listTable(name: string): TableField[] | undefined {
  return name.endsWith('List') && byName!.has(name.slice(0, -'List'.length)) ? LIST_FIELDS : undefined;
}

/** Every message name that has a table. */
export function tableNames(): string[] {
  tableFor('');
  return [...byName!.keys()];
}
