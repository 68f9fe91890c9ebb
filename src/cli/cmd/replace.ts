// kubectl replace -f: PUT each object (its resourceVersion taken from the server when the file has
// none, as kubectl's overwrite does); --force deletes and re-creates instead.
import type { KObject } from '../../api/object.js';
import { isNotFound, resourcePath } from '../../client/rest.js';
import type { Command, RunContext } from '../command.js';
import { kindName } from '../discovery.js';
import { CliError } from '../factory.js';
import { errorText } from '../errors.js';
import { parseFormat, PRINT_FLAGS, printOutcome } from '../output.js';
import { fileObjectsLenient, namespaceFor } from '../resources.js';
import { DRY_RUN_FLAG, dryRun, dryRunSuffix, FIELD_MANAGER_FLAG, FILENAME_FLAGS, fieldValidation, VALIDATE_FLAG, waitGone, withSource } from './common.js';
import { withApplyAnnotation } from '../apply/lastapplied.js';
import { checkSubresource, SUBRESOURCE_FLAG } from './subresource.js';

export const command: Command = {
  name: 'replace',
  short: 'Replace a resource by file name or stdin',
  flags: [
    ...PRINT_FLAGS,
    ...FILENAME_FLAGS('to use to replace the resource.'),
    { name: 'force', type: 'bool', usage: 'If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.' },
    { name: 'cascade', type: 'string', default: 'background', noOptDefault: 'background', usage: 'Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.' },
    { name: 'grace-period', type: 'int', default: -1, usage: 'Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).' },
    { name: 'wait', type: 'bool', usage: 'If true, wait for resources to be gone before returning. This waits for finalizers.' },
    { name: 'timeout', type: 'duration', default: '0s', usage: 'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object' },
    { name: 'save-config', type: 'bool', usage: 'If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.' },
    { name: 'raw', type: 'string', usage: 'Raw URI to PUT to the server.  Uses the transport specified by the kubeconfig file.' },
    VALIDATE_FLAG,
    DRY_RUN_FLAG,
    FIELD_MANAGER_FLAG('kubectl-replace'),
    SUBRESOURCE_FLAG,
  ],
  run,
};

async function run(ctx: RunContext): Promise<number> {
  const { flags, f, io } = ctx;
  const files = flags.list('filename');
  if (files.length === 0) throw new CliError(`must specify --filename to replace\nSee 'kubectl replace -h' for help and examples`);
  const sub = flags.str('subresource');
  const bad = checkSubresource(sub);
  if (bad) throw new CliError(bad);
  const dry = dryRun(flags, io);
  const validation = fieldValidation(flags);
  const format = flags.str('output') ? await parseFormat(flags) : undefined;
  const { objects, errors } = await fileObjectsLenient(f, files, flags.bool('recursive'));
  let failed = errors.length > 0;
  for (const { obj, source, info } of objects) {
    const ns = namespaceFor(f, info, obj);
    const name = obj.metadata?.name ?? '';
    try {
      let body: KObject = flags.bool('save-config') ? (withApplyAnnotation(obj as never) as unknown as KObject) : obj;
      if (ns && !body.metadata.namespace) body = { ...body, metadata: { ...body.metadata, namespace: ns } };
      let result: KObject = body;
      if (flags.bool('force')) {
        if (dry === 'none') {
          await f.rest().request({ method: 'DELETE', path: resourcePath(info, ns, name), body: { propagationPolicy: 'Background' } }).catch((err) => {
            if (!isNotFound(err)) throw err;
          });
          io.out(`${kindName(info)} "${name}" deleted\n`);
          await waitGone(f, resourcePath(info, ns, name));
          const { resourceVersion: _rv, ...meta } = body.metadata;
          result = await f.rest().request<KObject>({ method: 'POST', path: resourcePath(info, ns), body: { ...body, metadata: meta }, query: { fieldManager: flags.str('field-manager'), fieldValidation: validation } });
        }
      } else if (dry !== 'client') {
        const path = resourcePath(info, ns, name, sub || undefined);
        if (!body.metadata.resourceVersion) {
          const live = await f.rest().request<KObject>({ method: 'GET', path });
          body = { ...body, metadata: { ...body.metadata, resourceVersion: live.metadata.resourceVersion } };
        }
        result = await f.rest().request<KObject>({ method: 'PUT', path, body, query: { ...(dry === 'server' ? { dryRun: 'All' } : {}), fieldManager: flags.str('field-manager'), fieldValidation: validation } });
      }
      printOutcome(io.out, format, info, name, result, `replaced${dryRunSuffix(dry)}`, flags.bool('show-managed-fields'));
    } catch (err) {
      io.err(errorText(withSource(err, 'replacing', source)) + '\n');
      failed = true;
    }
  }
  for (const e of errors) io.err(`error: ${e.message}\n`);
  return failed ? 1 : 0;
}
