// kubectl exec: finds the pod and container and asks the server for an exec stream, as kubectl
// does. The stream itself (SPDY/WebSocket channels) arrives with the process runtime: until a node
// agent can run commands, the server answers as a v1.25 server without exec support would.
import { resourcePath, statusErrorFrom } from '../../client/rest.js';
import type { KObject } from '../../api/object.js';
import type { Command, RunContext } from '../command.js';
import { completeResourceArgs } from '../completion/args.js';
import { CliError } from '../factory.js';

export const command: Command = {
  name: 'exec',
  short: 'Execute a command in a container',
  flags: [
    { name: 'container', shorthand: 'c', type: 'string', usage: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen' },
    { name: 'stdin', shorthand: 'i', type: 'bool', usage: 'Pass stdin to the container' },
    { name: 'tty', shorthand: 't', type: 'bool', usage: 'Stdin is a TTY' },
    { name: 'quiet', shorthand: 'q', type: 'bool', usage: 'Only print output from the remote session' },
    { name: 'filename', shorthand: 'f', type: 'stringSlice', usage: 'to use to exec into the resource' },
    { name: 'pod-running-timeout', type: 'duration', default: '1m0s', usage: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running' },
  ],
  complete: completeResourceArgs,
  run,
};

async function run(ctx: RunContext): Promise<number> {
  const { flags, f } = ctx;
  const words = ctx.dashIndex >= 0 ? ctx.args.slice(0, ctx.dashIndex) : ctx.args;
  const command = ctx.dashIndex >= 0 ? ctx.args.slice(ctx.dashIndex) : ctx.args.slice(1);
  const target = words[0];
  if (!target) throw new CliError(`expected 'exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]'.\nPOD or TYPE/NAME is a required argument for the exec command\nSee 'kubectl exec -h' for help and examples`);
  const ns = f.namespace().namespace;
  const name = target.includes('/') ? target.slice(target.indexOf('/') + 1) : target;
  const pod = await f.rest().request<KObject & { spec?: { containers?: { name: string }[] }; status?: { phase?: string } }>({ method: 'GET', path: resourcePath({ group: '', version: 'v1', resource: 'pods' }, ns, name) });
  if (command.length === 0) throw new CliError('you must specify at least one command for the container');
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new CliError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  const container = flags.str('container') || pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] || pod.spec?.containers?.[0]?.name || '';
  const query = new URLSearchParams();
  for (const c of command) query.append('command', c);
  query.set('container', container);
  if (flags.bool('stdin')) query.set('stdin', 'true');
  query.set('stderr', 'true');
  query.set('stdout', 'true');
  if (flags.bool('tty')) query.set('tty', 'true');
  const res = await f.rest().requestText({
    method: 'POST',
    path: `${resourcePath({ group: '', version: 'v1', resource: 'pods' }, ns, name, 'exec')}?${query.toString()}`,
    headers: { 'X-Stream-Protocol-Version': 'v4.channel.k8s.io', Connection: 'Upgrade', Upgrade: 'SPDY/3.1' },
  });
  if (res.code === 101) throw new CliError('exec streams are not supported by kubette kubectl yet');
  throw statusErrorFrom(res.code, res.text);
}
