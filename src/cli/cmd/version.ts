// kubectl version (1.25): client, kustomize and server version; the Go %#v form by default (with a
// deprecation warning on stderr), --short, -o yaml|json; the server's /version is always refetched.
import type { Command, RunContext } from '../command.js';
import { CLIENT_VERSION, CliError } from '../factory.js';
import { goQuote } from '../printers/gofmt.js';
import { goJson } from '../printers/json.js';
import { parseFormat } from '../output.js';

const KUSTOMIZE_VERSION = 'v4.5.7';

type Info = typeof CLIENT_VERSION;
const INFO_FIELDS: [keyof Info, string][] = [
  ['major', 'Major'], ['minor', 'Minor'], ['gitVersion', 'GitVersion'], ['gitCommit', 'GitCommit'], ['gitTreeState', 'GitTreeState'],
  ['buildDate', 'BuildDate'], ['goVersion', 'GoVersion'], ['compiler', 'Compiler'], ['platform', 'Platform'],
];

/** Go's `%#v` of version.Info. */
const goSyntax = (i: Partial<Info>) => `version.Info{${INFO_FIELDS.map(([k, n]) => `${n}:${goQuote(String(i[k] ?? ''))}`).join(', ')}}`;
/** The struct in field order (what json.Marshal writes). */
const ordered = (i: Partial<Info>) => Object.fromEntries(INFO_FIELDS.map(([k]) => [k, String(i[k] ?? '')]));

export const command: Command = {
  name: 'version',
  short: 'Print the client and server version information',
  flags: [
    { name: 'client', type: 'bool', usage: 'If true, shows client version only (no server required).' },
    { name: 'short', type: 'bool', usage: 'If true, print just the version number.' },
    { name: 'output', shorthand: 'o', type: 'string', usage: "One of 'yaml' or 'json'." },
  ],
  run,
};

async function run({ flags, f, io }: RunContext): Promise<number> {
  const output = flags.str('output');
  if (flags.changed('short')) io.err('Flag --short has been deprecated, and will be removed in the future. The --short output will become the default.\n');
  if (output !== '' && output !== 'yaml' && output !== 'json') throw new CliError("--output must be 'yaml' or 'json'");
  let server: Info | undefined;
  let serverErr: unknown;
  if (!flags.bool('client')) {
    try {
      server = await f.rest().request<Info>({ method: 'GET', path: '/version', query: { timeout: '32s' }, accept: 'application/json, */*' });
    } catch (err) {
      serverErr = err;
    }
  }
  const doc: Record<string, unknown> = { clientVersion: ordered(CLIENT_VERSION), kustomizeVersion: KUSTOMIZE_VERSION };
  if (server) doc['serverVersion'] = ordered(server);
  if (output === 'json') io.out(goJson(doc, { indent: '  ', order: 'insertion' }) + '\n');
  else if (output === 'yaml') {
    const fmt = await parseFormat(flags, 'yaml, json');
    io.out((fmt.kind === 'object' ? fmt.print(doc) : '') + '\n');
  } else if (flags.bool('short')) {
    io.out(`Client Version: ${CLIENT_VERSION.gitVersion}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
    if (server) io.out(`Server Version: ${server.gitVersion}\n`);
  } else {
    io.err('WARNING: This version information is deprecated and will be replaced with the output from kubectl version --short.  Use --output=yaml|json to get the full version.\n');
    io.out(`Client Version: ${goSyntax(CLIENT_VERSION)}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
    if (server) io.out(`Server Version: ${goSyntax(server)}\n`);
  }
  if (serverErr) throw serverErr;
  return 0;
}
