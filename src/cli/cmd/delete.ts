// kubectl delete: by name, file, selector or --all; background propagation by default; waits for the
// objects to be gone (--wait) as kubectl does, so a script can rely on it.
import { isNotFound } from '../../client/rest.js';
import type { Command, RunContext } from '../command.js';
import { completeResourceArgs } from '../completion/args.js';
import { kindName } from '../discovery.js';
import { CliError } from '../factory.js';
import { parseDuration } from '../flags.js';
import { errorText } from '../errors.js';
import { objectName } from '../output.js';
import { DRY_RUN_FLAG, dryRun, dryRunSuffix, FILENAME_FLAGS, pathOf, type Ref, refsOf, SELECTOR_FLAG, waitGone } from './common.js';

export const command: Command = {
  name: 'delete',
  short: 'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  flags: [
    ...FILENAME_FLAGS('containing the resource to delete.'),
    SELECTOR_FLAG,
    { name: 'field-selector', type: 'string', usage: "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type." },
    { name: 'all', type: 'bool', usage: 'Delete all resources, in the namespace of the specified resource types.' },
    { name: 'all-namespaces', shorthand: 'A', type: 'bool', usage: 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.' },
    { name: 'ignore-not-found', type: 'bool', usage: 'Treat "resource not found" as a successful delete. Defaults to "true" when --all is specified.' },
    { name: 'cascade', type: 'string', default: 'background', noOptDefault: 'background', usage: 'Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.' },
    { name: 'grace-period', type: 'int', default: -1, usage: 'Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).' },
    { name: 'now', type: 'bool', usage: 'If true, resources are signaled for immediate shutdown (same as --grace-period=1).' },
    { name: 'force', type: 'bool', usage: 'If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.' },
    { name: 'wait', type: 'bool', default: true, usage: 'If true, wait for resources to be gone before returning. This waits for finalizers.' },
    { name: 'timeout', type: 'duration', default: '0s', usage: 'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object' },
    { name: 'output', shorthand: 'o', type: 'string', usage: 'Output mode. Use "-o name" for shorter output (resource/name).' },
    { name: 'raw', type: 'string', usage: 'Raw URI to DELETE to the server.  Uses the transport specified by the kubeconfig file.' },
    DRY_RUN_FLAG,
  ],
  complete: completeResourceArgs,
  run,
};

const POLICY: Record<string, string> = { background: 'Background', foreground: 'Foreground', orphan: 'Orphan' };

async function run(ctx: RunContext): Promise<number> {
  const { flags, f, io } = ctx;
  const cascade = flags.str('cascade');
  const policy = POLICY[cascade === 'true' ? 'background' : cascade === 'false' ? 'orphan' : cascade];
  if (!policy) throw new CliError(`invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan".`);
  const output = flags.str('output');
  if (output && output !== 'name') throw new CliError(`unexpected -o output mode: ${output}. We only support '-o name'.`);
  const dry = dryRun(flags, io);
  let grace = flags.int('grace-period');
  if (flags.bool('now')) {
    if (grace !== -1) throw new CliError('--now and --grace-period cannot be specified together');
    grace = 1;
  }
  const force = flags.bool('force');
  if (force && grace < 0) grace = 0;
  if (grace === 0 && !force) throw new CliError('--grace-period=0 must have --force specified');
  if (force) io.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  const all = flags.bool('all');
  if (all && flags.str('selector')) throw new CliError('cannot set --all and --selector at the same time');
  const ignoreNotFound = flags.bool('ignore-not-found') || (all && !flags.changed('ignore-not-found'));
  const refs = await refsOf(ctx, ctx.args, { allowAll: true });
  const body: Record<string, unknown> = { propagationPolicy: policy };
  if (grace >= 0) body['gracePeriodSeconds'] = grace;
  if (dry === 'server') body['dryRun'] = ['All'];
  let failed = false;
  const deleted: Ref[] = [];
  for (const r of refs) {
    try {
      if (dry !== 'client') await f.rest().request({ method: 'DELETE', path: pathOf(r), body });
      deleted.push(r);
      const what = output === 'name' ? objectName(r.info, r.name) : `${kindName(r.info)} "${r.name}" ${force ? 'force deleted' : 'deleted'}`;
      io.out(`${what}${dryRunSuffix(dry)}\n`);
    } catch (err) {
      if (isNotFound(err) && ignoreNotFound) continue;
      io.err(errorText(err) + '\n');
      failed = true;
    }
  }
  if (refs.length === 0 && !ignoreNotFound) io.out('No resources found\n'); // stdout, as kubectl 1.25 prints it
  if (flags.bool('wait') && dry === 'none' && !force) {
    const timeoutMs = parseDuration(flags.str('timeout')) || 7 * 24 * 3600 * 1000;
    const deadline = Date.now() + timeoutMs;
    for (const r of deleted) if (!(await waitGone(f, pathOf(r), deadline))) {
      io.err(`error: timed out waiting for the condition on ${kindName(r.info)}/${r.name}\n`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}
