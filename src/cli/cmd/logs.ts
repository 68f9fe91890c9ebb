// kubectl logs: a pod (or the first pod of a workload, or every pod of a selector), one container or
// all, streamed as the server sends it; flags map to the pods/log query as in kubectl.
import type { KObject } from '../../api/object.js';
import { resourcePath } from '../../client/rest.js';
import { formatLabelSelector } from '../../machinery/format.js';
import type { Command, RunContext } from '../command.js';
import { completeResourceArgs } from '../completion/args.js';
import { CliError } from '../factory.js';
import { parseDuration } from '../flags.js';
import { SELECTOR_FLAG } from './common.js';

interface Pod extends KObject {
  spec?: { containers?: { name: string }[]; initContainers?: { name: string }[] };
}

export const command: Command = {
  name: 'logs',
  short: 'Print the logs for a container in a pod',
  flags: [
    { name: 'container', shorthand: 'c', type: 'string', usage: 'Print the logs of this container' },
    { name: 'follow', shorthand: 'f', type: 'bool', usage: 'Specify if the logs should be streamed.' },
    { name: 'previous', shorthand: 'p', type: 'bool', usage: 'If true, print the logs for the previous instance of the container in a pod if it exists.' },
    { name: 'timestamps', type: 'bool', usage: 'Include timestamps on each line in the log output' },
    { name: 'tail', type: 'int', default: -1, usage: 'Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.' },
    { name: 'since', type: 'duration', default: '0s', usage: 'Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used.' },
    { name: 'since-time', type: 'string', usage: 'Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be used.' },
    { name: 'limit-bytes', type: 'int', usage: 'Maximum bytes of logs to return. Defaults to no limit.' },
    { name: 'all-containers', type: 'bool', usage: 'Get all containers\' logs in the pod(s).' },
    { name: 'prefix', type: 'bool', usage: 'Prefix each log line with the log source (pod name and container name)' },
    { name: 'max-log-requests', type: 'int', default: 5, usage: 'Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.' },
    { name: 'pod-running-timeout', type: 'duration', default: '20s', usage: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running' },
    { name: 'ignore-errors', type: 'bool', usage: 'If watching / following pod logs, allow for any errors that occur to be non-fatal' },
    SELECTOR_FLAG,
  ],
  complete: completeResourceArgs,
  run,
};

const USAGE = `expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples`;

async function run(ctx: RunContext): Promise<number> {
  const { flags, f } = ctx;
  const selector = flags.str('selector');
  const [target, containerArg, ...extra] = ctx.args;
  if (selector && target) throw new CliError('only a selector (-l) or a POD name is allowed');
  if (!selector && !target) throw new CliError(USAGE);
  if (extra.length > 0) throw new CliError(USAGE);
  if (flags.str('since-time') && flags.changed('since')) throw new CliError('at most one of `sinceTime` or `sinceSeconds` may be specified');
  const ns = f.namespace().namespace;
  const podsPath = resourcePath({ group: '', version: 'v1', resource: 'pods' }, ns);
  let pods: Pod[];
  if (selector) {
    pods = (await f.rest().request<{ items: Pod[] }>({ method: 'GET', path: podsPath, query: { labelSelector: selector } })).items;
    if (pods.length === 0) {
      f.io.err(`No resources found in ${ns} namespace.\n`);
      return 0;
    }
  } else if (target!.includes('/') && !/^pods?\//.test(target!) && !target!.startsWith('po/')) {
    // A workload: its pods by selector, the first one used (kubectl says which on stderr when there are several).
    const slash = target!.indexOf('/');
    const info = await f.resource(target!.slice(0, slash));
    const owner = await f.rest().request<KObject & { spec?: { selector?: unknown } }>({ method: 'GET', path: resourcePath(info, info.namespaced ? ns : undefined, target!.slice(slash + 1)) });
    const sel = owner.spec?.selector;
    const labelSelector = typeof sel === 'string' ? sel : formatLabelSelector(sel as never);
    const all = (await f.rest().request<{ items: Pod[] }>({ method: 'GET', path: podsPath, query: { labelSelector } })).items;
    if (all.length === 0) throw new CliError(`timed out waiting for the condition`);
    if (all.length > 1) f.io.err(`Found ${all.length} pods, using pod/${all[0]!.metadata.name}\n`);
    pods = [all[0]!];
  } else {
    const name = target!.includes('/') ? target!.slice(target!.indexOf('/') + 1) : target!;
    pods = [await f.rest().request<Pod>({ method: 'GET', path: `${podsPath}/${encodeURIComponent(name)}` })];
  }
  const container = flags.str('container') || containerArg || '';
  const tail = flags.int('tail') >= 0 ? flags.int('tail') : selector ? 10 : -1;
  const since = parseDuration(flags.str('since'));
  for (const pod of pods) {
    const names = (pod.spec?.containers ?? []).map((c) => c.name);
    const chosen = flags.bool('all-containers') ? [...(pod.spec?.initContainers ?? []).map((c) => c.name), ...names] : [container || names[0] || ''];
    for (const c of chosen) {
      if (container && !names.includes(c) && !(pod.spec?.initContainers ?? []).some((i) => i.name === c)) throw new CliError(`container ${c} is not valid for pod ${pod.metadata.name}`);
      const prefix = flags.bool('prefix') ? `[pod/${pod.metadata.name}/${c}] ` : '';
      let pending = '';
      await f.rest().stream(
        {
          method: 'GET',
          path: `${podsPath}/${encodeURIComponent(pod.metadata.name!)}/log`,
          accept: 'application/json, */*',
          query: {
            container: c,
            follow: flags.bool('follow') || undefined,
            previous: flags.bool('previous') || undefined,
            timestamps: flags.bool('timestamps') || undefined,
            tailLines: tail >= 0 ? tail : undefined,
            sinceSeconds: since > 0 ? Math.ceil(since / 1000) : undefined,
            sinceTime: flags.str('since-time') || undefined,
            limitBytes: flags.int('limit-bytes') > 0 ? flags.int('limit-bytes') : undefined,
          },
        },
        (chunk) => {
          if (!prefix) return f.io.out(chunk);
          pending += chunk;
          const lines = pending.split('\n');
          pending = lines.pop()!;
          for (const l of lines) f.io.out(`${prefix}${l}\n`);
        },
      );
      if (pending) f.io.out(`${prefix}${pending}`);
    }
  }
  return 0;
}
