// Label and field selectors in their string forms (as sent in ?labelSelector= / ?fieldSelector=),
// parsed with apimachinery's grammar and error texts.
import { isQualifiedName, isValidLabelValue } from '../validation/names.js';

export type LabelOp = 'in' | 'notin' | 'exists' | '!' | '=' | '==' | '!=' | 'gt' | 'lt';
export interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}
export type LabelSelector = LabelRequirement[];

export class SelectorError extends Error {}

/** Parse "app=web,tier!=db,env in (a,b),!legacy,partition". Empty string selects everything. */
export function parseLabelSelector(text: string): LabelSelector {
  const reqs: LabelSelector = [];
  let i = 0;
  const s = text;
  const ws = () => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  const ident = (): string => {
    ws();
    const start = i;
    while (i < s.length && !/[\s,=!()<>]/.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  ws();
  if (i >= s.length) return reqs;
  for (;;) {
    ws();
    let negate = false;
    if (s[i] === '!') {
      negate = true;
      i++;
    }
    const key = ident();
    if (!key) throw new SelectorError(`unable to parse requirement: found '${s[i] ?? ''}', expected: identifier`);
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) throw new SelectorError(`unable to parse requirement: key: Invalid value: "${key}": ${keyErrs.join('; ')}`);
    ws();
    let req: LabelRequirement;
    if (negate) {
      req = { key, op: '!', values: [] };
    } else if (i >= s.length || s[i] === ',') {
      req = { key, op: 'exists', values: [] };
    } else if (s.startsWith('==', i)) {
      i += 2;
      req = { key, op: '==', values: [ident()] };
    } else if (s.startsWith('!=', i)) {
      i += 2;
      req = { key, op: '!=', values: [ident()] };
    } else if (s[i] === '=') {
      i += 1;
      req = { key, op: '=', values: [ident()] };
    } else if (s[i] === '>' || s[i] === '<') {
      const op = s[i] === '>' ? 'gt' : 'lt';
      i++;
      const v = ident();
      if (!/^-?\d+$/.test(v)) throw new SelectorError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
      req = { key, op, values: [v] };
    } else {
      const word = ident().toLowerCase();
      if (word !== 'in' && word !== 'notin') throw new SelectorError(`unable to parse requirement: found '${word}', expected: in, notin, =, ==, !=, gt, lt`);
      ws();
      if (s[i] !== '(') throw new SelectorError(`unable to parse requirement: found '${s[i] ?? ''}', expected: '('`);
      i++;
      const values: string[] = [];
      for (;;) {
        const v = ident();
        values.push(v);
        ws();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === ')') {
          i++;
          break;
        }
        throw new SelectorError(`unable to parse requirement: found '${s[i] ?? ''}', expected: ',', ')'`);
      }
      req = { key, op: word, values };
    }
    for (const v of req.values) {
      const errs = isValidLabelValue(v);
      if (errs.length && req.op !== 'gt' && req.op !== 'lt')
        throw new SelectorError(`unable to parse requirement: values[0][${key}]: Invalid value: "${v}": ${errs.join('; ')}`);
    }
    reqs.push(req);
    ws();
    if (i >= s.length) break;
    if (s[i] !== ',') throw new SelectorError(`found '${s[i]}', expected: ',' or 'end of string'`);
    i++;
  }
  return reqs;
}

export function matchesLabels(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const r of sel) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
      case '=':
      case '==':
      case 'in':
        if (!has || !r.values.includes(v!)) return false;
        break;
      case '!=':
      case 'notin':
        if (has && r.values.includes(v!)) return false;
        break;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(v!)) return false;
        const n = Number(v);
        const t = Number(r.values[0]);
        if (r.op === 'gt' ? !(n > t) : !(n < t)) return false;
      }
    }
  }
  return true;
}

/** Converts a metav1.LabelSelector object (matchLabels/matchExpressions) into requirements. */
export function labelSelectorFromObject(sel: {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}): LabelSelector {
  const reqs: LabelSelector = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, op: '=', values: [v] });
  for (const e of sel.matchExpressions ?? []) {
    const op = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' } as const)[e.operator as 'In'];
    if (!op) throw new SelectorError(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return reqs;
}

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** Parse "metadata.name=x,status.phase!=Running". Values may escape ',', '=' and '\' with '\'. */
export function parseFieldSelector(text: string): FieldRequirement[] {
  const reqs: FieldRequirement[] = [];
  if (text.trim() === '') return reqs;
  for (const part of splitUnescaped(text, ',')) {
    const m = /^(.*?)(==|!=|=)(.*)$/s.exec(part);
    if (!m) throw new SelectorError(`invalid selector: '${text}'; can't understand '${part}'`);
    const op = m[2] === '!=' ? '!=' : '=';
    reqs.push({ field: m[1]!.trim(), op, value: unescape(m[3]!) });
  }
  return reqs;
}

function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      cur += s[i]! + s[i + 1]!;
      i++;
    } else if (s[i] === sep) {
      out.push(cur);
      cur = '';
    } else cur += s[i]!;
  }
  out.push(cur);
  return out;
}

const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

export function matchesFields(reqs: FieldRequirement[], fields: Record<string, string>): boolean {
  for (const r of reqs) {
    const v = fields[r.field] ?? '';
    if (r.op === '=' ? v !== r.value : v === r.value) return false;
  }
  return true;
}
