// The migration report of `kubette podsecurity check`: which pods and pod templates a Pod Security
// level would reject, why (upstream's reason and detail), and which fields to change (the checks'
// fixes, made absolute within each object). Pure: objects in, report data out, text or JSON out of that.
import { isObject, parseApiVersion, type KObject } from '../../api/object.js';
import { formatLevelVersion, type LevelVersion } from './api.js';
import { defaultEvaluator, forbiddenDetail, type Evaluator, type Violation } from './evaluator.js';
import { podSpecOf } from './podspec.js';

/** Objects are grouped per namespace (cluster mode) or per file (offline mode). */
export type GroupBy = 'namespace' | 'file';

/** Where an object sits in its file: the YAML document (1-based) and the index in a List's items. */
export interface Location {
  document?: number;
  item?: number;
}

/** One object that would be rejected, its keys in output order. Fix fields are full paths inside the object. */
export interface ReportItem {
  file?: string;
  namespace?: string;
  document?: number;
  item?: number;
  apiVersion: string;
  kind: string;
  name: string;
  level: string;
  /** Where the pod template sits in the object ("" for a Pod). */
  templatePath: string;
  violations: Violation[];
}

export interface Counts {
  /** Pods and pod templates evaluated. */
  podSpecs: number;
  /** Of those, how many the level would reject (owned ones included). */
  rejected: number;
  /** Rejected objects not listed because their controller is listed (a Deployment's ReplicaSets and pods). */
  ownedNotShown: number;
  /** Objects that carry no pod spec (ConfigMaps, Services, …), ignored. */
  otherObjects: number;
}

export interface GroupSummary extends Counts {
  namespace?: string;
  file?: string;
}

export interface Report {
  level: string;
  groupBy: GroupBy;
  groups: GroupSummary[];
  items: ReportItem[];
  totals: Counts;
}

/** The order within a namespace: controllers before what they own; within a kind, by name. */
const KIND_ORDER = ['CronJob', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet', 'ReplicationController', 'PodTemplate', 'Pod'];
const kindRank = (k: string) => KIND_ORDER.indexOf(k);

/** Deployments, DaemonSets and ReplicaSets of the pre-1.16 extensions/v1beta1 are apps' kinds. */
const groupOf = (apiVersion: string) => {
  const { group } = parseApiVersion(apiVersion);
  return group === 'extensions' ? 'apps' : group;
};

const nameOf = (meta: Record<string, unknown>) =>
  typeof meta['name'] === 'string' && meta['name'] ? meta['name'] : typeof meta['generateName'] === 'string' && meta['generateName'] ? `${meta['generateName']}*` : '(unnamed)';

const controllerUid = (meta: Record<string, unknown>): string | undefined => {
  const refs = meta['ownerReferences'];
  if (!Array.isArray(refs)) return undefined;
  const ref = refs.find((r) => isObject(r) && r['controller'] === true) as Record<string, unknown> | undefined;
  return typeof ref?.['uid'] === 'string' ? ref['uid'] : undefined;
};

interface Failing {
  item: ReportItem;
  owner?: string;
}

interface Group extends Counts {
  name: string;
  failing: Failing[];
}

const zero = (): Counts => ({ podSpecs: 0, rejected: 0, ownedNotShown: 0, otherObjects: 0 });

/**
 * Collects objects one at a time (so a caller can feed it page by page and drop each page), keeping
 * only the failing ones. Ownership is resolved at the end, when every failing uid is known.
 */
export class ReportBuilder {
  private readonly groups = new Map<string, Group>();
  private readonly failingUids = new Set<string>();
  private readonly level: string;

  constructor(
    private readonly lv: LevelVersion,
    private readonly groupBy: GroupBy,
    private readonly evaluator: Evaluator = defaultEvaluator,
  ) {
    this.level = formatLevelVersion(lv);
  }

  /** Declare a group, so it shows up (in this order) even with nothing in it. */
  group(name: string): Group {
    let g = this.groups.get(name);
    if (!g) this.groups.set(name, (g = { name, failing: [], ...zero() }));
    return g;
  }

  /**
   * Add one decoded document or object; a List (`kind: List`, `PodList`, …) adds its items. `type`
   * stands in for an object's missing apiVersion and kind (API list replies leave them out of items).
   */
  add(groupName: string, obj: unknown, loc: Location = {}, type?: { apiVersion: string; kind: string }): void {
    const g = this.group(groupName);
    if (obj === null || obj === undefined) return; // an empty YAML document
    if (!isObject(obj)) return void g.otherObjects++;
    const kind = typeof obj['kind'] === 'string' ? obj['kind'] : (type?.kind ?? '');
    const apiVersion = typeof obj['apiVersion'] === 'string' ? obj['apiVersion'] : (type?.apiVersion ?? '');
    if (kind.endsWith('List') && Array.isArray(obj['items'])) {
      const itemType = kind === 'List' ? undefined : { apiVersion, kind: kind.slice(0, -'List'.length) };
      obj['items'].forEach((it, i) => this.add(groupName, it, { ...loc, item: i }, itemType));
      return;
    }
    const source = kind && apiVersion ? podSpecOf(groupOf(apiVersion), kind, obj as KObject) : undefined;
    if (!source) return void g.otherObjects++;
    g.podSpecs++;
    const evaluation = this.evaluator.evaluate(this.lv, source.meta, source.spec);
    if (evaluation.allowed) return;
    g.rejected++;
    const meta = isObject(obj['metadata']) ? obj['metadata'] : {};
    const prefix = source.templatePath ? `${source.templatePath}.` : '';
    // Keys in a fixed order, so the JSON document reads the same run after run.
    const item = { [this.groupBy]: groupName } as Partial<ReportItem>;
    if (this.groupBy === 'file' && typeof meta['namespace'] === 'string') item.namespace = meta['namespace'];
    if (loc.document !== undefined) item.document = loc.document;
    if (loc.item !== undefined) item.item = loc.item;
    Object.assign(item, { apiVersion, kind, name: nameOf(meta), level: this.level, templatePath: source.templatePath });
    item.violations = evaluation.violations.map((v) => ({ ...v, fixes: v.fixes.map((f) => ({ field: prefix + f.field, action: f.action })) }));
    const uid = meta['uid'];
    if (typeof uid === 'string' && uid) this.failingUids.add(uid);
    g.failing.push({ item: item as ReportItem, owner: controllerUid(meta) });
  }

  finish(): Report {
    const groups = [...this.groups.values()];
    if (this.groupBy === 'namespace') groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const items: ReportItem[] = [];
    const totals = zero();
    const summaries = groups.map((g) => {
      // An owner that fails is either listed or itself owned by a failing one: either way, covered.
      const shown = g.failing.filter((f) => !(f.owner && this.failingUids.has(f.owner))).map((f) => f.item);
      if (this.groupBy === 'namespace') shown.sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      items.push(...shown);
      const counts: Counts = { podSpecs: g.podSpecs, rejected: g.rejected, ownedNotShown: g.rejected - shown.length, otherObjects: g.otherObjects };
      for (const k of Object.keys(totals) as (keyof Counts)[]) totals[k] += counts[k];
      return { [this.groupBy]: g.name, ...counts } as GroupSummary;
    });
    return { level: this.level, groupBy: this.groupBy, groups: summaries, items, totals };
  }
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function countsText(c: Counts, level: string, where = ''): string {
  const parts = [(c.podSpecs ? `${c.rejected} of ${plural(c.podSpecs, 'pod spec', 'pod specs')} would be rejected by ${level}` : 'no pod specs') + where];
  if (c.ownedNotShown) parts.push(`${c.ownedNotShown} of them owned by a listed controller, not shown`);
  if (c.otherObjects) parts.push(`${plural(c.otherObjects, 'object', 'objects')} ignored (not a pod or pod template)`);
  return parts.join('; ');
}

function locationText(it: ReportItem): string {
  const parts: string[] = [];
  if (it.templatePath) parts.push('pod template');
  if (it.namespace !== undefined && it.file !== undefined) parts.push(`namespace ${it.namespace}`);
  if (it.document !== undefined) parts.push(`document ${it.document}${it.item !== undefined ? `, items[${it.item}]` : ''}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

/**
 * Readable and grep-friendly: a header per namespace or file, then per rejected object its failing
 * checks (`- reason (detail)`) and beneath each the fields to change (`fix FIELD: ACTION`); one total line.
 */
export function renderText(r: Report): string {
  const out: string[] = [];
  const byGroup = new Map<string, ReportItem[]>();
  for (const it of r.items) {
    const key = (r.groupBy === 'file' ? it.file : it.namespace) ?? '';
    const list = byGroup.get(key);
    if (list) list.push(it);
    else byGroup.set(key, [it]);
  }
  for (const g of r.groups) {
    const name = (r.groupBy === 'file' ? g.file : g.namespace) ?? '';
    out.push(`${r.groupBy} ${name}: ${countsText(g, r.level)}`);
    for (const it of byGroup.get(name) ?? []) {
      out.push(`  ${it.kind}/${it.name}${locationText(it)}`);
      for (const v of it.violations) {
        out.push(`    - ${forbiddenDetail({ allowed: false, violations: [v] })}`);
        for (const f of v.fixes) out.push(`        fix ${f.field}: ${f.action}`);
      }
    }
    out.push('');
  }
  const withRejections = r.groups.filter((g) => g.rejected > 0).length;
  const groups = plural(r.groups.length, r.groupBy, r.groupBy === 'file' ? 'files' : 'namespaces');
  out.push(`total: ${countsText(r.totals, r.level, r.totals.podSpecs ? ` (in ${withRejections} of ${groups})` : ` (in ${groups})`)}`);
  return out.join('\n') + '\n';
}

/** A stable document: the level, the totals, a summary per group and the rejected objects. */
export function renderJson(r: Report): string {
  const doc = { kind: 'PodSecurityReport', level: r.level, totals: r.totals, groups: r.groups, items: r.items };
  return JSON.stringify(doc, null, 2) + '\n';
}
