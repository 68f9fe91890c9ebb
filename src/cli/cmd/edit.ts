// kubectl edit: the objects (or a subresource) in $KUBE_EDITOR/$EDITOR as YAML or JSON, then a
// two-way patch from what was read to what was saved: strategic for built-in kinds, JSON merge for
// the rest. A failed save reopens the file with the errors on top, as kubectl does.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KObject } from '../../api/object.js';
import { patchMetaForGVK, usesStrategicMergePatch } from '../apply/openapimeta.js';
import { createJsonMergePatch, createTwoWayMergePatch } from '../apply/threeway.js';
import type { Command, RunContext } from '../command.js';
import { completeResourceArgs } from '../completion/args.js';
import { errorText } from '../errors.js';
import { CliError } from '../factory.js';
import { forPrinting, listOf, objectName } from '../output.js';
import { toJson } from '../printers/json.js';
import { toYaml } from '../printers/yaml.js';
import { parseYaml11 } from '../resources.js';
import { FIELD_MANAGER_FLAG, FILENAME_FLAGS, fieldValidation, pathOf, type Ref, refsOf, VALIDATE_FLAG } from './common.js';
import { checkSubresource, SUBRESOURCE_FLAG } from './subresource.js';

type JsonMap = Record<string, unknown>;

export const command: Command = {
  name: 'edit',
  short: 'Edit a resource on the server',
  flags: [
    { name: 'output', shorthand: 'o', type: 'string', usage: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).' },
    ...FILENAME_FLAGS('to use to edit the resource'),
    { name: 'output-patch', type: 'bool', usage: 'Output the patch if the resource is edited.' },
    { name: 'windows-line-endings', type: 'bool', usage: 'Defaults to the line ending native to your platform.' },
    { name: 'save-config', type: 'bool', usage: 'If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.' },
    { name: 'show-managed-fields', type: 'bool', usage: 'If true, keep the managedFields when printing objects in JSON or YAML format.' },
    VALIDATE_FLAG,
    FIELD_MANAGER_FLAG('kubectl-edit'),
    SUBRESOURCE_FLAG,
  ],
  complete: completeResourceArgs,
  run,
};

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

async function run(ctx: RunContext): Promise<number> {
  const { flags, f, io } = ctx;
  const output = flags.str('output') || 'yaml';
  if (output !== 'yaml' && output !== 'json') throw new CliError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml`);
  const sub = flags.str('subresource');
  const bad = checkSubresource(sub);
  if (bad) throw new CliError(bad);
  const refs = await refsOf(ctx, ctx.args);
  const live: { ref: Ref; obj: KObject }[] = [];
  for (const ref of refs) live.push({ ref, obj: forPrinting(await f.rest().request<KObject>({ method: 'GET', path: pathOf(ref, sub || undefined) }), sub ? undefined : ref.info, flags.bool('show-managed-fields')) });
  if (live.length === 0) throw new CliError('edit cancelled, no objects found');
  const doc = live.length === 1 ? live[0]!.obj : listOf(live.map((l) => l.obj));
  const render = (v: unknown) => (output === 'json' ? toJson(v) : toYaml(v));
  const original = render(doc);
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-edit-'));
  const file = join(dir, `${live.length === 1 ? live[0]!.ref.name : 'list'}.${output}`);
  let header = HEADER;
  let lastSaved = original;
  for (;;) {
    writeFileSync(file, header + lastSaved);
    runEditor(io.env, file);
    const text = stripComments(readFileSync(file, 'utf8'));
    if (text.trim() === '') {
      io.err('Edit cancelled, saved file was empty.\n');
      return 0;
    }
    if (text === lastSaved) {
      if (header === HEADER) {
        io.err('Edit cancelled, no changes made.\n'); // stderr, as kubectl prints it
        return 0;
      }
      io.err(`error: Edit cancelled, no valid changes were saved.\nA copy of your changes has been stored to "${file}"\n`);
      return 1;
    }
    lastSaved = text;
    let edited: KObject[];
    try {
      const parsed = (output === 'json' ? JSON.parse(text) : parseYaml11(text, file)[0]) as KObject & { items?: KObject[] };
      edited = live.length === 1 ? [parsed] : (parsed.items ?? []);
    } catch (err) {
      header = errorHeader([`The edited file had a syntax error: ${(err as Error).message.split('\n')[0]}`]);
      continue;
    }
    const errors: string[] = [];
    for (const [i, { ref, obj }] of live.entries()) {
      const e = edited[i];
      if (!e || e.apiVersion !== obj.apiVersion || e.kind !== obj.kind || e.metadata?.name !== obj.metadata.name) {
        io.err(`A copy of your changes has been stored to "${file}"\nerror: At least one of apiVersion, kind and name was changed\n`);
        return 1;
      }
      try {
        const result = await save(ctx, ref, sub, obj, e);
        if (result) io.out(`${result}\n`);
      } catch (err) {
        errors.push(errorText(err));
      }
    }
    if (errors.length === 0) return 0;
    header = errorHeader(errors);
  }
}

/** Patch one object; returns what to print (`configmap/x edited`, or `skipped` when nothing differs). */
async function save(ctx: RunContext, ref: Ref, sub: string, before: KObject, after: KObject): Promise<string> {
  const { f, flags, io } = ctx;
  const name = objectName(ref.info, ref.name);
  const strategic = usesStrategicMergePatch(ref.info);
  let patch: JsonMap;
  if (strategic) {
    const spec = await f.openapi();
    const meta = patchMetaForGVK(spec, { group: ref.info.group, version: ref.info.version, kind: ref.info.kind });
    patch = meta ? createTwoWayMergePatch(before as unknown as JsonMap, after as unknown as JsonMap, meta) : createJsonMergePatch(before as unknown as JsonMap, after as unknown as JsonMap);
  } else patch = createJsonMergePatch(before as unknown as JsonMap, after as unknown as JsonMap);
  if (Object.keys(patch).length === 0) return `${name} skipped`;
  if (flags.bool('output-patch')) io.out(`Patch: ${JSON.stringify(patch)}\n`);
  await f.rest().request({
    method: 'PATCH',
    path: pathOf(ref, sub || undefined),
    body: patch,
    contentType: strategic ? 'application/strategic-merge-patch+json' : 'application/merge-patch+json',
    query: { fieldManager: flags.str('field-manager'), fieldValidation: fieldValidation(flags) },
  });
  return `${name} edited`;
}

const errorHeader = (errors: string[]) => `${HEADER}# ${errors.join('\n# ')}\n#\n`;

/** Comment lines are dropped, as kubectl's editor does before parsing. */
const stripComments = (text: string) =>
  text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');

/** $KUBE_EDITOR, else $EDITOR, else vi; a value with spaces runs through the shell, as kubectl does. */
function runEditor(env: Record<string, string | undefined>, file: string): void {
  const editor = env['KUBE_EDITOR'] || env['EDITOR'] || 'vi';
  const r = /\s/.test(editor.trim()) ? spawnSync('sh', ['-c', `${editor} "${file}"`], { stdio: 'inherit', env }) : spawnSync(editor, [file], { stdio: 'inherit', env });
  if (r.error) throw new CliError(`unable to launch the editor "${editor}"`);
  if (r.status !== 0) throw new CliError(`there was a problem with the editor "${editor}"`);
}
