// kubectl explain (1.25): documentation of a resource or one of its fields, from the server's OpenAPI
// v2 definitions (fetched through kubectl's HTTP cache). `TYPE.field.field`: without --api-version
// the type may carry its group (`deployments.apps.spec`) when written as the full plural resource;
// with --api-version only the first dotted word names the type and the version is the flag's.
import { definitionForGVK } from '../apply/openapimeta.js';
import type { Command, RunContext } from '../command.js';
import { groupResource, type ResourceInfo } from '../discovery.js';
import { Definitions, type RawSchema, SchemaError } from '../explain/model.js';
import { explainModel, FieldError, type GVK, lookupField } from '../explain/printer.js';
import { CliError, type Factory } from '../factory.js';

export const command: Command = {
  name: 'explain',
  short: 'Get documentation for a resource',
  long: `List the fields for supported resources.

 This command describes the fields associated with each supported API resource. Fields are identified via a simple JSONPath identifier:

  <type>.<fieldName>[.<fieldName>]
  
 Add the --recursive flag to display all of the fields at once without descriptions. Information about each field is retrieved from the server in OpenAPI format.

Use "kubectl api-resources" for a complete list of supported resources.
`,
  example: `  # Get the documentation of the resource and its fields
  kubectl explain pods
  
  # Get the documentation of a specific field of a resource
  kubectl explain pods.spec.containers`,
  flags: [
    { name: 'api-version', type: 'string', usage: 'Get different explanations for particular API version (API group/version)' },
    { name: 'recursive', type: 'bool', usage: 'Print the fields of fields (Currently only 1 level deep)' },
  ],
  run,
};

/** kubectl's CheckErr prints a no-match error bare, without "error: ". */
class NoResourceType extends Error {}

async function run({ args, flags, f, io }: RunContext): Promise<number> {
  // kubectl fetches the schema before it looks at the arguments.
  const doc = await f.openapi();
  if (args.length === 0) throw new CliError('You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n');
  if (args.length > 1) throw new CliError('We accept only this format: explain RESOURCE\n');
  const apiVersion = flags.str('api-version');
  try {
    let info: ResourceInfo;
    let path: string[];
    let gvk: GVK;
    if (apiVersion === '') {
      ({ info, path } = await withMatchingPrefix(f, args[0]!));
      gvk = { group: info.group, version: info.version, kind: info.kind };
    } else {
      const [type, ...rest] = args[0]!.replace(/\.$/, '').split('.');
      info = await resourceFor(f, type!);
      path = rest;
      gvk = { ...parseGroupVersion(apiVersion), kind: info.kind };
    }
    const defs = new Definitions((doc.definitions ?? {}) as Record<string, RawSchema>);
    const name = definitionForGVK(doc, gvk);
    if (name === undefined || !defs.has(name)) throw new CliError(`couldn't find resource for "${gvk.group}/${gvk.version}, Kind=${gvk.kind}"`);
    const m = lookupField(defs.model(name), path);
    io.out(explainModel(m, path[path.length - 1] ?? '', gvk, flags.bool('recursive')));
    return 0;
  } catch (err) {
    if (err instanceof NoResourceType) {
      io.err(`${err.message}\n`);
      return 1;
    }
    if (err instanceof FieldError || err instanceof SchemaError) throw new CliError(err.message);
    throw err;
  }
}

async function resourceFor(f: Factory, type: string): Promise<ResourceInfo> {
  try {
    return await f.resource(type);
  } catch (err) {
    if (err instanceof CliError) throw new NoResourceType(`the server doesn't have a resource type "${type}"`);
    throw err;
  }
}

/**
 * The type is the first dotted word; among every resource it names (all groups), the first whose
 * `resource.group` begins the argument takes the rest as the field path; else the first of them
 * with the words after the first as the path.
 */
async function withMatchingPrefix(f: Factory, arg: string): Promise<{ info: ResourceInfo; path: string[] }> {
  const text = arg.replace(/\.$/, '');
  const words = text.split('.');
  const hit = await resourceFor(f, words[0]!);
  const lower = words[0]!.toLowerCase();
  // A short name expands to one group; a resource name matches in every group.
  const byName = lower === hit.resource || lower === hit.singular || lower === hit.kind.toLowerCase();
  const all = await f.discovery().resources();
  const candidates = [hit, ...all.filter((r) => r !== hit && r.preferred && r.resource === hit.resource && (byName || r.group === hit.group))];
  for (const c of candidates) {
    const gr = groupResource(c);
    if (!text.startsWith(gr)) continue;
    const suffix = text.slice(gr.length);
    return { info: c, path: suffix === '' ? [] : suffix.split('.').slice(1) };
  }
  return { info: hit, path: words.slice(1) };
}

/** apimachinery's ParseGroupVersion: `v1`, `apps/v1`, and an error for more than one slash. */
function parseGroupVersion(gv: string): { group: string; version: string } {
  if (gv === '' || gv === '/') return { group: '', version: '' };
  const parts = gv.split('/');
  if (parts.length === 1) return { group: '', version: gv };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  throw new CliError(`unexpected GroupVersion string: ${gv}`);
}
