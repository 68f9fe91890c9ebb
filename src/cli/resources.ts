// kubectl's resource builder: what the words and -f files of a command refer to. Arguments come as
// `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…`; `all` and other categories expand from discovery;
// files hold YAML or JSON documents (lists flattened), read from paths, directories or stdin.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { KObject } from '../api/object.js';
import { parseApiVersion } from '../api/object.js';
import { matchResource, type ResourceInfo } from './discovery.js';
import { CliError, type Factory } from './factory.js';

const require = createRequire(import.meta.url);

/** One requested resource type with the names asked for (none = the whole list). */
export interface Target {
  info: ResourceInfo;
  names: string[];
}

/** An object read from a file, with where it came from (for "error when creating "x.yaml": …"). */
export interface FileObject {
  obj: KObject;
  source: string;
  info: ResourceInfo;
}

export const REQUIRED_RESOURCE = 'Required resource not specified.';

/** Targets from positional arguments, in the order given (types de-duplicated as kubectl does). */
export async function targetsFromArgs(f: Factory, args: string[]): Promise<Target[]> {
  if (args.length === 0) return [];
  const out: Target[] = [];
  if (args.some((a) => a.includes('/'))) {
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash <= 0) throw new CliError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`);
      const info = await f.resource(a.slice(0, slash));
      const name = a.slice(slash + 1);
      if (!name) throw new CliError(`arguments in resource/name form must have a single resource and name`);
      const same = out.find((t) => t.info === info && t.names.length > 0);
      if (same) same.names.push(name);
      else out.push({ info, names: [name] });
    }
    return out;
  }
  const [types, ...names] = args;
  for (const t of types!.split(',')) {
    if (!t) continue;
    for (const info of await expand(f, t)) if (!out.some((o) => o.info === info)) out.push({ info, names: [...names] });
  }
  return out;
}

/** A category (`all`) expands to its members, a type to itself. */
async function expand(f: Factory, word: string): Promise<ResourceInfo[]> {
  const all = await f.discovery().resources();
  const lower = word.toLowerCase();
  if (!matchResource(all, word) && !word.includes('.')) {
    // kubectl's category expander keeps the first served version of each group/resource.
    const members = all.filter((r) => r.preferred && r.categories.includes(lower));
    if (members.length > 0) return members;
  }
  return [await f.resource(word)];
}

/** The files of `-f` (paths, directories with `-R`, URLs unsupported, `-` for stdin). */
export function readFileObjects(f: Factory, paths: string[], recursive: boolean): { obj: KObject; source: string }[] {
  const out: { obj: KObject; source: string }[] = [];
  for (const p of paths) {
    if (p === '-') {
      for (const obj of parseDocuments(f.io.stdin(), 'STDIN')) out.push({ obj, source: 'STDIN' });
      continue;
    }
    if (/^https?:\/\//.test(p)) throw new CliError(`reading manifests from URLs is not supported: ${p}`);
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new CliError(`the path "${p}" does not exist`);
    }
    const files = st.isDirectory() ? walk(p, recursive) : [p];
    for (const file of files) for (const obj of parseDocuments(readFileSync(file, 'utf8'), file)) out.push({ obj, source: file });
  }
  return out;
}

const MANIFEST_EXT = new Set(['.json', '.yaml', '.yml']);

function walk(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (recursive) out.push(...walk(p, recursive));
    } else if (MANIFEST_EXT.has(extname(e.name))) out.push(p);
  }
  return out;
}

/**
 * YAML documents read as kubectl reads them: YAML 1.1 (sigs.k8s.io/yaml over go-yaml v2), so `yes`,
 * `on` and `y` are booleans, while timestamps stay strings.
 */
export function parseYaml11(text: string, source: string): unknown[] {
  const Y = require('yaml') as typeof import('yaml');
  const docs = Y.parseAllDocuments(text, { version: '1.1', customTags: (tags) => tags.filter((t) => (t as { tag?: string }).tag !== 'tag:yaml.org,2002:timestamp') });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: unknown[] = [];
  for (const d of list) {
    const err = d.errors[0];
    if (err) throw new CliError(`error parsing ${source}: error converting YAML to JSON: yaml: ${err.message.split('\n')[0]}`);
    out.push(d.toJS({ maxAliasCount: -1 }));
  }
  return out;
}

/** YAML or JSON documents; `kind: List` (and any *List with items) flattened. */
export function parseDocuments(text: string, source: string): KObject[] {
  let docs: unknown[];
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      docs = [JSON.parse(text)];
    } catch (err) {
      throw new CliError(`error parsing ${source}: ${(err as Error).message}`);
    }
  } else docs = parseYaml11(text, source);
  const out: KObject[] = [];
  for (const d of docs) {
    if (d === null || d === undefined) continue;
    if (typeof d !== 'object' || Array.isArray(d)) throw new CliError(`error validating "${source}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false`);
    const o = d as KObject & { items?: KObject[] };
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) out.push(...o.items);
    else out.push(o);
  }
  return out;
}

/** The resource serving an object's apiVersion and kind. */
export async function infoForObject(f: Factory, obj: KObject, source: string): Promise<ResourceInfo> {
  if (!obj.apiVersion || !obj.kind) {
    const missing = !obj.apiVersion ? 'apiVersion' : 'kind';
    throw new CliError(`error validating "${source}": error validating data: ${missing} not set; if you choose to ignore these errors, turn validation off with --validate=false`);
  }
  const { group, version } = parseApiVersion(obj.apiVersion);
  const find = async () => (await f.discovery().resources()).find((r) => r.group === group && r.version === version && r.kind === obj.kind);
  let hit = await find();
  if (!hit && (await f.discovery().invalidate())) hit = await find();
  if (!hit) {
    const ns = obj.metadata?.namespace ?? '';
    throw new CliError(`resource mapping not found for name: "${obj.metadata?.name ?? ''}" namespace: "${ns}" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`);
  }
  return hit;
}

export async function fileObjects(f: Factory, paths: string[], recursive: boolean): Promise<FileObject[]> {
  const { objects, errors } = await fileObjectsLenient(f, paths, recursive);
  if (errors.length > 0) throw new CliError(errors[0]!.message);
  return objects;
}

/** As kubectl's builder with ContinueOnError: objects whose kind isn't served are reported, the rest go on. */
export async function fileObjectsLenient(f: Factory, paths: string[], recursive: boolean): Promise<{ objects: FileObject[]; errors: CliError[] }> {
  const objects: FileObject[] = [];
  const errors: CliError[] = [];
  for (const { obj, source } of readFileObjects(f, paths, recursive)) {
    try {
      objects.push({ obj, source, info: await infoForObject(f, obj, source) });
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      errors.push(err);
    }
  }
  return { objects, errors };
}

/** The namespace an object goes to: its own, else the command's; a conflict with -n fails as in kubectl. */
export function namespaceFor(f: Factory, info: ResourceInfo, obj: KObject): string | undefined {
  if (!info.namespaced) return undefined;
  const { namespace, explicit } = f.namespace();
  const own = obj.metadata?.namespace;
  if (own && explicit && own !== namespace) {
    throw new CliError(`the namespace from the provided object "${own}" does not match the namespace "${namespace}". You must pass '--namespace=${own}' to perform this operation.`);
  }
  return own || namespace;
}
