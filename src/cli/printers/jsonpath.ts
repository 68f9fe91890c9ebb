// kubectl 1.25's `-o jsonpath=…` (client-go util/jsonpath as cli-runtime's JSONPathPrinter runs it).
// Printing: strings as-is, int64 digits, float64 as Go's %v, bool, null as <nil>, maps and lists as
// compact Go JSON (HTML-escaped: {"a":"\u003c"}); several results of one expression are joined
// with a space. Missing keys print nothing when allowMissingKeys (kubectl get's default).
// Behaviour checked against kubectl 1.25.0 that may surprise: a wildcard over a string yields its
// UTF-8 bytes as numbers (`{.metadata.name.*}` → "119 101 98"); filter comparisons between an
// int and a float (or a string and an int) are errors ("incompatible types for comparison"), so
// `[?(@.port==80.0)]` fails; `{.}` prints nothing but `{@}` and `{}` print the whole object.

import { formatFloatG, formatGoNumber, goQuote, goSharpV, isGoInt, sortedKeys } from './gofmt.js';
import { toCompactJson } from './json.js';
import { parseJsonPath, JsonPathSyntaxError, type JpList, type JpNode, type Param } from './jsonpath-parse.js';

export { parseJsonPath, JsonPathSyntaxError };
export type { JpList };

/** A float literal of the template (80.0 is a float64 even though integral). */
class GoFloat {
  constructor(readonly v: number) {}
}
/** A byte of a string a wildcard walked into (Go's uint8). */
class GoByte {
  constructor(readonly v: number) {}
}

export class JsonPathExecError extends Error {}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof GoFloat) && !(v instanceof GoByte);

/** Children in Go's order: list order, sorted map keys, a string's UTF-8 bytes. */
function children(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (isMap(v)) return sortedKeys(v).map((k) => v[k]);
  if (typeof v === 'string') return [...Buffer.from(v, 'utf8')].map((b) => new GoByte(b));
  return undefined;
}

type Kind = 'bool' | 'int' | 'uint' | 'float' | 'string' | 'invalid';
function kindOf(v: unknown): Kind {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (v instanceof GoFloat) return 'float';
  if (v instanceof GoByte) return 'uint';
  if (typeof v === 'number') return isGoInt(v) ? 'int' : 'float';
  return 'invalid';
}
const num = (v: unknown): number => (v instanceof GoFloat || v instanceof GoByte ? v.v : (v as number));

// text/template's eq and lt as client-go's fork has them.
function eq(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'invalid' || kb === 'invalid') throw new JsonPathExecError('invalid type for comparison');
  const intish = (k: Kind) => k === 'int' || k === 'uint';
  if (ka !== kb && !(intish(ka) && intish(kb))) throw new JsonPathExecError('incompatible types for comparison');
  if (ka === 'string' || ka === 'bool') return a === b;
  return num(a) === num(b);
}
function lt(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'invalid' || kb === 'invalid') throw new JsonPathExecError('invalid type for comparison');
  const intish = (k: Kind) => k === 'int' || k === 'uint';
  if (ka !== kb && !(intish(ka) && intish(kb))) throw new JsonPathExecError('incompatible types for comparison');
  if (ka === 'bool') throw new JsonPathExecError('invalid type for comparison');
  if (ka === 'string') return (a as string) < (b as string);
  return num(a) < num(b);
}
function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '<':
      return lt(a, b);
    case '>':
      return !(lt(a, b) || eq(a, b));
    case '==':
      return eq(a, b);
    case '!=':
      return !eq(a, b);
    case '<=':
      return lt(a, b) || eq(a, b);
    case '>=':
      return !lt(a, b);
  }
  throw new JsonPathExecError(`unrecognized filter operator ${op}`);
}

class Evaluator {
  private stack: unknown[][] = [];
  private cur: unknown[] = [];
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  constructor(private readonly root: JpList, private readonly allowMissingKeys: boolean) {}

  findResults(data: unknown, nodes: JpNode[] = this.root.nodes): unknown[][] {
    this.cur = [data];
    const full: unknown[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const results = this.walk(this.cur, nodes[i]);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        results.forEach((value, k) => {
          if (k === results.length - 1) this.inRange--;
          full.push(...this.findResults(value, nodes.slice(i + 1)));
        });
        break;
      }
      full.push(results);
    }
    return full;
  }

  private walk(input: unknown[], node: JpNode): unknown[] {
    switch (node.t) {
      case 'list':
        return this.evalList(input, node);
      case 'text':
        return [node.text];
      case 'field':
        return this.evalField(input, node.name);
      case 'array':
        return this.evalArray(input, node.params);
      case 'filter':
        return this.evalFilter(input, node);
      case 'int':
        return input.map(() => node.v);
      case 'float':
        return input.map(() => new GoFloat(node.v));
      case 'bool':
        return input.map(() => node.v);
      case 'wildcard':
        return input.flatMap((v) => (v === null ? [] : children(v) ?? []));
      case 'recursive':
        return this.evalRecursive(input);
      case 'union':
        return node.nodes.flatMap((l) => this.evalList(input, l));
      case 'identifier':
        return this.evalIdentifier(input, node.name);
    }
  }

  private evalList(input: unknown[], list: JpList): unknown[] {
    let v = input;
    for (const n of list.nodes) v = this.walk(v, n);
    return v;
  }

  private evalIdentifier(input: unknown[], name: string): unknown[] {
    if (name === 'range') {
      this.stack.push(this.cur);
      this.beginRange++;
      return input;
    }
    if (name === 'end') {
      if (this.endRange < this.inRange) {
        this.endRange++;
        return [];
      }
      if (this.stack.length === 0) throw new JsonPathExecError('not in range, nothing to end');
      this.cur = this.stack.pop()!;
      return [];
    }
    throw new JsonPathExecError(`unrecognized identifier ${name}`);
  }

  private evalField(input: unknown[], name: string): unknown[] {
    if (input.length === 0) return [];
    const results: unknown[] = [];
    for (const v of input) {
      if (isMap(v) && Object.prototype.hasOwnProperty.call(v, name) && v[name] !== undefined) results.push(v[name]);
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new JsonPathExecError(`${name} is not found`);
    return results;
  }

  private evalArray(input: unknown[], params: Param[]): unknown[] {
    const result: unknown[] = [];
    for (const value of input) {
      if (value === null) continue;
      if (!Array.isArray(value)) throw new JsonPathExecError(`${goTypeName(value)} is not array or slice`);
      const p = params.map((x) => ({ ...x })); // Go copies the [3]ParamsEntry array

      const len = value.length;
      if (!p[0].known) p[0].value = 0;
      if (p[0].value < 0) p[0].value += len;
      if (!p[1].known) p[1].value = len;
      if (p[1].value < 0 || (p[1].value === 0 && p[1].derived)) p[1].value += len;
      if (p[1].value === p[0].value) return result;
      if (p[0].value >= len || p[0].value < 0) throw new JsonPathExecError(`array index out of bounds: index ${p[0].value}, length ${len}`);
      if (p[1].value > len || p[1].value < 0) throw new JsonPathExecError(`array index out of bounds: index ${p[1].value - 1}, length ${len}`);
      if (p[0].value > p[1].value) throw new JsonPathExecError(`starting index ${p[0].value} is greater than ending index ${p[1].value}`);
      let step = 1;
      if (p[2].known) {
        if (p[2].value <= 0) throw new JsonPathExecError('step must be > 0');
        step = p[2].value;
      }
      const slice = value.slice(p[0].value, p[1].value);
      for (let i = 0; i < slice.length; i += step) result.push(slice[i]);
    }
    return result;
  }

  private evalRecursive(input: unknown[]): unknown[] {
    const result: unknown[] = [];
    for (const v of input) {
      if (v === null) continue;
      const kids = children(v);
      if (!kids || kids.length === 0) continue;
      result.push(v, ...this.evalRecursive(kids));
    }
    return result;
  }

  private evalFilter(input: unknown[], node: JpNode & { t: 'filter' }): unknown[] {
    const results: unknown[] = [];
    for (const value of input) {
      const items = children(value) ?? [value];
      for (const item of items) {
        const temp = [item];
        let lefts: unknown[];
        try {
          lefts = this.evalList(temp, node.left);
        } catch (e) {
          if (node.op === 'exists') lefts = [];
          else throw e;
        }
        if (node.op === 'exists') {
          if (lefts.length > 0) results.push(item);
          continue;
        }
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new JsonPathExecError('can only compare one element at a time');
        const rights = this.evalList(temp, node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new JsonPathExecError('can only compare one element at a time');
        if (compare(node.op, lefts[0], rights[0])) results.push(item);
      }
    }
    return results;
  }
}

function goTypeName(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoFloat) return 'float64';
  if (v instanceof GoByte) return 'uint8';
  if (typeof v === 'number') return isGoInt(v) ? 'int64' : 'float64';
  return 'map[string]interface {}';
}

/** How jsonpath prints one result (maps/lists as compact JSON, the rest with Go's %v). */
export function jsonPathText(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (v instanceof GoFloat) return formatFloatG(v.v);
  if (v instanceof GoByte) return String(v.v);
  if (typeof v === 'number') return formatGoNumber(v);
  if (typeof v === 'object') return toCompactJson(v);
  return String(v);
}

/** FindResults: one list of values per top-level expression (after range expansion). */
export function findJsonPathResults(parsed: JpList, data: unknown, allowMissingKeys: boolean): unknown[][] {
  return new Evaluator(parsed, allowMissingKeys).findResults(data);
}

/**
 * Exactly what `kubectl get -o jsonpath=<template>` prints for this object (a List for several).
 * Throws an Error carrying kubectl's message (print as `error: <message>`, exit code 1): for a bad
 * template "error parsing jsonpath <t>, <reason>", for a failed evaluation kubectl's long
 * "error executing jsonpath …" text with its Go-syntax dump of the object.
 */
export function printJsonPath(template: string, data: unknown, opts: { allowMissingKeys?: boolean } = {}): string {
  let parsed: JpList;
  try {
    parsed = parseJsonPath(template);
  } catch (e) {
    if (e instanceof JsonPathSyntaxError) throw new Error(`error parsing jsonpath ${template}, ${e.message}\n`);
    throw e;
  }
  try {
    return findJsonPathResults(parsed, data, opts.allowMissingKeys ?? true)
      .map((rs) => rs.map(jsonPathText).join(' '))
      .join('');
  } catch (e) {
    if (!(e instanceof JsonPathExecError)) throw e;
    const dump =
      `Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
      `\ttemplate was:\n\t\t${template}\n` +
      `\tobject given to jsonpath engine was:\n\t\t${goSharpV(data)}\n\n`;
    throw new Error(`error executing jsonpath ${goQuote(template)}: ${dump}\n`);
  }
}
