// Small formatting helpers shared by the describers: label/annotation blocks, tolerations and taints,
// Go's time.RFC1123Z in the local zone, and the Go %v renderings describe relies on.
import { LEVEL_0, type PrefixWriter } from './writer.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;

/** Go's sort.Strings order (bytewise; equal to UTF-16 order for the BMP). */
export const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined | null, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort(byString);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent);
    w.write(LEVEL_0, `${k}=${labels![k]}\n`);
  });
}

const byteLen = (s: string) => Buffer.byteLength(s, 'utf8');
/** shorten(): cut at a byte length, as Go slices strings. */
function shorten(s: string, max: number): string {
  const b = Buffer.from(s, 'utf8');
  return b.length > max ? b.subarray(0, max).toString('utf8') + '...' : s;
}

/** Annotations without kubectl's last-applied-configuration; long or multi-line values wrap. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined | null): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== LAST_APPLIED)
    .sort(byString);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = annotations![key]!.replace(/\n$/, '');
    if (byteLen(value) + byteLen(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: Toleration[] | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const list = [...(tolerations ?? [])].sort((a, b) => byString(a.key ?? '', b.key ?? ''));
  if (list.length === 0) {
    w.writeLine('<none>');
    return;
  }
  list.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    // operator Exists without a value tolerates everything matching the key (or everything at all).
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, s + '\n');
  });
}

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** Taint.ToString: key[=value]:effect. */
export const taintString = (t: Taint) => (t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`);

export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Taint[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const list = [...(taints ?? [])].sort((a, b) => byString(`${a.effect},${a.key}`, `${b.effect},${b.key}`));
  if (list.length === 0) {
    w.writeLine('<none>');
    return;
  }
  list.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, taintString(t) + '\n');
  });
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** time.RFC1123Z in the local zone ("Mon, 02 Jan 2006 15:04:05 -0700"); a missing time is Go's zero time. */
export function rfc1123z(ts: string | undefined | null): string {
  if (!ts) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${DAYS[d.getDay()]}, ${pad2(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ${sign}${pad2(Math.trunc(abs / 60))}${pad2(abs % 60)}`;
}

export const printBool = (v: boolean | undefined) => (v ? 'True' : 'False');
export const printBoolPtr = (v: boolean | undefined | null) => (v === undefined || v === null ? '<unset>' : printBool(v));
export const stringOrNone = (s: string | undefined) => (s ? s : '<none>');

/** intstr.IntOrString.String(). */
export const intOrString = (v: number | string | undefined) => (v === undefined ? '0' : String(v));

/** Go's %v of a []string: "[a b c]". */
export const goSlice = (v: unknown[] | undefined | null) => `[${(v ?? []).map(String).join(' ')}]`;

/** "Kind/name" of the object's controller owner reference, or ''. */
export function controllerOf(obj: { metadata?: { ownerReferences?: { controller?: boolean; kind: string; name: string; uid?: string }[] } }) {
  return obj.metadata?.ownerReferences?.find((r) => r.controller);
}
export function printController(obj: Parameters<typeof controllerOf>[0]): string {
  const ref = controllerOf(obj);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

/** labels.Selector.String() of a LabelSelector: requirements sorted by key; '' for an empty selector. */
export function selectorString(sel: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined | null): string {
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel?.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort(byString).join(',');
    const text = e.operator === 'In' ? `${e.key} in (${vals})` : e.operator === 'NotIn' ? `${e.key} notin (${vals})` : e.operator === 'Exists' ? e.key : `!${e.key}`;
    reqs.push({ key: e.key, text });
  }
  return reqs
    .sort((a, b) => byString(a.key, b.key))
    .map((r) => r.text)
    .join(',');
}
