// kubectl apply -f: client-side (last-applied annotation + three-way patch, strategic for built-in
// kinds and JSON merge for the rest) or --server-side (an apply patch the server merges).
import type { KObject } from '../../api/object.js';
import { isNotFound, resourcePath } from '../../client/rest.js';
import { applyPatchFor, withApplyAnnotation, getOriginalConfiguration } from '../apply/lastapplied.js';
import { type OpenAPIV2Document, patchMetaForGVK } from '../apply/openapimeta.js';
import type { Command, RunContext } from '../command.js';
import { CliError } from '../factory.js';
import { errorText } from '../errors.js';
import { parseFormat, PRINT_FLAGS, printOutcome } from '../output.js';
import { fileObjectsLenient, namespaceFor } from '../resources.js';
import { DRY_RUN_FLAG, dryRun, dryRunSuffix, FILENAME_FLAGS, fieldValidation, SELECTOR_FLAG, VALIDATE_FLAG, withSource } from './common.js';

type JsonMap = Record<string, unknown>;

export const command: Command = {
  name: 'apply',
  short: 'Apply a configuration to a resource by file name or stdin',
  flags: [
    ...PRINT_FLAGS,
    ...FILENAME_FLAGS('that contains the configuration to apply'),
    SELECTOR_FLAG,
    { name: 'server-side', type: 'bool', usage: 'If true, apply runs in the server instead of the client.' },
    { name: 'force-conflicts', type: 'bool', usage: 'If true, server-side apply will force the changes against conflicts.' },
    { name: 'field-manager', type: 'string', default: 'kubectl-client-side-apply', usage: 'Name of the manager used to track field ownership.' },
    { name: 'overwrite', type: 'bool', default: true, usage: 'Automatically resolve conflicts between the modified and live configuration by using values from the modified configuration' },
    { name: 'prune', type: 'bool', usage: 'Automatically delete resource objects, that do not appear in the configs and are created by either apply or create --save-config. Should be used with either -l or --all.' },
    { name: 'all', type: 'bool', usage: 'Select all resources in the namespace of the specified resource types.' },
    { name: 'force', type: 'bool', usage: 'If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.' },
    { name: 'wait', type: 'bool', usage: 'If true, wait for resources to be gone before returning. This waits for finalizers.' },
    VALIDATE_FLAG,
    DRY_RUN_FLAG,
  ],
  run,
};

const LAST_APPLIED_MISSING = (what: string) =>
  `Warning: resource ${what} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`;

async function run(ctx: RunContext): Promise<number> {
  const { flags, f, io } = ctx;
  const files = flags.list('filename');
  if (files.length === 0) throw new CliError(`must specify one of -f and -k`);
  if (flags.bool('prune')) throw new CliError('--prune is not supported by kubette kubectl yet');
  const serverSide = flags.bool('server-side');
  if (flags.bool('force-conflicts') && !serverSide) throw new CliError('--force-conflicts only works with --server-side');
  const manager = serverSide && !flags.changed('field-manager') ? 'kubectl' : flags.str('field-manager');
  const dry = dryRun(flags, io);
  if (serverSide && dry === 'client') throw new CliError('--dry-run=client doesn\'t work with --server-side (did you mean --dry-run=server instead?)');
  const validation = fieldValidation(flags);
  const format = flags.str('output') ? await parseFormat(flags) : undefined;
  const { objects, errors } = await fileObjectsLenient(f, files, flags.bool('recursive'));
  if (objects.length === 0 && errors.length === 0) throw new CliError('no objects passed to apply');
  let spec: OpenAPIV2Document | undefined;
  let failed = errors.length > 0;
  for (const { obj: fileObj, source, info } of objects) {
    const ns = namespaceFor(f, info, fileObj);
    // kubectl's builder sets the namespace on the object before anything is computed from it.
    const obj = (ns ? { ...fileObj, metadata: { ...fileObj.metadata, namespace: ns } } : fileObj) as KObject;
    const name = obj.metadata?.name ?? '';
    const path = resourcePath(info, ns, name);
    const query = (extra: Record<string, string> = {}) => ({ ...(dry === 'server' ? { dryRun: 'All' } : {}), fieldManager: manager, fieldValidation: validation, ...extra });
    const report = (result: KObject, verb: string) => printOutcome(io.out, format, info, name, result, `${verb}${dryRunSuffix(dry)}`, flags.bool('show-managed-fields'));
    try {
      if (serverSide) {
        const result = await f.rest().request<KObject>({
          method: 'PATCH',
          path,
          body: JSON.stringify(obj),
          contentType: 'application/apply-patch+yaml',
          query: query({ force: String(flags.bool('force-conflicts')) }),
        });
        report(result, 'serverside-applied');
        continue;
      }
      let live: KObject | undefined;
      try {
        live = await f.rest().request<KObject>({ method: 'GET', path });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      if (!live) {
        const body = withApplyAnnotation(obj as unknown as JsonMap) as unknown as KObject;
        const created = dry === 'client' ? body : await f.rest().request<KObject>({ method: 'POST', path: resourcePath(info, ns), body, query: query() });
        report(created, 'created');
        continue;
      }
      if (dry === 'client') {
        report(live, 'configured');
        continue;
      }
      spec ??= await f.openapi();
      const meta = patchMetaForGVK(spec, { group: info.group, version: info.version, kind: info.kind });
      if (getOriginalConfiguration(live as unknown as JsonMap) === undefined) io.err(LAST_APPLIED_MISSING(`${info.resource}${info.group ? `.${info.group}` : ''}/${name}`));
      const p = applyPatchFor(live as unknown as JsonMap, obj as unknown as JsonMap, meta, { overwrite: flags.bool('overwrite') });
      if (p.unchanged) {
        report(live, 'unchanged');
        continue;
      }
      const result = await f.rest().request<KObject>({
        method: 'PATCH',
        path,
        body: p.body,
        contentType: p.patchType === 'strategic' ? 'application/strategic-merge-patch+json' : 'application/merge-patch+json',
        query: query(),
      });
      report(result, 'configured');
    } catch (err) {
      io.err(errorText(withSource(err, 'applying', source)) + '\n');
      failed = true;
    }
  }
  for (const e of errors) io.err(`error: ${e.message}\n`);
  return failed ? 1 : 0;
}
