// kubectl scale (1.25): GET each object, then PATCH its scale subresource (a merge patch of
// spec.replicas), or GET+PUT the Scale when --current-replicas/--resource-version are preconditions.
import type { KObject } from '../../api/object.js';
import { isConflict, resourcePath } from '../../client/rest.js';
import type { Command, RunContext } from '../command.js';
import { CliError, type Factory } from '../factory.js';
import { errorText } from '../errors.js';
import { forPrinting, objectName, parseFormat, PRINT_FLAGS } from '../output.js';
import { DRY_RUN_FLAG, dryRun, FILENAME_FLAGS, liveRefs, SELECTOR_FLAG } from './common.js';
import { parseDuration } from '../flags.js';

interface Scale extends KObject {
  spec?: { replicas?: number };
  status?: { replicas?: number; selector?: string };
}

export const command: Command = {
  name: 'scale',
  short: 'Set a new size for a deployment, replica set, or replication controller',
  flags: [
    ...PRINT_FLAGS,
    ...FILENAME_FLAGS('identifying the resource to set a new size'),
    { name: 'all', type: 'bool', usage: 'Select all resources in the namespace of the specified resource types' },
    SELECTOR_FLAG,
    { name: 'resource-version', type: 'string', usage: 'Precondition for resource version. Requires that the current resource version match this value in order to scale.' },
    { name: 'current-replicas', type: 'int', default: -1, usage: 'Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.' },
    { name: 'replicas', type: 'int', usage: 'The new desired number of replicas. Required.' },
    { name: 'timeout', type: 'duration', default: '0s', usage: 'The length of time to wait before giving up on a scale operation, zero means don\'t wait. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).' },
    DRY_RUN_FLAG,
  ],
  run,
};

async function run(ctx: RunContext): Promise<number> {
  const { flags, f, io } = ctx;
  if (!flags.changed('replicas')) throw new CliError('required flag(s) "replicas" not set');
  const dry = dryRun(flags, io);
  const replicas = flags.int('replicas');
  if (replicas < 0) throw new CliError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const format = await parseFormat(flags);
  const current = flags.int('current-replicas');
  const rv = flags.str('resource-version');
  const { objects, errors } = await liveRefs(ctx, ctx.args, { allowAll: true });
  if (rv && objects.length > 1) throw new CliError('cannot use --resource-version with multiple resources');
  const timeoutMs = parseDuration(flags.str('timeout'));
  let counter = 0;
  const failures: unknown[] = [...errors];
  for (const { info, namespace, obj } of objects) {
    counter++;
    const name = obj.metadata?.name ?? '';
    try {
      if (dry !== 'client') {
        await scaleOne(f, resourcePath(info, namespace, name, 'scale'), replicas, current, rv, dry === 'server');
        if (timeoutMs > 0 && dry === 'none') await waitForReplicas(f, resourcePath(info, namespace, name, 'scale'), timeoutMs);
      }
    } catch (err) {
      failures.push(err);
      continue;
    }
    if (format.kind === 'object') io.out(format.print(forPrinting(obj, info, flags.bool('show-managed-fields'))));
    else if (format.kind === 'name') io.out(`${objectName(info, name)}\n`);
    else io.out(`${objectName(info, name)} scaled\n`);
  }
  if (failures.length > 0) {
    io.err(failures.map((e) => errorText(e, f)).join('\n') + '\n');
    return 1;
  }
  if (counter === 0) throw new CliError('no objects passed to scale');
  return 0;
}

/** scale.ScaleSimple, retried on conflicts as kubectl's Scale does (every second). */
async function scaleOne(f: Factory, path: string, replicas: number, current: number, rv: string, serverDryRun: boolean): Promise<void> {
  const rest = f.rest();
  const query = serverDryRun ? { dryRun: 'All' } : undefined;
  for (;;) {
    try {
      if (current !== -1 || rv) {
        const scale = await rest.request<Scale>({ method: 'GET', path, accept: 'application/json, */*' });
        const actual = scale.spec?.replicas ?? 0;
        if (current !== -1 && actual !== current) throw new CliError(`Expected replicas to be ${current}, was ${actual}`);
        if (rv && rv !== scale.metadata?.resourceVersion) throw new CliError(`Expected resource version to be ${rv}, was ${scale.metadata?.resourceVersion ?? ''}`);
        scale.spec = { ...scale.spec, replicas };
        await rest.request({ method: 'PUT', path, query, body: scale, accept: 'application/json, */*' });
      } else {
        await rest.request({ method: 'PATCH', path, query, body: { spec: { replicas } }, contentType: 'application/merge-patch+json', accept: 'application/json, */*' });
      }
      return;
    } catch (err) {
      if (!isConflict(err)) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** --timeout: poll the Scale until status.replicas reaches spec.replicas. */
async function waitForReplicas(f: Factory, path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await f.rest().request<Scale>({ method: 'GET', path, accept: 'application/json, */*' });
    if ((s.status?.replicas ?? 0) === (s.spec?.replicas ?? 0)) return;
    if (Date.now() >= deadline) throw new CliError('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, 1000));
  }
}
