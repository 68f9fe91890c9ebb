// `-o` for every command that prints objects: yaml, json, name, jsonpath, custom-columns and
// go-template over whole objects, and the server's Tables for the human-readable default.
import { readFileSync } from 'node:fs';
import type { KObject } from '../api/object.js';
import { kindName, type ResourceInfo } from './discovery.js';
import { CliError } from './factory.js';
import type { FlagDef, FlagValues } from './flags.js';

export const PRINT_FLAGS: FlagDef[] = [
  { name: 'output', shorthand: 'o', type: 'string', usage: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide).' },
  { name: 'template', type: 'string', usage: 'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].' },
  { name: 'allow-missing-template-keys', type: 'bool', default: true, usage: 'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.' },
  { name: 'show-managed-fields', type: 'bool', usage: 'If true, keep the managedFields when printing objects in JSON or YAML format.' },
];

export type Format = { kind: 'table'; wide: boolean } | { kind: 'name' } | { kind: 'object'; print: (obj: unknown) => string };

/** What `-o` asks for; an unknown format fails as kubectl's does. */
/** Printers are imported for the format asked for only: a plain `get` loads none of them. */
export async function parseFormat(flags: FlagValues, allowed = 'json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide'): Promise<Format> {
  const o = flags.str('output');
  const eq = o.indexOf('=');
  const name = eq >= 0 ? o.slice(0, eq) : o;
  let arg = eq >= 0 ? o.slice(eq + 1) : '';
  if ((name === 'go-template' || name === 'template' || name === 'jsonpath') && !arg) arg = flags.str('template');
  const allowMissing = flags.bool('allow-missing-template-keys');
  switch (name) {
    case '':
      return { kind: 'table', wide: false };
    case 'wide':
      return { kind: 'table', wide: true };
    case 'name':
      return { kind: 'name' };
    case 'yaml': {
      const { toYaml } = await import('./printers/yaml.js');
      return { kind: 'object', print: (v) => toYaml(v) };
    }
    case 'json': {
      const { toJson } = await import('./printers/json.js');
      return { kind: 'object', print: (v) => toJson(v) };
    }
    case 'jsonpath':
    case 'jsonpath-file':
    case 'jsonpath-as-json': {
      if (!arg) throw new CliError('template format specified but no template given');
      const template = name === 'jsonpath-file' ? readTemplate(arg) : arg;
      const { printJsonPath } = await import('./printers/jsonpath.js');
      return { kind: 'object', print: (v) => printJsonPath(template, v, { allowMissingKeys: allowMissing }) };
    }
    case 'go-template':
    case 'template':
    case 'go-template-file':
    case 'templatefile': {
      if (!arg) throw new CliError('template format specified but no template given');
      const template = name.endsWith('file') ? readTemplate(arg) : arg;
      const { printGoTemplate } = await import('./printers/gotemplate.js');
      return { kind: 'object', print: (v) => printGoTemplate(template, v) };
    }
    case 'custom-columns':
    case 'custom-columns-file': {
      const { parseCustomColumnsSpec, parseCustomColumnsTemplate, printCustomColumns } = await import('./printers/customcolumns.js');
      const columns = name === 'custom-columns-file' ? parseCustomColumnsTemplate(readTemplate(arg)) : parseCustomColumnsSpec(arg);
      const noHeaders = flags.has('no-headers') && flags.bool('no-headers');
      return { kind: 'object', print: (v) => printCustomColumns(columns, itemsOf(v), { noHeaders }) };
    }
    default:
      throw new CliError(`unable to match a printer suitable for the output format "${o}", allowed formats are: ${allowed}`);
  }
}

function readTemplate(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`error reading --template ${path}, ${(err as Error).message}`);
  }
}

/** Objects as kubectl prints them: managed fields dropped unless asked for, kind/apiVersion set. */
export function forPrinting(obj: KObject, info: Pick<ResourceInfo, 'group' | 'version' | 'kind'> | undefined, showManagedFields: boolean): KObject {
  let o = obj;
  if (info && (!o.apiVersion || !o.kind)) o = { apiVersion: info.group ? `${info.group}/${info.version}` : info.version, kind: info.kind, ...o };
  if (!showManagedFields && o.metadata?.managedFields) {
    const { managedFields: _, ...meta } = o.metadata;
    o = { ...o, metadata: meta };
  }
  return o;
}

/** The objects of a printed List, or the one object. */
function itemsOf(v: unknown): unknown[] {
  const l = v as { kind?: string; items?: unknown[] };
  return l?.kind === 'List' && Array.isArray(l.items) ? l.items : [v];
}

/** The list kubectl prints for several objects. */
export const listOf = (items: unknown[]) => ({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });

export const objectName = (info: Pick<ResourceInfo, 'group' | 'kind'>, name: string) => `${kindName(info)}/${name}`;

/**
 * What a writing verb prints for one object: the object itself for -o yaml/json/templates, its name
 * for -o name, else `kind.group/name <verb>` (e.g. "configmap/x created (dry run)").
 */
export function printOutcome(out: (text: string) => void, format: Format | undefined, info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>, name: string, obj: KObject, outcome: string, showManagedFields: boolean): void {
  if (format?.kind === 'object') out(format.print(forPrinting(obj, info, showManagedFields)));
  else if (format?.kind === 'name') out(`${objectName(info, name)}\n`);
  else out(`${objectName(info, name)} ${outcome}\n`);
}
