// Formatting shared across Kubette: the server-side printers' cells (k8s.io/apimachinery duration and
// label helpers), Go's %q, and metav1.MicroTime.
import type { KObject } from '../api/object.js';

/** HumanDuration of k8s.io/apimachinery/pkg/util/duration, from milliseconds. */
export function humanDuration(ms: number): string {
  const s = Math.trunc(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.trunc(s / 60);
  if (m < 10) {
    const ss = s % 60;
    return ss === 0 ? `${m}m` : `${m}m${ss}s`;
  }
  if (m < 180) return `${m}m`;
  const h = Math.trunc(m / 60);
  if (h < 8) {
    const mm = m % 60;
    return mm === 0 ? `${h}h` : `${h}h${mm}m`;
  }
  if (h < 48) return `${h}h`;
  const d = Math.trunc(h / 24);
  if (h < 24 * 8) {
    const hh = h % 24;
    return hh === 0 ? `${d}d` : `${d}d${hh}h`;
  }
  if (d < 365 * 2) return `${d}d`;
  const y = Math.trunc(d / 365);
  if (d < 365 * 8) {
    const dd = d % 365;
    return dd === 0 ? `${y}y` : `${y}y${dd}d`;
  }
  return `${y}y`;
}

/** Age of a timestamp relative to `now`; `<unknown>` when the timestamp is missing. */
export function ageOf(timestamp: string | undefined | null, now: Date): string {
  if (!timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now.getTime() - t);
}

export const age = (obj: KObject, now: Date) => ageOf(obj.metadata.creationTimestamp, now);

/** FormatLabels: key=value sorted by key (labels.Set.String) joined by ',', `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** FormatLabelSelector: requirements ordered by key; `<none>` for an empty or missing selector. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  if (!sel) return '<none>';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    switch (e.operator) {
      case 'In':
        reqs.push({ key: e.key, text: `${e.key} in (${vals})` });
        break;
      case 'NotIn':
        reqs.push({ key: e.key, text: `${e.key} notin (${vals})` });
        break;
      case 'Exists':
        reqs.push({ key: e.key, text: e.key });
        break;
      case 'DoesNotExist':
        reqs.push({ key: e.key, text: `!${e.key}` });
        break;
      default:
        return '<error>';
    }
  }
  if (reqs.length === 0) return '<none>';
  return reqs
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.text)
    .join(',');
}

/** First `max` entries joined by `sep`, then " + N more..." (endpoints, ingress hosts, HPA targets). */
export function capList(items: string[], max = 3, sep = ','): string {
  if (items.length <= max) return items.join(sep);
  return `${items.slice(0, max).join(sep)} + ${items.length - max} more...`;
}

/** Access modes in kube's fixed order, de-duplicated: RWO,ROX,RWX,RWOP. */
export function formatAccessModes(modes: string[] | undefined): string {
  const order: [string, string][] = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  const set = new Set(modes ?? []);
  return order
    .filter(([m]) => set.has(m))
    .map(([, s]) => s)
    .join(',');
}

/** Containers / Images wide columns from a pod spec. */
export function containersAndImages(podSpec: { containers?: { name: string; image?: string }[] } | undefined): [string, string] {
  const cs = podSpec?.containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image ?? '').join(',')];
}

const GO_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
const goPrintable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u; // Go's unicode.IsPrint

/**
 * A string quoted as Go's fmt %q (strconv.Quote), as upstream quotes values in messages: it writes
 * "\x01" and "\u200b" where JSON.stringify writes "\u0001" and a raw U+200B.
 */
export function goQuote(s: string | undefined): string {
  let out = '"';
  for (const ch of s ?? '') {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (goPrintable.test(ch)) out += ch;
    else if (GO_ESCAPES[ch]) out += GO_ESCAPES[ch];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\ufffd'; // a lone surrogate decodes to U+FFFD in Go, which prints as is
    else out += cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** A []string as Go's fmt %q prints it: `["a" "b"]`. */
export const goQuoteList = (v: readonly string[]): string => `[${v.map(goQuote).join(' ')}]`;

/** metav1.MicroTime: RFC 3339 in UTC with six fractional digits. */
export const microTime = (d: Date): string => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
