// Custom resources: each served version of an established CRD becomes a strategy, registered
// while the CRD exists. The CRD store is watched so that kubectl can use a kind right after
// `kubectl create -f crd.yaml`, as with kube-apiserver's apiextensions server.
import type { KObject } from '../api/object.js';
import { isObject } from '../api/object.js';
import { ageOf } from '../machinery/format.js';
import type { Logger } from '../machinery/log.js';
import { prefixEnd, type Backend, type Watcher } from '../storage/backend.js';
import type { AnyStrategy, ColumnDefinition, TablePrinter } from '../registry/strategy.js';
import { nameColumn } from '../registry/strategy.js';
import { validateCustomResource } from './openapi/crvalidate.js';
import type { ResourceRegistry } from './resources.js';

interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

interface CRDVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: Record<string, unknown> };
  subresources?: { status?: object; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: PrinterColumn[];
}

interface CRD extends KObject {
  spec: {
    group: string;
    names: { plural: string; singular?: string; kind: string; listKind?: string; shortNames?: string[]; categories?: string[] };
    scope: 'Namespaced' | 'Cluster';
    versions: CRDVersion[];
  };
}

const dotPath = (p: string) => p.replace(/^\./, '').split('.');

/** Evaluate a simple JSONPath (`.spec.x`, `.status.items[0].name`) as CRD printer columns use. */
export function evalJsonPath(obj: unknown, path: string): unknown {
  const expr = path.trim().replace(/^\{/, '').replace(/\}$/, '');
  let cur: unknown = obj;
  const re = /\.([^.[\]]+)|\[(\d+)\]|\['([^']+)'\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(expr))) {
    if (m[2] !== undefined) cur = Array.isArray(cur) ? cur[Number(m[2])] : undefined;
    else cur = isObject(cur) ? cur[m[1] ?? m[3]!] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** A cell per apiextensions' TableConvertor rules for additionalPrinterColumns. */
function cell(type: string, v: unknown, now: Date): unknown {
  if (v === undefined || v === null) return null;
  switch (type) {
    case 'string':
      return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : sortedJson(v);
    case 'integer':
      return typeof v === 'number' ? Math.trunc(v) : null;
    case 'number':
      return typeof v === 'number' ? v : null;
    case 'boolean':
      return typeof v === 'boolean' ? v : null;
    case 'date':
      if (typeof v !== 'string') return null;
      if (v === '') return '<unknown>';
      return Number.isNaN(Date.parse(v)) ? '<invalid>' : ageOf(v, now);
    default:
      return null;
  }
}

function crPrinter(columns: PrinterColumn[] | undefined): TablePrinter {
  const cols = columns?.length ? columns : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
  const defs: ColumnDefinition[] = [
    nameColumn,
    ...cols.map((c) => ({
      name: c.name,
      type: c.type as ColumnDefinition['type'],
      format: c.format ?? '',
      description: c.description ?? `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
      priority: c.priority ?? 0,
    })),
  ];
  return {
    columns: defs,
    cells: (o, now) => [o.metadata.name, ...cols.map((c) => cell(c.type, evalJsonPath(o, c.jsonPath), now))],
  };
}

export function strategiesForCRD(crd: CRD): AnyStrategy[] {
  const { group, names, scope } = crd.spec;
  return crd.spec.versions
    .filter((v) => v.served)
    .map((v): AnyStrategy => {
      const schema = v.schema?.openAPIV3Schema;
      const scale = v.subresources?.scale;
      return {
        group,
        version: v.name,
        kind: names.kind,
        resource: names.plural,
        singular: names.singular ?? names.kind.toLowerCase(),
        namespaced: scope === 'Namespaced',
        shortNames: names.shortNames,
        categories: names.categories,
        storagePrefix: `${group}/${names.plural}`,
        generation: true,
        subresources: {
          status: !!v.subresources?.status,
          scale: scale
            ? {
                specReplicasPath: dotPath(scale.specReplicasPath),
                statusReplicasPath: dotPath(scale.statusReplicasPath),
                labelSelectorPath: scale.labelSelectorPath ? dotPath(scale.labelSelectorPath) : undefined,
              }
            : undefined,
        },
        openAPISchema: schema,
        // apiextensions converts field labels itself: metadata.name (and metadata.namespace when
        // namespaced) only, and "field label not supported: X" for anything else.
        selectableFields: () => ({}),
        validate: (obj: KObject) => (schema ? validateCustomResource(schema as never, obj) : []),
        validateUpdate: (obj: KObject) => (schema ? validateCustomResource(schema as never, obj) : []),
        printer: crPrinter(v.additionalPrinterColumns),
      };
    });
}

/**
 * Keeps the registry's custom resources in step with the stored CRDs: registers every served
 * version on create/update, unregisters on delete (and deletes the CRD's objects, as the
 * apiextensions finalizer does upstream).
 */
export class CRDSync {
  private watcher?: Watcher;
  private readonly registered = new Map<string, { group: string; version: string; resource: string }[]>();

  constructor(
    private readonly registry: ResourceRegistry,
    private readonly backend: Backend,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const crds = this.registry.lookup('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
    if (!crds) return;
    const list = await crds.store.list('');
    for (const crd of list.items) this.apply(crd as CRD);
    const prefix = crds.store.key('', '');
    this.watcher = this.backend.watch(prefix, prefixEnd(prefix), Number(list.resourceVersion) + 1, {
      onEvents: (events) => {
        for (const ev of events) {
          if (ev.type === 'DELETE') {
            const name = ev.kv.key.slice(prefix.length);
            const crd = ev.prevKv ? (crds.store.decode(ev.prevKv) as CRD) : undefined;
            this.remove(name);
            if (crd) void this.deleteObjects(crd);
          } else this.apply(crds.store.decode(ev.kv) as CRD);
        }
      },
      onError: (err) => this.log.error('CRD watch ended', { err: err.message }),
    });
  }

  stop(): void {
    this.watcher?.cancel();
  }

  private apply(crd: CRD): void {
    const name = crd.metadata.name!;
    this.remove(name);
    if (crd.metadata.deletionTimestamp) return;
    const strategies = strategiesForCRD(crd);
    for (const s of strategies) this.registry.add(s, true);
    this.registered.set(
      name,
      strategies.map((s) => ({ group: s.group, version: s.version, resource: s.resource })),
    );
    this.log.info('serving custom resource', { crd: name, versions: strategies.map((s) => s.version).join(',') });
  }

  private remove(name: string): void {
    for (const r of this.registered.get(name) ?? []) this.registry.remove(r.group, r.version, r.resource);
    this.registered.delete(name);
  }

  private async deleteObjects(crd: CRD): Promise<void> {
    const prefix = `/registry/${crd.spec.group}/${crd.spec.names.plural}/`;
    const r = await this.backend.range(prefix, prefixEnd(prefix));
    // All at once and unconditionally: queued in one go, the deletions commit before any later
    // request's write (a re-created CRD must not see the old objects), whatever changed them meanwhile.
    await Promise.all(r.kvs.map((kv) => this.backend.delete(kv.key)));
    if (r.kvs.length) this.log.info('deleted custom resources of removed CRD', { crd: crd.metadata.name, count: r.kvs.length });
  }
}
