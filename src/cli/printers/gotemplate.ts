// kubectl 1.25's `-o go-template=…` for the common subset of Go's text/template: actions with
// {{- -}} trimming, fields (.a.b, $x.a), variables ($x := …, $x = …), pipelines (x | f), if / else
// if / else, range (with $i, $v :=, and {{else}}), with, and the builtins and, or, not, len, index,
// print, printf, println, eq, ne, lt, le, gt, ge, plus kubectl's exists and base64decode. Values
// print with Go's %v (maps as map[k:v], slices as [a b], int64/float64 as Go formats them) and a
// missing key prints <no value> (kubectl's default --allow-missing-template-keys=true).
// Not covered: define/template/block, break/continue, comments, html/js/urlquery/slice/call,
// printf's rarer verbs and flags; execution errors carry a simplified message.

import { formatFloatG, formatGoNumber, goQuote, goSprint, isGoInt } from './gofmt.js';

export class GoTemplateParseError extends Error {}
export class GoTemplateExecError extends Error {}

const NO_VALUE = Symbol('no value');
class GoFloat {
  constructor(readonly v: number) {}
}

type Tok = { k: 'text'; v: string } | { k: 'action'; v: string; line: number };

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let text = open < 0 ? src.slice(i) : src.slice(i, open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '');
    if (open < 0) {
      if (text) toks.push({ k: 'text', v: text });
      break;
    }
    let start = open + 2;
    if (src.startsWith('- ', start) || src.startsWith('-\t', start) || src.startsWith('-\n', start)) {
      text = text.replace(/[ \t\r\n]+$/, '');
      start += 1;
    }
    if (text) toks.push({ k: 'text', v: text });
    // find the closing }} outside quotes
    let j = start;
    let q = '';
    for (; j < src.length; j++) {
      const c = src[j];
      if (q) {
        if (c === '\\' && q !== '`') j++;
        else if (c === q) q = '';
      } else if (c === '"' || c === '`' || c === "'") q = c;
      else if (src.startsWith('}}', j)) break;
    }
    const line = src.slice(0, open).split('\n').length;
    if (j >= src.length) throw new GoTemplateParseError(`template: output:${line}: unclosed action`);
    let body = src.slice(start, j);
    trimNext = false;
    if (/[ \t\r\n]-$/.test(body)) {
      body = body.slice(0, -1);
      trimNext = true;
    }
    toks.push({ k: 'action', v: body.trim(), line });
    i = j + 2;
  }
  return toks;
}

// ---- expressions -------------------------------------------------------------------------
type Expr =
  | { k: 'field'; base: Expr | null; path: string[] } // base null = dot
  | { k: 'var'; name: string; path: string[] }
  | { k: 'lit'; v: unknown }
  | { k: 'call'; fn: string; args: Expr[] }
  | { k: 'pipe'; cmds: Expr[]; decl?: { names: string[]; assign: boolean } };

function tokenizeExpr(s: string, line: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === '`' || c === "'") {
      let j = i + 1;
      while (j < s.length && s[j] !== c) j += s[j] === '\\' && c !== '`' ? 2 : 1;
      if (j >= s.length) throw new GoTemplateParseError(`template: output:${line}: unterminated quoted string`);
      out.push(s.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if ('()|'.includes(c)) {
      out.push(c);
      i++;
      continue;
    }
    if (s.startsWith(':=', i)) {
      out.push(':=');
      i += 2;
      continue;
    }
    if (c === '=' || c === ',') {
      out.push(c);
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && !/[\s()|,=]/.test(s[j]) && !s.startsWith(':=', j)) j++;
    // a field chain may follow a closing paren: (x).a.b
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

const FUNCS = new Set(['and', 'or', 'not', 'len', 'index', 'print', 'printf', 'println', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'exists', 'base64decode']);

class ExprParser {
  private i = 0;
  constructor(private readonly t: string[], private readonly line: number) {}
  private err(msg: string): never {
    throw new GoTemplateParseError(`template: output:${this.line}: ${msg}`);
  }
  pipeline(): Expr & { k: 'pipe' } {
    let decl: { names: string[]; assign: boolean } | undefined;
    const save = this.i;
    const names: string[] = [];
    while (this.t[this.i]?.startsWith('$')) {
      names.push(this.t[this.i++]);
      if (this.t[this.i] === ',') this.i++;
      else break;
    }
    if (names.length && (this.t[this.i] === ':=' || this.t[this.i] === '=')) {
      decl = { names, assign: this.t[this.i] === '=' };
      this.i++;
    } else this.i = save;
    const cmds: Expr[] = [this.command()];
    while (this.t[this.i] === '|') {
      this.i++;
      cmds.push(this.command());
    }
    return { k: 'pipe', cmds, decl };
  }
  done(): boolean {
    return this.i >= this.t.length;
  }
  private command(): Expr {
    const args: Expr[] = [];
    while (this.i < this.t.length && this.t[this.i] !== '|' && this.t[this.i] !== ')') args.push(this.operand());
    if (args.length === 0) this.err('missing value for command');
    const first = args[0];
    if (first.k === 'call' && first.args.length === 0) return { k: 'call', fn: first.fn, args: args.slice(1) };
    if (args.length > 1) this.err(`can't give argument to non-function ${this.t[this.i - args.length] ?? ''}`);
    return first;
  }
  private operand(): Expr {
    const tok = this.t[this.i++];
    let e: Expr;
    if (tok === '(') {
      e = this.pipeline();
      if (this.t[this.i++] !== ')') this.err('unclosed left paren');
    } else if (tok.startsWith('"')) e = { k: 'lit', v: JSON.parse(tok) };
    else if (tok.startsWith('`')) e = { k: 'lit', v: tok.slice(1, -1) };
    else if (tok.startsWith("'")) e = { k: 'lit', v: (JSON.parse('"' + tok.slice(1, -1) + '"') as string).codePointAt(0) };
    else if (tok === 'true' || tok === 'false') e = { k: 'lit', v: tok === 'true' };
    else if (tok === 'nil') e = { k: 'lit', v: null };
    else if (/^[-+]?(\d|\.\d)/.test(tok)) {
      const n = Number(tok);
      if (Number.isNaN(n)) this.err(`bad number syntax: "${tok}"`);
      e = { k: 'lit', v: /^[-+]?\d+$/.test(tok) || /^0x/i.test(tok) ? n : new GoFloat(n) };
    } else if (tok.startsWith('.')) e = { k: 'field', base: null, path: tok === '.' ? [] : tok.slice(1).split('.') };
    else if (tok.startsWith('$')) {
      const [name, ...path] = tok.split('.');
      e = { k: 'var', name, path };
    } else if (FUNCS.has(tok)) e = { k: 'call', fn: tok, args: [] };
    else this.err(`function "${tok}" not defined`);
    // field chain after a parenthesized pipeline
    while (this.t[this.i]?.startsWith('.') && e.k === 'pipe') e = { k: 'field', base: e, path: this.t[this.i++].slice(1).split('.') };
    return e;
  }
}

// ---- template tree -----------------------------------------------------------------------
type TNode =
  | { k: 'text'; v: string }
  | { k: 'action'; pipe: Expr & { k: 'pipe' } }
  | { k: 'if' | 'with'; pipe: Expr & { k: 'pipe' }; body: TNode[]; els: TNode[] }
  | { k: 'range'; pipe: Expr & { k: 'pipe' }; body: TNode[]; els: TNode[] };

function parseTemplate(src: string): TNode[] {
  const toks = lex(src);
  let pos = 0;
  const parsePipe = (s: string, line: number) => {
    const p = new ExprParser(tokenizeExpr(s, line), line);
    const pipe = p.pipeline();
    if (!p.done()) throw new GoTemplateParseError(`template: output:${line}: unexpected token in command`);
    return pipe;
  };
  // {{else if x}} … {{end}} is {{else}}{{if x}} … {{end}}{{end}}: the inner if consumes the one end.
  const control = (word: 'if' | 'with' | 'range', pipeText: string, line: number): TNode => {
    const pipe = parsePipe(pipeText, line);
    const body = list(['end', 'else']);
    let els: TNode[] = [];
    if (body.stop.startsWith('else')) {
      const rest = body.stop.slice(4).trim();
      if (rest.startsWith('if') && word === 'if') els = [control('if', rest.slice(2), body.line)];
      else els = list(['end']).nodes;
    }
    return { k: word, pipe, body: body.nodes, els } as TNode;
  };
  const list = (stopAt: string[]): { nodes: TNode[]; stop: string; line: number } => {
    const nodes: TNode[] = [];
    while (pos < toks.length) {
      const t = toks[pos++];
      if (t.k === 'text') {
        nodes.push({ k: 'text', v: t.v });
        continue;
      }
      const word = t.v.split(/\s+/)[0];
      if (word === 'end' || word === 'else') {
        if (!stopAt.includes(word)) throw new GoTemplateParseError(`template: output:${t.line}: unexpected {{${word}}}`);
        return { nodes, stop: t.v, line: t.line };
      }
      if (word === 'if' || word === 'with' || word === 'range') {
        nodes.push(control(word, t.v.slice(word.length), t.line));
        continue;
      }
      if (word.startsWith('/*')) continue;
      nodes.push({ k: 'action', pipe: parsePipe(t.v, t.line) });
    }
    if (stopAt.length) throw new GoTemplateParseError(`template: output:${toks.length ? (toks[toks.length - 1] as { line?: number }).line ?? 1 : 1}: unexpected EOF`);
    return { nodes, stop: '', line: 0 };
  };
  return list([]).nodes;
}

// ---- execution ---------------------------------------------------------------------------
const truth = (v: unknown): boolean => {
  if (v === NO_VALUE || v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (v instanceof GoFloat) return v.v !== 0;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
};

/** Go's %v of a template value. */
function show(v: unknown): string {
  // A nil interface (missing key or JSON null) prints as <no value>; nested nils print as <nil>.
  if (v === NO_VALUE || v === null || v === undefined) return '<no value>';
  if (v instanceof GoFloat) return formatFloatG(v.v);
  return goSprint(v);
}

function kind(v: unknown): string {
  if (typeof v === 'number') return isGoInt(v) ? 'int' : 'float';
  if (v instanceof GoFloat) return 'float';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return 'invalid';
}
const numOf = (v: unknown): number => (v instanceof GoFloat ? v.v : (v as number));
function cmp(fn: string, a: unknown, b: unknown): boolean {
  const ka = kind(a);
  const kb = kind(b);
  if (ka === 'invalid' || kb === 'invalid') throw new GoTemplateExecError(`error calling ${fn}: invalid type for comparison`);
  if (ka !== kb) throw new GoTemplateExecError(`error calling ${fn}: incompatible types for comparison`);
  const x = ka === 'int' || ka === 'float' ? numOf(a) : a;
  const y = kb === 'int' || kb === 'float' ? numOf(b) : b;
  if (fn === 'eq') return x === y;
  if (fn === 'ne') return x !== y;
  if (ka === 'bool') throw new GoTemplateExecError(`error calling ${fn}: invalid type for comparison`);
  const l = (x as number) < (y as number);
  if (fn === 'lt') return l;
  if (fn === 'le') return l || x === y;
  if (fn === 'gt') return !l && x !== y;
  return !l; // ge
}

/** A subset of fmt.Sprintf. */
function sprintf(format: string, args: unknown[]): string {
  let ai = 0;
  return format.replace(/%([-+# 0]*)(\d*)(?:\.(\d+))?([a-zA-Z%])/g, (_m, flags: string, width: string, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (ai >= args.length) return `%!${verb}(MISSING)`;
    const a = args[ai++];
    let s: string;
    switch (verb) {
      case 'v':
      case 's':
        s = show(a);
        break;
      case 'd':
        s = typeof a === 'number' && isGoInt(a) ? String(a) : `%!d(${typeName(a)}=${show(a)})`;
        break;
      case 'q':
        s = typeof a === 'string' ? goQuote(a) : `%!q(${typeName(a)}=${show(a)})`;
        break;
      case 't':
        s = typeof a === 'boolean' ? String(a) : `%!t(${typeName(a)}=${show(a)})`;
        break;
      case 'f':
        s = numOf(a).toFixed(prec === undefined ? 6 : Number(prec));
        break;
      case 'x':
        s = typeof a === 'string' ? Buffer.from(a).toString('hex') : Math.trunc(numOf(a)).toString(16);
        break;
      case 'T':
        s = typeName(a);
        break;
      default:
        s = `%!${verb}(${typeName(a)}=${show(a)})`;
    }
    const w = Number(width || 0);
    if (s.length < w) s = flags.includes('-') ? s.padEnd(w) : s.padStart(w, flags.includes('0') && verb !== 's' ? '0' : ' ');
    return s;
  }) + (ai < args.length ? `%!(EXTRA ${args.slice(ai).map((a) => `${typeName(a)}=${show(a)}`).join(', ')})` : '');
}

function typeName(v: unknown): string {
  if (v === null || v === NO_VALUE) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoFloat) return 'float64';
  if (typeof v === 'number') return isGoInt(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

class Exec {
  out = '';
  private vars: [string, unknown][][] = [];
  constructor(root: unknown) {
    this.vars.push([['$', root]]);
  }
  private lookup(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) for (let j = this.vars[i].length - 1; j >= 0; j--) if (this.vars[i][j][0] === name) return this.vars[i][j][1];
    throw new GoTemplateExecError(`undefined variable: ${name}`);
  }
  private setVar(name: string, v: unknown, declare: boolean): void {
    if (declare) this.vars[this.vars.length - 1].push([name, v]);
    else {
      for (let i = this.vars.length - 1; i >= 0; i--)
        for (const e of this.vars[i])
          if (e[0] === name) {
            e[1] = v;
            return;
          }
    }
  }
  private field(v: unknown, path: string[]): unknown {
    for (const p of path) {
      if (v === NO_VALUE || v === null || v === undefined) return NO_VALUE;
      if (typeof v !== 'object' || Array.isArray(v) || v instanceof GoFloat) throw new GoTemplateExecError(`can't evaluate field ${p} in type ${typeName(v)}`);
      const o = v as Record<string, unknown>;
      v = Object.prototype.hasOwnProperty.call(o, p) ? o[p] : NO_VALUE;
    }
    return v;
  }
  eval(e: Expr, dot: unknown, piped?: unknown[]): unknown {
    switch (e.k) {
      case 'lit':
        return e.v;
      case 'field':
        return this.field(e.base ? this.eval(e.base, dot) : dot, e.path);
      case 'var':
        return this.field(this.lookup(e.name), e.path);
      case 'pipe': {
        let v: unknown = undefined;
        e.cmds.forEach((c, i) => {
          v = i === 0 ? this.eval(c, dot) : this.evalCall(c, dot, [v]);
        });
        if (e.decl) {
          if (e.decl.names.length === 1) this.setVar(e.decl.names[0], v, !e.decl.assign);
        }
        return v;
      }
      case 'call':
        return this.call(e.fn, e.args, dot, piped ?? []);
    }
  }
  private evalCall(c: Expr, dot: unknown, piped: unknown[]): unknown {
    if (c.k === 'call') return this.call(c.fn, c.args, dot, piped);
    throw new GoTemplateExecError(`can't give argument to non-function`);
  }
  private call(fn: string, argExprs: Expr[], dot: unknown, piped: unknown[]): unknown {
    if (fn === 'and' || fn === 'or') {
      let v: unknown = undefined;
      const all = [...argExprs.map((a) => () => this.eval(a, dot)), ...piped.map((p) => () => p)];
      for (const get of all) {
        v = get();
        if (fn === 'and' ? !truth(v) : truth(v)) return v;
      }
      return v;
    }
    const args = [...argExprs.map((a) => this.eval(a, dot)), ...piped];
    switch (fn) {
      case 'not':
        return !truth(args[0]);
      case 'len': {
        const a = args[0];
        if (typeof a === 'string') return Buffer.byteLength(a);
        if (Array.isArray(a)) return a.length;
        if (a && typeof a === 'object' && !(a instanceof GoFloat)) return Object.keys(a).length;
        throw new GoTemplateExecError(`error calling len: len of type ${typeName(a)}`);
      }
      case 'index': {
        let v = args[0];
        for (const ix of args.slice(1)) {
          if (Array.isArray(v)) {
            const n = numOf(ix);
            if (n < 0 || n >= v.length) throw new GoTemplateExecError(`error calling index: index out of range: ${n}`);
            v = v[n];
          } else if (v && typeof v === 'object') {
            const o = v as Record<string, unknown>;
            v = Object.prototype.hasOwnProperty.call(o, String(ix)) ? o[String(ix)] : null;
          } else if (v === null || v === NO_VALUE) throw new GoTemplateExecError('error calling index: index of untyped nil');
          else throw new GoTemplateExecError(`error calling index: can't index item of type ${typeName(v)}`);
        }
        return v;
      }
      case 'print':
        return args.map((a, i) => (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string' ? ' ' : '') + show(a)).join('');
      case 'println':
        return args.map(show).join(' ') + '\n';
      case 'printf':
        return sprintf(String(args[0]), args.slice(1));
      case 'eq':
        return args.slice(1).some((b) => cmp('eq', args[0], b));
      case 'ne':
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge':
        return cmp(fn, args[0], args[1]);
      case 'exists': {
        let v = args[0];
        for (const ix of args.slice(1)) {
          if (Array.isArray(v)) v = typeof ix === 'number' && ix >= 0 && ix < v.length ? v[ix] : undefined;
          else if (v && typeof v === 'object') v = (v as Record<string, unknown>)[String(ix)];
          else return false;
          if (v === undefined) return false;
        }
        return v !== null && v !== undefined;
      }
      case 'base64decode':
        return Buffer.from(String(args[0]), 'base64').toString('utf8');
    }
    throw new GoTemplateExecError(`function "${fn}" not defined`);
  }
  run(nodes: TNode[], dot: unknown): void {
    for (const n of nodes) {
      if (n.k === 'text') this.out += n.v;
      else if (n.k === 'action') {
        const v = this.eval(n.pipe, dot);
        if (!n.pipe.decl) this.out += show(v);
      } else {
        this.vars.push([]);
        const v = this.eval(n.pipe, dot);
        if (n.k === 'if') this.run(truth(v) ? n.body : n.els, dot);
        else if (n.k === 'with') this.run(truth(v) ? n.body : n.els, truth(v) ? v : dot);
        else {
          const decl = n.pipe.decl;
          const entries: [unknown, unknown][] = Array.isArray(v)
            ? v.map((x, i) => [i, x])
            : v && typeof v === 'object' && !(v instanceof GoFloat)
              ? Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])
              : [];
          if (typeof v === 'number' && isGoInt(v)) for (let i = 0; i < v; i++) entries.push([i, i]);
          if (entries.length === 0) this.run(n.els, dot);
          for (const [k, x] of entries) {
            this.vars.push([]);
            if (decl?.names.length === 1) this.setVar(decl.names[0], x, true);
            if (decl?.names.length === 2) {
              this.setVar(decl.names[0], k, true);
              this.setVar(decl.names[1], x, true);
            }
            this.run(n.body, x);
            this.vars.pop();
          }
        }
        this.vars.pop();
      }
    }
  }
}

/**
 * What `kubectl get -o go-template=<template>` prints for this object (a List for several).
 * Parse errors throw Error("error parsing template <t>, template: output:1: …") as kubectl words them.
 */
export function printGoTemplate(template: string, data: unknown): string {
  let nodes: TNode[];
  try {
    nodes = parseTemplate(template);
  } catch (e) {
    if (e instanceof GoTemplateParseError) throw new Error(`error parsing template ${template}, ${e.message}`);
    throw e;
  }
  const ex = new Exec(data);
  try {
    ex.run(nodes, data);
  } catch (e) {
    if (e instanceof GoTemplateExecError) throw new GoTemplateError(`error executing template ${goQuote(template)}: ${e.message}`, ex.out);
    throw e;
  }
  return ex.out;
}

export class GoTemplateError extends Error {
  constructor(message: string, readonly output: string) {
    super(message);
  }
}

export { formatGoNumber };
